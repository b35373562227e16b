// parseJsonExact: the formatter's -j objects with numbers kept as their exact text.
import { describe, it, expect } from 'vitest';
import { parseJsonExact } from '../../engine/json-exact.ts';

describe('parseJsonExact', () => {
  it('keeps u64 nanoseconds exact where JSON.parse rounds them', () => {
    const line = '{"evt.rawtime":1534527348526978296,"evt.num":2}';
    expect(String((JSON.parse(line) as Record<string, number>)['evt.rawtime'])).not.toBe('1534527348526978296');
    expect(parseJsonExact(line)).toEqual({ 'evt.rawtime': '1534527348526978296', 'evt.num': '2' });
  });

  it('reads zero-padded and negative numbers, leaves strings (with digits, quotes, escapes) alone', () => {
    expect(parseJsonExact('{"a":000012345,"b":-3,"c":"x\\"1,2\\\\","d":true,"e":[1.5e3,null]}'))
      .toEqual({ a: '000012345', b: '-3', c: 'x"1,2\\', d: true, e: ['1.5e3', null] });
  });

  it('throws on what is not JSON', () => {
    expect(() => parseJsonExact('{"a":1')).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"a":"unterminated}')).toThrow(SyntaxError);
  });
});

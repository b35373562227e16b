// Copy formats of the detail tree and the event list (web/copy-formats.ts).
import { describe, it, expect } from 'vitest';
import { copyText } from '../../web/copy-formats.ts';
import { parseFilter } from '../../engine/filter/parser.ts';

const pairs = [{ name: 'proc.name', value: 'my "sh"' }, { name: 'fd.name', value: '/tmp/a,b' }, { name: 'proc.pid', value: '42' }];

describe('copy formats', () => {
  it('text, CSV, JSON', () => {
    expect(copyText(pairs, 'text')).toBe('proc.name: my "sh"\nfd.name: /tmp/a,b\nproc.pid: 42');
    expect(copyText(pairs, 'csv')).toBe('proc.name,fd.name,proc.pid\r\n"my ""sh""","/tmp/a,b",42');
    expect(JSON.parse(copyText(pairs, 'json'))).toEqual({ 'proc.name': 'my "sh"', 'fd.name': '/tmp/a,b', 'proc.pid': '42' });
  });

  it('a filter the parser accepts, values quoted where needed', () => {
    const f = copyText(pairs, 'filter');
    expect(f).toBe('proc.name = "my \\"sh\\"" and fd.name = /tmp/a,b and proc.pid = 42'.replace('/tmp/a,b', '"/tmp/a,b"'));
    expect(() => parseFilter(f)).not.toThrow();
  });
});

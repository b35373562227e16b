// The current-Falco event model (libscap converter simulation) and the Falco output format, on
// synthetic event streams whose expected conversion follows directly from schema/converter.json.
import { describe, expect, it } from 'vitest';
import { buildEventModel, mergedParams, type EventSource } from '../../engine/rules/event-model.ts';
import { parseOutput, renderOutput, OutputError } from '../../engine/rules/output.ts';
import { parseFlatJson, renderMessage, clockTime, isoTimeUtc, alertJson } from '../../engine/rules/alerts-format.ts';
import { EVENT_NAMES, EVENT_DIRS, EVENT_PARAMS } from '../../engine/generated/schema.ts';

const code = (name: string, dir: 'enter' | 'exit', nparams?: number) => {
  const c = EVENT_NAMES.findIndex((n, i) => n === name && EVENT_DIRS[i] === dir && (nparams === undefined || EVENT_PARAMS[i].length === nparams));
  if (c < 0) throw new Error(`no ${name} ${dir}`);
  return c;
};

function source(evs: [type: number, nparams: number, tid: number][]): EventSource {
  return {
    count: evs.length, type: (i) => evs[i][0], nparams: (i) => evs[i][1], tid: (i) => evs[i][2], visible: () => true,
  };
}

describe('current event model', () => {
  const READ_E = code('read', 'enter'), READ_X = code('read', 'exit'), OPEN_E = code('open', 'enter'), OPEN_X = code('open', 'exit');
  it('stores read enters per thread and merges their params into the exit', () => {
    const src = source([[READ_E, 2, 10], [READ_E, 2, 11], [READ_X, 2, 11], [READ_X, 2, 10]]);
    const m = buildEventModel(src, 'current');
    expect([...m.delivered]).toEqual([2, 3]);
    expect([...m.enterOf]).toEqual([-1, -1, 1, 0]);
    expect(m.stats).toMatchObject({ delivered: 2, storedEnters: 2 });
    expect(mergedParams(src, m, 3)).toEqual([
      { kind: 'event', event: 3, param: 0 }, { kind: 'event', event: 3, param: 1 },
      { kind: 'event', event: 0, param: 0 }, { kind: 'event', event: 0, param: 1 },
    ]);
  });
  it('an exit without its enter gets the fallback values', () => {
    const src = source([[READ_X, 2, 10]]);
    const m = buildEventModel(src, 'current');
    expect(m.enterOf[0]).toBe(-1);
    expect(mergedParams(src, m, 0).slice(2).map((p) => p.kind)).toEqual(['default', 'default']);
  });
  it('old open enter events (0 params) gain empty params and are delivered (TOCTOU enter events pass)', () => {
    const src = source([[OPEN_E, 0, 1], [OPEN_X, 4, 1]]);
    const m = buildEventModel(src, 'current');
    expect([...m.delivered]).toEqual([0, 1]);
    expect(mergedParams(src, m, 0)).toEqual([{ kind: 'empty' }, { kind: 'empty' }, { kind: 'empty' }]);
    expect(mergedParams(src, m, 1).length).toBe(EVENT_PARAMS[OPEN_X].length);
  });
  it('old execve versions become the current execve type', () => {
    const E8 = code('execve', 'enter', 0), X8 = code('execve', 'exit', 8);
    const src = source([[E8, 0, 5], [X8, 8, 5]]);
    const m = buildEventModel(src, 'current');
    expect(EVENT_NAMES[m.finalType[1]]).toBe('execve');
    expect(EVENT_PARAMS[m.finalType[1]].length).toBeGreaterThan(8);
    expect(mergedParams(src, m, 1).length).toBe(EVENT_PARAMS[m.finalType[1]].length);
  });
  it('the legacy model delivers every visible event unchanged', () => {
    const src = { ...source([[READ_E, 2, 10], [READ_X, 2, 10]]), visible: (i: number) => i === 1 };
    const m = buildEventModel(src, 'legacy');
    expect([...m.delivered]).toEqual([1]);
    expect([...m.finalType]).toEqual([READ_E, READ_X]);
  });
});

describe('Falco output formats', () => {
  it('takes the longest valid field prefix', () => {
    const p = parseOutput('A (user=%user.name file=%fd.name) %proc.name.foo %proc.aname[2]. %evt.arg.flags)', 'syscall');
    expect(p.fields).toEqual(['user.name', 'fd.name', 'proc.name', 'proc.aname[2]', 'evt.arg.flags']);
    expect(renderOutput(p, (f) => (f === 'proc.name' ? 'cat' : f === 'fd.name' ? '/dev/null' : null)))
      .toBe('A (user=<NA> file=/dev/null) cat.foo <NA>. <NA>)');
  });
  it('pads and truncates %Nfield, and rejects bad tokens like Falco', () => {
    const p = parseOutput('%5proc.name|%3fd.name|', 'syscall');
    expect(renderOutput(p, (f) => (f === 'proc.name' ? 'cat' : '127.0.0.1'))).toBe('cat  |127|');
    expect(() => parseOutput('x %not_a_real_field', 'syscall')).toThrow(new OutputError('invalid formatting token not_a_real_field'));
    expect(() => parseOutput('x %', 'syscall')).toThrow('formatting cannot end with a %');
  });
  it('renders alert lines and JSON like Falco', () => {
    const p = parseOutput('An open was seen (command=%proc.cmdline cport=%fd.cport)', 'syscall');
    const fields = parseFlatJson('{"evt.time":1470327477881781397,"fd.cport":null,"proc.cmdline":"cat /dev/null"}');
    const message = renderMessage(p, fields);
    expect(message).toBe('An open was seen (command=cat /dev/null cport=<NA>)');
    expect(clockTime(1470327477881781397n, 0)).toBe('16:17:57.881781397');
    expect(isoTimeUtc(1470327477881781397n)).toBe('2016-08-04T16:17:57.881781397Z');
    const j = JSON.parse(alertJson({ ts: 1470327477881781397n, rule: 'r', priority: 4, source: 'syscall', tags: ['b', 'a'], message, fields }, 'h'));
    expect(j).toEqual({
      hostname: 'h', output: '16:17:57.881781397: Warning An open was seen (command=cat /dev/null cport=<NA>)',
      output_fields: { 'evt.time': 1470327477881781400, 'fd.cport': null, 'proc.cmdline': 'cat /dev/null' },
      priority: 'Warning', rule: 'r', source: 'syscall', tags: ['a', 'b'], time: '2016-08-04T16:17:57.881781397Z',
    });
  });
  it('escapes control characters in messages', () => {
    const p = parseOutput('cmd=%proc.cmdline', 'syscall');
    expect(renderMessage(p, parseFlatJson('{"proc.cmdline":"a\\u0007b\\nc"}'))).toBe('cmd=a\\u0007b\\nc');
  });
});

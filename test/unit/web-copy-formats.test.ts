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

  it('CSV neutralises cells a spreadsheet would run as formulas (capture strings are hostile)', () => {
    const hostile = [{ name: 'proc.name', value: '=HYPERLINK("http://x","y")' }, { name: 'fd.filename', value: '@SUM(A1)' },
      { name: 'proc.args', value: '-c calc' }, { name: 'evt.rawres', value: '-2' }, { name: 'evt.info', value: '\tx' }];
    expect(copyText(hostile, 'csv')).toBe(
      'proc.name,fd.filename,proc.args,evt.rawres,evt.info\r\n"\'=HYPERLINK(""http://x"",""y"")","\'@SUM(A1)","\'-c calc",-2,"\'\tx"');
    // the other formats keep the value as it is
    expect(JSON.parse(copyText(hostile, 'json'))['proc.name']).toBe('=HYPERLINK("http://x","y")');
  });

  it('a filter the parser accepts, values quoted where needed', () => {
    const f = copyText(pairs, 'filter');
    expect(f).toBe('proc.name = "my \\"sh\\"" and fd.name = /tmp/a,b and proc.pid = 42'.replace('/tmp/a,b', '"/tmp/a,b"'));
    expect(() => parseFilter(f)).not.toThrow();
  });
});

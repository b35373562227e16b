// CSV written for spreadsheets (engine/shared/csv-cell.ts, used by the web app's columns export and "copy as CSV"):
// a capture string that a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) is neutralised
// with a leading ' inside a quoted field; every other cell is byte for byte the plain RFC 4180 cell. The
// export is checked on a recording whose file names are hostile, against the CLI's JSON values.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell } from '../../engine/shared/csv-cell.ts';
import { columnsCsv, columnsJson } from '../../engine/columns-export.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { selectEvents } from '../../engine/filter/select.ts';
import { parseJsonExact } from '../../engine/json-exact.ts';
import { liveUnavailable } from '../lib/corpus.ts';

/** The cell as RFC 4180 writes it without neutralisation. */
const plain = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const HOSTILE = ['=1+2', '@SUM(A1)', '+cmd', '-2+3', '=HYPERLINK("evil","y")'];

describe('CSV cells', () => {
  it('neutralises formula starts, keeps everything else as RFC 4180 writes it', () => {
    expect(csvCell('=1+2')).toBe(`"'=1+2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('+cmd')).toBe(`"'+cmd"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('-')).toBe(`"'-"`);
    // negative numbers are values, not formulas
    expect(csvCell('-2')).toBe('-2');
    expect(csvCell('-12.5')).toBe('-12.5');
    for (const s of ['', 'cat', '/tmp/a,b', 'my "sh"', 'a=b', ' =x', 'x\r\ny', '2', "'quoted"]) expect(csvCell(s), s).toBe(plain(s));
  });
});

const why = liveUnavailable();
let dir = '';
beforeAll(() => { if (!why) dir = mkdtempSync(join(tmpdir(), 'csv-export-')); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('columns export as CSV', () => {
  it.skipIf(!!why)(`a recording with hostile file names: those cells neutralised, the rest the CLI's values verbatim${why ? ` (${why})` : ''}`, async () => {
    const file = join(dir, 'hostile.scap');
    const names = HOSTILE.map((n) => `"${n.replace(/"/g, '\\"')}"`).join(' ');
    const r = spawnSync('node', ['bin/scapula.mjs', 'capture', '-q', '-w', file, '--', 'sh', '-c',
      `cd '${dir}' && for n in ${names}; do : > "$n"; done; cat '${dir}/missing' 2>/dev/null; true`], { encoding: 'utf8', timeout: 60_000 });
    expect(existsSync(file), r.stderr).toBe(true);
    const cap = await openCaptureFile(file);
    const columns = [{ title: 'Name', field: 'fd.filename' }, { title: 'Result', field: 'evt.rawres' }, { title: 'Path', field: 'fd.name' }];
    const sel = selectEvents(cap, 'evt.type in (open, openat) and evt.dir=<');
    const csv = [...columnsCsv(cap, columns, sel)].join('');
    const objs = new TextDecoder().decode(Buffer.concat([...columnsJson(cap, columns, sel)])).split('\n').filter(Boolean)
      .map((l) => parseJsonExact(l) as Record<string, unknown>);
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const lines = csv.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('Name,Result,Path');
    expect(lines.length - 1).toBe(objs.length);
    let neutralised = 0, negative = 0;
    objs.forEach((o, i) => {
      const want = columns.map((c) => {
        const s = text(o[c.field]);
        if (/^[=+\-@\t\r]/.test(s) && !/^-\d+$/.test(s)) { neutralised++; return `"'${s.replace(/"/g, '""')}"`; }
        if (/^-\d+$/.test(s)) negative++;
        return plain(s);
      }).join(',');
      expect(lines[i + 1], JSON.stringify(o)).toBe(want);
    });
    // every hostile name was opened (created) once and came out neutralised; the failed open of `missing`
    // (and the dynamic loader's misses) kept their negative result as a number
    for (const n of HOSTILE) expect(lines.filter((l) => l.startsWith(`"'${n.replace(/"/g, '""')}",`)).length, n).toBe(1);
    expect(neutralised).toBe(HOSTILE.length);
    expect(negative).toBeGreaterThan(0);
  });
});

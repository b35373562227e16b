// The SQL console's rows (engine/export/rows-arrow.ts): the NDJSON rows of a real sample, turned into an
// Arrow IPC stream of text columns, read back with apache-arrow, equal the rows' values as text (numbers
// with the digits printed, 64-bit ones exact; strings decoded; nulls null), and hostile strings survive.
import { describe, it, expect } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { join } from 'node:path';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { eventRows } from '../../engine/export/rows.ts';
import { flatMembers, rowsToArrowIpc, ROW_KEYS } from '../../engine/export/rows-arrow.ts';

const root = join(__dirname, '..', '..');

/** A member of a row as text the way the console's columns hold it (JSON.parse would round 64-bit numbers). */
function expected(line: string, key: string): string | null {
  const v = (JSON.parse(line) as Record<string, unknown>)[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  const m = new RegExp(`${JSON.stringify(key).replace(/[.[\]]/g, '\\$&')}:(-?[0-9][0-9.eE+-]*)`).exec(line);
  return m![1];
}

describe('SQL console rows as Arrow', () => {
  it('a sample\'s rows read back as text columns, value for value', async () => {
    const cap = await openCaptureFile(join(root, 'samples', 'captures', 'connect_localhost.scap'));
    const chunks = [...eventRows(cap, 'connect_localhost.scap')];
    const lines = chunks.join('').split('\n').filter(Boolean);
    const t = tableFromIPC(rowsToArrowIpc(chunks));
    expect(t.numRows).toBe(lines.length);
    expect(t.schema.fields.map((f) => f.name)).toEqual([...ROW_KEYS]);
    let nonNull = 0;
    for (let i = 0; i < lines.length; i++) {
      for (const key of ROW_KEYS) {
        const got = t.getChild(key)!.get(i);
        expect([i, key, got]).toEqual([i, key, expected(lines[i], key)]);
        if (got !== null) nonNull++;
      }
    }
    expect(nonNull).toBeGreaterThan(lines.length * 10);
    // 64-bit timestamps keep every digit.
    expect(t.getChild('evt.rawtime')!.get(0)).toMatch(/^\d{19}$/);
  });

  it('hostile strings, escapes and non-ASCII text survive; bad rows give clear errors', () => {
    const line = JSON.stringify({ 'evt.num': 1, 'proc.name': '<img src=x onerror=alert(1)>', 'fd.name': 'a,"b"}\\\n\u00e9\u{1F600}', 'fd.num': null }).replace('"evt.num":1', '"evt.num":18446744073709551615');
    const m = flatMembers(line);
    expect(m.get('evt.num')).toBe('18446744073709551615');
    expect(m.get('proc.name')).toBe('<img src=x onerror=alert(1)>');
    expect(m.get('fd.name')).toBe('a,"b"}\\\n\u00e9\u{1F600}');
    expect(m.get('fd.num')).toBeNull();
    const t = tableFromIPC(rowsToArrowIpc([line + '\n', line + '\n']));
    expect(t.numRows).toBe(2);
    expect(t.getChild('fd.name')!.get(1)).toBe('a,"b"}\\\n\u00e9\u{1F600}');
    expect(t.getChild('capture')!.get(0)).toBeNull();
    expect(() => flatMembers('{"a":"unterminated')).toThrow(/unterminated/);
    expect(() => flatMembers('not json')).toThrow(/not a JSON object/);
    expect(() => flatMembers('{"a":{"b":1}}')).toThrow(/nested/);
  });
});

// NDJSON rows of the events table (rows.ts) as an Arrow IPC stream, for the web app's SQL console: its
// duckdb-wasm build has no json extension (no read_json). Every column is text, as the CLI's read_json reads them (columns of
// VARCHAR), so the exporter's select list (TRY_CAST) gives the same values and types: a number keeps the
// digits the formatter printed (no double in between, 64-bit values stay exact).
import { Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { EVENT_COLUMNS } from './schema.ts';

/** The NDJSON keys the rows carry (`time` is computed from evt.rawtime). */
export const ROW_KEYS: readonly string[] = EVENT_COLUMNS.filter((c) => c.name !== 'time').map((c) => c.field ?? c.name);

/** End (exclusive) of the JSON string starting at `i` (a quote). */
function stringEnd(s: string, i: number): number {
  for (let k = i + 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x5c) k++; // backslash: skip the escaped character
    else if (c === 0x22) return k + 1;
  }
  throw new Error('unterminated string in an events row');
}

/**
 * The members of a flat JSON object (string, number, boolean or null values) as text: strings decoded,
 * other values as written, null as null. One pass over the line; no nesting is expected (args is a string).
 */
export function flatMembers(line: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  let i = line.indexOf('{') + 1;
  if (i <= 0) throw new Error('an events row is not a JSON object');
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === ',')) i++;
    if (i >= line.length || line[i] === '}') return out;
    if (line[i] !== '"') throw new Error(`unexpected ${JSON.stringify(line[i])} in an events row`);
    const ke = stringEnd(line, i);
    const key = JSON.parse(line.slice(i, ke)) as string;
    i = ke;
    while (line[i] === ' ' || line[i] === ':') i++;
    if (line[i] === '"') {
      const ve = stringEnd(line, i);
      out.set(key, JSON.parse(line.slice(i, ve)) as string);
      i = ve;
    } else {
      let e = i;
      while (e < line.length && line[e] !== ',' && line[e] !== '}') e++;
      const raw = line.slice(i, e).trim();
      if (raw.startsWith('{') || raw.startsWith('[')) throw new Error('nested value in an events row');
      out.set(key, raw === 'null' ? null : raw);
      i = e;
    }
  }
}

/**
 * A text column built from its buffers. Arrow's builders (vectorFromArray) compile their null check with
 * `new Function`, which the app's CSP (no 'unsafe-eval') forbids.
 */
function utf8Vector(values: (string | null)[]): Vector<Utf8> {
  const enc = new TextEncoder();
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const nulls = new Uint8Array((n + 7) >> 3);
  let bytes = new Uint8Array(1 << 16);
  let size = 0;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) nullCount++;
    else {
      nulls[i >> 3] |= 1 << (i & 7);
      const need = size + v.length * 3;
      if (need > 0x7fffffff) throw new Error('too much text in one column of the events table');
      if (need > bytes.length) { const b = new Uint8Array(Math.min(0x7fffffff, Math.max(need, bytes.length * 2))); b.set(bytes.subarray(0, size)); bytes = b; }
      size += enc.encodeInto(v, bytes.subarray(size)).written;
    }
    offsets[i + 1] = size;
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount, nullBitmap: nullCount ? nulls : null, valueOffsets: offsets, data: bytes.subarray(0, size) }));
}

/** The rows (NDJSON chunks of whole lines, as eventRows yields them) as one Arrow IPC stream, a text column per key of ROW_KEYS. */
export function rowsToArrowIpc(chunks: Iterable<string>): Uint8Array {
  const cols = ROW_KEYS.map(() => [] as (string | null)[]);
  for (const text of chunks) {
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) {
        const m = flatMembers(text.slice(start, end));
        for (let k = 0; k < ROW_KEYS.length; k++) cols[k].push(m.get(ROW_KEYS[k]) ?? null);
      }
      start = end + 1;
    }
  }
  const table = new Table(Object.fromEntries(ROW_KEYS.map((key, k) => [key, utf8Vector(cols[k])])));
  return tableToIPC(table, 'stream');
}

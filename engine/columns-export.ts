// The event list's columns of the displayed events, exported: JSON lines exactly as
// `scapula read -j -p '*%f1 %f2 …'` prints them, or CSV (RFC 4180: a header of the column titles, then one
// record per event, in the columns' order; a missing value is an empty cell). Values are the formatter's,
// exact (numbers kept as their text), never rounded. Capture strings go out verbatim except that a cell a
// spreadsheet would run as a formula (leading =, +, -, @, tab, CR) gets a leading ' (shared/csv-cell.ts).
import type { Capture } from './capture.ts';
import { csvCell } from './shared/csv-cell.ts';
import { parseJsonExact } from './json-exact.ts';

export interface ColumnSpec { title: string; field: string }

function cell(v: unknown): string {
  return csvCell(v === null || v === undefined ? '' : String(v));
}

export function formatOf(columns: ColumnSpec[]): string {
  return '*' + columns.map((c) => `%${c.field}`).join(' ');
}

/** NDJSON pieces (the formatter's own bytes). */
export function* columnsJson(cap: Capture, columns: ColumnSpec[], selection: Uint8Array): Generator<Uint8Array> {
  for (const chunk of cap.formatChunks({ format: formatOf(columns), json: true, selection })) yield chunk.slice();
}

/** CSV pieces: the header, then batches of records. */
export function* columnsCsv(cap: Capture, columns: ColumnSpec[], selection: Uint8Array): Generator<string> {
  yield columns.map((c) => cell(c.title)).join(',') + '\r\n';
  const dec = new TextDecoder();
  let rest = '';
  const record = (line: string) => {
    const o = parseJsonExact(line) as Record<string, unknown>;
    return columns.map((c) => cell(o[c.field])).join(',') + '\r\n';
  };
  for (const chunk of columnsJson(cap, columns, selection)) {
    const lines = (rest + dec.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    yield lines.filter(Boolean).map(record).join('');
  }
  if (rest.trim()) yield record(rest);
}

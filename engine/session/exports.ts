// The displayed events written out: as `scapula read` prints them (text or JSON lines), as a new .scap
// with the state it needs (`scapula write -F`), as columns (CSV / JSON), and as the SQL console's events
// table (Arrow IPC). Each takes the events as a selection bitset (null = all), so the engine formats
// in batches.
import type { Capture } from '../capture.ts';
import { SQL_MAX_EVENTS, type SqlEventRows } from '../api.ts';
import { columnsCsv, columnsJson, type ColumnSpec } from '../columns-export.ts';
import { writeFiltered } from '../scap/filtered.ts';
import { eventRows } from '../export/rows.ts';
import { rowsToArrowIpc } from '../export/rows-arrow.ts';
import { eventsProjection } from '../export/duckdb.ts';

/** Most columns one export writes. */
const MAX_EXPORT_COLUMNS = 64;
const FIELD_NAME = /^[A-Za-z][\w.]*(\[[^\]\n]*\])?$/;

export function exportText(cap: Capture, selection: Uint8Array, json: boolean): Blob {
  const parts: Uint8Array[] = [];
  for (const chunk of cap.formatChunks({ json, selection })) parts.push(chunk.slice());
  return new Blob(parts as BlobPart[], { type: json ? 'application/x-ndjson' : 'text/plain' });
}

/** The selected events as a capture: `sink` receives its blocks in order; `fat` keeps state-changing others as state-only. */
export function writeView(cap: Capture, selection: Uint8Array | null, fat: boolean, sink: (block: Uint8Array) => void): { events: number; stateOnly: number } {
  const r = writeFiltered(cap, { selection, fat, sink });
  return { events: r.events, stateOnly: r.stateOnly };
}

export function exportScap(cap: Capture, selection: Uint8Array): { blob: Blob; events: number; stateOnly: number } {
  const parts: Uint8Array[] = [];
  const r = writeView(cap, selection, true, (b) => parts.push(b.slice()));
  return { blob: new Blob(parts as BlobPart[], { type: 'application/octet-stream' }), ...r };
}

export function exportColumns(cap: Capture, sel: Uint8Array, kind: 'csv' | 'json', columns: ColumnSpec[]): Blob {
  const cols = columns.slice(0, MAX_EXPORT_COLUMNS).filter((c) => typeof c.field === 'string' && FIELD_NAME.test(c.field));
  if (!cols.length) throw new Error('no columns to export');
  const parts: BlobPart[] = kind === 'csv' ? [...columnsCsv(cap, cols, sel)] : [...columnsJson(cap, cols, sel)] as BlobPart[];
  return new Blob(parts, { type: kind === 'csv' ? 'text/csv' : 'application/x-ndjson' });
}

/** The first SQL_MAX_EVENTS displayed events in file order (the view may be sorted) as Arrow IPC. */
export function sqlEventRows(cap: Capture, v: Uint32Array, fileName: string): SqlEventRows {
  const rows = Math.min(v.length, SQL_MAX_EVENTS);
  const sel = new Uint8Array((cap.eventCount + 7) >> 3);
  const idx = v.length > rows ? Uint32Array.from(v).sort().subarray(0, rows) : v;
  for (const i of idx) sel[i >> 3] |= 1 << (i & 7);
  const ipc = rowsToArrowIpc(eventRows(cap, fileName, sel));
  return { ipc, projection: eventsProjection(), rows, displayed: v.length };
}

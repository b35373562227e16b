// Follow stream: the data read and written through one file descriptor of one process (the fd.name and
// proc.pid of a chosen event), chunk by chunk with each I/O call's bytes exactly as captured.
import type { Capture } from '../capture.ts';
import type { StreamChunk, StreamResult } from '../api.ts';
import { EC_IO_READ, EC_IO_WRITE, EVENT_CATEGORIES, EVENT_DIRS, EVENT_PARAMS } from '../generated/schema.ts';
import type { RowRenderer } from './rows.ts';
import type { View } from './view.ts';

/** Most bytes and chunks a followed stream returns (the rest is flagged as truncated). */
const MAX_STREAM_BYTES = 8 << 20;
const MAX_STREAM_CHUNKS = 100_000;

/** A filter-language quoted string (a final backslash is written \x5c, which always parses). */
export function quoteFilterString(v: string): string {
  return '"' + v.replace(/\\/g, '\\x5c').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

/** The byte count an I/O exit event reports (its `res` parameter when it is >= 0), or null. */
function transferred(cap: Capture, i: number, type: number): number | null {
  const k = (EVENT_PARAMS[type] ?? []).indexOf('res');
  const r = k < 0 ? undefined : cap.paramRanges(i)[k];
  if (!r || r[1] !== 8) return null;
  const b = cap.rawBytes(r[0], 8);
  const res = new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
  return res >= 0n && res <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(res) : null;
}

export async function followStream(cap: Capture, view: View, rows: RowRenderer, index: number): Promise<StreamResult> {
  const none = (error: string): StreamResult => ({ fdName: '', pid: 0, filter: '', chunks: [], truncated: false, error });
  if (index < 0 || index >= cap.eventCount) return none('no event');
  const fdName = rows.field(index, 'fd.name');
  const pid = Number(rows.field(index, 'proc.pid'));
  if (!fdName) return none('this event has no file descriptor');
  const filter = `fd.name = ${quoteFilterString(fdName)}${pid ? ` and proc.pid = ${pid}` : ''}`;
  const m = await view.matches(filter);
  if ('error' in m) return { ...none(m.error.message), fdName, pid, filter };
  const chunks: StreamChunk[] = [];
  let total = 0;
  let truncated = false;
  for (const i of m.indices) {
    const type = cap.index.type(i);
    const k = (EVENT_PARAMS[type] ?? []).indexOf('data');
    if (k < 0 || EVENT_DIRS[type] !== 'exit') continue;
    const r = cap.paramRanges(i)[k];
    if (!r || r[1] === 0) continue;
    if (total + r[1] > MAX_STREAM_BYTES || chunks.length >= MAX_STREAM_CHUNKS) { truncated = true; break; }
    const cat = (EVENT_CATEGORIES[type] ?? 0) & 0xff;
    chunks.push({ index: i, direction: cat === EC_IO_READ ? 'read' : cat === EC_IO_WRITE ? 'write' : 'other', bytes: cap.rawBytes(r[0], r[1]), length: transferred(cap, i, type) });
    total += r[1];
  }
  return { fdName, pid, filter, chunks, truncated, error: null };
}

// Raw log -> capture: each record becomes a `pluginevent` (plugin id of its source from the registry,
// payload = the record's original bytes, tid -1, cpu 0) written with the shared .scap writer. So a raw
// log goes through the same pipeline as a capture (index, fields with offsets, filters, rules), and
// `scapula convert` produces a file sysdig and Falco can read.
import { PPME_PLUGINEVENT_E } from '../generated/schema.ts';
import type { Diagnostic } from '../api.ts';
import { ScapWriter, P } from '../scap/writer.ts';
import { parseLog, looksLikeJsonLog, firstLineComplete, LineSplitter, type ParsedLog } from './records.ts';
import type { LogSource } from './registry.ts';

const CHUNK = 4 << 20;

export interface ConvertResult {
  source: LogSource | null;
  events: number;
  diagnostics: Diagnostic[];
}

/** Writes the records of `parsed` (from `log`) as plugin events through `onChunk`. */
export function writeRecords(log: Uint8Array, parsed: ParsedLog, onChunk: (c: Uint8Array) => void): number {
  if (parsed.records.length === 0) {
    const why = parsed.diagnostics[0]?.message ?? 'no records';
    throw new Error(`not a Kubernetes audit log or CloudTrail file: ${why}`);
  }
  const w = new ScapWriter().shb();
  for (const r of parsed.records) {
    // pluginevent (322): plugin_id u32, event_data = the record's original bytes; no thread, cpu 0 (§5.1).
    w.event({ ts: r.ts, tid: -1n, cpu: 0, type: PPME_PLUGINEVENT_E, params: [P.u32(r.pluginId), log.subarray(r.start, r.end)] });
    if (w.out.len >= CHUNK) onChunk(w.drain());
  }
  onChunk(w.drain());
  return parsed.records.length;
}

/** Converts a whole (decompressed) raw log to .scap bytes. */
export function logToScap(log: Uint8Array): { bytes: Uint8Array } & ConvertResult {
  const parsed = parseLog(log);
  const chunks: Uint8Array[] = [];
  const events = writeRecords(log, parsed, (c) => chunks.push(c));
  let n = 0;
  for (const c of chunks) n += c.length;
  const bytes = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) { bytes.set(c, o); o += c.length; }
  return { bytes, source: parsed.source, events, diagnostics: parsed.diagnostics };
}

/** What happened to a stream that went through logsToCapture. */
export class LogState {
  /** Set when the input was a raw log (then the bytes downstream are a generated capture). */
  source: LogSource | null = null;
  isLog = false;
  events = 0;
  /** Offsets are in the raw log, not in the generated capture. */
  diagnostics: Diagnostic[] = [];
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Passes a capture stream through untouched; a raw JSON log (already decompressed) is replaced by the
 * capture of its records. Use between gunzip and the block walker. JSON-lines logs (the large ones) are
 * converted as they stream in, holding only the current piece; a log that is one JSON document
 * (CloudTrail's {"Records": [...]}, an EventList) is collected first.
 */
export async function* logsToCapture(input: AsyncIterable<Uint8Array>, state: LogState): AsyncIterable<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  if (!looksLikeJsonLog(first.value)) {
    yield first.value;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  state.isLog = true;
  let buf: Uint8Array = first.value.slice();
  let done = false;
  const more = async (): Promise<boolean> => {
    const r = await it.next();
    if (r.done) { done = true; return false; }
    buf = concat(buf, r.value);
    return true;
  };
  // Decide from the first line: complete JSON value = JSON lines, else one document.
  let lines = firstLineComplete(buf);
  while (lines === null && await more()) lines = firstLineComplete(buf);
  if (lines) {
    const splitter = new LineSplitter();
    const w = new ScapWriter().shb();
    let base = 0;
    for (;;) {
      const cut = done ? buf.length : buf.lastIndexOf(0x0a) + 1;
      if (cut > 0) {
        const piece = buf.subarray(0, cut);
        for (const r of splitter.lines(piece, base)) {
          w.event({ ts: r.ts, tid: -1n, cpu: 0, type: PPME_PLUGINEVENT_E, params: [P.u32(r.pluginId), piece.subarray(r.start, r.end)] });
        }
        base += cut;
        buf = buf.slice(cut);
        if (w.out.len > 0) yield w.drain();
      }
      if (done) break;
      await more();
    }
    const res = splitter.finish();
    state.source = res.source;
    state.events = res.count;
    state.diagnostics = res.diagnostics;
    if (res.count === 0) {
      throw new Error(`not a Kubernetes audit log or CloudTrail file: ${res.diagnostics[0]?.message ?? 'no records'}`);
    }
    return;
  }
  while (await more());
  const log = buf;
  buf = new Uint8Array(0);
  const parsed = parseLog(log);
  state.source = parsed.source;
  state.diagnostics = parsed.diagnostics;
  const out: Uint8Array[] = [];
  state.events = writeRecords(log, parsed, (c) => out.push(c));
  for (const c of out) yield c;
}

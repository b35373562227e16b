// Raw log -> records: recognises Kubernetes audit logs (one JSON event per line, a JSON array of events, or
// an `EventList` with `items`) and CloudTrail files (`{"Records": [...]}`), by content, never by file name.
// Each record keeps the byte range of its original JSON text in the log and the timestamp the Falco plugin
// would give it (k8saudit: stageTimestamp; cloudtrail: eventTime). Input that is not a record is reported
// with its byte offset and skipped, as the plugins skip it.
import type { Diagnostic } from '../api.ts';
import { SOURCE_PLUGIN_ID, type LogSource } from './registry.ts';
import { skipWs, valueEnd, arrayElements, scanObject, Picked, SplitError, type WantedKey } from './split.ts';

export interface LogRecord {
  /** Byte range of the record's JSON text in the log. */
  start: number;
  end: number;
  /** ns since epoch */
  ts: bigint;
  source: LogSource;
  pluginId: number;
}

export interface ParsedLog {
  /** The source of the first record (a file normally holds one). */
  source: LogSource | null;
  records: LogRecord[];
  diagnostics: Diagnostic[];
}

const dec = new TextDecoder();
const MAX_DIAGNOSTICS = 100;

function firstByte(b: Uint8Array): number {
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3; // UTF-8 BOM
  return skipWs(b, i, Math.min(b.length, i + 4096));
}

/**
 * Cheap content check on the first bytes: a JSON object or array (a .scap starts with its block magic).
 * `parseLog` decides what kind of log it really is.
 */
export function looksLikeJsonLog(head: Uint8Array): boolean {
  if (head.length >= 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a) return false;
  const i = firstByte(head);
  return head[i] === 0x7b || head[i] === 0x5b;
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;

/** RFC 3339 (with optional fraction up to ns) to ns since the epoch, or null. */
export function parseRfc3339(s: string): bigint | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Number.isNaN(ms)) return null;
  let ns = BigInt(ms) * 1_000_000n + BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  if (m[8]) {
    const off = BigInt((+m[9] * 60 + +m[10]) * 60) * 1_000_000_000n;
    ns = m[8] === '+' ? ns - off : ns + off;
  }
  return ns;
}

class Collector {
  records: LogRecord[] = [];
  diagnostics: Diagnostic[] = [];
  /** Log offset of byte 0 of the buffer being parsed (streaming hands the log over in pieces). */
  base = 0;
  count = 0;
  source: LogSource | null = null;
  private suppressed = 0;
  private lastTs = 0n;

  /** Records a problem at buffer offset `at`; the message names the offset in the whole log. */
  warn(at: number, text: string, severity: 'warning' | 'error' = 'warning'): void {
    const offset = this.base + at;
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push({ severity, offset, message: `log byte ${offset}: ${text}` });
    else this.suppressed++;
  }

  finish(): ParsedLog {
    if (this.suppressed) this.diagnostics.push({ severity: 'warning', offset: 0, message: `${this.suppressed} more log problems not listed` });
    return { source: this.source, records: this.records, diagnostics: this.diagnostics };
  }

  add(source: LogSource, start: number, end: number, ts: bigint | null, what: string): void {
    if (ts === null) {
      this.warn(start, `${what} has no valid timestamp; it takes the previous record's time`);
      ts = this.lastTs;
    }
    this.lastTs = ts;
    this.records.push({ start, end, ts, source, pluginId: SOURCE_PLUGIN_ID[source] });
    this.source ??= source;
    this.count++;
  }

  private readonly outer = new Picked();
  private readonly inner = new Picked();

  /** Scans the object starting a line into `outer`; returns its end. */
  scanLine(b: Uint8Array, s: number, end: number): number {
    return scanObject(b, s, end, this.outer);
  }

  /** A wanted key's value, parsed (the small ones: kind, timestamps). */
  private text(b: Uint8Array, p: Picked, key: WantedKey): unknown {
    const r = p.get(key);
    if (!r) return undefined;
    try {
      return JSON.parse(dec.decode(b.subarray(r[0], r[1])));
    } catch {
      return undefined;
    }
  }

  /**
   * One JSON document of the log at [s, e): a record, a list of records, or something to skip.
   * `scanned`: the object's wanted keys are already in `outer` (the line reader scanned it).
   */
  document(b: Uint8Array, s: number, e: number, depth = 0, scanned = false): void {
    if (b[s] === 0x5b) {
      if (depth > 2) { this.warn(s, `arrays nested too deep`); return; }
      for (const el of arrayElements(b, s, e)) this.document(b, el.start, el.end, depth + 1);
      return;
    }
    if (b[s] !== 0x7b) {
      this.warn(s, `not a JSON object; skipped`);
      return;
    }
    const p = this.outer;
    if (!scanned) scanObject(b, s, e, p);
    const records = p.get('Records');
    if (records && b[records[0]] === 0x5b) {
      for (const el of arrayElements(b, records[0], records[1])) {
        if (b[el.start] !== 0x7b) { this.warn(el.start, `CloudTrail record is not an object; skipped`); continue; }
        scanObject(b, el.start, el.end, this.inner);
        const t = this.text(b, this.inner, 'eventTime');
        this.add('aws_cloudtrail', el.start, el.end, typeof t === 'string' ? parseRfc3339(t) : null, 'CloudTrail record');
      }
      return;
    }
    const kind = this.text(b, p, 'kind');
    if (kind === 'EventList') {
      const items = p.get('items');
      if (items && b[items[0]] === 0x5b) {
        for (const el of arrayElements(b, items[0], items[1])) {
          if (b[el.start] !== 0x7b) { this.warn(el.start, `EventList item is not an object; skipped`); continue; }
          scanObject(b, el.start, el.end, this.inner);
          this.auditEvent(b, el.start, el.end, this.inner);
        }
        return;
      }
    }
    if (kind === 'Event') {
      this.auditEvent(b, s, e, p);
      return;
    }
    if (p.get('eventVersion') && p.get('eventTime')) {
      // A bare CloudTrail record (one per line, as some exporters write them).
      const t = this.text(b, p, 'eventTime');
      this.add('aws_cloudtrail', s, e, typeof t === 'string' ? parseRfc3339(t) : null, 'CloudTrail record');
      return;
    }
    this.warn(s, `not recognised as a Kubernetes audit event or CloudTrail records; skipped`);
  }

  private auditEvent(b: Uint8Array, s: number, e: number, p: Picked): void {
    let t = this.text(b, p, 'stageTimestamp');
    if (typeof t !== 'string') t = this.text(b, p, 'requestReceivedTimestamp');
    if (typeof t !== 'string') t = this.text(b, p, 'timestamp');
    this.add('k8s_audit', s, e, typeof t === 'string' ? parseRfc3339(t) : null, 'audit event');
  }

}

/** JSON lines: each non-empty line of b[from..] is a document; a bad line is reported and skipped. */
function parseLines(c: Collector, b: Uint8Array, from: number): void {
  let lineStart = from;
  while (lineStart < b.length) {
    let nl = b.indexOf(0x0a, lineStart);
    if (nl < 0) nl = b.length;
    const s = skipWs(b, lineStart, nl);
    if (s < nl) {
      try {
        // Objects (the common case) are split into members in the same pass that finds their end.
        const isObject = b[s] === 0x7b;
        const e = isObject ? c.scanLine(b, s, nl) : valueEnd(b, s, nl);
        if (skipWs(b, e, nl) !== nl) throw new SplitError(skipWs(b, e, nl), 'unexpected data after the JSON value');
        c.document(b, s, e, 0, isObject);
      } catch (err) {
        const at = err instanceof SplitError ? err.offset : s;
        c.warn(at, `${err instanceof SplitError ? err.message.replace(/^byte \d+: /, '') : String(err)}; line skipped`);
      }
    }
    lineStart = nl + 1;
  }
}

/**
 * Streaming form for JSON-lines logs of any size: hand over buffers that end at a line boundary, get
 * each buffer's records (ranges relative to that buffer) while it is still in memory.
 */
export class LineSplitter {
  private readonly c = new Collector();

  /** Records of the complete lines in `b`, whose first byte is at offset `base` of the log. */
  lines(b: Uint8Array, base: number): LogRecord[] {
    this.c.base = base;
    this.c.records = [];
    parseLines(this.c, b, 0);
    return this.c.records;
  }

  finish(): { source: LogSource | null; count: number; diagnostics: Diagnostic[] } {
    const p = this.c.finish();
    return { source: p.source, count: this.c.count, diagnostics: p.diagnostics };
  }
}

/** True when the first line of `head` holds a complete JSON value (a JSON-lines log, not one document). */
export function firstLineComplete(head: Uint8Array): boolean | null {
  const i = firstByte(head);
  const nl = head.indexOf(0x0a, i);
  if (nl < 0) return null; // need more bytes
  try {
    const e = valueEnd(head, i, nl);
    return skipWs(head, e, nl) === nl;
  } catch {
    return false;
  }
}

/** Splits a decompressed raw log into records. Throws a SplitError only when nothing can be read. */
export function parseLog(b: Uint8Array): ParsedLog {
  const c = new Collector();
  let i = firstByte(b);
  // One document for the whole file (pretty-printed CloudTrail, EventList, arrays) or JSON lines.
  let whole = -1;
  try {
    const e = valueEnd(b, i);
    if (skipWs(b, e) === b.length) whole = e;
  } catch {
    whole = -1;
  }
  if (whole >= 0) {
    c.document(b, i, whole);
    return c.finish();
  }
  parseLines(c, b, i);
  return c.finish();
}

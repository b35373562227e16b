// Turns a loaded Capture into newline-delimited JSON rows of the `events` (and `alerts`) tables. The
// values come from the engine's formatter in JSON mode, in large batches (one plan with every column's
// field plus `%evt.arg[i]`), exactly as `scapula read -j -p ...` prints them; a row is the formatter's
// line with the exporter's columns appended (capture, section, args), so 64-bit numbers keep their digits.
import type { Capture } from '../capture.ts';
import type { EventIndex } from '../event-index.ts';
import { parseFormat, type FormatPlan } from '../format/plan.ts';
import { EVENT_PARAMS, SHB_MAGIC } from '../generated/schema.ts';
import { alertText, type FieldValue } from '../rules/alerts-format.ts';
import type { Alert } from '../rules/detect.ts';
import { PRIORITY_NAMES } from '../rules/model.ts';
import { EVENT_COLUMNS, MAX_ARGS } from './schema.ts';

/** A section header's byte-order magic as a big-endian capture has it. */
const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;
const ARG_KEYS = Array.from({ length: MAX_ARGS }, (_, k) => `evt.arg[${k}]`);

/** The formatter plan: every field column, then `%evt.arg[0..nargs-1]`. `*` keeps rows with missing values. */
export function eventsPlan(nargs: number): FormatPlan {
  const fields = EVENT_COLUMNS.filter((c) => c.field).map((c) => '%' + c.field);
  for (let k = 0; k < nargs; k++) fields.push('%' + ARG_KEYS[k]);
  return parseFormat('*' + fields.join(' '));
}

/** Most parameters any event of the capture has (bounded by MAX_ARGS). */
function maxParams(ix: EventIndex): number {
  let m = 0;
  for (let i = 0, n = ix.count; i < n && m < MAX_ARGS; i++) m = Math.max(m, ix.nparams(i));
  return Math.min(m, MAX_ARGS);
}

/**
 * Section number (1-based) of each event, as a function of its index. Section headers are found by their
 * block type and byte-order magic; only captures with several sections pay for the scan.
 */
export function sectionLookup(cap: Capture): (ev: number) => number {
  const ix = cap.index;
  if (ix.sections <= 1) return () => 1;
  // Plain typed arrays (no Buffer): the web worker's SQL console runs this too.
  const raw = ix.raw();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const starts: number[] = [];
  for (let o = raw.indexOf(0x0a); o >= 0 && o + 12 <= raw.length && starts.length < 65535; o = raw.indexOf(0x0a, o + 1)) {
    if (raw[o + 1] !== 0x0d || raw[o + 2] !== 0x0d || raw[o + 3] !== 0x0a) continue;
    const magic = view.getUint32(o + 8, true);
    if (magic === SHB_MAGIC || magic === SHB_MAGIC_SWAPPED) { starts.push(o); o += 3; }
  }
  return (ev) => {
    const off = ix.offset(ev);
    let lo = 0, hi = starts.length; // number of section starts at or before off
    while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid] <= off) lo = mid + 1; else hi = mid; }
    return Math.max(1, lo);
  };
}

/**
 * The events rows of a capture as NDJSON text chunks (each ends with a newline). `name` fills the
 * `capture` column. Rows are the shown events (what `scapula read` prints), in file order; with a
 * `selection` bitset (by event index), only the selected ones (the web app's displayed events).
 */
export function* eventRows(cap: Capture, name: string, selection?: Uint8Array): Generator<string> {
  const ix = cap.index;
  const nargs = maxParams(ix);
  const section = sectionLookup(cap);
  const capJson = JSON.stringify(name);
  const dec = new TextDecoder();
  let rest = '';
  for (const chunk of cap.formatChunks({ plan: eventsPlan(nargs), json: true, tzOffsetSeconds: 0, selection })) {
    const lines = (rest + dec.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    let out = '';
    for (const line of lines) out += rowOf(line) + '\n';
    yield out;
  }
  if (rest) yield rowOf(rest) + '\n';

  function rowOf(line: string): string {
    const o = argsAndNum(line);
    const ev = Number(o['evt.num']) - 1;
    const names = EVENT_PARAMS[ix.type(ev)] ?? [];
    const args: Record<string, unknown> = {};
    for (let k = 0; k < names.length && k < nargs; k++) {
      const v = o[ARG_KEYS[k]];
      if (v !== null && v !== undefined) args[names[k]] = v;
    }
    // The evt.arg[i] members are not columns: cut them (when found) so DuckDB reads less.
    const a = line.indexOf(',"evt.arg[');
    const b = a < 0 ? -1 : line.indexOf(',"evt.cpu":', a);
    const kept = a >= 0 && b >= 0 ? line.slice(0, a) + line.slice(b, line.lastIndexOf('}')) : line.slice(0, line.lastIndexOf('}'));
    return `${kept},"capture":${capJson},"section":${section(ev)},"args":${JSON.stringify(JSON.stringify(args))}}`;
  }
}

/**
 * The `evt.num` and `evt.arg[i]` members of a formatter line, without parsing all of it. Keys come
 * sorted, so the `evt.arg[i]` members are contiguous and `evt.cpu` (always present) follows them. A
 * quote preceded by a comma is structural (a quote inside a string value is escaped), so the markers
 * cannot match inside values. Lines of another shape are parsed whole.
 */
function argsAndNum(line: string): Record<string, unknown> {
  const a = line.indexOf(',"evt.arg[');
  const b = a < 0 ? -1 : line.indexOf(',"evt.cpu":', a);
  const n = line.indexOf(',"evt.num":');
  if (a < 0 || b < 0 || n < 0) return JSON.parse(line) as Record<string, unknown>;
  const o = JSON.parse('{' + line.slice(a + 1, b) + '}') as Record<string, unknown>;
  o['evt.num'] = parseInt(line.slice(n + 11, n + 32), 10);
  return o;
}

function fieldJson(v: FieldValue): string {
  if (v.t === 'null') return 'null';
  if (v.t === 'str') return JSON.stringify(v.v);
  return String(v.v);
}

/** One NDJSON row per alert, in the order detect returns them (by event, then rule). */
export function alertRows(alerts: Alert[], name: string): string {
  let out = '';
  const capJson = JSON.stringify(name);
  for (const a of alerts) {
    const fields = '{' + [...a.fields.entries()].map(([k, v]) => `${JSON.stringify(k)}:${fieldJson(v)}`).join(',') + '}';
    out += `{"capture":${capJson},"evt_num":${a.event + 1},"rawtime":${a.ts},"rule":${JSON.stringify(a.rule)},` +
      `"priority":${JSON.stringify(PRIORITY_NAMES[a.priority])},"source":${JSON.stringify(a.source)},` +
      `"tags":${JSON.stringify([...a.tags].sort())},"output":${JSON.stringify(alertText(a, 0))},"output_fields":${JSON.stringify(fields)}}\n`;
  }
  return out;
}

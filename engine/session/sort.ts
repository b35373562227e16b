// Sorting the view by one column: each event's key goes into a typed array first (numbers straight from
// the index, text columns formatted a batch of rows at a time and ranked), then one stable sort of
// positions, so ties keep file order.
import type { Capture } from '../capture.ts';
import type { EventRow, SortKey } from '../api.ts';
import { EVENT_DIRS, EVENT_NAMES } from '../generated/schema.ts';
import { NA, type RowRenderer } from './rows.ts';

/** Rows formatted per batch while collecting text keys (a step of a cooperative sort). */
const KEY_BATCH = 65536;
/** Number keys read per step of a cooperative sort. */
const NUMBER_STEP = 1 << 20;

/** `v` (event indices) reordered by `key`, straight through. */
export function sortEvents(cap: Capture, rows: RowRenderer, v: Uint32Array, key: SortKey, descending: boolean): Uint32Array {
  const steps = sortSteps(cap, rows, v, key, descending);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * sortEvents in steps: `pause` is awaited between them (the worker answers requests meanwhile) and its
 * true stops the sort (null).
 */
export async function sortEventsInSteps(cap: Capture, rows: RowRenderer, v: Uint32Array, key: SortKey, descending: boolean,
  pause: () => Promise<boolean>): Promise<Uint32Array | null> {
  const steps = sortSteps(cap, rows, v, key, descending);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (await pause()) return null;
  }
}

/** The sort; yields between steps (a batch of formatted keys, a million number keys, the ordering). */
function* sortSteps(cap: Capture, rows: RowRenderer, v: Uint32Array, key: SortKey, descending: boolean): Generator<void, Uint32Array> {
  const ix = cap.index;
  const n = v.length;
  const keys = new Float64Array(n);
  // Text keys: rank the distinct strings once (few distinct values, many rows).
  const collator = new Intl.Collator('en');
  const rank = (text: string[]) => {
    const distinct = [...new Set(text)].sort(collator.compare);
    const ranks = new Map(distinct.map((t, r) => [t, r]));
    for (let k = 0; k < n; k++) keys[k] = ranks.get(text[k])!;
  };
  const rowText = function* (f: (r: EventRow) => string) {
    const extra = key.startsWith('field:') ? [key.slice(6)] : undefined;
    const text: string[] = new Array(n);
    for (let from = 0; from < n; from += KEY_BATCH) {
      const part = rows.rows(v.subarray(from, from + KEY_BATCH), extra);
      for (let k = 0; k < part.length; k++) text[from + k] = f(part[k]);
      yield;
    }
    rank(text);
  };
  /** Like rowText for one column the formatter gives alone: that column is all each event formats. */
  const columnText = function* (format: (part: Uint32Array) => string[]) {
    const text: string[] = new Array(n);
    for (let from = 0; from < n; from += KEY_BATCH) {
      const part = format(v.subarray(from, from + KEY_BATCH));
      for (let k = 0; k < part.length; k++) text[from + k] = part[k];
      yield;
    }
    rank(text);
  };
  /** Fills keys[k] = f(v[k]), a million at a time. */
  const numbers = function* (f: (i: number) => number) {
    for (let from = 0; from < n; from += NUMBER_STEP) {
      const to = Math.min(n, from + NUMBER_STEP);
      for (let k = from; k < to; k++) keys[k] = f(v[k]);
      yield;
    }
  };
  /** One field of each event as the row shows it ('' for <NA> or a failed format). */
  const fieldValues = (field: string) => (part: Uint32Array): string[] => {
    let lines: (string | null)[];
    try { lines = rows.runner.runMany(`*%${field}`, part); } catch { lines = Array.from(part, () => null); }
    return lines.map((l) => (l === null || l === NA ? '' : l));
  };
  const procNames = fieldValues('proc.name');
  const typeNames = fieldValues('evt.type');
  const first = n ? ix.ts(v[0]) : 0n;
  switch (key) {
    case 'num': yield* numbers((i) => i); break;
    case 'time': yield* numbers((i) => Number(ix.ts(i) - first)); break;
    case 'cpu': yield* numbers((i) => ix.cpu(i)); break;
    case 'tid': yield* numbers((i) => Number(ix.tid(i))); break;
    case 'latency':
      // Exit minus enter timestamp from the state engine's pairing; no formatting.
      yield* numbers((i) => {
        const p = EVENT_DIRS[ix.type(i)] === 'exit' ? ix.partner(i) : -1;
        return p >= 0 ? Number(ix.ts(i) - ix.ts(p)) : -1;
      });
      break;
    case 'type': {
      // Names from the schema table, no formatting per event — except generic and unknown events,
      // whose shown type comes from their parameters.
      const text: string[] = new Array(n);
      const formatted: number[] = [];
      for (let k = 0; k < n; k++) {
        const name = EVENT_NAMES[ix.type(v[k])];
        if (name && name !== 'NA' && name !== 'syscall') text[k] = name;
        else formatted.push(k);
      }
      yield;
      for (let from = 0; from < formatted.length; from += KEY_BATCH) {
        const part = formatted.slice(from, from + KEY_BATCH);
        const shown = typeNames(Uint32Array.from(part, (k) => v[k]));
        for (let j = 0; j < part.length; j++) text[part[j]] = shown[j];
        yield;
      }
      rank(text);
      break;
    }
    case 'proc': yield* columnText(procNames); break;
    case 'info': yield* columnText((part) => rows.infos(part)); break;
    default: yield* rowText((r) => r.extra?.[key.slice(6)] ?? ''); break;
  }
  yield;
  const perm = stableOrder(keys, descending);
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = v[perm[k]];
  return out;
}

/** Above this many distinct keys, ranks come from a sorted copy of all keys instead of a hash of the distinct ones. */
const MAX_HASHED_KEYS = 1 << 16;

/**
 * Positions 0..n-1 ordered by `keys` (ascending or descending), ties in position order. The keys are
 * ranked among their distinct values, then placed by a counting sort of the ranks: linear but for the
 * distinct values' sort, where a comparator sort of positions took seconds for a million rows.
 */
export function stableOrder(keys: Float64Array, descending: boolean): Uint32Array {
  const n = keys.length;
  const rank = new Uint32Array(n);
  const d = rankKeys(keys, rank);
  const count = new Uint32Array(d + 1);
  for (let k = 0; k < n; k++) {
    if (descending) rank[k] = d - 1 - rank[k];
    count[rank[k] + 1]++;
  }
  for (let r = 0; r < d; r++) count[r + 1] += count[r];
  const perm = new Uint32Array(n);
  for (let k = 0; k < n; k++) perm[count[rank[k]]++] = k;
  return perm;
}

/** Writes each key's rank among the distinct keys (ascending) into `rank`; returns how many are distinct. */
function rankKeys(keys: Float64Array, rank: Uint32Array): number {
  const n = keys.length;
  // Few distinct values (types, CPUs, process names): hash them, sort only those.
  const seen = new Map<number, number>();
  let k = 0;
  for (; k < n && seen.size <= MAX_HASHED_KEYS; k++) if (!seen.has(keys[k])) seen.set(keys[k], 0);
  if (k === n) {
    const distinct = Float64Array.from(seen.keys()).sort();
    distinct.forEach((v, r) => seen.set(v, r));
    for (let j = 0; j < n; j++) rank[j] = seen.get(keys[j])!;
    return distinct.length;
  }
  // Many (latencies, times): one native sort of a copy, then a binary search per key.
  const sorted = keys.slice().sort();
  let d = 0;
  for (let j = 0; j < n; j++) if (j === 0 || sorted[j] !== sorted[d - 1]) sorted[d++] = sorted[j];
  for (let j = 0; j < n; j++) {
    const key = keys[j];
    let lo = 0, hi = d - 1;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (sorted[m] < key) lo = m + 1; else hi = m; }
    rank[j] = lo;
  }
  return d;
}

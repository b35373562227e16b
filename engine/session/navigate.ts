// Moving through the view: find (a filter, a string in the Info column, or bytes in the raw event),
// go to an event number, and the next / previous event of the same thread. Each scan wraps around the
// view at most once.
import type { Capture } from '../capture.ts';
import type { FindQuery, FindResult } from '../api.ts';
import type { RowRenderer } from './rows.ts';
import type { View } from './view.ts';

/** Longest string searched for by find. */
const MAX_FIND_TEXT = 4096;
/** View positions whose Info text is formatted per batch while finding: the first batch, and the largest. */
const INFO_BATCH_FIRST = 1024;
const INFO_BATCH_MAX = 65536;

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0 || needle.length > hay.length) return -1;
  const first = needle[0];
  for (let i = hay.indexOf(first); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    let ok = true;
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle[k]) { ok = false; break; }
    if (ok) return i;
  }
  return -1;
}

/** View positions tested between two turns of the host's event loop (cooperative finds; also each Info batch). */
const TEST_BETWEEN_YIELDS = 65536;

/**
 * How a long find shares the worker: `yieldToHost` is awaited between batches (row requests are answered
 * meanwhile), after which `cancelled()` true stops it.
 */
export interface FindRun {
  yieldToHost?: () => Promise<void>;
  cancelled?: () => boolean;
}

/** The view positions after (or before) `from`, wrapping around, each once. */
function* positionsFrom(length: number, from: number, backwards: boolean): Generator<number> {
  const step = backwards ? -1 : 1;
  for (let n = 1, p = from + step; n <= length; n++, p += step) {
    if (p >= length) p = 0;
    if (p < 0) p = length - 1;
    yield p;
  }
}

export async function find(cap: Capture | null, view: View, rows: RowRenderer | null, query: FindQuery,
  fromPosition: number, backwards: boolean, run: FindRun = {}): Promise<FindResult> {
  const CANCELLED: FindResult = { position: -1, error: null, cancelled: true };
  /** Gives the host a turn (cooperative hosts only); true when the find is to stop. */
  const pause = async (): Promise<boolean> => {
    if (!run.yieldToHost) return false;
    await run.yieldToHost();
    return !!run.cancelled?.();
  };
  const v = view.current();
  const text = query.text.slice(0, MAX_FIND_TEXT);
  if (!text || v.length === 0 || !cap || !rows) return { position: -1, error: null };
  if (query.kind === 'info') {
    // The Info text as the list shows it, formatted a batch of positions at a time: small batches first
    // (a near match costs little), growing, since each batch scans the index up to its last event.
    const needle = text.toLowerCase();
    let batch: number[] = [];
    let size = INFO_BATCH_FIRST;
    const scan = (): number => {
      const infos = rows.infos(batch.map((p) => v[p]));
      const hit = infos.findIndex((s) => s.toLowerCase().includes(needle));
      return hit < 0 ? -1 : batch[hit];
    };
    for (const p of positionsFrom(v.length, fromPosition, backwards)) {
      batch.push(p);
      if (batch.length < size) continue;
      const hit = scan();
      if (hit >= 0) return { position: hit, error: null };
      if (await pause()) return CANCELLED;
      batch = [];
      size = Math.min(size * 4, INFO_BATCH_MAX);
    }
    return { position: batch.length ? scan() : -1, error: null };
  }
  let test: (i: number) => boolean;
  if (query.kind === 'filter') {
    const m = await view.matcher(text);
    if (typeof m !== 'function') return { position: -1, error: m.error };
    test = m;
  } else {
    // Search the event's bytes in place (a view on engine memory, no copy).
    const needle = new TextEncoder().encode(text);
    test = (i) => indexOfBytes(cap.index.blockBytes(i), needle) >= 0;
  }
  let sinceYield = 0;
  for (const p of positionsFrom(v.length, fromPosition, backwards)) {
    if (test(v[p])) return { position: p, error: null };
    if (++sinceYield === TEST_BETWEEN_YIELDS) { sinceYield = 0; if (await pause()) return CANCELLED; }
  }
  return { position: -1, error: null };
}

/** evt.num counts every stored event. */
const numOf = (i: number) => i + 1;

/** View position of the event numbered `num`, or of the first displayed one after it; -1 if none. */
export function positionOfNum(view: View, num: number): number {
  const v = view.current();
  if (!view.sorted) {
    let lo = 0, hi = v.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (numOf(v[m]) < num) lo = m + 1; else hi = m; }
    return lo < v.length ? lo : -1;
  }
  // Sorted: the event itself, or else the displayed event with the next higher number (as in file order).
  let best = -1;
  let bestNum = Infinity;
  for (let p = 0; p < v.length; p++) {
    const n = numOf(v[p]);
    if (n === num) return p;
    if (n > num && n < bestNum) { best = p; bestNum = n; }
  }
  return best;
}

/** Next (or previous) view position with the same thread as the row at `position`, or -1. */
export function sameThread(cap: Capture | null, view: View, position: number, backwards: boolean): number {
  const v = view.current();
  if (!cap || position < 0 || position >= v.length) return -1;
  const ix = cap.index;
  const tid = ix.tid(v[position]);
  for (let p = position + (backwards ? -1 : 1); p >= 0 && p < v.length; p += backwards ? -1 : 1) {
    if (ix.tid(v[p]) === tid) return p;
  }
  return -1;
}

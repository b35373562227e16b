// Per-event results of whole checks, kept between filter runs. A check (plan leaf) answers the same on
// an event every time once the capture is loaded (state is versioned, the index is fixed), so its answer
// is a pure function of (check, event). The host writes each leaf's signature — the leaf alone encoded
// as a self-contained plan, constants included (engine/filter/plan.ts leafSignature) — and this cache
// keeps, per signature, two bitmaps over the events: "answer known" and "answer true". A run tests the
// known bits with word operations and evaluates only the unknown ones, which it then records; so a
// re-run of a filter, or a new filter sharing a check with an earlier one (`evt.failed = true` and then
// `evt.failed = true and proc.name = bash`), pays the extractors only once per event. Keys compare the
// full signature words (a hash only picks the candidate), so a hit is exact. Bounded: SLOTS signatures
// at most, 2 bits per event each (<= 2 B/event in all), least recently used dropped, everything dropped
// when the event count changes (a capture still loading).
import { eventCount } from '../reader/events';
import { valueCacheClear } from './valcache';

export const LC_SLOTS: i32 = 8;
/** Signatures longer than this are not cached (a check with huge constant lists: cheap to skip). */
const MAX_SIG_WORDS: u32 = 1 << 16;

const slotHash = new StaticArray<u64>(LC_SLOTS);
const slotSig = new StaticArray<usize>(LC_SLOTS);
const slotSigLen = new StaticArray<u32>(LC_SLOTS);
const slotKnown = new StaticArray<usize>(LC_SLOTS);
const slotTruth = new StaticArray<usize>(LC_SLOTS);
const slotUsed = new StaticArray<u32>(LC_SLOTS);
let clock: u32 = 0;
let cachedEvents: u32 = 0;
let bmBytes: usize = 0;
let hits: u64 = 0;

function hashWords(p: usize, n: u32): u64 {
  let h: u64 = 0xcbf29ce484222325;
  for (let i: u32 = 0; i < n; i++) {
    h ^= <u64>load<u32>(p + (<usize>i << 2));
    h *= 0x100000001b3;
  }
  return h;
}

function freeSlot(s: i32): void {
  if (unchecked(slotSig[s]) != 0) {
    heap.free(unchecked(slotSig[s]));
    heap.free(unchecked(slotKnown[s]));
    heap.free(unchecked(slotTruth[s]));
  }
  unchecked(slotSig[s] = 0);
  unchecked(slotSigLen[s] = 0);
  unchecked(slotKnown[s] = 0);
  unchecked(slotTruth[s] = 0);
  unchecked(slotUsed[s] = 0);
}

/** Drops every cached result and value column (exported as filterCacheClear: for a host that changes the
 *  state under a loaded capture). */
export function leafCacheClear(): void {
  for (let s = 0; s < LC_SLOTS; s++) freeSlot(s);
  valueCacheClear();
}

/**
 * The slot holding the results of the check whose signature is at sig (sigLen words), or -1. With
 * create, a missing signature gets a slot (the least recently used one is dropped).
 */
export function leafCacheFind(sig: usize, sigLen: u32, create: bool): i32 {
  const n = eventCount();
  if (n != cachedEvents) { leafCacheClear(); cachedEvents = n; }
  if (n == 0 || sigLen == 0 || sigLen > MAX_SIG_WORDS) return -1;
  const h = hashWords(sig, sigLen);
  clock++;
  let victim = 0;
  for (let s = 0; s < LC_SLOTS; s++) {
    if (unchecked(slotSig[s]) != 0 && unchecked(slotHash[s]) == h && unchecked(slotSigLen[s]) == sigLen &&
      memory.compare(unchecked(slotSig[s]), sig, <usize>sigLen << 2) == 0) {
      unchecked(slotUsed[s] = clock);
      return s;
    }
    if (unchecked(slotUsed[s]) < unchecked(slotUsed[victim])) victim = s;
  }
  if (!create) return -1;
  freeSlot(victim);
  bmBytes = <usize>((n + 31) >> 5) << 2;
  const copy = heap.alloc(<usize>sigLen << 2);
  memory.copy(copy, sig, <usize>sigLen << 2);
  const known = heap.alloc(bmBytes);
  const truth = heap.alloc(bmBytes);
  memory.fill(known, 0, bmBytes);
  memory.fill(truth, 0, bmBytes);
  unchecked(slotHash[victim] = h);
  unchecked(slotSig[victim] = copy);
  unchecked(slotSigLen[victim] = sigLen);
  unchecked(slotKnown[victim] = known);
  unchecked(slotTruth[victim] = truth);
  unchecked(slotUsed[victim] = clock);
  return victim;
}

/** Bitmap of the events whose answer is known (bit i of word i>>5). */
@inline export function leafCacheKnown(s: i32): usize { return unchecked(slotKnown[s]); }
/** Bitmap of the events whose answer is true (meaningful where known). */
@inline export function leafCacheTruth(s: i32): usize { return unchecked(slotTruth[s]); }

export function leafCacheCountHits(k: u32): void { hits += <u64>k; }

/** Events answered from the cache since the instance started. */
export function filterCacheHits(): f64 { return <f64>hits; }
/** Signatures cached now. */
export function filterCacheSlots(): i32 {
  let c = 0;
  for (let s = 0; s < LC_SLOTS; s++) if (unchecked(slotSig[s]) != 0) c++;
  return c;
}
/** Bytes held by the cache now (bitmaps and signatures). */
export function filterCacheBytes(): f64 {
  let b: usize = 0;
  for (let s = 0; s < LC_SLOTS; s++) {
    if (unchecked(slotSig[s]) != 0) b += 2 * bmBytes + (<usize>unchecked(slotSigLen[s]) << 2);
  }
  return <f64>b;
}
/** Most slots the cache ever holds. */
export function filterCacheMaxSlots(): i32 { return LC_SLOTS; }

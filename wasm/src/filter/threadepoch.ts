// Memo for checks on a thread's relatives (proc.aname, proc.pname, proc.apid…). Their extractors walk
// from the event's thread version to its main thread and up the parents with threadAt(tid, event), so
// the answer depends on the event, not only on its thread version: an ancestor may exec (new comm) or
// exit later while the child's version stays the same. threadAt(tid, e) returns the version of tid with
// validFrom <= e < validTo in e's section, so its result for *every* tid can only differ between two
// events if some thread version starts or ends, or a section starts, at an event in between. This file
// numbers those "thread epochs": a bit per event where any version starts or ends or a section begins,
// and the count of such bits up to an event is its epoch. Two events with the same thread version and
// the same epoch see exactly the same versions everywhere, so a check on relatives has one answer per
// (thread version, epoch): the evaluator memoises it by that pair. Built once per event count (2 bits
// of memory per event: the change bitmap and a prefix count per 32 events).
import { eventCount } from '../reader/events';
import { threads, T_VALID_FROM, T_VALID_TO } from '../state/threads';
import { sectionOf } from '../state/section';
import { NONE } from '../state/records';

let changeBm: usize = 0;
let prefix: usize = 0;
let builtFor: u32 = 0xFFFFFFFF;
let builtVersions: u32 = 0xFFFFFFFF;

@inline function mark(e: u32, n: u32): void {
  if (e >= n) return;
  const a = changeBm + (<usize>(e >> 5) << 2);
  store<u32>(a, load<u32>(a) | (1 << (e & 31)));
}

/** First event of section s (sectionOf is non-decreasing in the event index), or n. */
function sectionStart(s: u16, n: u32): u32 {
  let lo: u32 = 0, hi: u32 = n;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (sectionOf(mid) >= s) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** (Re)builds the change bitmap and its prefix counts when the events or thread versions changed. */
export function epochsPrepare(): void {
  const n = eventCount();
  if (n == builtFor && threads.count == builtVersions && changeBm != 0) return;
  if (changeBm != 0) { heap.free(changeBm); heap.free(prefix); }
  const words = (n + 31) >> 5;
  const bytes = <usize>max<u32>(words, 1) << 2;
  changeBm = heap.alloc(bytes);
  prefix = heap.alloc(bytes);
  memory.fill(changeBm, 0, bytes);
  const nv = threads.count;
  for (let v: u32 = 0; v < nv; v++) {
    const r = threads.addr(v);
    mark(load<u32>(r + T_VALID_FROM), n);
    const to = load<u32>(r + T_VALID_TO);
    if (to != NONE) mark(to, n);
  }
  if (n > 0) {
    const last = sectionOf(n - 1);
    for (let s = <i32>sectionOf(0) + 1; s <= <i32>last; s++) mark(sectionStart(<u16>s, n), n);
  }
  // prefix[w] = change bits in words before w
  let acc: u32 = 0;
  for (let w: u32 = 0; w < words; w++) {
    const o = <usize>w << 2;
    store<u32>(prefix + o, acc);
    acc += popcnt(load<u32>(changeBm + o));
  }
  builtFor = n;
  builtVersions = nv;
}

/** Thread epoch of event e: thread-state changes at events <= e (epochsPrepare first). */
@inline export function epochOf(e: u32): u32 {
  const o = <usize>(e >> 5) << 2;
  const b = e & 31;
  const upTo: u32 = b == 31 ? 0xFFFFFFFF : ((<u32>2 << b) - 1);
  return load<u32>(prefix + o) + popcnt(load<u32>(changeBm + o) & upTo);
}

// Per leaf: for each thread version, the epoch (+1) its answer was computed in, and the answer.
const MAX_LEAVES: i32 = 1 << 16;
let memoEpoch = new StaticArray<usize>(0);
let memoAns = new StaticArray<usize>(0);
let memoCap = new StaticArray<u32>(0);

/** Forgets every leaf's memo (a new plan: leaf ids mean other checks). */
export function epochMemoReset(leaves: i32): void {
  for (let k = 0; k < memoEpoch.length; k++) {
    if (unchecked(memoEpoch[k]) != 0) { heap.free(unchecked(memoEpoch[k])); heap.free(unchecked(memoAns[k])); }
  }
  const n = min(leaves, MAX_LEAVES);
  memoEpoch = new StaticArray<usize>(n);
  memoAns = new StaticArray<usize>(n);
  memoCap = new StaticArray<u32>(n);
}

/** 0 unknown, 1 false, 2 true for (leaf, thread version v, epoch). */
export function epochMemoGet(leaf: i32, v: u32, epoch: u32): i32 {
  if (leaf < 0 || leaf >= memoEpoch.length || v >= unchecked(memoCap[leaf])) return 0;
  if (load<u32>(unchecked(memoEpoch[leaf]) + (<usize>v << 2)) != epoch + 1) return 0;
  return <i32>load<u8>(unchecked(memoAns[leaf]) + <usize>v);
}

export function epochMemoSet(leaf: i32, v: u32, epoch: u32, ok: bool): void {
  if (leaf < 0 || leaf >= memoEpoch.length) return;
  if (v >= unchecked(memoCap[leaf])) grow(leaf, v);
  store<u32>(unchecked(memoEpoch[leaf]) + (<usize>v << 2), epoch + 1);
  store<u8>(unchecked(memoAns[leaf]) + <usize>v, ok ? 2 : 1);
}

/** For loops that read and write leaf's memo directly: grows it to every thread version and returns the
 *  address of its epochs (u32 per version: the epoch + 1 its answer is for), or 0 when the leaf has none;
 *  the answers (u8 per version, 1 false, 2 true) are at epochMemoAnswers(leaf). */
export function epochMemoEpochs(leaf: i32): usize {
  if (leaf < 0 || leaf >= memoEpoch.length || threads.count == 0) return 0;
  if (threads.count > unchecked(memoCap[leaf])) grow(leaf, threads.count - 1);
  return unchecked(memoEpoch[leaf]);
}
export function epochMemoAnswers(leaf: i32): usize { return unchecked(memoAns[leaf]); }

/** The change bits of events 32·w to 32·w + 31, and the changes before them (epochsPrepare first). */
@inline export function epochChangeWord(w: u32): u32 { return load<u32>(changeBm + (<usize>w << 2)); }
@inline export function epochPrefixWord(w: u32): u32 { return load<u32>(prefix + (<usize>w << 2)); }

/** Grows leaf's memo to hold version v (sized for every thread version at once: versions only grow while a
 *  capture loads). */
function grow(leaf: i32, v: u32): void {
  const cap = max<u32>(threads.count, v + 1);
  const e = heap.alloc(<usize>cap << 2);
  const a = heap.alloc(<usize>cap);
  memory.fill(e, 0, <usize>cap << 2);
  memory.fill(a, 0, <usize>cap);
  const old = unchecked(memoCap[leaf]);
  if (old != 0) {
    memory.copy(e, unchecked(memoEpoch[leaf]), <usize>old << 2);
    memory.copy(a, unchecked(memoAns[leaf]), <usize>old);
    heap.free(unchecked(memoEpoch[leaf]));
    heap.free(unchecked(memoAns[leaf]));
  }
  unchecked(memoEpoch[leaf] = e);
  unchecked(memoAns[leaf] = a);
  unchecked(memoCap[leaf] = cap);
}

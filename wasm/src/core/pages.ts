// Large storage outside the allocator's heap: the raw capture bytes, the event index columns and the
// state's fixed-size chunks take runs of 64 KiB pages grown with memory.grow in steps we choose.
// Why: the allocator (TLSF) grows memory by max(memory.size(), need) pages ("double memory"), and
// memory.size() counts the raw bytes, so each growth of its heap past the raw region would add about the
// raw size again. Here memory grows in steps sized by growEnd; runs given back (a moved column, a moved raw
// region) are kept in a free list and reused first, best fit, merged with their neighbours.

const PAGE_SHIFT: u32 = 16;
/** Free runs kept at most; a run given back when the list is full is lost (never seen: runs are few). */
const MAX_FREE: i32 = 256;
const freeStart = new StaticArray<u32>(MAX_FREE); // first page
const freeCount = new StaticArray<u32>(MAX_FREE); // pages
let nFree: i32 = 0;
/** Pages handed out and not given back, for the memory figures. */
let pagesHeld: u32 = 0;

@inline export function pagesFor(bytes: u64): u32 {
  return <u32>((bytes + ((1 << PAGE_SHIFT) - 1)) >> PAGE_SHIFT);
}

/** The free run starting at page `p`, or -1. */
function freeAt(p: u32): i32 {
  for (let k = 0; k < nFree; k++) if (unchecked(freeStart[k]) == p) return k;
  return -1;
}

function removeFree(k: i32): void {
  nFree--;
  unchecked(freeStart[k] = freeStart[nFree]);
  unchecked(freeCount[k] = freeCount[nFree]);
}

/** Takes `n` pages from the front of free run k. */
function takeFront(k: i32, n: u32): u32 {
  const p = unchecked(freeStart[k]);
  if (unchecked(freeCount[k]) == n) removeFree(k);
  else { unchecked(freeStart[k] = p + n); unchecked(freeCount[k] = freeCount[k] - n); }
  return p;
}

// Each memory.grow from WASM costs the host a garbage collection or so (Node 20: V8 counts the grown
// memory as new external memory, "external memory pressure", ~10 ms of CPU on a capture of 1 M events),
// so memory grows by at least 1/4 of the expected capture size (pagesExpect) or, with no size hint (a
// stream), 1/8 of the pages held: the index and state of a capture take two or three grows. The surplus
// is a free run at the end of memory, taken by the next runs; its pages are untouched until then, so it
// costs address space, not resident memory. Once an eighth of the capture is read, a step is cut to what
// the rest of the capture is predicted to need (see growStep), so the last grow leaves little surplus.
let growStepPages: u32 = 0;
let expectBytes: u64 = 0;
/** Raw bytes received and the raw region's pages (raw.ts), and the pages of runs reserved for the whole
 *  capture at once (the index columns, column.ts): the rest of what is held grows with the bytes read. */
let rawSeen: u64 = 0;
let rawPages: u32 = 0;
let fixedPages: u32 = 0;

/** The capture is expected to take about `bytes` raw bytes (the host's size hint): sizes the grow steps. */
export function pagesExpect(bytes: u64): void {
  growStepPages = pagesFor(bytes >> 2);
  expectBytes = bytes;
}

/** The raw region holds `len` bytes in `pages` pages (called by raw.ts as bytes arrive). */
export function pagesRawProgress(len: u64, pages: u32): void {
  rawSeen = len;
  rawPages = pages;
}

/** A run reserved for the whole capture grew or shrank by `delta` pages (column.ts). */
export function pagesFixedChange(delta: i32): void {
  fixedPages = <u32>(<i32>fixedPages + delta);
}

/** Pages to grow memory by beyond the request: 1/4 of the expected size; once 1/8 of it is read, the
 *  state held so far scaled to the rest of the capture, with a quarter of margin, between 1/32 and 1/4. */
function growStep(): u32 {
  if (growStepPages == 0) return pagesHeld >> 3;
  if (rawSeen < expectBytes >> 3) return growStepPages;
  const held = pagesHeld - min(pagesHeld, rawPages + fixedPages);
  const rest = rawSeen >= expectBytes ? 0.0 : <f64>held * (<f64>(expectBytes - rawSeen) / <f64>rawSeen) * 1.25;
  return <u32>min<f64>(<f64>growStepPages, max<f64>(rest, <f64>(growStepPages >> 3)));
}

/** Adds `more` pages or more at the end of memory to the free runs; false when memory cannot grow. */
function growEnd(more: u32): bool {
  const end = <u32>memory.size();
  let n = max(more, growStep());
  if (memory.grow(<i32>n) < 0) {
    n = more;
    if (memory.grow(<i32>n) < 0) return false;
  }
  addFree(end, n);
  return true;
}

/** The free run that ends memory, or -1. */
function endRun(): i32 {
  const end = <u32>memory.size();
  for (let k = 0; k < nFree; k++) if (unchecked(freeStart[k]) + unchecked(freeCount[k]) == end) return k;
  return -1;
}

/** `n` pages (n > 0); returns their address, 0 when memory cannot grow. */
export function pagesAlloc(n: u32): usize {
  let best = -1;
  for (let k = 0; k < nFree; k++) {
    const c = unchecked(freeCount[k]);
    if (c >= n && (best < 0 || c < unchecked(freeCount[best]))) best = k;
  }
  if (best < 0) {
    // Grow the run at the end of memory (or start one) until it holds n pages.
    const k = endRun();
    if (!growEnd(n - (k >= 0 ? unchecked(freeCount[k]) : 0))) return 0;
    best = endRun();
  }
  pagesHeld += n;
  return <usize>takeFront(best, n) << PAGE_SHIFT;
}

/** Gives back `n` pages at `ptr` (from pagesAlloc/pagesResize). */
export function pagesFree(ptr: usize, n: u32): void {
  if (n == 0) return;
  pagesHeld -= n;
  addFree(<u32>(ptr >> PAGE_SHIFT), n);
}

/** Adds the run of `c` pages at page `p` to the free runs, merged with the runs it touches. */
function addFree(p: u32, c: u32): void {
  const after = freeAt(p + c);
  if (after >= 0) { c += unchecked(freeCount[after]); removeFree(after); }
  for (let k = 0; k < nFree; k++) {
    if (unchecked(freeStart[k]) + unchecked(freeCount[k]) == p) {
      p = unchecked(freeStart[k]); c += unchecked(freeCount[k]); removeFree(k);
      break;
    }
  }
  if (nFree == MAX_FREE) return;
  unchecked(freeStart[nFree] = p);
  unchecked(freeCount[nFree] = c);
  nFree++;
}

/**
 * Grows the run of `oldN` pages at `ptr` (0: none) to `newN` pages, keeping its first `keep` bytes: in
 * place when the pages after it are free or the end of memory, else by moving it (the old run is given
 * back). Returns the run's address, 0 when memory cannot grow (the old run is then untouched).
 */
export function pagesResize(ptr: usize, oldN: u32, newN: u32, keep: usize): usize {
  if (newN <= oldN) return ptr;
  if (ptr == 0 || oldN == 0) return pagesAlloc(newN);
  const more = newN - oldN;
  const next = <u32>(ptr >> PAGE_SHIFT) + oldN;
  let k = freeAt(next);
  const free = k >= 0 ? unchecked(freeCount[k]) : 0;
  if (free < more && next + free == <u32>memory.size()) {
    // The run ends memory, or only free pages follow it: grow memory behind it.
    if (!growEnd(more - free)) return 0;
    k = freeAt(next);
  }
  if (k >= 0 && unchecked(freeCount[k]) >= more) {
    takeFront(k, more);
    pagesHeld += more;
    return ptr;
  }
  const moved = pagesAlloc(newN);
  if (moved == 0) return 0;
  if (keep > 0) memory.copy(moved, ptr, keep);
  pagesFree(ptr, oldN);
  return moved;
}

// Fixed-size chunks (the state's tables) are cut from slabs of 1 MiB: a chunk is a few KiB, a page 64.
const SLAB_PAGES: u32 = 16;
let slabNext: usize = 0;
let slabEnd: usize = 0;

/** A block of `bytes` (16-byte aligned, not zeroed) that lives as long as the engine. Traps when memory
 *  cannot grow, as the allocator does. */
export function chunkAlloc(bytes: usize): usize {
  const size = (bytes + 15) & ~<usize>15;
  if (slabNext + size > slabEnd) {
    const need = pagesFor(<u64>size);
    // A run given back (a column that moved) was touched, so it is resident whether used or not: a slab
    // takes it first, even when it is shorter than a slab.
    const k = givenBackRun(need);
    let slab: usize;
    let n: u32;
    if (k >= 0) {
      n = min(max(SLAB_PAGES, need), unchecked(freeCount[k]));
      pagesHeld += n;
      slab = <usize>takeFront(k, n) << PAGE_SHIFT;
    } else {
      n = max(SLAB_PAGES, need);
      slab = pagesAlloc(n);
      if (slab == 0) unreachable();
    }
    slabNext = slab;
    slabEnd = slab + (<usize>n << PAGE_SHIFT);
  }
  const p = slabNext;
  slabNext += size;
  return p;
}

/** The smallest free run of at least `n` pages that does not end memory (so was given back), or -1. */
function givenBackRun(n: u32): i32 {
  const end = <u32>memory.size();
  let best = -1;
  for (let k = 0; k < nFree; k++) {
    const c = unchecked(freeCount[k]);
    if (c >= n && unchecked(freeStart[k]) + c != end && (best < 0 || c < unchecked(freeCount[best]))) best = k;
  }
  return best;
}

/** Bytes in free page runs (given back, or grown ahead at the end of memory), for the memory figures. */
export function pagesFreeBytes(): usize {
  let n: usize = 0;
  for (let k = 0; k < nFree; k++) n += <usize>unchecked(freeCount[k]) << PAGE_SHIFT;
  return n;
}

/** Bytes of linear memory in page runs held (index, raw, chunk slabs), for the memory figures. */
export function pagesBytes(): usize {
  return <usize>pagesHeld << PAGE_SHIFT;
}


// The raw (decompressed) capture bytes, contiguous in linear memory. Every event, parameter and
// metadata entry is addressed by its absolute offset here, which is also what the hex view highlights,
// so nothing is ever copied out of this store. The region is a run of pages outside the allocator's
// heap (core/pages.ts), because the allocator caps single blocks at 1 GiB and captures can be larger.
//
// Rule: peek* are UNCHECKED loads; call them only for ranges already checked with rawHas().

import { pagesExpect, pagesFor, pagesRawProgress, pagesResize } from './pages';

let rawBase: usize = 0;
let rawCap: u32 = 0;
export let rawLen: u32 = 0;

const RAW_MAX: u64 = 0xF0000000; // keep headroom under 4 GiB for the index and state

/** Makes room for `n` more bytes and returns where the host should write them (0 = no room). */
export function rawReserve(n: u32): usize {
  const need = <u64>rawLen + n;
  if (need > RAW_MAX) return 0;
  if (need <= <u64>rawCap) return rawBase + rawLen;
  // Before the raw region exists, the allocator claims a heap of 1/8 of the expected size: growing it
  // past the raw bytes would add about the raw size again (see pages.ts). The state's hash maps and
  // strings live there (5-7 bytes per event on live recordings, about 1/16 of the raw bytes); pages it
  // never touches are not resident.
  if (rawBase == 0) {
    heap.free(heap.alloc(<usize>max<u64>(16, need >> 3)));
    pagesExpect(need);
  }
  let cap: u64 = max(<u64>rawCap + (<u64>rawCap >> 1), need);
  cap = max(cap, <u64>(64 << 10));
  if (cap > RAW_MAX) cap = RAW_MAX;
  // In place when the pages after the region are free, else moved (its old pages are reused later).
  const base = pagesResize(rawBase, pagesFor(rawCap), pagesFor(cap), rawLen);
  if (base == 0) return 0;
  rawBase = base;
  rawCap = <u32>cap;
  pagesRawProgress(rawLen, pagesFor(cap));
  return rawBase + rawLen;
}

/** The host wrote `n` bytes at the pointer rawReserve returned. */
export function rawCommit(n: u32): void {
  rawLen = <u32>min(<u64>rawLen + n, <u64>rawCap);
  pagesRawProgress(rawLen, pagesFor(rawCap));
}

export function rawPtr(): usize {
  return rawBase;
}

/** True when [off, off+n) lies inside the bytes received so far. */
@inline export function rawHas(off: u64, n: u64): bool {
  return off + n <= <u64>rawLen;
}

@inline export function peekU8(off: u32): u8 { return load<u8>(rawBase + off); }
@inline export function peekU16(off: u32): u16 { return load<u16>(rawBase + off); }
@inline export function peekU32(off: u32): u32 { return load<u32>(rawBase + off); }
@inline export function peekU64(off: u32): u64 { return load<u64>(rawBase + off); }

export function rawLength(): u32 {
  return rawLen;
}

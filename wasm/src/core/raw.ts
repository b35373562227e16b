// The raw (decompressed) capture bytes, contiguous in linear memory. Every event, parameter and
// metadata entry is addressed by its absolute offset here, which is also what the hex view highlights,
// so nothing is ever copied out of this store. The region lives outside the allocator's heap (grown with
// memory.grow), because the allocator caps single blocks at 1 GiB and captures can be larger.
//
// Rule: peek* are UNCHECKED loads; call them only for ranges already checked with rawHas().

let rawBase: usize = 0;
let rawCap: u32 = 0;
export let rawLen: u32 = 0;

const PAGE: u64 = 65536;
const RAW_MAX: u64 = 0xF0000000; // keep headroom under 4 GiB for the index and state

function pagesFor(bytes: u64): i32 {
  return <i32>((bytes + PAGE - 1) / PAGE);
}

/** Makes room for `n` more bytes and returns where the host should write them (0 = no room). */
export function rawReserve(n: u32): usize {
  const need = <u64>rawLen + n;
  if (need > RAW_MAX) return 0;
  if (need <= <u64>rawCap) return rawBase + rawLen;
  // Make sure the allocator has claimed its heap before we grow memory for ourselves.
  heap.free(heap.alloc(16));
  let cap: u64 = max(<u64>rawCap + (<u64>rawCap >> 1), need);
  cap = max(cap, <u64>(64 << 10));
  if (cap > RAW_MAX) cap = RAW_MAX;
  const end = <u64>memory.size() * PAGE;
  if (rawBase != 0 && <u64>rawBase + <u64>pagesFor(rawCap) * PAGE == end) {
    // Our region (page aligned) is the last thing in memory: extend it in place.
    if (memory.grow(pagesFor(cap) - pagesFor(rawCap)) < 0) return 0;
  } else {
    const base = <u64>memory.size() * PAGE;
    if (memory.grow(pagesFor(cap)) < 0) return 0;
    if (rawLen > 0) memory.copy(<usize>base, rawBase, rawLen);
    rawBase = <usize>base;
  }
  rawCap = <u32>cap;
  return rawBase + rawLen;
}

/** The host wrote `n` bytes at the pointer rawReserve returned. */
export function rawCommit(n: u32): void {
  rawLen = <u32>min(<u64>rawLen + n, <u64>rawCap);
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

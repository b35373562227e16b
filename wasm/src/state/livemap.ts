// A u64 -> u32 map for the hot live-state lookups (tid -> version, (owner, fd) -> version): open
// addressing with linear probing over a power-of-two slot table, kept at most half full. Entries are
// stored in insertion order (keys and values in raw heap blocks) and the slots hold entry numbers, so
// iteration order is the same as a Map's. There is no delete (the state never removes a key; a
// section start clears the whole map). One lookup returns the value or NONE, where a Map needed
// has() and get().

import { NONE } from './records';
import { pagesAlloc, pagesFor, pagesFree, pagesResize } from '../core/pages';

const MIN_SLOTS: u32 = 64;

// Blocks of 64 KiB and more are page runs (core/pages.ts), outside the allocator's heap: the maps of a
// large capture (fds by (owner, fd), threads by tid: 2 MB on the exec recording) then neither need the
// heap claimed up front nor make the allocator grow past the raw region; small maps stay in the heap
// (a page each would be mostly empty).
const BIG: usize = 64 << 10;

/** Bytes of the maps' page runs, for the memory figures. */
let pageBytesHeld: usize = 0;

export function liveMapPageBytes(): usize { return pageBytesHeld; }

function blockAlloc(bytes: usize): usize {
  if (bytes < BIG) return heap.alloc(bytes);
  const p = pagesAlloc(pagesFor(<u64>bytes));
  if (p == 0) unreachable(); // out of memory: trap, as the allocator does
  pageBytesHeld += <usize>pagesFor(<u64>bytes) << 16;
  return p;
}

function blockFree(p: usize, bytes: usize): void {
  if (bytes < BIG) { heap.free(p); return; }
  pagesFree(p, pagesFor(<u64>bytes));
  pageBytesHeld -= <usize>pagesFor(<u64>bytes) << 16;
}

/** The block `p` of `bytes` grown to `grown` bytes, its first `keep` bytes kept (in place when it can). */
function blockGrow(p: usize, bytes: usize, grown: usize, keep: usize): usize {
  if (bytes >= BIG) {
    const q = pagesResize(p, pagesFor(<u64>bytes), pagesFor(<u64>grown), keep);
    if (q == 0) unreachable();
    pageBytesHeld += <usize>(pagesFor(<u64>grown) - pagesFor(<u64>bytes)) << 16;
    return q;
  }
  const q = blockAlloc(grown);
  memory.copy(q, p, keep);
  heap.free(p);
  return q;
}

/** murmur3's 64-bit finalizer: spreads small sequential keys (tids, fd numbers) over the slots. */
@inline function mix(k: u64): u64 {
  k ^= k >> 33;
  k *= 0xFF51AFD7ED558CCD;
  k ^= k >> 33;
  k *= 0xC4CEB9FE1A85EC53;
  k ^= k >> 33;
  return k;
}

// Unmanaged: never freed, so no GC tracking, and the hot paths that use it keep no shadow-stack frame.
@unmanaged
export class LiveMap {
  /** Entry number + 1 per slot; 0 is an empty slot. */
  private slots: usize = 0;
  private mask: u32 = 0;
  private keys: usize = 0;
  private vals: usize = 0;
  private cap: u32 = 0;
  size: i32 = 0;

  constructor() { this.init(); }

  private init(): void {
    this.slots = heap.alloc(<usize>MIN_SLOTS << 2);
    memory.fill(this.slots, 0, <usize>MIN_SLOTS << 2);
    this.mask = MIN_SLOTS - 1;
    this.cap = MIN_SLOTS >> 1;
    this.keys = heap.alloc(<usize>this.cap << 3);
    this.vals = heap.alloc(<usize>this.cap << 2);
    this.size = 0;
  }

  /** Entry number of `k`, or -1. The probe ends at an empty slot (there always is one) or after
   *  every slot has been seen. */
  @inline private find(k: u64): i32 {
    const mask = this.mask;
    let s = <u32>mix(k) & mask;
    for (let n: u32 = 0; n <= mask; n++) {
      const e = load<u32>(this.slots + (<usize>s << 2));
      if (e == 0) return -1;
      if (load<u64>(this.keys + (<usize>(e - 1) << 3)) == k) return <i32>(e - 1);
      s = (s + 1) & mask;
    }
    return -1;
  }

  /** The value of `k`, or NONE when absent. */
  get(k: u64): u32 {
    const e = this.find(k);
    return e < 0 ? NONE : load<u32>(this.vals + (<usize>e << 2));
  }

  has(k: u64): bool { return this.find(k) >= 0; }

  /** Bytes held (slots, keys, values), for the memory figures. */
  bytes(): usize { return (<usize>(this.mask + 1) << 2) + <usize>this.cap * 12; }

  set(k: u64, v: u32): void {
    const e = this.find(k);
    if (e >= 0) { store<u32>(this.vals + (<usize>e << 2), v); return; }
    if (<u32>this.size >= this.cap) this.grow();
    const n = <u32>this.size;
    store<u64>(this.keys + (<usize>n << 3), k);
    store<u32>(this.vals + (<usize>n << 2), v);
    this.size = <i32>(n + 1);
    this.place(k, n + 1);
  }

  /** Key and value of the i-th entry, in insertion order (0 <= i < size). */
  @inline keyAt(i: i32): u64 { return load<u64>(this.keys + (<usize>i << 3)); }
  @inline valAt(i: i32): u32 { return load<u32>(this.vals + (<usize>i << 2)); }

  /** Empties the map and gives its blocks back. */
  clear(): void {
    blockFree(this.slots, <usize>(this.mask + 1) << 2);
    blockFree(this.keys, <usize>this.cap << 3);
    blockFree(this.vals, <usize>this.cap << 2);
    this.init();
  }

  private place(k: u64, entry: u32): void {
    const mask = this.mask;
    let s = <u32>mix(k) & mask;
    while (load<u32>(this.slots + (<usize>s << 2)) != 0) s = (s + 1) & mask;
    store<u32>(this.slots + (<usize>s << 2), entry);
  }

  /** Doubles the entry blocks and the slot table (rehashing every entry). */
  private grow(): void {
    const n = <u32>this.size;
    const cap = this.cap << 1;
    if (cap > 0x40000000) unreachable(); // 1 Gi keys: far beyond any capture's memory
    this.keys = blockGrow(this.keys, <usize>this.cap << 3, <usize>cap << 3, <usize>n << 3);
    this.vals = blockGrow(this.vals, <usize>this.cap << 2, <usize>cap << 2, <usize>n << 2);
    this.cap = cap;
    const slotCount = cap << 1;
    blockFree(this.slots, <usize>(this.mask + 1) << 2);
    this.slots = blockAlloc(<usize>slotCount << 2);
    memory.fill(this.slots, 0, <usize>slotCount << 2);
    this.mask = slotCount - 1;
    const keys = this.keys;
    for (let i: u32 = 0; i < n; i++) this.place(load<u64>(keys + (<usize>i << 3)), i + 1);
  }
}

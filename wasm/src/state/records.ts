// Storage for versioned state and per-event state, in fixed-size chunks that never move: a table grows
// by adding a chunk, never by reallocating (a realloc-grown block leaves its old copies behind as holes
// the allocator cannot reuse for the next, larger block, which costs several times the table's size).
// Records are addressed by index; the address of a record is stable for the life of the capture.
// Chunks are cut from page slabs outside the allocator's heap (core/pages.ts chunkAlloc): per-event
// storage then grows memory by what it uses, never by the allocator's doubling.
import { chunkAlloc } from '../core/pages';

export const NONE: u32 = 0xFFFFFFFF;

// Small chunks: a small capture (one engine per capture in the fuzzer and in parallel detect) holds
// little memory; a large one just has more chunks.
const CHUNK_SHIFT: u32 = 8; // 256 records per chunk
const CHUNK_MASK: u32 = (1 << CHUNK_SHIFT) - 1;

// The chunk pointers live in a raw heap block (not an Array<usize>): a lookup is then two loads that the
// optimizer inlines, where Array#__uget stayed a call on the hot path. The block is small (one pointer
// per chunk) and is grown by copying.

/** Appends `chunk` to the pointer block `table` of capacity `cap` holding `n` pointers; returns the
 *  block (a new one when full). The caller doubles its capacity when the block changes. */
function pushChunk(table: usize, n: u32, cap: u32, chunk: usize): usize {
  if (n >= cap) {
    const grown = heap.alloc(<usize>(cap == 0 ? 16 : cap << 1) << alignof<usize>());
    if (table != 0) { memory.copy(grown, table, <usize>n << alignof<usize>()); heap.free(table); }
    table = grown;
  }
  store<usize>(table + (<usize>n << alignof<usize>()), chunk);
  return table;
}

/** Fixed-size records (state versions). */
// Unmanaged: never freed, so no GC tracking, and the hot paths that use it keep no shadow-stack frame.
@unmanaged
export class RecordTable {
  table: usize = 0;
  nChunks: u32 = 0;
  capChunks: u32 = 0;
  count: u32 = 0;
  constructor(public size: u32) {}

  /** A new zeroed record; returns its index. */
  alloc(): u32 {
    const i = this.count;
    if ((i & CHUNK_MASK) == 0 && (i >> CHUNK_SHIFT) >= this.nChunks) {
      const n = this.nChunks;
      const t = pushChunk(this.table, n, this.capChunks, chunkAlloc(<usize>this.size << CHUNK_SHIFT));
      if (t != this.table) { this.table = t; this.capChunks = this.capChunks == 0 ? 16 : this.capChunks << 1; }
      this.nChunks = n + 1;
    }
    this.count++;
    memory.fill(this.addr(i), 0, this.size);
    return i;
  }

  /** A new record holding a copy of record `from`. */
  copyOf(from: u32): u32 {
    const i = this.alloc();
    memory.copy(this.addr(i), this.addr(from), this.size);
    return i;
  }

  @inline addr(i: u32): usize {
    return load<usize>(this.table + (<usize>(i >> CHUNK_SHIFT) << alignof<usize>())) + <usize>(i & CHUNK_MASK) * this.size;
  }

  /** Forgets the records (chunks are kept for reuse). */
  clear(): void {
    this.count = 0;
  }

  bytes(): usize {
    return <usize>this.nChunks * (<usize>this.size << CHUNK_SHIFT);
  }
}

const COL_SHIFT: u32 = 12; // 4 Ki values (16 KB) per chunk of a column
const COL_MASK: u32 = (1 << COL_SHIFT) - 1;

/** A column of T (per-event state) in chunks of 4 Ki values. */
// Unmanaged: never freed, so no GC tracking, and the hot paths that use it keep no shadow-stack frame.
@unmanaged
export class Chunked<T> {
  table: usize = 0;
  nChunks: u32 = 0;
  capChunks: u32 = 0;
  length: u32 = 0;

  @inline push(v: T): void {
    const i = this.length;
    if ((i & COL_MASK) == 0) this.grow(i);
    store<T>(this.slot(i), v);
    this.length = i + 1;
  }

  /** Adds a chunk when `i` (a multiple of the chunk size) is past the chunks already held. */
  private grow(i: u32): void {
    if ((i >> COL_SHIFT) < this.nChunks) return;
    const n = this.nChunks;
    const t = pushChunk(this.table, n, this.capChunks, chunkAlloc(<usize>sizeof<T>() << COL_SHIFT));
    if (t != this.table) { this.table = t; this.capChunks = this.capChunks == 0 ? 16 : this.capChunks << 1; }
    this.nChunks = n + 1;
  }

  @inline private slot(i: u32): usize {
    return load<usize>(this.table + (<usize>(i >> COL_SHIFT) << alignof<usize>())) + (<usize>(i & COL_MASK) << alignof<T>());
  }

  @inline get(i: u32): T { return load<T>(this.slot(i)); }

  /** Address of value i (i < length); the values up to the end of its chunk (chunks hold 4 Ki values,
   *  aligned) follow it: a loop over a column takes one address per chunk. */
  @inline addrOf(i: u32): usize { return this.slot(i); }

  @inline set(i: u32, v: T): void { store<T>(this.slot(i), v); }

  clear(): void { this.length = 0; }

  bytes(): usize { return (<usize>this.nChunks * sizeof<T>()) << COL_SHIFT; }
}

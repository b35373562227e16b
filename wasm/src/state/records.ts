// Storage for versioned state and per-event state, in fixed-size chunks that never move: a table grows
// by adding a chunk, never by reallocating (a realloc-grown block leaves its old copies behind as holes
// the allocator cannot reuse for the next, larger block, which costs several times the table's size).
// Records are addressed by index; the address of a record is stable for the life of the capture.

export const NONE: u32 = 0xFFFFFFFF;

const CHUNK_SHIFT: u32 = 12; // 4096 records per chunk
const CHUNK_MASK: u32 = (1 << CHUNK_SHIFT) - 1;

/** Fixed-size records (state versions). */
export class RecordTable {
  chunks: Array<usize> = new Array<usize>(0);
  count: u32 = 0;
  constructor(public size: u32) {}

  /** A new zeroed record; returns its index. */
  alloc(): u32 {
    const i = this.count;
    if ((i & CHUNK_MASK) == 0 && (i >> CHUNK_SHIFT) >= <u32>this.chunks.length) {
      this.chunks.push(heap.alloc(<usize>this.size << CHUNK_SHIFT));
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
    return unchecked(this.chunks[i >> CHUNK_SHIFT]) + <usize>(i & CHUNK_MASK) * this.size;
  }

  /** Forgets the records (chunks are kept for reuse). */
  clear(): void {
    this.count = 0;
  }

  bytes(): usize {
    return <usize>this.chunks.length * (<usize>this.size << CHUNK_SHIFT);
  }
}

/** A u32 column (per-event state) in chunks of 64 Ki values. */
export class ChunkedU32 {
  chunks: Array<usize> = new Array<usize>(0);
  length: u32 = 0;

  push(v: u32): void {
    const i = this.length;
    if ((i & 0xFFFF) == 0 && (i >> 16) >= <u32>this.chunks.length) this.chunks.push(heap.alloc(1 << 18));
    store<u32>(unchecked(this.chunks[i >> 16]) + (<usize>(i & 0xFFFF) << 2), v);
    this.length = i + 1;
  }

  @inline get(i: u32): u32 {
    return load<u32>(unchecked(this.chunks[i >> 16]) + (<usize>(i & 0xFFFF) << 2));
  }

  @inline set(i: u32, v: u32): void {
    store<u32>(unchecked(this.chunks[i >> 16]) + (<usize>(i & 0xFFFF) << 2), v);
  }

  clear(): void { this.length = 0; }

  bytes(): usize { return <usize>this.chunks.length << 18; }
}

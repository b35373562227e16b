// Fixed-size records in one growable block: the storage for versioned state (thread, fd, user,
// container versions). A record is immutable once its event has passed; a change copies it into a
// new record. Records are addressed by index (the block may move when it grows), never by pointer
// across an allocation.

export const NONE: u32 = 0xFFFFFFFF;

export class RecordTable {
  ptr: usize = 0;
  count: u32 = 0;
  cap: u32 = 0;
  constructor(public size: u32) {}

  /** A new zeroed record; returns its index. */
  alloc(): u32 {
    if (this.count == this.cap) {
      const cap: u32 = this.cap < 256 ? 256 : this.cap + (this.cap >> 2); // +25%: little slack per table
      const bytes = <usize>cap * this.size;
      this.ptr = this.ptr == 0 ? heap.alloc(bytes) : heap.realloc(this.ptr, bytes);
      this.cap = cap;
    }
    const i = this.count++;
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
    return this.ptr + <usize>i * this.size;
  }

  clear(): void {
    this.count = 0;
  }

  bytes(): usize {
    return <usize>this.cap * this.size;
  }
}

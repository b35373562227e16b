// Growable typed columns (struct-of-arrays) in allocator memory: the event index and the state tables
// are columns, so a row costs only its fields' bytes and nothing per row is a managed object.

// Unmanaged: never freed, so no GC tracking, and the hot paths that use it keep no shadow-stack frame.
@unmanaged
export class Column<T> {
  ptr: usize = 0;
  length: u32 = 0;
  capacity: u32 = 0;

  // Inlined: the event index pushes four columns per event (growing stays a call).
  @inline push(v: T): u32 {
    const i = this.length;
    if (i == this.capacity) this.grow(i + 1);
    store<T>(this.ptr + (<usize>i << alignof<T>()), v);
    this.length = i + 1;
    return i;
  }

  /** Unchecked: callers index below `length` (the event index and state only hand out valid ids). */
  @inline get(i: u32): T {
    return load<T>(this.ptr + (<usize>i << alignof<T>()));
  }

  @inline set(i: u32, v: T): void {
    store<T>(this.ptr + (<usize>i << alignof<T>()), v);
  }

  grow(min: u32): void {
    let cap: u32 = this.capacity < 1024 ? 1024 : this.capacity + (this.capacity >> 1);
    if (cap < min) cap = min;
    const bytes = <usize>cap << alignof<T>();
    this.ptr = this.ptr == 0 ? heap.alloc(bytes) : heap.realloc(this.ptr, bytes);
    this.capacity = cap;
  }

  /** Sets the capacity to at least `n` rows at once (no copies later while it suffices). */
  reserve(n: u32): void {
    if (n <= this.capacity) return;
    const bytes = <usize>n << alignof<T>();
    this.ptr = this.ptr == 0 ? heap.alloc(bytes) : heap.realloc(this.ptr, bytes);
    this.capacity = n;
  }

  clear(): void {
    this.length = 0;
  }

  /** Bytes held, for the memory budget. */
  bytes(): usize {
    return <usize>this.capacity << alignof<T>();
  }
}

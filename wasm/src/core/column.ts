// Growable typed columns (struct-of-arrays): the event index is columns, so a row costs only its fields'
// bytes and nothing per row is a managed object. A column is a run of whole pages (core/pages.ts),
// outside the allocator's heap: it grows in place when the pages after it are free or end memory, else
// moves, and the pages it leaves are reused by the next runs and chunks.
import { pagesFixedChange, pagesFor, pagesResize } from './pages';

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
    this.resize(cap);
  }

  /** Sets the capacity to at least `n` rows at once (no copies later while it suffices). */
  reserve(n: u32): void {
    if (n > this.capacity) this.resize(n);
  }

  /** Capacity of at least `n` rows, in whole pages (the last page's rows count too). */
  private resize(n: u32): void {
    const oldPages = pagesFor(<u64>this.capacity << alignof<T>());
    const pages = pagesFor(<u64>n << alignof<T>());
    const ptr = pagesResize(this.ptr, oldPages, pages, <usize>this.length << alignof<T>());
    if (ptr == 0) unreachable(); // out of memory: trap, as the allocator does
    pagesFixedChange(<i32>pages - <i32>oldPages);
    this.ptr = ptr;
    this.capacity = <u32>min<u64>((<u64>pages << 16) >> alignof<T>(), 0xFFFFFFFF);
  }

  clear(): void {
    this.length = 0;
  }

  /** Bytes held, for the memory budget. */
  bytes(): usize {
    return <usize>this.capacity << alignof<T>();
  }
}

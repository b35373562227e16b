// Many growable lists of numbers (a state key's version chain, a thread's memory-counter updates, an fd
// table's fd numbers) in unmanaged memory, found by key through one open-addressing probe. As managed
// Arrays in a Map they were tens of thousands of objects that every incremental GC cycle had to visit,
// each append probed the Map twice (has, then get), and every function touching them kept a shadow-stack
// frame.
import { NONE, Chunked } from './records';
import { LiveMap } from './livemap';

// Unmanaged: never freed, so no GC tracking, and the hot paths that use it keep no shadow-stack frame.
@unmanaged
export class Lists<T> {
  /** key -> list id */
  private ids: LiveMap = new LiveMap();
  /** per list id: its block, length and capacity (values) */
  private ptr: Chunked<u32> = new Chunked<u32>();
  private len: Chunked<u32> = new Chunked<u32>();
  private cap: Chunked<u32> = new Chunked<u32>();
  // The last key looked up (appends come in runs of the same key).
  private lastKey: u64 = 0;
  private lastId: u32 = NONE;

  /** The list id of `key`, or NONE when nothing was ever appended for it. */
  find(key: u64): u32 {
    if (this.lastId != NONE && key == this.lastKey) return this.lastId;
    const id = this.ids.get(key);
    if (id != NONE) { this.lastKey = key; this.lastId = id; }
    return id;
  }

  /** Appends `v` to the list of `key` (created on first use). */
  push(key: u64, v: T): void {
    let id = this.find(key);
    if (id == NONE) {
      id = this.ptr.length;
      this.ptr.push(0); this.len.push(0); this.cap.push(0);
      this.ids.set(key, id);
      this.lastKey = key; this.lastId = id;
    }
    const n = this.len.get(id);
    let p = <usize>this.ptr.get(id);
    if (n == this.cap.get(id)) {
      const c: u32 = n == 0 ? 2 : n << 1;
      p = p == 0 ? heap.alloc(<usize>c * sizeof<T>()) : heap.realloc(p, <usize>c * sizeof<T>());
      this.ptr.set(id, <u32>p);
      this.cap.set(id, c);
    }
    store<T>(p + <usize>n * sizeof<T>(), v);
    this.len.set(id, n + 1);
  }

  /** Length of list `id` (0 for NONE). */
  @inline length(id: u32): u32 { return id == NONE ? 0 : this.len.get(id); }

  /** Element `i` of list `id` (i < length). */
  @inline at(id: u32, i: u32): T { return load<T>(<usize>this.ptr.get(id) + <usize>i * sizeof<T>()); }

  /** Overwrites element `i` of list `id` (i < length). */
  @inline set(id: u32, i: u32, v: T): void { store<T>(<usize>this.ptr.get(id) + <usize>i * sizeof<T>(), v); }

  /** Cuts list `id` to its first `n` elements (n <= length). */
  truncate(id: u32, n: u32): void { if (id != NONE) this.len.set(id, n); }

  /** Forgets every list and gives their blocks back. */
  clear(): void {
    for (let i: u32 = 0; i < this.ptr.length; i++) {
      const p = <usize>this.ptr.get(i);
      if (p != 0) heap.free(p);
    }
    this.ptr.clear(); this.len.clear(); this.cap.clear();
    this.ids.clear();
    this.lastId = NONE;
  }
}

/** Lists of u32 (event indexes, record versions). */
@unmanaged
export class U32Lists extends Lists<u32> {
  /** The last element of list `id`, or NONE when empty. */
  last(id: u32): u32 {
    const n = this.length(id);
    return n == 0 ? NONE : this.at(id, n - 1);
  }
}

// Per-leaf memo of check results (0 unknown, 1 false, 2 true), keyed by interned string id or by thread
// version: a string predicate runs once per distinct value, a proc.* check once per thread version.
const MAX_LEAVES: i32 = 1 << 16;
let memoPtr = new StaticArray<usize>(0);
let memoCap = new StaticArray<i32>(0);

/** Two memo tables per leaf: slot 2·id keyed by interned string id, 2·id+1 by thread version. */
export function memoReset(leaves: i32): void {
  for (let k = 0; k < memoPtr.length; k++) if (unchecked(memoPtr[k]) != 0) heap.free(unchecked(memoPtr[k]));
  const n = min(leaves, MAX_LEAVES) * 2;
  memoPtr = new StaticArray<usize>(n);
  memoCap = new StaticArray<i32>(n);
}

/** 0 = unknown, 1 = false, 2 = true. */
export function memoGet(leaf: i32, id: i32): i32 {
  if (leaf >= memoPtr.length || id >= unchecked(memoCap[leaf])) return 0;
  return <i32>load<u8>(unchecked(memoPtr[leaf]) + <usize>id);
}

export function memoSet(leaf: i32, id: i32, v: bool): void {
  if (leaf >= memoPtr.length) return;
  if (id >= unchecked(memoCap[leaf])) grow(leaf, id);
  store<u8>(unchecked(memoPtr[leaf]) + <usize>id, v ? 2 : 1);
}

/** Grows leaf's table (zero-filled, doubling) to hold id. */
function grow(leaf: i32, id: i32): void {
  const cap = unchecked(memoCap[leaf]);
  let n = max<i32>(cap * 2, 1024);
  while (n <= id) n *= 2;
  const p = heap.alloc(<usize>n);
  memory.fill(p, 0, <usize>n);
  const old = unchecked(memoPtr[leaf]);
  if (old != 0) { memory.copy(p, old, <usize>cap); heap.free(old); }
  unchecked(memoPtr[leaf] = p);
  unchecked(memoCap[leaf] = n);
}

/** The memo table of `leaf` grown to hold every id below n, for loops that read and write it directly
 *  (one byte per id, as memoGet/memoSet), or 0 when the leaf has none (past MAX_LEAVES). */
export function memoTable(leaf: i32, n: i32): usize {
  if (leaf >= memoPtr.length) return 0;
  if (n > unchecked(memoCap[leaf])) grow(leaf, n - 1);
  return unchecked(memoPtr[leaf]);
}

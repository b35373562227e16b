// A byte arena for values that are not a plain slice of the document (decoded escapes, compacted
// objects, joined lists). Reset at the start of every field extraction; the pointers it hands out stay
// valid until the next reset, because a full arena is replaced by a bigger copy while the old one is kept
// alive (retired) rather than freed. Positions are handed out as offsets ("marks") so a value being built
// survives a growth. Capped, so a hostile payload cannot make one extraction take unbounded memory.

const MAX_SCRATCH: i32 = 256 << 20;

let block = new StaticArray<u8>(64 << 10);
let used: i32 = 0;
let retired = new Array<StaticArray<u8>>();
/** Set when an append did not fit under MAX_SCRATCH (the value being built is then truncated). */
export let scratchOverflow = false;

export function scratchReset(): void {
  used = 0;
  scratchOverflow = false;
  if (retired.length > 0) retired = new Array<StaticArray<u8>>();
}

export function scratchMark(): u32 {
  return <u32>used;
}

/** Drops everything appended since `mark` (temporary decodes during comparisons). */
export function scratchRewind(mark: u32): void {
  if (<i32>mark < used) used = <i32>mark;
}

export function scratchPtrAt(mark: u32): usize {
  return changetype<usize>(block) + mark;
}

export function scratchLenSince(mark: u32): u32 {
  return <u32>used - mark;
}

function ensure(extra: i32): bool {
  if (used + extra <= block.length) return true;
  const need = used + extra;
  if (need > MAX_SCRATCH || need < 0) { scratchOverflow = true; return false; }
  let n = block.length << 1;
  while (n < need) n <<= 1;
  if (n > MAX_SCRATCH) n = MAX_SCRATCH;
  const b = new StaticArray<u8>(n);
  memory.copy(changetype<usize>(b), changetype<usize>(block), <usize>used);
  retired.push(block);
  block = b;
  return true;
}

export function scratchAppendByte(c: u8): void {
  if (!ensure(1)) return;
  store<u8>(changetype<usize>(block) + used, c);
  used++;
}

export function scratchAppend(p: usize, l: u32): void {
  if (l == 0 || !ensure(<i32>l)) return;
  memory.copy(changetype<usize>(block) + used, p, l);
  used += <i32>l;
}

/** Appends the decimal text of `v`. */
export function scratchAppendU64(v: u64): void {
  let tmp = new StaticArray<u8>(20);
  let n = 0;
  do { tmp[n++] = <u8>(0x30 + <u32>(v % 10)); v /= 10; } while (v != 0 && n < 20);
  while (n > 0) scratchAppendByte(tmp[--n]);
}

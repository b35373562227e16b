// Scratch bytes for transformer outputs and copies of operand values, reset per leaf evaluation: a bump
// allocator whose earlier pointers stay valid until the reset.
let scratch: usize = 0;
let scratchCap: usize = 0;
let scratchUsed: usize = 0;

export function scratchReset(): void { scratchUsed = 0; }

export function scratchAlloc(n: usize): usize {
  if (scratchUsed + n > scratchCap) {
    // Grow into a new block; earlier pointers of this evaluation stay valid (old block kept until reset).
    const cap = max<usize>(scratchCap * 2, max<usize>(n * 2, 4096));
    const p = heap.alloc(cap);
    if (scratch != 0 && scratchUsed == 0) heap.free(scratch);
    scratch = p;
    scratchCap = cap;
    scratchUsed = 0;
  }
  const r = scratch + scratchUsed;
  scratchUsed += n;
  return r;
}

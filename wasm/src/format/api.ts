// Small export helpers for the formatter: globals are read through functions (AssemblyScript does not
// export mutable globals portably), and the host gets scratch memory for plan strings.
import { fmtCounted } from './line';

export function fmtCountedValue(): u64 { return fmtCounted; }

/** Memory the host fills (format literals, field arguments); freed with scratchFree. */
export function scratchAlloc(n: u32): usize { return heap.alloc(n == 0 ? 1 : n); }
export function scratchFree(p: usize): void { heap.free(p); }

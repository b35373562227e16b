// Host access to the value buffer (core/values.ts) after extractField: column pointers the host reads
// with typed-array views (kinds u8, nums u64, ptrs/lens u32, ranges u32, origins u8), so the detail tree,
// the hex highlighting and the tests get every value with its byte range in one call.
import { valKind, valNum, valPtr, valLen, valRangeStart, valRangeLen, valOrigin, valOriginRef } from '../core/values';

export function valuesKinds(): usize { return changetype<usize>(valKind); }
export function valuesNums(): usize { return changetype<usize>(valNum); }
export function valuesPtrs(): usize { return changetype<usize>(valPtr); }
export function valuesLens(): usize { return changetype<usize>(valLen); }
export function valuesRangeStarts(): usize { return changetype<usize>(valRangeStart); }
export function valuesRangeLens(): usize { return changetype<usize>(valRangeLen); }
export function valuesOrigins(): usize { return changetype<usize>(valOrigin); }
export function valuesOriginRefs(): usize { return changetype<usize>(valOriginRef); }

// The value buffer that field extractors fill and the filter evaluator, the formatter and the host read.
// A field yields 0 values (missing: every operator is false), 1, or several (list fields, `proc.aname`
// without argument, `fd.ip` = both endpoints). Fixed capacity, so a hostile capture cannot make an
// extraction allocate without bound; overflow is counted and the extra values dropped.

// Value kinds (num = u64 / i64 bits / 0-1 / f64 bits / IPv4 packed big-endian in the low 32 bits; ptr/len
// = UTF-8 bytes without NUL, 16 raw IPv6 bytes, or raw buffer bytes) and origins are shared with the
// host: generated from scripts/gen/boundary.json.
export { V_NONE, V_UINT, V_INT, V_STR, V_BOOL, V_DOUBLE, V_IPV4, V_IPV6, V_BYTES, NO_RANGE } from '../generated/boundary';

/**
 * Where a value came from (see engine/api.ts StateOrigin): O_EVENT, rangeStart/rangeLen are absolute
 * offsets in the raw capture; the lists, originRef = block offset; O_STATE_EVENT, originRef = index of
 * the event that set the state; O_INFERRED, computed (no single source).
 */
export {
  ORIGIN_NONE as O_EVENT, ORIGIN_PROCESS_LIST as O_PROCESS_LIST, ORIGIN_FD_LIST as O_FD_LIST,
  ORIGIN_USER_LIST as O_USER_LIST, ORIGIN_EVENT as O_STATE_EVENT, ORIGIN_INFERRED as O_INFERRED,
} from '../generated/boundary';

export const MAX_VALUES: i32 = 256;

/**
 * False while the filter evaluator extracts: only the detail view needs origins, so extractors may skip
 * computing them (e.g. walking a thread's version chain) when this is false.
 */
export let valOriginsWanted: bool = true;
export function valWantOrigins(b: bool): void { valOriginsWanted = b; }

export let valCount: i32 = 0;
export let valOverflow: i32 = 0;
export const valKind = new StaticArray<u8>(MAX_VALUES);
export const valNum = new StaticArray<u64>(MAX_VALUES);
export const valPtr = new StaticArray<usize>(MAX_VALUES);
export const valLen = new StaticArray<u32>(MAX_VALUES);
export const valStrId = new StaticArray<i32>(MAX_VALUES);
export const valRangeStart = new StaticArray<u32>(MAX_VALUES);
export const valRangeLen = new StaticArray<u32>(MAX_VALUES);
export const valOrigin = new StaticArray<u8>(MAX_VALUES);
export const valOriginRef = new StaticArray<u32>(MAX_VALUES);

export function valReset(): void {
  valCount = 0;
  valOverflow = 0;
}

/** Appends a value; returns its slot or -1 when the buffer is full. */
export function valPush(kind: u8, num: u64, ptr: usize, len: u32, strId: i32,
  rangeStart: u32, rangeLen: u32, origin: u8, originRef: u32): i32 {
  if (valCount >= MAX_VALUES) { valOverflow++; return -1; }
  const i = valCount++;
  unchecked(valKind[i] = kind);
  unchecked(valNum[i] = num);
  unchecked(valPtr[i] = ptr);
  unchecked(valLen[i] = len);
  unchecked(valStrId[i] = strId);
  unchecked(valRangeStart[i] = rangeStart);
  unchecked(valRangeLen[i] = rangeLen);
  unchecked(valOrigin[i] = origin);
  unchecked(valOriginRef[i] = originRef);
  return i;
}

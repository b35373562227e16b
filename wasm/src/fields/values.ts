// The value buffer that field extractors fill and the filter evaluator, the formatter and the host read.
// A field yields 0 values (missing: every operator is false), 1, or several (list fields, `proc.aname`
// without argument, `fd.ip` = both endpoints). Fixed capacity, so a hostile capture cannot make an
// extraction allocate without bound; overflow is counted and the extra values dropped.

export const V_NONE: u8 = 0;
export const V_UINT: u8 = 1;   // num = u64
export const V_INT: u8 = 2;    // num = i64 bits
export const V_STR: u8 = 3;    // ptr/len = UTF-8 bytes (no NUL); strId = interned id or -1
export const V_BOOL: u8 = 4;   // num = 0/1
export const V_DOUBLE: u8 = 5; // num = f64 bits
export const V_IPV4: u8 = 6;   // num = address, network byte order packed big-endian into the low 32 bits
export const V_IPV6: u8 = 7;   // ptr/len = 16 raw bytes
export const V_BYTES: u8 = 8;  // ptr/len = raw bytes (buffers)

export const NO_RANGE: u32 = 0xFFFFFFFF;

/** Where a value came from when not from the event's own bytes (see engine/api.ts StateOrigin). */
export const O_EVENT: u8 = 0;        // rangeStart/rangeLen are absolute offsets in the raw capture
export const O_PROCESS_LIST: u8 = 1; // originRef = block offset
export const O_FD_LIST: u8 = 2;      // originRef = block offset
export const O_USER_LIST: u8 = 3;    // originRef = block offset
export const O_STATE_EVENT: u8 = 4;  // originRef = index of the event that set the state
export const O_INFERRED: u8 = 5;     // computed (no single source)

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

// Pushing plugin field values into the shared value buffer (core/values.ts), each with the absolute
// byte range of the JSON text it came from. Values built from several places or from nothing in the
// payload (joined lists, summaries, defaults) carry no range and the O_INFERRED origin.
import { valPush, V_STR, V_UINT, NO_RANGE, O_EVENT, O_INFERRED } from '../core/values';
import { textOf, outPtr, outLen, startOf, endOf, docAbs, Bytes } from '../json/nav';

/** The value of node `n` as text, ranged over the node's whole JSON text (quotes included for strings). */
export function emitNode(n: i32): void {
  textOf(n);
  const s = startOf(n);
  valPush(V_STR, 0, outPtr, outLen, -1, docAbs + s, endOf(n) - s, O_EVENT, 0);
}

/** A text value with an explicit range relative to the document (NO_RANGE: inferred). */
export function emitText(ptr: usize, len: u32, relStart: u32, rangeLen: u32): void {
  if (relStart == NO_RANGE) valPush(V_STR, 0, ptr, len, -1, NO_RANGE, 0, O_INFERRED, 0);
  else valPush(V_STR, 0, ptr, len, -1, docAbs + relStart, rangeLen, O_EVENT, 0);
}

/** A constant text value ("true", "false", "0") that reflects node `n` (or nothing when n < 0). */
export function emitConst(b: Bytes, n: i32): void {
  if (n < 0) emitText(b.ptr, b.len, NO_RANGE, 0);
  else emitText(b.ptr, b.len, startOf(n), endOf(n) - startOf(n));
}

/** An unsigned number value; ranged over node `n` when n >= 0. */
export function emitU64(v: u64, n: i32): void {
  if (n < 0) valPush(V_UINT, v, 0, 0, -1, NO_RANGE, 0, O_INFERRED, 0);
  else valPush(V_UINT, v, 0, 0, -1, docAbs + startOf(n), endOf(n) - startOf(n), O_EVENT, 0);
}

/** A value with a range given in absolute capture offsets (e.g. the event header's timestamp). */
export function emitAbs(ptr: usize, len: u32, absStart: u32, absLen: u32): void {
  valPush(V_STR, 0, ptr, len, -1, absStart, absLen, O_EVENT, 0);
}

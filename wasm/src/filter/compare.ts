// Comparison of one value with one constant slot of the plan or one right-hand value: the operator over
// the field's class (strings and bytes, IP addresses and networks, doubles, signed or unsigned integers).
import { V_INT, V_STR, V_DOUBLE, V_IPV4, V_IPV6, V_BYTES, V_UINT } from '../core/values';
import {
  pw, pa, pu64, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS, OP_ICONTAINS, OP_BCONTAINS, OP_STARTSWITH,
  OP_BSTARTSWITH, OP_ENDSWITH, OP_GLOB, OP_IGLOB, OP_REGEX, OP_IN, OP_INTERSECTS, OP_PMATCH,
  CLS_INT, CLS_DOUBLE, CLS_STR, CLS_BYTES, CLS_IP, CLS_NET,
} from './plan';
import {
  bytesEq, bytesCmp, bytesStarts, bytesEnds, bytesContains, globMatch, pathPrefixMatch, regexFullMatch,
} from './match';

/** One operator between a value (kind/num/ptr/len) and a constant slot or right value (b*). */
export function pairOp(op: i32, cls: i32, aKind: u8, aNum: u64, aPtr: usize, aLen: u32,
  bKind: u8, bNum: u64, bPtr: usize, bLen: u32, bPrefix: i32, prog: i32, progLen: i32): bool {
  if (cls == CLS_STR || cls == CLS_BYTES) {
    if (aKind != V_STR && aKind != V_BYTES) return false;
    switch (op) {
      case OP_EQ: case OP_IN: case OP_INTERSECTS: return bytesEq(aPtr, aLen, bPtr, bLen);
      case OP_NE: return !bytesEq(aPtr, aLen, bPtr, bLen);
      case OP_LT: return bytesCmp(aPtr, aLen, bPtr, bLen) < 0;
      case OP_LE: return bytesCmp(aPtr, aLen, bPtr, bLen) <= 0;
      case OP_GT: return bytesCmp(aPtr, aLen, bPtr, bLen) > 0;
      case OP_GE: return bytesCmp(aPtr, aLen, bPtr, bLen) >= 0;
      case OP_CONTAINS: case OP_BCONTAINS: return bytesContains(aPtr, aLen, bPtr, bLen, false);
      case OP_ICONTAINS: return bytesContains(aPtr, aLen, bPtr, bLen, true);
      case OP_STARTSWITH: case OP_BSTARTSWITH: return bytesStarts(aPtr, aLen, bPtr, bLen);
      case OP_ENDSWITH: return bytesEnds(aPtr, aLen, bPtr, bLen);
      case OP_GLOB: return globMatch(bPtr, bLen, aPtr, aLen, false);
      case OP_IGLOB: return globMatch(bPtr, bLen, aPtr, aLen, true);
      case OP_REGEX: return regexFullMatch(pa(prog), progLen, aPtr, aLen);
      case OP_PMATCH: return pathPrefixMatch(bPtr, bLen, aPtr, aLen);
    }
    return false;
  }
  if (cls == CLS_IP || cls == CLS_NET) {
    let eq = false;
    const isNet = cls == CLS_NET || bPrefix >= 0;
    if (aKind == V_IPV4 && bKind == V_IPV4) {
      if (isNet && bPrefix >= 0) {
        const mask: u32 = bPrefix == 0 ? 0 : (0xffffffff << <u32>(32 - bPrefix));
        eq = ((<u32>aNum) & mask) == <u32>bNum;
      } else eq = <u32>aNum == <u32>bNum;
    } else if (aKind == V_IPV6 && bKind == V_IPV6) {
      const pre = isNet && bPrefix >= 0 ? bPrefix : 128;
      eq = true;
      for (let i = 0; i < 16 && eq; i++) {
        const keep = min(8, max(0, pre - 8 * i));
        const m = <u8>((<i32>0xff << (8 - <i32>keep)) & 0xff);
        if ((load<u8>(aPtr + <usize>i) & m) != (load<u8>(bPtr + <usize>i) & m)) eq = false;
      }
    }
    if (op == OP_NE) return !eq;
    if (op == OP_EQ || op == OP_IN || op == OP_INTERSECTS) return eq;
    return false;
  }
  if (cls == CLS_DOUBLE) {
    const a = aKind == V_DOUBLE ? reinterpret<f64>(aNum) : (aKind == V_INT ? <f64><i64>aNum : <f64>aNum);
    const b = bKind == V_DOUBLE ? reinterpret<f64>(bNum) : <f64><i64>bNum;
    return ordered<f64>(op, a, b);
  }
  if (aKind == V_STR || aKind == V_BYTES || aKind == V_IPV6) return false;
  if (cls == CLS_INT) {
    const a = <i64>aNum, b = <i64>bNum;
    return ordered<i64>(op, a, b);
  }
  return ordered<u64>(op, aNum, bNum);
}

/** Equality and order operators over one numeric type (double, signed or unsigned). */
@inline function ordered<T>(op: i32, a: T, b: T): bool {
  switch (op) {
    case OP_EQ: case OP_IN: case OP_INTERSECTS: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
  }
  return false;
}

/** Operator `op` between value a (kind/num/ptr/len) and constant slot s (word offset). */
export function valueVsSlot(op: i32, cls: i32, aKind: u8, aNum: u64, aPtr: usize, aLen: u32, s: i32): bool {
  const a = pw(s), b = pw(s + 1), c = pw(s + 2), d = pw(s + 3);
  let bKind: u8 = V_UINT;
  let bNum: u64 = pu64(s);
  let bPtr: usize = 0;
  let bLen: u32 = 0;
  let prefix: i32 = -1;
  if (cls == CLS_STR || cls == CLS_BYTES) {
    bKind = V_STR;
    bPtr = a >= 0 ? pa(a) : 0;
    bLen = <u32>b;
  } else if (cls == CLS_IP || cls == CLS_NET) {
    if (a == 4) { bKind = V_IPV4; bNum = <u64><u32>b; } else { bKind = V_IPV6; bPtr = pa(b); bLen = 16; }
    if (cls == CLS_NET) prefix = c;
  }
  return pairOp(op, cls, aKind, aNum, aPtr, aLen,
    bKind, bNum, bPtr, bLen, prefix, c, d);
}

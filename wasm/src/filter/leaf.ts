// Evaluation of one check (a plan leaf) on one event: extract the field (fast columns of the event
// index first, else the field extractors), apply transformers, compare with the constants or with the
// right-hand field, and combine several values the way the field's semantics say (any ancestor, both
// socket endpoints, list fields). Results for dictionary-encoded strings are memoised per interned id,
// so a string predicate runs once per distinct value, not once per event.
import {
  valKind, valNum, valPtr, valLen, valStrId, V_UINT, V_INT, V_STR, V_DOUBLE, V_IPV4, V_IPV6, V_BYTES, MAX_VALUES,
} from '../fields/values';
import { extractField } from '../fields/extract';
import { strPtr, strLen } from '../core/intern';
import { cacheableField, numCacheableField, numTupleId, numTupleLoad, cacheColumn, VC_MISSING, VC_UNCACHEABLE } from './valcache';
import { evTs, evTid, evCpu } from '../reader/events';
import { F_EVT_NUM, F_EVT_RAWTIME, F_EVT_CPU, F_THREAD_TID } from '../generated/fields';
import {
  pw, pa, SLOT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS, OP_ICONTAINS, OP_BCONTAINS, OP_STARTSWITH,
  OP_BSTARTSWITH, OP_ENDSWITH, OP_GLOB, OP_IGLOB, OP_REGEX, OP_IN, OP_INTERSECTS, OP_PMATCH, OP_EXISTS, OP_AROUND,
  MOD_ONEOF, MOD_ANYOF, MOD_ALLOF, MULTI_ANY, MULTI_FDBOTH, MULTI_LIST, CLS_INT, CLS_DOUBLE, CLS_STR, CLS_BYTES,
  CLS_IP, CLS_NET, X_TOLOWER, X_TOUPPER, X_B64, X_BASENAME, X_LEN, pu64,
} from './plan';
import {
  bytesEq, bytesCmp, bytesStarts, bytesEnds, bytesContains, globMatch, pathPrefixMatch, regexFullMatch,
} from './match';

/** len() of a list: the number of elements (engine/filter/plan.ts XFORMS.lenlist). */
const X_LENLIST: i32 = 6;

// Extracted (and transformed) values of the left and right operands.
const lKind = new StaticArray<u8>(MAX_VALUES);
const lNum = new StaticArray<u64>(MAX_VALUES);
const lPtr = new StaticArray<usize>(MAX_VALUES);
const lLen = new StaticArray<u32>(MAX_VALUES);
const rKind = new StaticArray<u8>(MAX_VALUES);
const rNum = new StaticArray<u64>(MAX_VALUES);
const rPtr = new StaticArray<usize>(MAX_VALUES);
const rLen = new StaticArray<u32>(MAX_VALUES);
let lCount: i32 = 0;
let rCount: i32 = 0;
let firstStrId: i32 = -1;

// Scratch bytes for transformer outputs and copies, reset per leaf evaluation.
let scratch: usize = 0;
let scratchCap: usize = 0;
let scratchUsed: usize = 0;

function scratchAlloc(n: usize): usize {
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

// ---- per-leaf memo over interned string ids ------------------------------------------------------

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
  let cap = unchecked(memoCap[leaf]);
  if (id >= cap) {
    let n = max<i32>(cap * 2, 1024);
    while (n <= id) n *= 2;
    const p = heap.alloc(<usize>n);
    memory.fill(p, 0, <usize>n);
    const old = unchecked(memoPtr[leaf]);
    if (old != 0) { memory.copy(p, old, <usize>cap); heap.free(old); }
    unchecked(memoPtr[leaf] = p);
    unchecked(memoCap[leaf] = n);
    cap = n;
  }
  store<u8>(unchecked(memoPtr[leaf]) + <usize>id, v ? 2 : 1);
}

// ---- extraction -----------------------------------------------------------------------------------

/** Fields answered from the event index without the extractors (the hot columns). */
function fastExtract(field: i32, ev: u32): i32 {
  if (field == F_EVT_NUM) { fastOne(V_UINT, <u64>ev + 1); return 1; }
  if (field == F_EVT_RAWTIME) { fastOne(V_UINT, evTs(ev)); return 1; }
  if (field == F_EVT_CPU) { fastOne(V_INT, <u64>evCpu(ev)); return 1; }
  if (field == F_THREAD_TID) { fastOne(V_INT, <u64>evTid(ev)); return 1; }
  return -1;
}

@inline function fastOne(kind: u8, num: u64): void {
  unchecked(valKind[0] = kind);
  unchecked(valNum[0] = num);
  unchecked(valStrId[0] = -1);
}

/** Word after the operand at `off` (header of 6 words, then its transformer codes). */
@inline function operandEnd(off: i32): i32 { return off + 6 + pw(off + 5); }

const OPK_LITERAL: i32 = -1;
const OPK_CONCAT: i32 = -2;
const OPK_JOIN: i32 = -3;
const OPK_GETOPT: i32 = -4;
const MAX_NEST: i32 = 64;

/**
 * The operand's values (before its own transformers) into the value buffer; returns their count
 * (0 = the extraction failed). Fields go to the extractors; composites build their result from their
 * arguments' values (see engine/filter/plan.ts for the layout).
 */
function rawExtract(off: i32, ev: u32, depth: i32, useCache: bool = false): i32 {
  const k = pw(off);
  if (k >= 0) {
    let n = fastExtract(k, ev);
    if (n < 0) {
      const argNum = (<i64>pw(off + 2) << 32) | (<i64>pw(off + 1) & 0xffffffff);
      const strOff = pw(off + 3);
      // string fields without argument: the per-event id cache (valcache.ts)
      let col: usize = 0;
      let numeric = false;
      if (useCache && strOff < 0 && argNum == -1 && numCacheableField(k)) {
        // small numeric values: the per-event tuple id (valcache.ts)
        numeric = true;
        col = cacheColumn(k);
        if (col != 0) {
          const c = load<i32>(col + (<usize>ev << 2));
          if (c >= 0) return numTupleLoad(c);
          if (c == VC_MISSING) return 0;
          if (c == VC_UNCACHEABLE) col = 0;
        }
      } else if (useCache && strOff < 0 && argNum == -1 && cacheableField(k)) {
        col = cacheColumn(k);
        if (col != 0) {
          const c = load<i32>(col + (<usize>ev << 2));
          if (c >= 0) {
            unchecked(valKind[0] = V_STR);
            unchecked(valPtr[0] = strPtr(c));
            unchecked(valLen[0] = strLen(c));
            unchecked(valStrId[0] = c);
            return 1;
          }
          if (c == VC_MISSING) return 0;
          if (c == VC_UNCACHEABLE) col = 0;
        }
      }
      n = extractField(k, argNum, strOff >= 0 ? pa(strOff) : 0, strOff >= 0 ? <u32>pw(off + 4) : 0, ev);
      if (col != 0 && numeric) store<i32>(col + (<usize>ev << 2), n <= 0 ? VC_MISSING : numTupleId(n));
      else if (col != 0) {
        const code = n <= 0 ? VC_MISSING
          : (n == 1 && unchecked(valKind[0]) == V_STR && unchecked(valStrId[0]) >= 0) ? unchecked(valStrId[0]) : VC_UNCACHEABLE;
        store<i32>(col + (<usize>ev << 2), code);
      }
    }
    return n;
  }
  if (depth > MAX_NEST) return 0;
  if (k == OPK_LITERAL) {
    setOne(pw(off + 1) >= 0 ? pa(pw(off + 1)) : 0, <u32>pw(off + 2));
    return 1;
  }
  const sp0 = psp;
  let ok = true;
  if (k == OPK_CONCAT) {
    const n = pw(off + 1), tab = pw(off + 2);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, true);
    if (ok) setOne(joinPieces(sp0, psp, 0, 0), builtLen);
    psp = sp0;
    return ok ? 1 : 0;
  }
  if (k == OPK_JOIN) {
    ok = pushPieces(pw(off + 1), ev, depth, true);
    if (!ok) { psp = sp0; return 0; }
    const sepPtr = unchecked(pPtr[sp0]), sepLen = unchecked(pLen[sp0]);
    const tab = pw(off + 2), n = pw(off + 3);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, false);
    if (ok) setOne(joinPieces(sp0 + 1, psp, sepPtr, sepLen), builtLen);
    psp = sp0;
    return ok ? 1 : 0;
  }
  if (k == OPK_GETOPT) {
    const tab = pw(off + 1), n = pw(off + 2);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, false);
    const r = ok ? getopt(sp0, psp, pw(off + 3) >= 0 ? pa(pw(off + 3)) : 0, <u32>(pw(off + 4) & 0xffff), (pw(off + 4) >>> 16) - 1) : 0;
    psp = sp0;
    return r;
  }
  return 0;
}

@inline function setOne(ptr: usize, len: u32): void {
  unchecked(valKind[0] = V_STR);
  unchecked(valPtr[0] = ptr);
  unchecked(valLen[0] = len);
  unchecked(valStrId[0] = -1);
}

// A stack of byte pieces (copied into scratch) that composites assemble; nested composites use the
// part above their own base.
const MAX_PIECES: i32 = 4096;
const pPtr = new StaticArray<usize>(MAX_PIECES);
const pLen = new StaticArray<u32>(MAX_PIECES);
let psp: i32 = 0;
let builtLen: u32 = 0;

/** Extracts operand `off` (with its transformers) and pushes each value as text; false on failure. */
function pushPieces(off: i32, ev: u32, depth: i32, single: bool): bool {
  let n = rawExtract(off, ev, depth + 1);
  if (n > 0) n = applyXforms(off, n);
  if (n <= 0 || (single && n != 1)) return false;
  for (let k = 0; k < n; k++) {
    if (psp >= MAX_PIECES) return false;
    const kind = unchecked(valKind[k]);
    let ptr: usize, len: u32;
    if (kind == V_STR || kind == V_BYTES) {
      len = unchecked(valLen[k]);
      ptr = scratchAlloc(<usize>len);
      memory.copy(ptr, unchecked(valPtr[k]), <usize>len);
    } else if (kind == V_UINT || kind == V_INT) {
      ptr = scratchAlloc(24);
      len = decimal(ptr, unchecked(valNum[k]), kind == V_INT);
    } else return false;
    unchecked(pPtr[psp] = ptr);
    unchecked(pLen[psp] = len);
    psp++;
  }
  return true;
}

function decimal(out: usize, v: u64, signed: bool): u32 {
  let neg = false;
  if (signed && <i64>v < 0) { neg = true; v = <u64>(-<i64>v); }
  let tmp = out + 23;
  let n: u32 = 0;
  do { store<u8>(tmp, <u8>(48 + <u32>(v % 10))); tmp--; n++; v /= 10; } while (v != 0);
  if (neg) { store<u8>(tmp, 0x2d); tmp--; n++; }
  memory.copy(out, tmp + 1, n);
  return n;
}

/** Pieces [a, b) joined by sep into new scratch; sets builtLen, returns the pointer. */
function joinPieces(a: i32, b: i32, sep: usize, sepLen: u32): usize {
  let total: usize = 0;
  for (let i = a; i < b; i++) total += <usize>unchecked(pLen[i]) + (i > a ? <usize>sepLen : 0);
  const out = scratchAlloc(total);
  let o = out;
  for (let i = a; i < b; i++) {
    if (i > a && sepLen > 0) { memory.copy(o, sep, sepLen); o += sepLen; }
    memory.copy(o, unchecked(pPtr[i]), unchecked(pLen[i]));
    o += unchecked(pLen[i]);
  }
  builtLen = <u32>total;
  return out;
}

/** Option letter c's spec in optstring: -1 absent, 0 flag, 1 takes a value. */
function optSpec(opt: usize, optLen: u32, c: u32): i32 {
  if (c == 0x3a) return -1;
  for (let i: u32 = 0; i < optLen; i++) {
    if (<u32>load<u8>(opt + i) == c) return (i + 1 < optLen && load<u8>(opt + i + 1) == 0x3a) ? 1 : 0;
  }
  return -1;
}

/**
 * POSIX-style getopt over the argv pieces [a, b): stops at `--` or the first non-option, skips long
 * options, expands clusters. Without a wanted letter (want < 0) the value buffer gets each option
 * letter followed by its value; with one, only the value (or letter) of its last occurrence.
 */
function getopt(a: i32, b: i32, opt: usize, optLen: u32, want: i32): i32 {
  let out = 0;
  let lastPtr: usize = 0, lastLen: u32 = 0;
  let found = false;
  let i = a;
  while (i < b) {
    const p = unchecked(pPtr[i]), l = unchecked(pLen[i]);
    if (l < 2 || load<u8>(p) != 0x2d) break;              // non-option or "-"
    if (load<u8>(p + 1) == 0x2d) { if (l == 2) break; i++; continue; } // "--" ends; long options skipped
    i++;
    for (let j: u32 = 1; j < l; j++) {
      const c = <u32>load<u8>(p + j);
      const spec = optSpec(opt, optLen, c);
      const letter = scratchAlloc(1);
      store<u8>(letter, <u8>(spec < 0 ? 0x3f : c));
      let vPtr: usize = 0, vLen: u32 = 0;
      if (spec == 1) {
        if (j + 1 < l) { vPtr = p + j + 1; vLen = l - j - 1; }
        else if (i < b) { vPtr = unchecked(pPtr[i]); vLen = unchecked(pLen[i]); i++; }
      }
      if (want >= 0) {
        if (<i32>c == want && spec >= 0) {
          found = true;
          if (spec == 1) { lastPtr = vPtr; lastLen = vLen; } else { lastPtr = letter; lastLen = 1; }
        }
      } else if (out + 2 <= MAX_VALUES) {
        pushStr(out++, letter, 1);
        if (spec == 1) pushStr(out++, vPtr, vLen);
      }
      if (spec == 1) break;
    }
  }
  if (want >= 0) {
    if (!found) return 0;
    pushStr(0, lastPtr, lastLen);
    return 1;
  }
  return out;
}

@inline function pushStr(k: i32, ptr: usize, len: u32): void {
  unchecked(valKind[k] = V_STR);
  unchecked(valPtr[k] = ptr);
  unchecked(valLen[k] = len);
  unchecked(valStrId[k] = -1);
}

/** Applies the operand's transformers to the value buffer in place; returns the new count (0 = failed). */
function applyXforms(off: i32, n: i32): i32 {
  const nx = pw(off + 5);
  if (nx == 0) return n;
  let count = min(n, MAX_VALUES);
  for (let k = 0; k < count; k++) {
    let kind = unchecked(valKind[k]);
    let num = unchecked(valNum[k]);
    let ptr = unchecked(valPtr[k]);
    let len = unchecked(valLen[k]);
    for (let x = 0; x < nx; x++) {
      const t = pw(off + 6 + x);
      if (t == X_TOLOWER || t == X_TOUPPER) {
        const p = scratchAlloc(<usize>len);
        for (let i: u32 = 0; i < len; i++) {
          let c = <u32>load<u8>(ptr + i);
          if (t == X_TOLOWER && c >= 65 && c <= 90) c |= 0x20;
          else if (t == X_TOUPPER && c >= 97 && c <= 122) c &= ~0x20;
          store<u8>(p + i, <u8>c);
        }
        ptr = p;
      } else if (t == X_BASENAME) {
        let i = len;
        while (i > 0 && load<u8>(ptr + i - 1) != 0x2f) i--;
        ptr += i;
        len -= i;
      } else if (t == X_LEN) {
        kind = V_UINT;
        num = <u64>len;
      } else if (t == X_B64) {
        const p = scratchAlloc(<usize>len);
        const outLen = b64Decode(ptr, len, p);
        if (outLen < 0) return 0; // a failing transformer fails the extraction
        ptr = p;
        len = <u32>outLen;
      }
    }
    unchecked(valKind[k] = kind); unchecked(valNum[k] = num); unchecked(valPtr[k] = ptr); unchecked(valLen[k] = len);
  }
  if (pw(off + 6) == X_LENLIST) {
    unchecked(valKind[0] = V_UINT);
    unchecked(valNum[0] = <u64>n);
    count = 1;
  }
  return count;
}

/** Copies the value buffer into the left (side 0) or right (side 1) arrays. */
function takeValues(side: i32, n: i32): i32 {
  const count = min(n, MAX_VALUES);
  for (let k = 0; k < count; k++) {
    if (side == 0) {
      unchecked(lKind[k] = valKind[k]); unchecked(lNum[k] = valNum[k]); unchecked(lPtr[k] = valPtr[k]); unchecked(lLen[k] = valLen[k]);
    } else {
      unchecked(rKind[k] = valKind[k]); unchecked(rNum[k] = valNum[k]); unchecked(rPtr[k] = valPtr[k]); unchecked(rLen[k] = valLen[k]);
    }
  }
  return count;
}

function b64Val(c: u32): i32 {
  if (c >= 65 && c <= 90) return <i32>c - 65;
  if (c >= 97 && c <= 122) return <i32>c - 71;
  if (c >= 48 && c <= 57) return <i32>c + 4;
  if (c == 43) return 62;
  if (c == 47) return 63;
  return -1;
}

/** Standard base64 (padding optional) into out; -1 when invalid. */
function b64Decode(p: usize, len: u32, out: usize): i32 {
  while (len > 0 && load<u8>(p + len - 1) == 0x3d) len--;
  if ((len & 3) == 1) return -1;
  let acc: u32 = 0, bits: u32 = 0, o: i32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const v = b64Val(<u32>load<u8>(p + i));
    if (v < 0) return -1;
    acc = (acc << 6) | <u32>v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(out + <usize>o, <u8>(acc >> bits));
      o++;
    }
  }
  return o;
}

// ---- comparisons ------------------------------------------------------------------------------------

/** One operator between a value (kind/num/ptr/len) and a constant slot or right value (b*). */
function pairOp(op: i32, cls: i32, aKind: u8, aNum: u64, aPtr: usize, aLen: u32,
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

/** Operator `op` between left value k and constant slot s (word offset). */
function valueVsSlot(op: i32, cls: i32, k: i32, s: i32): bool {
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
  return pairOp(op, cls, unchecked(lKind[k]), unchecked(lNum[k]), unchecked(lPtr[k]), unchecked(lLen[k]),
    bKind, bNum, bPtr, bLen, prefix, c, d);
}

/** Left value k tested against all constants (nv slots at s0) with the leaf's operator. */
function valueTest(op: i32, cls: i32, k: i32, nv: i32, s0: i32): bool {
  if (op == OP_IN || op == OP_INTERSECTS || op == OP_PMATCH) {
    for (let j = 0; j < nv; j++) if (valueVsSlot(op, cls, k, s0 + j * SLOT)) return true;
    return false;
  }
  if (nv == 0) return false;
  return valueVsSlot(op, cls, k, s0);
}

/**
 * Evaluates the leaf record at word `off` ([N_LEAF, id, operand…, op, mod, multi, cls, bits, hasRhs,
 * [rhs operand…], nValues, slots…]) for event ev.
 */
export function evalLeaf(off: i32, ev: u32): bool {
  const id = pw(off + 1) * 2;
  const lOff = off + 3;
  scratchUsed = 0;
  psp = 0;
  let n = rawExtract(lOff, ev, 0, pw(off + 2) == 0);
  if (n <= 0) return false;
  const p = operandEnd(lOff);
  const op = pw(p), mod = pw(p + 1), multi = pw(p + 2), cls = pw(p + 3);
  const hasRhs = pw(p + 5);
  // memo by interned string id (single string value, constant right side)
  let memoId = -1;
  if (hasRhs == 0 && n == 1 && multi == 0 && pw(lOff) >= 0 && unchecked(valKind[0]) == V_STR && unchecked(valStrId[0]) >= 0) {
    memoId = unchecked(valStrId[0]);
    const m = memoGet(id, memoId);
    if (m != 0) return m == 2;
  }
  n = applyXforms(lOff, n);
  lCount = n > 0 ? takeValues(0, n) : 0;
  if (lCount <= 0) { if (memoId >= 0) memoSet(id, memoId, false); return false; }
  if (op == OP_EXISTS) return true; // after the transformers: a failing one makes the field missing
  if (op == OP_AROUND) {
    const t = <u64>((<i64>pw(lOff + 2) << 32) | (<i64>pw(lOff + 1) & 0xffffffff));
    const s = p + 7;
    const d = pu64(s) * 1000000;
    const v = unchecked(lNum[0]);
    return (v >= t ? v - t : t - v) <= d;
  }
  let r: bool;
  if (hasRhs != 0) r = evalVsField(op, cls, multi, p + 6, ev);
  else {
    const nv = pw(p + 6);
    const s0 = p + 7;
    r = evalVsConstants(op, mod, multi, cls, nv, s0);
  }
  if (memoId >= 0) memoSet(id, memoId, r);
  return r;
}

function evalVsConstants(op: i32, mod: i32, multi: i32, cls: i32, nv: i32, s0: i32): bool {
  if (mod != 0) {
    if (nv == 0) return false;
    let hits = 0;
    for (let j = 0; j < nv; j++) if (valueVsSlot(op, cls, 0, s0 + j * SLOT)) hits++;
    if (mod == MOD_ANYOF) return hits >= 1;
    if (mod == MOD_ALLOF) return hits == nv;
    if (mod == MOD_ONEOF) return hits == 1;
    return false;
  }
  if (multi == MULTI_LIST) {
    if (op == OP_IN) {
      for (let k = 0; k < lCount; k++) if (!valueTest(op, cls, k, nv, s0)) return false;
      return true;
    }
    for (let k = 0; k < lCount; k++) if (valueTest(op, cls, k, nv, s0)) return true;
    return false;
  }
  if (multi == MULTI_FDBOTH && op == OP_NE) {
    for (let k = 0; k < lCount; k++) if (valueTest(OP_EQ, cls, k, nv, s0)) return false;
    return true;
  }
  if (multi == MULTI_ANY || multi == MULTI_FDBOTH) {
    for (let k = 0; k < lCount; k++) if (valueTest(op, cls, k, nv, s0)) return true;
    return false;
  }
  return valueTest(op, cls, 0, nv, s0);
}

function evalVsField(op: i32, cls: i32, multi: i32, rOff: i32, ev: u32): bool {
  // The left values point into memory the next extraction may reuse: copy their bytes first.
  for (let k = 0; k < lCount; k++) {
    const len = unchecked(lLen[k]);
    if (len > 0 && (unchecked(lKind[k]) == V_STR || unchecked(lKind[k]) == V_BYTES || unchecked(lKind[k]) == V_IPV6)) {
      const q = scratchAlloc(<usize>len);
      memory.copy(q, unchecked(lPtr[k]), <usize>len);
      unchecked(lPtr[k] = q);
    }
  }
  let m = rawExtract(rOff, ev, 0);
  if (m > 0) m = applyXforms(rOff, m);
  if (m <= 0) return false;
  rCount = takeValues(1, m);
  if (rCount <= 0) return false;
  const setOp = op == OP_IN || op == OP_INTERSECTS;
  const needAll = multi == MULTI_LIST && op == OP_IN;
  for (let k = 0; k < lCount; k++) {
    let hit = false;
    const last = setOp ? rCount : 1;
    for (let j = 0; j < last && !hit; j++) {
      hit = pairOp(op, cls, unchecked(lKind[k]), unchecked(lNum[k]), unchecked(lPtr[k]), unchecked(lLen[k]),
        unchecked(rKind[j]), unchecked(rNum[j]), unchecked(rPtr[j]), unchecked(rLen[j]), -1, 0, 0);
    }
    if (needAll && !hit) return false;
    if (!needAll && hit) return true;
    if (!setOp && multi == 0) return hit;
  }
  return needAll;
}


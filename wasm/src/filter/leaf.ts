// Evaluation of one check (a plan leaf) on one event: extract the field (operand.ts: fast columns of the
// event index first, else the field extractors), apply transformers (xforms.ts), compare with the
// constants or with the right-hand field (compare.ts), and combine several values the way the field's
// semantics say (any ancestor, both socket endpoints, list fields). Results for dictionary-encoded strings
// are memoised per interned id (leafmemo.ts), so a string predicate runs once per distinct value.
import { valKind, valNum, valPtr, valLen, valStrId, V_STR, V_BYTES, V_IPV6, MAX_VALUES } from '../core/values';
import {
  pw, pu64, SLOT, OP_EQ, OP_NE, OP_IN, OP_INTERSECTS, OP_PMATCH, OP_EXISTS, OP_AROUND,
  MOD_ONEOF, MOD_ANYOF, MOD_ALLOF, MULTI_ANY, MULTI_FDBOTH, MULTI_LIST,
} from './plan';
import { scratchAlloc, scratchReset } from './scratch';
import { memoGet, memoSet } from './leafmemo';
import { rawExtract, operandEnd, piecesReset } from './operand';
import { applyXforms } from './xforms';
import { pairOp, valueVsSlot as slotOp } from './compare';

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

/** Operator `op` between left value k and constant slot s (word offset). */
@inline function valueVsSlot(op: i32, cls: i32, k: i32, s: i32): bool {
  return slotOp(op, cls, unchecked(lKind[k]), unchecked(lNum[k]), unchecked(lPtr[k]), unchecked(lLen[k]), s);
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
export function evalLeaf(off: i32, ev: u32, valueColumns: bool = true): bool {
  const id = pw(off + 1) * 2;
  const lOff = off + 3;
  scratchReset();
  piecesReset();
  let n = rawExtract(lOff, ev, 0, valueColumns && pw(off + 2) == 0);
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


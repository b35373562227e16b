// Columnar evaluation of a plan over the whole event index. Each node narrows a bitmap of candidate
// events in place: `and` narrows child by child (so later checks only see events earlier ones kept —
// short-circuit, but for all events at once), `or` evaluates each child only on events no earlier
// child matched, `not` removes what its child keeps. Leaves visit only the set bits. A new filter on
// a loaded capture reuses the index and the raw bytes: nothing is re-read.
import { eventCount, evType, evTypesAddr, evTs, evTid, evCpu } from '../reader/events';
import { visibleBitmap } from '../state/visibility';
import {
  pw, pa, pu64, setPlanBase, PLAN_MAGIC, N_AND, N_OR, N_NOT, N_CONST, N_LEAF, N_TYPETABLE, N_NUMCOL, OP_EQ, OP_NE, OP_LT, OP_LE,
  OP_GT, OP_GE, OP_IN, OP_INTERSECTS, COL_EVT_NUM, COL_EVT_CPU, COL_THREAD_TID,
  FILTER_ERR_NONE, FILTER_ERR_BAD_MAGIC, FILTER_ERR_TOO_DEEP, FILTER_ERR_BAD_NODE, FILTER_ERR_WORK_BOUND,
} from './plan';
import { evalLeaf } from './leaf';
import { memoReset } from './leafmemo';
import { scanLeaf, scanStatsReset, scanVisits, scanEvals } from './scan';
import { paramAt, paramOffset, paramLength } from '../state/resclass';
import { peekU16 } from '../core/raw';
import { PPM_SC_MAX, SC_NAME_LEN } from '../generated/schema';
import { valWantOrigins } from '../core/values';
import { epochMemoReset } from './threadepoch';

let nWords: u32 = 0;
let resultPtr: usize = 0;
let errorCode: i32 = 0;
/** Optional candidate mask (bit i of byte i>>3 = event i), set by filterRunMasked. */
let maskBase: usize = 0;

/** Plan nesting the evaluator accepts (the parser's limit is lower; this guards hand-made plans). */
const MAX_DEPTH: i32 = 2000;

// Bitmaps are allocated per node level and freed on the way back up.
function bmAlloc(): usize {
  return heap.alloc(<usize>max<u32>(nWords, 1) << 2);
}

function bmCopy(dst: usize, src: usize): void {
  memory.copy(dst, src, <usize>nWords << 2);
}

// The visibility bitmap is computed once per event count (it only grows while a capture loads) and
// copied as the base of every run, so a re-filter does not re-derive visibility for every event.
let visBm: usize = 0;
let visEvents: u32 = 0xFFFFFFFF;

/** Events a filter can see: the ones sysdig shows (state/visibility.ts, the decoder's rule), within the mask if any. */
function visibleBase(bm: usize, n: u32): void {
  if (visEvents != n) {
    if (visBm != 0) heap.free(visBm);
    visBm = bmAlloc();
    memory.fill(visBm, 0, <usize>nWords << 2);
    visibleBitmap(visBm, n);
    visEvents = n;
  }
  if (maskBase == 0) { bmCopy(bm, visBm); return; }
  // little-endian: the mask's bytes are the bitmap's words; the last word may be partial
  const full = n >> 5;
  for (let w: u32 = 0; w < full; w++) {
    const a = <usize>w << 2;
    store<u32>(bm + a, load<u32>(visBm + a) & load<u32>(maskBase + a));
  }
  if (full < nWords) {
    let m: u32 = 0;
    const bytes = ((n + 7) >> 3) - (full << 2);
    for (let k: u32 = 0; k < bytes; k++) m |= <u32>load<u8>(maskBase + (full << 2) + k) << (k << 3);
    const a = <usize>full << 2;
    store<u32>(bm + a, load<u32>(visBm + a) & m);
  }
}

function isEmpty(bm: usize): bool {
  for (let w: u32 = 0; w < nWords; w++) if (load<u32>(bm + (<usize>w << 2)) != 0) return false;
  return true;
}

/** Narrows bm to the events where node `off` is true. */
function evalNode(off: i32, bm: usize, depth: i32): void {
  if (depth > MAX_DEPTH) { errorCode = FILTER_ERR_TOO_DEEP; memory.fill(bm, 0, <usize>nWords << 2); return; }
  const kind = pw(off);
  if (kind == N_AND) {
    const n = pw(off + 1);
    for (let k = 0; k < n; k++) {
      if (isEmpty(bm)) return;
      evalNode(pw(off + 2 + k), bm, depth + 1);
    }
  } else if (kind == N_OR) {
    const n = pw(off + 1);
    const rest = bmAlloc();
    const part = bmAlloc();
    bmCopy(rest, bm);
    memory.fill(bm, 0, <usize>nWords << 2);
    for (let k = 0; k < n; k++) {
      if (isEmpty(rest)) break;
      bmCopy(part, rest);
      evalNode(pw(off + 2 + k), part, depth + 1);
      for (let w: u32 = 0; w < nWords; w++) {
        const a = <usize>w << 2;
        const p = load<u32>(part + a);
        store<u32>(bm + a, load<u32>(bm + a) | p);
        store<u32>(rest + a, load<u32>(rest + a) & ~p);
      }
    }
    heap.free(rest);
    heap.free(part);
  } else if (kind == N_NOT) {
    const t = bmAlloc();
    bmCopy(t, bm);
    evalNode(pw(off + 1), t, depth + 1);
    for (let w: u32 = 0; w < nWords; w++) {
      const a = <usize>w << 2;
      store<u32>(bm + a, load<u32>(bm + a) & ~load<u32>(t + a));
    }
    heap.free(t);
  } else if (kind == N_CONST) {
    if (pw(off + 1) == 0) memory.fill(bm, 0, <usize>nWords << 2);
  } else if (kind == N_TYPETABLE) {
    evalTypeTable(off, bm);
  } else if (kind == N_NUMCOL) {
    evalNumColumn(off, bm);
  } else if (kind == N_LEAF) {
    scanLeaf(bm, nWords, off);
  } else {
    errorCode = FILTER_ERR_BAD_NODE;
    memory.fill(bm, 0, <usize>nWords << 2);
  }
}

@inline function numCmp(op: i32, signed: bool, a: u64, b: u64): bool {
  if (op == OP_EQ || op == OP_IN || op == OP_INTERSECTS) return a == b;
  if (op == OP_NE) return a != b;
  if (signed) {
    const x = <i64>a, y = <i64>b;
    return op == OP_LT ? x < y : op == OP_LE ? x <= y : op == OP_GT ? x > y : op == OP_GE ? x >= y : false;
  }
  return op == OP_LT ? a < b : op == OP_LE ? a <= b : op == OP_GT ? a > b : op == OP_GE ? a >= b : false;
}

@inline function colValue(col: i32, ev: u32): u64 {
  if (col == COL_EVT_NUM) return <u64>ev + 1;
  if (col == COL_EVT_CPU) return <u64><i64>(<i16>evCpu(ev));
  if (col == COL_THREAD_TID) return <u64>evTid(ev);
  return evTs(ev);
}

/** [N_NUMCOL, column (COL_*), op, signed, n, lo, hi, …] */
function evalNumColumn(off: i32, bm: usize): void {
  const col = pw(off + 1), op = pw(off + 2), signed = pw(off + 3) != 0, nv = pw(off + 4);
  const isSet = op == OP_IN || op == OP_INTERSECTS;
  if (!isSet && nv == 0) { memory.fill(bm, 0, <usize>nWords << 2); return; }
  const c0 = pu64(off + 5);
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    let keep = bits;
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      const ev = (w << 5) | b;
      const v = colValue(col, ev);
      let ok: bool;
      if (!isSet) ok = numCmp(op, signed, v, c0);
      else {
        ok = false;
        for (let k = 0; k < nv && !ok; k++) {
          const s = off + 5 + k * 2;
          ok = v == pu64(s);
        }
      }
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
}

/** Per event type: 0 false, 1 true, 2 ask the fallback leaf (u16 type ids, so 64K entries). */
let typeLut: usize = 0;

/** [N_TYPETABLE, fallbackLeafOff, nTypes, nWords, truth…, fallback…] */
function evalTypeTable(off: i32, bm: usize): void {
  const fallback = pw(off + 1);
  const nTypes = min(<u32>pw(off + 2), 65536);
  const tw = pw(off + 3);
  const truth = off + 4;
  const fb = truth + tw;
  if (typeLut == 0) typeLut = heap.alloc(65536);
  memory.fill(typeLut, 0, 65536);
  for (let t: u32 = 0; t < nTypes; t++) {
    const word = <i32>(t >> 5);
    const bit = <u32>1 << (t & 31);
    if ((<u32>pw(truth + word) & bit) != 0) store<u8>(typeLut + t, 1);
    else if (fallback >= 0 && (<u32>pw(fb + word) & bit) != 0) store<u8>(typeLut + t, 2);
  }
  const lut = typeLut;
  const types = evTypesAddr();
  if (scMemo == 0) scMemo = heap.alloc(SC_MEMO_BYTES);
  memory.fill(scMemo, 0, SC_MEMO_BYTES);
  const full = eventCount() >> 5; // words whose 32 events are all indexed
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    let keep: u32 = 0;
    let ask: u32 = 0;
    if (w < full) {
      // the whole word without branches: true and fallback bits per event type, then the candidates kept
      const row = types + (<usize>w << 6);
      let yes: u32 = 0, fb: u32 = 0;
      for (let b: u32 = 0; b < 32; b++) {
        const m = <u32>load<u8>(lut + <usize>load<u16>(row + (<usize>b << 1)));
        yes |= <u32>(m == 1) << b;
        fb |= <u32>(m == 2) << b;
      }
      keep = bits & yes;
      ask = bits & fb;
    } else {
      while (bits != 0) {
        const b = ctz(bits);
        bits &= bits - 1;
        const m = load<u8>(lut + <usize>load<u16>(types + (<usize>((w << 5) | b) << 1)));
        if (m == 1) keep |= 1 << b; else if (m == 2) ask |= 1 << b;
      }
    }
    while (ask != 0) {
      const b = ctz(ask);
      ask &= ask - 1;
      if (genericTest(fallback, (w << 5) | b)) keep |= 1 << b;
    }
    store<u32>(a, keep);
  }
}

// A generic syscall event (the fallback of a type table) is named by its PPM_SC id when that id has a name
// (params/typename.ts, fields/evtkind.ts): the check's answer is then one per (direction, id).
const SC_MEMO_BYTES: usize = 2 << 16;
let scMemo: usize = 0;

function genericTest(leafOff: i32, ev: u32): bool {
  let key: i32 = -1;
  if (paramAt(ev, 0) && paramLength() >= 2) {
    const sc = <i32>peekU16(paramOffset());
    if (sc > 0 && sc < PPM_SC_MAX && unchecked(SC_NAME_LEN[sc]) > 0) key = ((<i32>evType(ev) & 1) << 16) | sc;
  }
  if (key < 0) return evalLeaf(leafOff, ev, false);
  const m = load<u8>(scMemo + <usize>key);
  if (m != 0) return m == 2;
  const ok = evalLeaf(leafOff, ev, false);
  store<u8>(scMemo + <usize>key, ok ? 2 : 1);
  return ok;
}

/**
 * Runs the plan at planPtr over every visible event. Returns the number of matching events (their
 * indices are at filterResultPtr(), file order), or -1 when the plan is malformed.
 */
export function filterRun(planPtr: usize): i32 {
  return filterRunWindow(planPtr, 0, 0xFFFFFFFF, 0);
}

/** The run whose memos the memo tables hold (0: none that may be resumed). */
let memoRun: u32 = 0;
/** The event count those memos were made at (state learned from later events may change answers). */
let memoEvents: u32 = 0;

/**
 * Like filterRun, over the events [from, to) only: a host that must stay responsive (the web worker,
 * which can cancel a filter) runs a plan window by window. Windows of one run pass the same nonzero
 * `run` id: its memos (answers per string id / thread version) are kept from window to window, unless
 * another run used the tables in between or events were added.
 */
export function filterRunWindow(planPtr: usize, from: u32, to: u32, run: u32): i32 {
  errorCode = FILTER_ERR_NONE;
  scanStatsReset();
  setPlanBase(planPtr);
  if (pw(0) != PLAN_MAGIC) { errorCode = FILTER_ERR_BAD_MAGIC; return -1; }
  const n = eventCount();
  nWords = (n + 31) >> 5;
  if (run == 0 || run != memoRun || n != memoEvents) {
    memoReset(pw(3));
    epochMemoReset(pw(3));
  }
  memoRun = run;
  memoEvents = n;
  const bm = bmAlloc();
  visibleBase(bm, n);
  if (from > 0 || to < n) clearOutside(bm, from, min(to, n));
  valWantOrigins(false);
  evalNode(pw(2), bm, 0);
  valWantOrigins(true);
  // Every leaf visits a candidate at most once: more visits than events x leaves is an evaluator bug.
  if (scanVisits() > <u64>n * <u64>max<i32>(pw(3), 1)) errorCode = FILTER_ERR_WORK_BOUND;
  if (errorCode != FILTER_ERR_NONE) { heap.free(bm); return -1; }
  let count: u32 = 0;
  for (let w: u32 = 0; w < nWords; w++) count += popcnt(load<u32>(bm + (<usize>w << 2)));
  if (resultPtr != 0) heap.free(resultPtr);
  resultPtr = heap.alloc(<usize>max<u32>(count, 1) << 2);
  let k: u32 = 0;
  for (let w: u32 = 0; w < nWords; w++) {
    let bits = load<u32>(bm + (<usize>w << 2));
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      store<u32>(resultPtr + (<usize>k << 2), (w << 5) | b);
      k++;
    }
  }
  heap.free(bm);
  return <i32>count;
}

/** Clears the bits of events outside [from, to). */
function clearOutside(bm: usize, from: u32, to: u32): void {
  for (let w: u32 = 0; w < nWords; w++) {
    const lo = w << 5;
    const a = bm + (<usize>w << 2);
    if (lo + 32 <= from || lo >= to) { store<u32>(a, 0); continue; }
    let keep: u32 = 0xFFFFFFFF;
    if (from > lo) keep &= 0xFFFFFFFF << (from - lo);
    if (to < lo + 32) keep &= (<u32>1 << (to - lo)) - 1;
    store<u32>(a, load<u32>(a) & keep);
  }
}

/**
 * Like filterRun, but only the events whose bit is set in the mask at maskPtr ((eventCount+7)/8 bytes)
 * are candidates: the rules engine evaluates each rule only on the event types it can match, and
 * Explain evaluates single clauses on one event.
 */
export function filterRunMasked(planPtr: usize, maskPtr: usize): i32 {
  maskBase = maskPtr;
  const r = filterRun(planPtr);
  maskBase = 0;
  return r;
}

export function filterResultPtr(): usize { return resultPtr; }
export function filterErrorCode(): i32 { return errorCode; }
/** Events tested by leaves in the last run, and how many needed a full evaluation (not memoised). */
export function filterStatVisits(): f64 { return <f64>scanVisits(); }
export function filterStatEvals(): f64 { return <f64>scanEvals(); }

/** Room for a plan of `bytes` bytes (the host writes the words there, then calls filterRun). */
let planMem: usize = 0;
export function filterPlanAlloc(bytes: u32): usize {
  if (planMem != 0) heap.free(planMem);
  planMem = heap.alloc(<usize>max<u32>(bytes, 4));
  return planMem;
}

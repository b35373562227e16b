// One check (a plan leaf) over the candidate events of a bitmap, keeping the events where it holds. The
// way an event is tested follows from what the check's answer is a function of, so that most events cost
// a table lookup and the full evaluation (evalLeaf: extractors, transformers, comparison) runs once per
// distinct key:
//  - the thread version (proc.name…): once per version;
//  - the thread version and the thread epoch (relatives: threadepoch.ts);
//  - the thread version and the users epoch (user.name…): the user and group tables change at a few
//    events (user lists, useradded…), so two events with the same thread version between two changes agree;
//  - the fd version (fd.name…); without one, the event type (most fd fields then have no value or a
//    value fixed by the type) or else the event;
//  - the event type alone (evt.is_io…);
//  - a number read straight from the event (evt.failed, evt.rawres, fd.num, evt.buflen: direct.ts),
//    compared in place with the constants, after the event's result byte (state/resclass.ts) where it
//    decides the check (evt.failed always; a comparison unless its constant is in the value's range);
//  - the interned value of a per-event value column (valcache.ts);
//  - else the event (the general path).
// (One module, a little over 600 lines: every mode shares the leaf's per-scan state and the bitmap loop.)
import * as F from '../generated/fields';
import {
  pw, pu64, SLOT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_INTERSECTS, OP_EXISTS,
  CLS_INT, CLS_UINT, CLS_BOOL, CLS_PORT, KEY_NONE, KEY_THREAD, KEY_THREAD_EPOCH, KEY_FD, KEY_THREAD_USERS,
} from './plan';
import { evalLeaf } from './leaf';
import { memoGet, memoSet, memoTable } from './leafmemo';
import { evType, evTypesAddr } from '../reader/events';
import { evThread, evStateCount, evThreadAddr, evFdAddr, evFdOrphanWord, evFdNumExcWord, FD_FALLBACK } from '../state/eventstate';
import { evFlagsCompat } from '../state/compat';
import { threads } from '../state/threads';
import { fds } from '../state/fds';
import * as S from '../generated/schema';
import { EVENT_COUNT } from '../generated/schema';
import { cacheableField, numCacheableField, cacheColumn, VC_MISSING } from './valcache';
import {
  epochsPrepare, epochMemoGet, epochMemoSet, epochMemoEpochs, epochMemoAnswers, epochChangeWord, epochPrefixWord,
} from './threadepoch';
import { NONE } from '../state/records';
import { users, U_VALID_FROM } from '../state/users';
import { fdVersionKey, fdNullByType, fdShapeKey, fdShapeField, FD_KEY_NONE, FD_KEY_EVENT, FD_KEY_NULL } from '../fields/fd';
import { directField, directRead, directNum, fdNumHasValue, DIRECT_VALUE, DIRECT_GENERAL } from './direct';
import { evFdNumVersion } from '../state/eventstate';
import { fI32, F_NAME } from '../state/fds';
import { resClassOf, resClassCount, resClassAddr, RC_NONE, RC_NEG, RC_BUFLEN, RC_IRREGULAR } from '../state/resclass';

// Where the time goes: events tested by leaves, and full leaf evaluations (memo misses included).
let statVisits: u64 = 0;
let statEvals: u64 = 0;
export function scanStatsReset(): void { statVisits = 0; statEvals = 0; }
export function scanVisits(): u64 { return statVisits; }
export function scanEvals(): u64 { return statEvals; }

const MODE_PLAIN: i32 = 0;
const MODE_COLUMN: i32 = 1;
const MODE_THREAD: i32 = 2;
const MODE_EPOCH: i32 = 3;
const MODE_FD: i32 = 4;
const MODE_USERS: i32 = 5;
const MODE_TYPE: i32 = 6;
const MODE_DIRECT: i32 = 7;

// Per-scan state of the leaf being scanned.
let col: usize = 0;
let field: i32 = -1;
let op: i32 = 0;
let cls: i32 = 0;
let nv: i32 = 0;
let s0: i32 = 0;

/** Keeps the set bits of bm (nWords words) whose event satisfies the leaf at leafOff. */
export function scanLeaf(bm: usize, nWords: u32, leafOff: i32): void {
  const mode = modeOf(leafOff);
  valueColumns = mode != MODE_TYPE && mode != MODE_DIRECT;
  if (mode == MODE_TYPE || mode == MODE_FD) typeMemoClear();
  if (mode == MODE_USERS) usersEpochsPrepare();
  if (mode == MODE_THREAD && scanThread(bm, nWords, leafOff)) return;
  if (mode == MODE_EPOCH || mode == MODE_USERS) { scanThreadEpochs(bm, nWords, leafOff, mode == MODE_USERS); return; }
  if (mode == MODE_FD && scanFd(bm, nWords, leafOff)) return;
  if (mode == MODE_DIRECT && field == F.F_FD_NUM && scanFdNum(bm, nWords, leafOff)) return;
  if (mode == MODE_DIRECT && useResTable) { scanResult(bm, nWords, leafOff); return; }
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    keepByEvent(a, w, bits, leafOff, mode);
  }
}

/** Keeps the set bits of word w (at a, holding bits) whose event passes testEvent, one event at a time. */
@inline function keepByEvent(a: usize, w: u32, bits: u32, leafOff: i32, mode: i32): void {
  let keep = bits;
  while (bits != 0) {
    const b = ctz(bits);
    bits &= bits - 1;
    if (!testEvent(leafOff, (w << 5) | b, mode)) keep &= ~(1 << b);
  }
  store<u32>(a, keep);
}

function modeOf(leafOff: i32): i32 {
  const key = pw(leafOff + 2);
  if (key == KEY_THREAD) return MODE_THREAD;
  if (key == KEY_THREAD_EPOCH) { epochsPrepare(); return MODE_EPOCH; }
  if (key == KEY_FD) { field = pw(leafOff + 3); prepareFdKeys(leafOff); return MODE_FD; }
  if (key == KEY_THREAD_USERS) return MODE_USERS;
  if (key != KEY_NONE) return MODE_PLAIN;
  const lOff = leafOff + 3;
  field = pw(lOff);
  const plainField = field >= 0 && pw(lOff + 3) < 0 && pw(lOff + 1) == -1 && pw(lOff + 2) == -1;
  const p = lOff + 6 + pw(lOff + 5);
  if (plainField && pw(p + 5) == 0) {
    if (typeOnlyField(field)) return MODE_TYPE;
    if (directLeaf(lOff, p)) return MODE_DIRECT;
  }
  col = leafCacheColumn(leafOff);
  return col != 0 ? MODE_COLUMN : MODE_PLAIN;
}

@inline function testEvent(leafOff: i32, ev: u32, mode: i32): bool {
  if (mode == MODE_DIRECT) return testDirect(leafOff, ev);
  if (mode == MODE_THREAD) return testByThread(leafOff, ev);
  if (mode == MODE_FD) return testByFd(leafOff, ev);
  if (mode == MODE_COLUMN) return testCached(leafOff, ev);
  if (mode == MODE_TYPE) return testByType(leafOff, ev);
  return plainTest(leafOff, ev);
}

/** False where the scan's own keys make the per-event value columns (valcache.ts) useless. */
let valueColumns = true;
@inline function plainTest(leafOff: i32, ev: u32): bool { statEvals++; return evalLeaf(leafOff, ev, valueColumns); }

// ---- thread version ------------------------------------------------------------------------------------

/** A leaf on a field of the thread version: one evaluation per version, then a lookup per event. */
function testByThread(leafOff: i32, ev: u32): bool {
  const slot = pw(leafOff + 1) * 2 + 1;
  const v = evThread(ev);
  if (v == NONE) return plainTest(leafOff, ev);
  const m = memoGet(slot, <i32>v);
  if (m != 0) return m == 2;
  const ok = plainTest(leafOff, ev);
  memoSet(slot, <i32>v, ok);
  return ok;
}

/**
 * testByThread over a whole bitmap, reading the thread-version column chunk by chunk and the leaf's memo
 * table directly (sized for every version). False (nothing done) when the leaf has no memo table.
 */
function scanThread(bm: usize, nWords: u32, leafOff: i32): bool {
  const slot = pw(leafOff + 1) * 2 + 1;
  const memo = memoTable(slot, <i32>threads.count);
  if (memo == 0) return false;
  const stateN = evStateCount();
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    const ev0 = w << 5;
    const col = ev0 + 32 <= stateN ? evThreadAddr(ev0) : 0; // 32-aligned: one chunk
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      const ev = ev0 | b;
      const v = col != 0 ? load<u32>(col + (<usize>b << 2)) : evThread(ev);
      let ok: bool;
      if (v == NONE) ok = plainTest(leafOff, ev);
      else if (v >= threads.count) ok = testByThread(leafOff, ev);
      else {
        const m = load<u8>(memo + <usize>v);
        if (m != 0) ok = m == 2;
        else { ok = plainTest(leafOff, ev); store<u8>(memo + <usize>v, ok ? 2 : 1); }
      }
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
  return true;
}

/**
 * A leaf on the thread's relatives, one evaluation per (thread version, thread epoch) (threadepoch.ts), or
 * with `users` on user/group names, one per (thread version, users epoch): over a whole bitmap, reading the
 * thread-version column chunk by chunk. Events come in ascending order, so the users epoch advances with a
 * cursor.
 */
function scanThreadEpochs(bm: usize, nWords: u32, leafOff: i32, users: bool): void {
  const id = pw(leafOff + 1);
  const epochs = epochMemoEpochs(id);
  const answers = epochMemoAnswers(id);
  const stateN = evStateCount();
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    const ev0 = w << 5;
    const col = ev0 + 32 <= stateN ? evThreadAddr(ev0) : 0; // 32-aligned: one chunk
    // threadepoch.ts epochOf, a word at a time
    const before = users ? 0 : epochPrefixWord(w), changed = users ? 0 : epochChangeWord(w);
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      const ev = ev0 | b;
      const v = col != 0 ? load<u32>(col + (<usize>b << 2)) : evThread(ev);
      let e: u32;
      if (users) {
        while (nextChange < changes.length && unchecked(changes[nextChange]) <= ev) { nextChange++; usersEpoch++; }
        e = usersEpoch;
      } else e = before + popcnt(changed & (b == 31 ? 0xFFFFFFFF : ((<u32>2 << b) - 1)));
      let ok: bool;
      if (v == NONE) ok = plainTest(leafOff, ev);
      else if (epochs != 0 && v < threads.count) {
        if (load<u32>(epochs + (<usize>v << 2)) == e + 1) ok = load<u8>(answers + <usize>v) == 2;
        else {
          ok = plainTest(leafOff, ev);
          store<u32>(epochs + (<usize>v << 2), e + 1);
          store<u8>(answers + <usize>v, ok ? 2 : 1);
        }
      } else {
        const m = epochMemoGet(id, v, e);
        if (m != 0) ok = m == 2;
        else { ok = plainTest(leafOff, ev); epochMemoSet(id, v, e, ok); }
      }
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
}

// ---- users epoch ---------------------------------------------------------------------------------------

// The events at which the user/group tables change (each user record's validFrom), ascending and distinct:
// a lookup at event e sees exactly the records valid from an event <= e (state/users.ts userAt).
let changes = new Array<u32>(0);
let changesFor: u32 = 0xFFFFFFFF;
let nextChange: i32 = 0;
let usersEpoch: u32 = 0;

function usersEpochsPrepare(): void {
  if (changesFor != users.count) {
    const all = new Array<u32>(0);
    for (let v: u32 = 0; v < users.count; v++) all.push(load<u32>(users.addr(v) + U_VALID_FROM));
    all.sort((a: u32, b: u32): i32 => (a < b ? -1 : a > b ? 1 : 0));
    changes = new Array<u32>(0);
    for (let i = 0; i < all.length; i++) if (i == 0 || all[i] != all[i - 1]) changes.push(all[i]);
    changesFor = users.count;
  }
  nextChange = 0;
  usersEpoch = 0;
}

// ---- event type ----------------------------------------------------------------------------------------

/** The answer per event type (0 unknown, 1 false, 2 true), for the leaf being scanned. */
let typeMemo: usize = 0;
function typeMemoClear(): void {
  if (typeMemo == 0) typeMemo = heap.alloc(65536);
  memory.fill(typeMemo, 0, 65536);
}

/** evt.* fields whose value is a function of the event type alone (fields/evt.ts). */
function typeOnlyField(f: i32): bool {
  return f == F.F_EVT_IS_IO || f == F.F_EVT_IS_IO_READ || f == F.F_EVT_IS_IO_WRITE || f == F.F_EVT_IO_DIR ||
    f == F.F_EVT_IS_WAIT || f == F.F_EVT_IS_ASYNC || f == F.F_EVT_IS_SYSLOG || f == F.F_EVT_COUNT ||
    f == F.F_EVT_COUNT_EXIT || f == F.F_EVT_COUNT_PROCINFO || f == F.F_EVT_COUNT_THREADINFO;
}

function testByType(leafOff: i32, ev: u32): bool {
  const t = evType(ev);
  const m = load<u8>(typeMemo + <usize>t);
  if (m != 0) return m == 2;
  const ok = plainTest(leafOff, ev);
  store<u8>(typeMemo + <usize>t, ok ? 2 : 1);
  return ok;
}

// ---- fd version ----------------------------------------------------------------------------------------

/**
 * A leaf on a field of the fd version (fields/fd.ts fdVersionKey): one evaluation per version; an event of
 * an fd syscall with a thread but no fd version gets, for most fields, no value or a value fixed by its
 * type (fdNullByType: one evaluation per type), else one from the event, as does a connect exit.
 */
function testByFd(leafOff: i32, ev: u32): bool {
  const k = fdVersionKey(ev);
  if (k == FD_KEY_NONE) return false; // no value: every check is false
  if (k == FD_KEY_NULL) return fdNullByType(field, evType(ev)) ? testByType(leafOff, ev) : plainTest(leafOff, ev);
  if (k == FD_KEY_EVENT) return plainTest(leafOff, ev);
  const slot = pw(leafOff + 1) * 2 + 1; // the per-version memo (a leaf is keyed by thread or by fd, never both)
  const m = memoGet(slot, <i32>k);
  if (m != 0) return m == 2;
  const ok = byFdValue(leafOff, ev, k);
  memoSet(slot, <i32>k, ok);
  return ok;
}

/** fd.name and fd.nameraw are the version's name (an interned id): the leaf's memo per string id (leaf.ts)
 *  answers versions with a name seen before. A few other fd fields are a function of a key of the version's
 *  type, role, l4 and port bytes (fields/fd.ts fdShapeKey): answered once per key. */
let fdKeyKind: i32 = 0;
const FDK_NAME: i32 = 1;
const FDK_SHAPE: i32 = 2;
/** Direct-mapped answers per shape key: keys, and 0 (empty) / 1 false / 2 true. */
const SHAPES: i32 = 4096;
const shapeKey = new StaticArray<i64>(SHAPES);
const shapeAns = new StaticArray<u8>(SHAPES);

function prepareFdKeys(leafOff: i32): void {
  const lOff = leafOff + 3;
  const p = lOff + 6 + pw(lOff + 5);
  const plain = pw(lOff + 3) < 0 && pw(lOff + 1) == -1 && pw(lOff + 2) == -1 && pw(p + 2) == 0 && pw(p + 5) == 0;
  fdKeyKind = 0;
  if (plain && (field == F.F_FD_NAME || field == F.F_FD_NAMERAW)) fdKeyKind = FDK_NAME;
  else if (pw(p + 5) == 0 && fdShapeField(field)) fdKeyKind = FDK_SHAPE;
  for (let i = 0; i < SHAPES; i++) unchecked(shapeAns[i] = 0);
}

function byFdValue(leafOff: i32, ev: u32, v: u32): bool {
  if (fdKeyKind == FDK_NAME) {
    const m = memoGet(pw(leafOff + 1) * 2, fI32(v, F_NAME));
    if (m != 0) return m == 2;
  } else if (fdKeyKind == FDK_SHAPE) {
    const k = fdShapeKey(field, v);
    if (k >= 0) {
      const h = <i32>((<u64>k * 0x9E3779B97F4A7C15) >> 52);
      if (unchecked(shapeAns[h]) != 0 && unchecked(shapeKey[h]) == k) return unchecked(shapeAns[h]) == 2;
      const ok = plainTest(leafOff, ev);
      unchecked(shapeKey[h] = k);
      unchecked(shapeAns[h] = ok ? 2 : 1);
      return ok;
    }
  }
  return plainTest(leafOff, ev);
}

/**
 * testByFd over a whole bitmap (fdVersionKey inlined: an fd syscall's event whose fd version has a thread,
 * not a connect exit, is answered per version), reading the fd column chunk by chunk, the orphan bits a word
 * at a time and the leaf's memo table directly. False (nothing done) when the leaf has no memo table.
 */
function scanFd(bm: usize, nWords: u32, leafOff: i32): bool {
  const slot = pw(leafOff + 1) * 2 + 1;
  const memo = memoTable(slot, <i32>fds.count);
  if (memo == 0) return false;
  if (!fdTypesReady) prepareFdTypes();
  const stateN = evStateCount();
  const types = evTypesAddr();
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    const ev0 = w << 5;
    if (ev0 + 32 > stateN) { keepByEvent(a, w, bits, leafOff, MODE_FD); continue; }
    const col = evFdAddr(ev0);
    const orphans = evFdOrphanWord(w);
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      const ev = ev0 | b;
      const t = load<u16>(types + (<usize>ev << 1));
      if (<i32>t >= EVENT_COUNT || unchecked(fdTypes[t]) == 0) { keep &= ~(1 << b); continue; } // no fd fields
      const raw = load<u32>(col + (<usize>b << 2));
      let ok: bool;
      if (raw != NONE && (orphans & (1 << b)) == 0 && unchecked(fdTypes[t]) == 1) {
        const v = raw & ~FD_FALLBACK;
        if (v >= fds.count) ok = testByFd(leafOff, ev);
        else {
          const m = load<u8>(memo + <usize>v);
          if (m != 0) ok = m == 2;
          else { ok = byFdValue(leafOff, ev, v); store<u8>(memo + <usize>v, ok ? 2 : 1); }
        }
      } else ok = testByFd(leafOff, ev);
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
  return true;
}

/** Per event type: 0 not an fd syscall (fd fields have no value), 1 one, 2 the connect exit (per event). */
const fdTypes = new StaticArray<u8>(EVENT_COUNT);
let fdTypesReady = false;
function prepareFdTypes(): void {
  for (let t = 0; t < EVENT_COUNT; t++) {
    const isFd = (evFlagsCompat(<u16>t) & (S.EF_CREATES_FD | S.EF_USES_FD | S.EF_DESTROYS_FD)) != 0;
    unchecked(fdTypes[t] = !isFd ? 0 : t == S.PPME_SOCKET_CONNECT_X ? 2 : 1);
  }
  fdTypesReady = true;
}

// ---- numbers read from the event -----------------------------------------------------------------------

/** A leaf that direct.ts answers: a plain numeric field, constants on the right, one value, no modifier. */
function directLeaf(lOff: i32, p: i32): bool {
  if (!directField(field) || pw(lOff + 5) != 0) return false;
  op = pw(p);
  cls = pw(p + 3);
  if (pw(p + 1) != 0 || pw(p + 2) != 0) return false; // modifier, multi-valued
  if (cls != CLS_INT && cls != CLS_UINT && cls != CLS_BOOL && cls != CLS_PORT) return false;
  if (op != OP_EQ && op != OP_NE && op != OP_LT && op != OP_LE && op != OP_GT && op != OP_GE && op != OP_IN &&
    op != OP_INTERSECTS && op != OP_EXISTS) return false;
  nv = pw(p + 6);
  s0 = p + 7;
  prepareResTable();
  return true;
}

// evt.failed, evt.rawres and evt.buflen: the event's result byte (state/resclass.ts) decides most events.
const R_FALSE: u8 = 1;
const R_TRUE: u8 = 2;
const R_READ: u8 = 3;
/** Per result byte: R_FALSE, R_TRUE, or R_READ (read the event). */
const resTable = new StaticArray<u8>(256);
let useResTable = false;

/** The leaf's answer for every value of the result byte, where the byte decides it. */
function prepareResTable(): void {
  useResTable = field == F.F_EVT_FAILED || field == F.F_EVT_RAWRES || field == F.F_EVT_BUFLEN;
  if (!useResTable) return;
  for (let code = 0; code < 256; code++) unchecked(resTable[code] = resAnswer(<u8>code));
}

function resAnswer(code: u8): u8 {
  if (code == RC_IRREGULAR) return R_READ;
  const c = <u32>code >> 6;
  const b = <u32>code & 63;
  if (field == F.F_EVT_FAILED) return valueAnswer(c == RC_NEG ? 1 : 0);
  if (field == F.F_EVT_RAWRES ? c == RC_NONE : c != RC_BUFLEN) return R_FALSE; // no value
  if (op == OP_EXISTS) return R_TRUE;
  // the magnitude's bucket as a range of values; negative results are ~m
  const mLo: u64 = b == 0 ? 0 : <u64>1 << (b - 1);
  const mHi: u64 = b == 0 ? 0 : b == 63 ? 0x7FFFFFFFFFFFFFFF : (<u64>1 << b) - 1;
  const lo = c == RC_NEG ? ~mHi : mLo, hi = c == RC_NEG ? ~mLo : mHi;
  if (op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE) {
    if (nv == 0) return R_FALSE;
    const x = numOp(op, lo, pu64(s0)), y = numOp(op, hi, pu64(s0));
    return x != y ? R_READ : x ? R_TRUE : R_FALSE;
  }
  // =, !=, in, intersects: decided unless a constant lies in the range
  const setOp = op == OP_IN || op == OP_INTERSECTS;
  const last = setOp ? nv : min(nv, 1);
  for (let j = 0; j < last; j++) {
    const k = pu64(s0 + j * SLOT);
    const inside = cls == CLS_INT ? <i64>k >= <i64>lo && <i64>k <= <i64>hi : k >= lo && k <= hi;
    if (inside) return R_READ;
  }
  if (nv == 0 && !setOp) return R_FALSE;
  return op == OP_NE ? R_TRUE : R_FALSE;
}

/** The answer for one known value. */
function valueAnswer(a: u64): u8 {
  if (op == OP_EXISTS) return R_TRUE;
  if (op == OP_IN || op == OP_INTERSECTS) {
    for (let j = 0; j < nv; j++) if (numOp(op, a, pu64(s0 + j * SLOT))) return R_TRUE;
    return R_FALSE;
  }
  return nv != 0 && numOp(op, a, pu64(s0)) ? R_TRUE : R_FALSE;
}

/** leaf.ts evalVsConstants → valueTest → pairOp for one integer value and a numeric class. */
function testDirect(leafOff: i32, ev: u32): bool {
  if (useResTable && ev < resClassCount()) {
    const d = unchecked(resTable[resClassOf(ev)]);
    if (d != R_READ) return d == R_TRUE;
  }
  if (field == F.F_FD_NUM) {
    // fd.num is nearly always the number of the event's fd version: one comparison per version
    if (!fdNumHasValue(ev)) return false;
    const v = evFdNumVersion(ev);
    if (v != NONE) {
      const slot = pw(leafOff + 1) * 2 + 1;
      const m = memoGet(slot, <i32>v);
      if (m != 0) return m == 2;
      const ok = readAndTest(leafOff, ev);
      memoSet(slot, <i32>v, ok);
      return ok;
    }
  }
  return readAndTest(leafOff, ev);
}

/**
 * The fd.num branch of testDirect over a whole bitmap, reading the thread and fd columns chunk by chunk and
 * the fd.num exception bits a word at a time. False (nothing done) when the leaf has no memo table.
 */
function scanFdNum(bm: usize, nWords: u32, leafOff: i32): bool {
  const memo = memoTable(pw(leafOff + 1) * 2 + 1, <i32>fds.count);
  if (memo == 0) return false;
  if (!fdTypesReady) prepareFdTypes();
  const stateN = evStateCount();
  const types = evTypesAddr();
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    const ev0 = w << 5;
    if (ev0 + 32 > stateN) { keepByEvent(a, w, bits, leafOff, MODE_DIRECT); continue; }
    const thc = evThreadAddr(ev0), fdc = evFdAddr(ev0);
    const exc = evFdNumExcWord(w);
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      const ev = ev0 | b;
      const t = load<u16>(types + (<usize>ev << 1));
      // no value without an fd syscall and a thread (direct.ts fdNumHasValue)
      if (<i32>t >= EVENT_COUNT || unchecked(fdTypes[t]) == 0 || load<u32>(thc + (<usize>b << 2)) == NONE) { keep &= ~(1 << b); continue; }
      const raw = load<u32>(fdc + (<usize>b << 2));
      let ok: bool;
      if ((exc & (1 << b)) != 0 || raw == NONE) ok = readAndTest(leafOff, ev);
      else {
        // fd.num is the fd version's number (eventstate.ts evFdNumVersion): one comparison per version
        const v = raw & ~FD_FALLBACK;
        const m = v < fds.count ? load<u8>(memo + <usize>v) : 0;
        if (m != 0) ok = m == 2;
        else {
          ok = readAndTest(leafOff, ev);
          if (v < fds.count) store<u8>(memo + <usize>v, ok ? 2 : 1);
        }
      }
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
  return true;
}

/** testDirect with the result byte over a whole bitmap, reading the bytes 32 events at a time. */
function scanResult(bm: usize, nWords: u32, leafOff: i32): void {
  const known = resClassCount();
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    const ev0 = w << 5;
    const bytes = ev0 + 32 <= known ? resClassAddr(ev0) : 0;
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      let ok: bool;
      if (bytes == 0) ok = testDirect(leafOff, ev0 | b);
      else {
        const d = unchecked(resTable[load<u8>(bytes + <usize>b)]);
        ok = d == R_READ ? readAndTest(leafOff, ev0 | b) : d == R_TRUE;
      }
      if (!ok) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
}

function readAndTest(leafOff: i32, ev: u32): bool {
  const r = directRead(field, ev);
  if (r == DIRECT_GENERAL) return plainTest(leafOff, ev);
  if (r != DIRECT_VALUE) return false;
  if (op == OP_EXISTS) return true;
  const a = directNum;
  if (op == OP_IN || op == OP_INTERSECTS) {
    for (let j = 0; j < nv; j++) if (numOp(op, a, pu64(s0 + j * SLOT))) return true;
    return false;
  }
  return nv != 0 && numOp(op, a, pu64(s0));
}

@inline function numOp(op: i32, a: u64, b: u64): bool {
  if (op == OP_EQ || op == OP_IN || op == OP_INTERSECTS) return a == b;
  if (op == OP_NE) return a != b;
  if (cls == CLS_INT) {
    const x = <i64>a, y = <i64>b;
    return op == OP_LT ? x < y : op == OP_LE ? x <= y : op == OP_GT ? x > y : x >= y;
  }
  return op == OP_LT ? a < b : op == OP_LE ? a <= b : op == OP_GT ? a > b : a >= b;
}

// ---- per-event value columns ---------------------------------------------------------------------------

/**
 * The value-cache column for a leaf whose answer depends only on its field's interned string (a string
 * field without argument, constants on the right, single-valued), or 0.
 */
function leafCacheColumn(leafOff: i32): usize {
  const lOff = leafOff + 3;
  const f = pw(lOff);
  if (f < 0 || pw(lOff + 3) >= 0 || pw(lOff + 1) != -1 || pw(lOff + 2) != -1) return 0;
  const p = lOff + 6 + pw(lOff + 5);
  if (pw(p + 5) != 0) return 0; // a field on the right
  // numeric tuples hold every value (both fd endpoints): multi-valued leaves are answered per tuple too
  if (numCacheableField(f)) return cacheColumn(f);
  if (!cacheableField(f) || pw(p + 2) != 0) return 0; // strings: single-valued only (memo per string id)
  return cacheColumn(f);
}

/** Cached string ids per event + the leaf's memo per id: a lookup per event once both are warm. */
function testCached(leafOff: i32, ev: u32): bool {
  const c = load<i32>(col + (<usize>ev << 2));
  if (c == VC_MISSING) return false;
  const slot = pw(leafOff + 1) * 2;
  const m = c >= 0 ? memoGet(slot, c) : 0;
  if (m != 0) return m == 2;
  const ok = plainTest(leafOff, ev); // fills the column (and the memo, for a string id)
  // a numeric tuple id: the leaf's answer is a function of the values alone (constants on the right)
  if (numCacheableField(pw(leafOff + 3))) {
    const c2 = load<i32>(col + (<usize>ev << 2));
    if (c2 >= 0) memoSet(slot, c2, ok);
  }
  return ok;
}

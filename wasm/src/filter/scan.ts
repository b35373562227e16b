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
//    compared in place with the constants;
//  - the interned value of a per-event value column (valcache.ts);
//  - else the event (the general path).
import * as F from '../generated/fields';
import {
  pw, pu64, SLOT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_INTERSECTS, OP_EXISTS,
  CLS_INT, CLS_UINT, CLS_BOOL, CLS_PORT, KEY_NONE, KEY_THREAD, KEY_THREAD_EPOCH, KEY_FD, KEY_THREAD_USERS,
} from './plan';
import { evalLeaf } from './leaf';
import { memoGet, memoSet } from './leafmemo';
import { evType } from '../reader/events';
import { evThread } from '../state/eventstate';
import { cacheableField, numCacheableField, cacheColumn, VC_MISSING } from './valcache';
import { epochsPrepare, epochOf, epochMemoGet, epochMemoSet } from './threadepoch';
import { NONE } from '../state/records';
import { users, U_VALID_FROM } from '../state/users';
import { fdVersionKey, fdNullByType, FD_KEY_NONE, FD_KEY_EVENT, FD_KEY_NULL } from '../fields/fd';
import { directField, directRead, directKind, directNum, DIRECT_VALUE, DIRECT_GENERAL } from './direct';

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
  for (let w: u32 = 0; w < nWords; w++) {
    const a = bm + (<usize>w << 2);
    let bits = load<u32>(a);
    if (bits == 0) continue;
    statVisits += <u64>popcnt(bits);
    let keep = bits;
    while (bits != 0) {
      const b = ctz(bits);
      bits &= bits - 1;
      if (!testEvent(leafOff, (w << 5) | b, mode)) keep &= ~(1 << b);
    }
    store<u32>(a, keep);
  }
}

function modeOf(leafOff: i32): i32 {
  const key = pw(leafOff + 2);
  if (key == KEY_THREAD) return MODE_THREAD;
  if (key == KEY_THREAD_EPOCH) { epochsPrepare(); return MODE_EPOCH; }
  if (key == KEY_FD) { field = pw(leafOff + 3); return MODE_FD; }
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
  if (mode == MODE_EPOCH) return testByEpoch(leafOff, ev);
  if (mode == MODE_USERS) return testByUsers(leafOff, ev);
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

/** A leaf on the thread's relatives: one evaluation per (thread version, thread epoch) (threadepoch.ts). */
function testByEpoch(leafOff: i32, ev: u32): bool {
  const id = pw(leafOff + 1);
  const v = evThread(ev);
  if (v == NONE) return plainTest(leafOff, ev);
  const e = epochOf(ev);
  const m = epochMemoGet(id, v, e);
  if (m != 0) return m == 2;
  const ok = plainTest(leafOff, ev);
  epochMemoSet(id, v, e, ok);
  return ok;
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

/** A leaf on user/group names of the thread: one evaluation per (thread version, users epoch). Events
 *  come in ascending order within a scan, so the epoch advances with a cursor. */
function testByUsers(leafOff: i32, ev: u32): bool {
  while (nextChange < changes.length && unchecked(changes[nextChange]) <= ev) { nextChange++; usersEpoch++; }
  const id = pw(leafOff + 1);
  const v = evThread(ev);
  if (v == NONE) return plainTest(leafOff, ev);
  const m = epochMemoGet(id, v, usersEpoch);
  if (m != 0) return m == 2;
  const ok = plainTest(leafOff, ev);
  epochMemoSet(id, v, usersEpoch, ok);
  return ok;
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
  const ok = plainTest(leafOff, ev);
  memoSet(slot, <i32>k, ok);
  return ok;
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
  return true;
}

/** leaf.ts evalVsConstants → valueTest → pairOp for one integer value and a numeric class. */
function testDirect(leafOff: i32, ev: u32): bool {
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

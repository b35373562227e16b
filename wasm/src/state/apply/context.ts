// The event being applied and the per-thread transient state the parsers share (sinsp keeps the latter
// on the threadinfo, unversioned): the current event, its thread and fd versions, the stored enter
// events, the removals deferred to the next event, and the helpers every parser family uses (thread
// and fd lookup as sinsp's get_thread_ref / get_fd / add_fd, parameter strings, dirfd resolution).
import { evType } from '../../reader/events';
import { intern, internString, strPtr, strLen, STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { LiveMap } from '../livemap';
import { ORIGIN_EVENT, ORIGIN_INFERRED } from '../section';
import {
  threadLive, threadWritable, threadCreate, tI64, tU32, tI32, tSetI64, tSetU32, tSetI32, tBits,
  tSetBits, liveThreadVersions, threadsKnown, T_TID, T_PID, T_FDLIMIT, T_COMM, T_EXE, T_CWD, T_FLAGS,
  T_UID, T_GID, T_LOGINUID, T_NCHILDS, TB_FAKE, CL_CLONE_FILES, CL_IS_MAIN_THREAD,
} from '../threads';
import { fdLive, fdAdd, fAddr, F_NAME } from '../fds';
import { loadCur, loadEnt, has, plen, pptr } from '../params';
import { cstrLen } from '../paths';

// ---- per-thread transient state (sinsp keeps it on the threadinfo, unversioned) ----
// Unmanaged (no GC tracking, no shadow-stack traffic on the per-event path): one record per tid seen,
// found through an open-addressing map; a removed thread's record is reset, which is the same as new.
@unmanaged
export class Tx {
  lastType: i32 = -1;       // m_lastevent_type
  lastFd: i64 = 0;          // m_lastevent_fd (sinsp starts it at 0)
  lastEnter: u32 = NONE;    // index of the last enter event
  stored: u32 = NONE;       // m_lastevent_data: a stored enter event
  valid: bool = false;      // lastevent data validity
  lastReset: u32 = NONE;    // last enter/exit event that went through sinsp's reset (for latency)
  // The fd version the last fd-using enter found (enterFd), for the thread version enterTh, with fd
  // lastFd, at fd generation enterFdGen: its exit finds the same while none of them changed.
  enterTh: u32 = NONE;
  enterFd: u32 = NONE;
  enterFdNum: i64 = 0;
  enterFdGen: u32 = 0;
}
/** tid -> its Tx (address) */
const txs = new LiveMap();
let lastTxTid: i64 = -2;
let lastTx: usize = 0;

function txFind(tid: i64): usize {
  const a = txs.get(<u64>tid);
  return a == NONE ? 0 : <usize>a;
}

export function txOf(tid: i64): Tx {
  if (tid == lastTxTid && lastTx != 0) return changetype<Tx>(lastTx);
  let a = txFind(tid);
  if (a == 0) { a = changetype<usize>(new Tx()); txs.set(<u64>tid, <u32>a); }
  lastTxTid = tid; lastTx = a;
  return changetype<Tx>(a);
}
export function txReset(tid: i64): void {
  const a = txFind(tid);
  if (a != 0) { const t = changetype<Tx>(a); t.lastType = -1; t.lastFd = 0; t.lastEnter = NONE; t.stored = NONE; t.valid = false; t.enterTh = NONE; }
}
/** Drops a removed thread's transient state (its record goes back to the state of a new one). */
export function txForget(tid: i64): void {
  const a = txFind(tid);
  if (a != 0) {
    const t = changetype<Tx>(a);
    t.lastType = -1; t.lastFd = 0; t.lastEnter = NONE; t.stored = NONE; t.valid = false; t.lastReset = NONE;
    t.enterTh = NONE;
  }
  if (lastTxTid == tid) { lastTxTid = -2; lastTx = 0; }
}
/** A new section starts with no transient thread state. */
export function txClearAll(): void {
  for (let i = 0; i < txs.size; i++) heap.free(<usize>txs.valAt(i));
  txs.clear();
  lastTxTid = -2; lastTx = 0;
}
/** The last enter/exit event of thread tid that went through sinsp's reset, or NONE. */
export function txLastReset(tid: i64): u32 {
  const a = txFind(tid);
  return a != 0 ? changetype<Tx>(a).lastReset : NONE;
}

// ---- deferred removals (applied at the start of the next event, as sinsp does) ----
export let pendingTid: i64 = -1;
export let pendingTidSet = false;
// (one close exit per event, and the removal happens at the next event: one pending fd at most)
export let pendingFdSet = false;
export let pendingFdOwner: i64 = 0;
export let pendingFd: i64 = 0;

let NA: i32 = -1;
export function na(): i32 { if (NA < 0) NA = internString("<NA>"); return NA; }

// ---- the event being applied ----
export let ev: u32 = 0;
export let etype: u16 = 0;
export let etid: i64 = 0;
export let th: u32 = NONE;        // evt->m_tinfo (live version; re-read after edits)
export let fdv: u32 = NONE;       // evt->m_fdinfo
export let tx: Tx | null = null;
/** The exit event had no enter and takes the enter's parameters from itself (exit-only capture). */
export let exitOnly = false;

/** A writable version of the event's thread (new version valid from this event). */
export function wth(): u32 {
  const v = threadWritable(etid, ev, ORIGIN_EVENT, ev);
  if (v != NONE) th = v;
  return v;
}

export function isMain(v: u32): bool {
  return tI64(v, T_TID) == tI64(v, T_PID) || (tU32(v, T_FLAGS) & CL_IS_MAIN_THREAD) != 0;
}

/** The fd table owner of thread version v (sinsp get_fd_table). */
export function fdOwner(v: u32): i64 {
  return (tU32(v, T_FLAGS) & CL_CLONE_FILES) ? tI64(v, T_PID) : tI64(v, T_TID);
}

/** The thread holding the cwd for thread version v (sinsp get_cwd uses the main thread). */
export function cwdHolder(v: u32): u32 {
  if (isMain(v)) return v;
  const m = threadLive(tI64(v, T_PID));
  return m == NONE ? v : m;
}
export function cwdOf(v: u32): i32 { return tI32(cwdHolder(v), T_CWD); }

/** sinsp get_thread_ref with query_os: unknown threads get a "<NA>" entry. */
export function threadRef(tid: i64, create: bool): u32 {
  const v = threadLive(tid);
  if (v != NONE || !create) return v;
  const n = threadCreate(tid, ev, ORIGIN_INFERRED, ev);
  tSetI32(n, T_COMM, na());
  tSetI32(n, T_EXE, na());
  tSetU32(n, T_UID, 0xFFFFFFFF);
  tSetU32(n, T_GID, 0xFFFFFFFF);
  tSetU32(n, T_LOGINUID, 0xFFFFFFFF);
  tSetI64(n, T_FDLIMIT, -1);
  tSetBits(n, tBits(n) | TB_FAKE);
  // Count the threads that already name it as their process (sinsp scans the table). Bounded: with
  // thousands of threads the scan per unknown tid would be quadratic, and such orphans are rare.
  if (threadsKnown() <= 4096) {
    const live = liveThreadVersions();
    let c: u32 = 0;
    for (let i = 0; i < live.length; i++) if (tI64(live[i], T_PID) == tid && live[i] != n) c++;
    tSetU32(n, T_NCHILDS, c);
  }
  txReset(tid);
  return n;
}

export function getFd(v: u32, fd: i64): u32 {
  if (v == NONE) return NONE;
  return fdLive(fdOwner(v), fd);
}

/** sinsp add_fd: adds to the thread's table and sets its last event fd. Returns the new fd version. */
export function addFd(fd: i64): u32 {
  const v = fdAdd(fdOwner(th), fd, ev, ORIGIN_EVENT, ev);
  if (tx !== null) changetype<Tx>(tx).lastFd = fd;
  return v;
}


export function storeEvent(): void {
  const t = changetype<Tx>(tx);
  t.stored = ev;
}

/** sinsp retrieve_enter_event: loads the stored enter event's params when it pairs with this exit. */
export function retrieveEnter(): bool {
  const t = changetype<Tx>(tx);
  if (!t.valid || t.stored == NONE) return false;
  if (<i32>evType(t.stored) != <i32>etype - 1) { t.valid = false; return false; }
  loadEnt(t.stored);
  loadCur(ev);
  return true;
}

export function paramStr(k: i32): i32 {
  if (!has(k)) return STR_EMPTY;
  return intern(pptr(k), cstrLen(pptr(k), plen(k)));
}

/** Directory for a relative path given a dirfd (sinsp parse_dirfd). Returns an interned dir or -1 for
 *  "absolute" (no directory needed). */
export function dirFor(namePtr: usize, nameLen: u32, dirfd: i64): i32 {
  if (nameLen > 0 && load<u8>(namePtr) == 0x2F) return -1;
  if (dirfd == -100) return cwdOf(th);
  const d = getFd(th, dirfd);
  if (d == NONE) { if (UNKNOWN < 0) UNKNOWN = internString("<UNKNOWN>"); return UNKNOWN; }
  const nm = fI32(d, F_NAME);
  const n = strLen(nm);
  // sinsp checks the byte at index length (the terminator), so it always appends '/'.
  if (n + 1 > dirScratchCap) {
    if (dirScratch != 0) heap.free(dirScratch);
    dirScratchCap = max<u32>(n + 1, 4096);
    dirScratch = heap.alloc(<usize>dirScratchCap);
  }
  memory.copy(dirScratch, strPtr(nm), n);
  store<u8>(dirScratch + n, 0x2F);
  fdv = d;
  return intern(dirScratch, n + 1);
}
let UNKNOWN: i32 = -1;
// dirFor's "name/" scratch (no managed allocation per openat with a dirfd); grown for longer names.
let dirScratch: usize = 0;
let dirScratchCap: u32 = 0;
export function fI32(v: u32, f: u32): i32 { return load<i32>(fAddr(v) + f); }

export function isNullStr(p: usize, l: u32): bool {
  // the legacy "(NULL)" marker
  return l >= 6 && load<u8>(p) == 0x28 && load<u8>(p + 1) == 0x4E && load<u8>(p + 5) == 0x29;
}

export function argsId(k: i32): i32 {
  if (!has(k)) return STR_EMPTY;
  return intern(pptr(k), plen(k));
}

export function isNA(p: usize, l: u32): bool {
  return l >= 4 && load<u8>(p) == 0x3C && load<u8>(p + 1) == 0x4E && load<u8>(p + 2) == 0x41 && load<u8>(p + 3) == 0x3E;
}

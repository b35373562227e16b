// Versioned thread table. One record per version of a thread; a change to a thread during event `ev`
// creates a version valid from `ev` on (or edits the version `ev` already created). The latest version
// of every live tid is in a map (the state while reading); any earlier state is reached by walking a
// version's `prev` chain back to the version current at a given event, so every event's process and
// thread fields are random access without replaying the capture.
import { RecordTable, NONE } from './records';
import { LiveMap } from './livemap';
import { U32Lists } from './u32lists';
import { curSection } from './section';
import { schedThreadCreated } from './sched';

// Record layout (bytes).
export const T_TID: u32 = 0;        // i64
export const T_PID: u32 = 8;        // i64
export const T_PTID: u32 = 16;      // i64
export const T_SID: u32 = 24;       // i64
export const T_VPGID: u32 = 32;     // i64
export const T_PGID: u32 = 40;      // i64
export const T_VTID: u32 = 48;      // i64
export const T_VPID: u32 = 56;      // i64
export const T_FDLIMIT: u32 = 64;   // i64
export const T_PFMAJOR: u32 = 72;   // u64
export const T_PFMINOR: u32 = 80;   // u64
export const T_PIDNS_TS: u32 = 88;  // u64
export const T_CAP_INH: u32 = 96;   // u64
export const T_CAP_PRM: u32 = 104;  // u64
export const T_CAP_EFF: u32 = 112;  // u64
export const T_EXE_INO: u32 = 120;  // u64
export const T_EXE_CTIME: u32 = 128; // u64
export const T_EXE_MTIME: u32 = 136; // u64
export const T_CLONE_TS: u32 = 144; // u64
export const T_COMM: u32 = 152;     // str id
export const T_EXE: u32 = 156;
export const T_EXEPATH: u32 = 160;
export const T_ARGS: u32 = 164;     // NUL-separated list, as stored
export const T_CWD: u32 = 168;
export const T_ENV: u32 = 172;
export const T_CGROUPS: u32 = 176;
export const T_ROOT: u32 = 180;
export const T_CONTAINER: u32 = 184; // container id str id ("" = host)
export const T_FLAGS: u32 = 188;    // u32 PPM_CL_*
export const T_UID: u32 = 192;
export const T_GID: u32 = 196;
export const T_LOGINUID: u32 = 200;
export const T_TTY: u32 = 204;
export const T_VMSIZE: u32 = 208;
export const T_VMRSS: u32 = 212;
export const T_VMSWAP: u32 = 216;
export const T_VALID_FROM: u32 = 220; // u32 event index
export const T_PREV: u32 = 224;       // u32 previous version of this tid or NONE
export const T_ORIGIN_REF: u32 = 228; // u32 block offset or event index
export const T_SECTION: u32 = 232;    // u16
export const T_ORIGIN: u32 = 234;     // u8
export const T_BITS: u32 = 235;       // u8
export const T_NCHILDS: u32 = 236;    // u32 sinsp m_nchilds: live CLONE_THREAD threads of this (main) thread
/** u32 event index from which the thread is gone (removed from the table), or NONE. Set once, when it
 *  goes away, so it never changes what an earlier event sees. */
export const T_VALID_TO: u32 = 240;
/** u32 event index at which vm_size/vm_rss/vm_swap were last written into the record (process list,
 *  clone, execve); later brk/mmap/munmap exits override them (state/vm.ts). */
export const T_VM_AT: u32 = 244;
export const T_SIZE: u32 = 248;

export const TB_EXE_WRITABLE: u8 = 1;
export const TB_EXE_UPPER: u8 = 2;
export const TB_EXE_LOWER: u8 = 4;
export const TB_EXE_MEMFD: u8 = 8;
export const TB_DEAD: u8 = 16;      // (unused: removal sets T_VALID_TO)
export const TB_FAKE: u8 = 32;      // created for an unknown tid (sinsp's "<NA>" entry)

// PPM_CL_* clone flags (schema flags.json clone_flags, plus sinsp-internal bits).
export const CL_CLONE_FILES: u32 = 0x1;
export const CL_CLONE_FS: u32 = 0x2;
export const CL_CLONE_THREAD: u32 = 0x2000;
export const CL_CLONE_INVERTED: u32 = 0x10000;
export const CL_NAME_CHANGED: u32 = 0x20000;
export const CL_CLOSED: u32 = 0x40000;
export const CL_ACTIVE: u32 = 0x80000;
export const CL_PIPE_SRC: u32 = 0x200000;
export const CL_PIPE_DST: u32 = 0x400000;
export const CL_CHILD_IN_PIDNS: u32 = 0x20000000;
export const CL_IS_MAIN_THREAD: u32 = 0x40000000;

export const threads = new RecordTable(T_SIZE);
/** tid -> latest version (live or ended) in the current section. */
const latest = new LiveMap();
/** tid -> every version ever made for it, in event order (all sections): binary-searched by event, so
 *  a lookup at any event costs O(log versions) however many times the thread changed later. */
const chains = new U32Lists();
/** Bumped whenever a tid's live version changes (new version, removal): a caller holding a version
 *  looked up at generation g knows it is still the live one while the generation is g. */
export let threadGen: u32 = 0;

@inline export function tAddr(v: u32): usize { return threads.addr(v); }
@inline export function tI64(v: u32, f: u32): i64 { return load<i64>(threads.addr(v) + f); }
@inline export function tU64(v: u32, f: u32): u64 { return load<u64>(threads.addr(v) + f); }
@inline export function tU32(v: u32, f: u32): u32 { return load<u32>(threads.addr(v) + f); }
@inline export function tI32(v: u32, f: u32): i32 { return load<i32>(threads.addr(v) + f); }
@inline export function tBits(v: u32): u8 { return load<u8>(threads.addr(v) + T_BITS); }
@inline export function tSetI64(v: u32, f: u32, x: i64): void { store<i64>(threads.addr(v) + f, x); }
@inline export function tSetU64(v: u32, f: u32, x: u64): void { store<u64>(threads.addr(v) + f, x); }
@inline export function tSetU32(v: u32, f: u32, x: u32): void { store<u32>(threads.addr(v) + f, x); }
@inline export function tSetI32(v: u32, f: u32, x: i32): void { store<i32>(threads.addr(v) + f, x); }
@inline export function tSetBits(v: u32, b: u8): void { store<u8>(threads.addr(v) + T_BITS, b); }

// One-entry cache of the last tid looked up (events come in runs of the same thread).
let cacheTid: i64 = -2;
let cacheVer: u32 = NONE;

/** Latest version of `tid` if it is live, else NONE. */
export function threadLive(tid: i64): u32 {
  let v: u32;
  if (tid == cacheTid) v = cacheVer;
  else {
    v = latest.get(<u64>tid);
    if (v == NONE) return NONE;
    cacheTid = tid; cacheVer = v;
  }
  return tU32(v, T_VALID_TO) != NONE ? NONE : v;
}

/** A version of `tid` that event `ev` may edit: the one `ev` already made, or a new copy of the live one. */
export function threadWritable(tid: i64, ev: u32, origin: u8, originRef: u32): u32 {
  const cur = threadLive(tid);
  if (cur == NONE) return NONE;
  if (tU32(cur, T_VALID_FROM) == ev) return cur;
  const v = threads.copyOf(cur);
  link(v, cur, ev, origin, originRef);
  return v;
}

function link(v: u32, prev: u32, ev: u32, origin: u8, originRef: u32): void {
  const a = threads.addr(v);
  store<u32>(a + T_PREV, prev);
  store<u32>(a + T_VALID_FROM, ev);
  store<u32>(a + T_ORIGIN_REF, originRef);
  store<u16>(a + T_SECTION, curSection);
  store<u8>(a + T_ORIGIN, origin);
  store<u32>(a + T_VALID_TO, NONE);
  const tid = load<i64>(a + T_TID);
  latest.set(<u64>tid, v);
  if (tid == cacheTid) cacheVer = v;
  threadGen++;
  chains.push(<u64>tid, v);
}

/** A brand new thread record for `tid` (defaults as libscap/sinsp use), valid from `ev`. */
export function threadCreate(tid: i64, ev: u32, origin: u8, originRef: u32): u32 {
  let prevV = latest.get(<u64>tid);
  if (prevV == NONE) prevV = historic.get(<u64>tid);
  const v = threads.alloc();
  const a = threads.addr(v);
  store<i64>(a + T_TID, tid);
  store<i64>(a + T_PID, tid);
  store<i64>(a + T_PTID, -1);
  store<i64>(a + T_SID, -1);
  store<i64>(a + T_VPGID, -1);
  store<i64>(a + T_PGID, -1);
  store<i64>(a + T_VTID, -1);
  store<i64>(a + T_VPID, -1);
  store<i64>(a + T_FDLIMIT, -1);
  store<u32>(a + T_FLAGS, CL_NAME_CHANGED);
  store<u32>(a + T_VM_AT, ev);
  link(v, prevV, ev, origin, originRef);
  schedThreadCreated(curSection, tid, ev);
  return v;
}

/** Marks `tid` removed from `ev` on: its live version ends there (no tombstone record). */
export function threadRemove(tid: i64, ev: u32, originRef: u32): void {
  const cur = threadLive(tid);
  if (cur == NONE) return;
  tSetU32(cur, T_VALID_TO, ev);
  threadGen++;
}

/**
 * Version of `tid` current at event `ev` (state after applying `ev`), or NONE.
 * `from` is a version of the same tid known to be at or after `ev` (or NONE to start at the latest).
 */
export function threadAt(tid: i64, ev: u32, section: u16): u32 {
  const c = chains.find(<u64>tid);
  if (c == NONE) return NONE;
  const res = lastValidFrom(c, ev);
  if (res < 0) return NONE;
  const v = chains.at(c, <u32>res);
  const r = threads.addr(v);
  if (load<u16>(r + T_SECTION) != section) return NONE;
  const to = load<u32>(r + T_VALID_TO);
  return to != NONE && to <= ev ? NONE : v;
}

/** Index in a tid's version chain of the last version with validFrom <= ev, or -1 (binary search). */
function lastValidFrom(c: u32, ev: u32): i32 {
  let lo: i32 = 0, hi: i32 = <i32>chains.length(c) - 1, res: i32 = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (load<u32>(threads.addr(chains.at(c, <u32>mid)) + T_VALID_FROM) <= ev) { res = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return res;
}

/** Tids of earlier sections are no longer in `latest`; keep their last versions here. */
const historic = new LiveMap();


/** At a section start: current versions move to the historic map (for lookups of older events). */
export function threadsNewSection(): void {
  // Chain the historic version behind the new section's versions: keep the newest per tid.
  for (let i = 0; i < latest.size; i++) historic.set(latest.keyAt(i), latest.valAt(i));
  latest.clear();
  // the one-entry cache held a version of the old section: the new one starts with no threads
  cacheTid = -2; cacheVer = NONE;
  threadGen++;
}

/** Threads known in this section (live or ended): bounds the scans that walk every thread. */
export function threadsKnown(): i32 { return latest.size; }

/** Iterates live tids (for lineage counts and process exit); returns the latest-version list. */
export function liveThreadVersions(): u32[] {
  const out = new Array<u32>(0);
  for (let i = 0; i < latest.size; i++) {
    const v = latest.valAt(i);
    if (tU32(v, T_VALID_TO) == NONE) out.push(v);
  }
  return out;
}

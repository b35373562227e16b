// proc.*, thread.*, user.* and group.* extractors, over the thread version current for the event
// (state/eventstate.ts). Semantics follow sysdig's (libsinsp filterchecks): proc.* values of a thread
// come from the thread itself except where sinsp reads the main thread (cwd, ppid, fdlimit, lineage);
// parents are looked up by tid as they were at the event, so lineage is exact without replay.
import * as F from '../generated/fields';
import { evTid, evTs, evType } from '../reader/events';
import * as S from '../generated/schema';
import { loadCur, pU64 } from '../state/params';
import { strPtr, strLen, STR_EMPTY } from '../core/intern';
import { NONE } from '../state/records';
import { valOriginsWanted } from '../core/values';
import { sectionOf } from '../state/section';
import { evThread } from '../state/eventstate';
import {
  threads, threadAt, tI64, tU64, tU32, tI32, tBits,
  T_TID, T_PID, T_PTID, T_SID, T_VPGID, T_PGID, T_VTID, T_VPID, T_FDLIMIT, T_PFMAJOR, T_PFMINOR,
  T_PIDNS_TS, T_CAP_INH, T_CAP_PRM, T_CAP_EFF, T_EXE_INO, T_EXE_CTIME, T_EXE_MTIME, T_CLONE_TS,
  T_COMM, T_EXE, T_EXEPATH, T_ARGS, T_CWD, T_ENV, T_CGROUPS, T_FLAGS, T_UID, T_GID, T_LOGINUID, T_TTY,
  T_VMSIZE, T_VMRSS, T_VMSWAP, T_NCHILDS, T_PREV, T_SECTION, T_ORIGIN, T_ORIGIN_REF, T_VALID_FROM, T_VM_AT, T_VALID_TO,
  TB_EXE_WRITABLE, TB_EXE_UPPER, TB_EXE_LOWER, TB_EXE_MEMFD, CL_IS_MAIN_THREAD,
} from '../state/threads';
import { userAt, uI32, U_NAME, U_HOME, U_SHELL, users, U_ORIGIN, U_ORIGIN_REF } from '../state/users';
import { countLiveFds } from './fdcount';
import { sbReset, sbByte, sbBytes, sbI64, sbAscii } from '../state/strbuf';
import { setOrigin, pushStrId, pushScratch, pushU, pushI, pushB, pushD } from './push';
import { O_INFERRED, O_STATE_EVENT } from '../core/values';
import { vmLastUpdate, vmValue } from '../state/vm';
import { schedExectime, schedTotal, schedLastSwitch, schedPrevProcinfo } from '../state/sched';

let ev: u32 = 0;
let section: u16 = 0;

/** Memo of originOf: (version, field offset) -> the version the value was learned in. Versions are
 *  immutable, so the answer never changes; many events share a version, so each walk is done once. */
let originMemo = new Map<u64, u32>();

/** Origin of field bytes [off, off+size) of thread version v: the oldest version with the same value. */
function originOf(v: u32, off: u32, size: u32): void {
  if (!valOriginsWanted) return; // the filter evaluator needs no origins (core/values.ts): skip the walk
  // fast path: the value changed in v itself (or v is the first version)
  const p0 = load<u32>(threads.addr(v) + T_PREV);
  if (p0 == NONE || newRecord(p0, v) ||
    memory.compare(threads.addr(p0) + off, threads.addr(v) + off, size) != 0) {
    setOrigin(load<u8>(threads.addr(v) + T_ORIGIN), load<u32>(threads.addr(v) + T_ORIGIN_REF));
    return;
  }
  const key = (<u64>v << 16) | <u64>off;
  let cur: u32;
  if (originMemo.has(key)) cur = originMemo.get(key);
  else {
    cur = v;
    let guard = 0;
    while (guard++ < 100000) {
      const p = load<u32>(threads.addr(cur) + T_PREV);
      if (p == NONE) break;
      if (newRecord(p, cur)) break;
      if (memory.compare(threads.addr(p) + off, threads.addr(v) + off, size) != 0) break;
      cur = p;
    }
    if (originMemo.size >= 1 << 20) originMemo = new Map<u64, u32>();
    originMemo.set(key, cur);
  }
  setOrigin(load<u8>(threads.addr(cur) + T_ORIGIN), load<u32>(threads.addr(cur) + T_ORIGIN_REF));
}

/** Whether version v starts a new thread record after p (another section, or p's thread was removed
 *  and the tid came back): values never originate across that boundary. */
function newRecord(p: u32, v: u32): bool {
  return load<u16>(threads.addr(p) + T_SECTION) != load<u16>(threads.addr(v) + T_SECTION) ||
    load<u32>(threads.addr(p) + T_VALID_TO) != NONE;
}

function isMain(v: u32): bool {
  return tI64(v, T_TID) == tI64(v, T_PID) || (tU32(v, T_FLAGS) & CL_IS_MAIN_THREAD) != 0;
}
function mainOf(v: u32): u32 {
  if (isMain(v)) return v;
  return threadAt(tI64(v, T_PID), ev, section);
}
function parentOf(v: u32): u32 {
  return threadAt(tI64(v, T_PTID), ev, section);
}
/** Main thread walked up `n` parents (sinsp proc.aname/apid), or NONE. */
function ancestor(v: u32, n: i64): u32 {
  let m = mainOf(v);
  for (let j: i64 = 0; j < n && m != NONE; j++) m = parentOf(m);
  return m;
}

function str(v: u32, off: u32): void { originOf(v, off, 4); pushStrId(tI32(v, off)); }

/** NUL-separated list joined with `sep` (sinsp's m_args/m_env vectors joined). */
function sbList(id: i32, sep: u8): void {
  const p = strPtr(id);
  const n = strLen(id);
  let first = true;
  let s: u32 = 0;
  while (s < n) {
    let e = s;
    while (e < n && load<u8>(p + e) != 0) e++;
    if (!first) sbByte(sep);
    sbBytes(p + s, e - s);
    first = false;
    s = e + 1;
  }
}
function listCount(id: i32): i32 {
  const p = strPtr(id);
  const n = strLen(id);
  let c = 0;
  let s: u32 = 0;
  while (s < n) {
    let e = s;
    while (e < n && load<u8>(p + e) != 0) e++;
    c++;
    s = e + 1;
  }
  return c;
}
function listLenSum(id: i32): u64 {
  const p = strPtr(id);
  const n = strLen(id);
  let c: u64 = 0;
  let s: u32 = 0;
  while (s < n) {
    let e = s;
    while (e < n && load<u8>(p + e) != 0) e++;
    c += <u64>(e - s);
    s = e + 1;
  }
  return c;
}

/** Element `k` of a NUL-separated list into the scratch buffer; false when absent. */
function sbListItem(id: i32, k: i64): bool {
  const p = strPtr(id);
  const n = strLen(id);
  let i: i64 = 0;
  let s: u32 = 0;
  while (s < n) {
    let e = s;
    while (e < n && load<u8>(p + e) != 0) e++;
    if (i == k) { sbReset(); sbBytes(p + s, e - s); return true; }
    i++;
    s = e + 1;
  }
  return false;
}

/** Value of env var `name` (bytes at namePtr/nameLen) into the scratch buffer. */
function sbEnvVar(id: i32, namePtr: usize, nameLen: u32): bool {
  const p = strPtr(id);
  const n = strLen(id);
  let s: u32 = 0;
  while (s < n) {
    let e = s;
    while (e < n && load<u8>(p + e) != 0) e++;
    if (e - s > nameLen && load<u8>(p + s + nameLen) == 0x3D && memory.compare(p + s, namePtr, nameLen) == 0) {
      sbReset(); sbBytes(p + s + nameLen + 1, e - s - nameLen - 1); return true;
    }
    s = e + 1;
  }
  return false;
}

function cmdline(v: u32): void {
  sbReset();
  const c = tI32(v, T_COMM);
  sbBytes(strPtr(c), strLen(c));
  const a = tI32(v, T_ARGS);
  if (strLen(a) > 0) {
    // comm, then " " + each arg
    const p = strPtr(a);
    const n = strLen(a);
    let s: u32 = 0;
    while (s < n) {
      let e = s;
      while (e < n && load<u8>(p + e) != 0) e++;
      sbByte(0x20); sbBytes(p + s, e - s);
      s = e + 1;
    }
  }
}

function userOf(uid: u32, v: u32): u32 {
  const u = userAt(false, STR_EMPTY, uid, ev, section);
  if (u != NONE) setOrigin(load<u8>(users.addr(u) + U_ORIGIN), load<u32>(users.addr(u) + U_ORIGIN_REF));
  return u;
}

/** Extracts proc/thread/user/group field `f` of event `e`; returns false when not one of ours. */
export function extractProc(f: i32, argNum: i64, argPtr: usize, argLen: u32, e: u32): bool {
  ev = e;
  if (f == F.F_THREAD_TID) { setOrigin(0, 0); pushI(evTid(e)); return true; }
  const v = evThread(e);
  const isOurs = (f >= F.F_PROC_EXE && f <= F.F_GROUP_NAME) || f == F.F_PROC_IS_CONTAINER_HEALTHCHECK ||
    f == F.F_PROC_IS_CONTAINER_LIVENESS_PROBE || f == F.F_PROC_IS_CONTAINER_READINESS_PROBE;
  if (!isOurs) return false;
  section = sectionOf(e);
  // sysdig computes thread.exectime even for events without a thread
  if (f == F.F_THREAD_EXECTIME) { setOrigin(O_INFERRED, 0); pushU(evType(e) == S.PPME_SCHEDSWITCH_6_E ? schedExectime(e) : 0); return true; }
  if (v == NONE) return true;
  setOrigin(O_INFERRED, 0);
  switch (f) {
    case F.F_PROC_NAME: str(v, T_COMM); break;
    case F.F_PROC_EXE: str(v, T_EXE); break;
    case F.F_PROC_EXEPATH: str(v, T_EXEPATH); break;
    case F.F_PROC_PNAME: case F.F_PROC_PEXE: case F.F_PROC_PEXEPATH: case F.F_PROC_PCMDLINE: case F.F_PROC_PVPID:
    case F.F_PROC_PPID_DURATION: case F.F_PROC_PPID_TS: {
      const p = parentOf(v);
      if (p == NONE) break;
      if (f == F.F_PROC_PNAME) str(p, T_COMM);
      else if (f == F.F_PROC_PEXE) str(p, T_EXE);
      else if (f == F.F_PROC_PEXEPATH) str(p, T_EXEPATH);
      else if (f == F.F_PROC_PCMDLINE) { originOf(p, T_ARGS, 4); cmdline(p); pushScratch(); }
      else if (f == F.F_PROC_PVPID) { if (tI64(p, T_VPID) != -1) pushI(tI64(p, T_VPID)); }
      else if (f == F.F_PROC_PPID_TS) { if (tU64(p, T_CLONE_TS) != 0) pushU(tU64(p, T_CLONE_TS)); }
      else if (tU64(p, T_CLONE_TS) != 0) pushU(evTs(e) - tU64(p, T_CLONE_TS));
      break;
    }
    case F.F_PROC_ANAME: case F.F_PROC_AEXE: case F.F_PROC_AEXEPATH: case F.F_PROC_APID: case F.F_PROC_ACMDLINE:
    case F.F_PROC_AENV: case F.F_PROC_AARGS: {
      const off = f == F.F_PROC_ANAME ? T_COMM : f == F.F_PROC_AEXE ? T_EXE : f == F.F_PROC_AEXEPATH ? T_EXEPATH : T_COMM;
      if (argNum >= 0) {
        const a = ancestor(v, argNum);
        if (a == NONE) break;
        aValue(f, a, off);
      } else {
        // no argument: every ancestor, parent first (bounded)
        let a = parentOf(mainOf(v) == NONE ? v : mainOf(v));
        let guard = 0;
        while (a != NONE && guard++ < 64) { aValue(f, a, off); a = parentOf(a); }
      }
      break;
    }
    case F.F_PROC_ARGS: {
      originOf(v, T_ARGS, 4);
      if (argNum >= 0) { if (sbListItem(tI32(v, T_ARGS), argNum)) pushScratch(); break; }
      sbReset(); sbList(tI32(v, T_ARGS), 0x20); pushScratch();
      break;
    }
    case F.F_PROC_CMDLINE: originOf(v, T_ARGS, 4); cmdline(v); pushScratch(); break;
    case F.F_PROC_CMDNARGS: pushU(<u64>listCount(tI32(v, T_ARGS))); break;
    case F.F_PROC_CMDLENARGS: pushU(listLenSum(tI32(v, T_ARGS))); break;
    case F.F_PROC_EXELINE: {
      originOf(v, T_ARGS, 4);
      sbReset();
      const x = tI32(v, T_EXE);
      sbBytes(strPtr(x), strLen(x)); sbByte(0x20);
      sbList(tI32(v, T_ARGS), 0x20);
      pushScratch();
      break;
    }
    case F.F_PROC_ENV: {
      const m = mainOf(v) == NONE ? v : mainOf(v);
      originOf(m, T_ENV, 4);
      if (argLen > 0) { if (sbEnvVar(tI32(m, T_ENV), argPtr, argLen)) pushScratch(); break; }
      sbReset(); sbList(tI32(m, T_ENV), 0x20); pushScratch();
      break;
    }
    case F.F_PROC_CWD: {
      const m = mainOf(v);
      str(m == NONE ? v : m, T_CWD);
      break;
    }
    case F.F_PROC_LOGINSHELLID: {
      let m = mainOf(v);
      let res: i64 = 0;
      let found = false;
      let guard = 0;
      while (m != NONE && guard++ < 64) {
        const c = tI32(m, T_COMM);
        const n = strLen(c);
        if (n >= 2 && load<u8>(strPtr(c) + n - 2) == 0x73 && load<u8>(strPtr(c) + n - 1) == 0x68) { res = tI64(m, T_PID); found = true; }
        m = parentOf(m);
      }
      if (found) pushI(res);
      break;
    }
    case F.F_PROC_TTY: originOf(v, T_TTY, 4); pushU(<u64>tU32(v, T_TTY)); break;
    case F.F_PROC_PID: originOf(v, T_PID, 8); pushI(tI64(v, T_PID)); break;
    case F.F_PROC_PPID: {
      const m = mainOf(v);
      if (m == NONE) break;
      originOf(m, T_PTID, 8); pushI(tI64(m, T_PTID));
      break;
    }
    case F.F_PROC_VPID: if (tI64(v, T_VPID) != -1) { originOf(v, T_VPID, 8); pushI(tI64(v, T_VPID)); } break;
    case F.F_THREAD_VTID: if (tI64(v, T_VTID) != -1) { originOf(v, T_VTID, 8); pushI(tI64(v, T_VTID)); } break;
    case F.F_PROC_SID: originOf(v, T_SID, 8); pushI(tI64(v, T_SID)); break;
    case F.F_PROC_VPGID: originOf(v, T_VPGID, 8); pushI(tI64(v, T_VPGID)); break;
    case F.F_PROC_PGID: if (tI64(v, T_PGID) != -1) { originOf(v, T_PGID, 8); pushI(tI64(v, T_PGID)); } break;
    case F.F_PROC_SNAME: case F.F_PROC_SID_EXE: case F.F_PROC_SID_EXEPATH: {
      const off = f == F.F_PROC_SNAME ? T_COMM : f == F.F_PROC_SID_EXE ? T_EXE : T_EXEPATH;
      const s = threadAt(tI64(v, T_SID), ev, section);
      if (s != NONE) { str(s, off); break; }
      let m = mainOf(v);
      if (m == NONE) break;
      const sid = tI64(m, T_SID);
      let guard = 0;
      let p = parentOf(m);
      while (p != NONE && tI64(p, T_SID) == sid && guard++ < 64) { m = p; p = parentOf(p); }
      str(m, off);
      break;
    }
    case F.F_PROC_VPGID_NAME: case F.F_PROC_VPGID_EXE: case F.F_PROC_VPGID_EXEPATH:
    case F.F_PROC_PGID_NAME: case F.F_PROC_PGID_EXE: case F.F_PROC_PGID_EXEPATH: {
      const isV = f == F.F_PROC_VPGID_NAME || f == F.F_PROC_VPGID_EXE || f == F.F_PROC_VPGID_EXEPATH;
      const off = (f == F.F_PROC_VPGID_NAME || f == F.F_PROC_PGID_NAME) ? T_COMM :
        (f == F.F_PROC_VPGID_EXE || f == F.F_PROC_PGID_EXE) ? T_EXE : T_EXEPATH;
      const g = threadAt(tI64(v, isV ? T_VPGID : T_PGID), ev, section);
      if (g != NONE) str(g, off);
      break;
    }
    case F.F_PROC_IS_SID_LEADER: pushB(tI64(v, T_SID) == tI64(v, T_VPID)); break;
    case F.F_PROC_IS_VPGID_LEADER: if (tI64(v, T_VPGID) != -1) pushB(tI64(v, T_VPGID) == tI64(v, T_VPID)); break;
    case F.F_PROC_IS_PGID_LEADER: if (tI64(v, T_PGID) != -1) pushB(tI64(v, T_PGID) == tI64(v, T_PID)); break;
    case F.F_PROC_DURATION: if (tU64(v, T_CLONE_TS) != 0) { originOf(v, T_CLONE_TS, 8); pushU(evTs(e) - tU64(v, T_CLONE_TS)); } break;
    case F.F_PROC_PID_TS: if (tU64(v, T_CLONE_TS) != 0) { originOf(v, T_CLONE_TS, 8); pushU(tU64(v, T_CLONE_TS)); } break;
    case F.F_PROC_IS_EXE_WRITABLE: pushB((tBits(v) & TB_EXE_WRITABLE) != 0); break;
    case F.F_PROC_IS_EXE_UPPER_LAYER: pushB((tBits(v) & TB_EXE_UPPER) != 0); break;
    case F.F_PROC_IS_EXE_LOWER_LAYER: pushB((tBits(v) & TB_EXE_LOWER) != 0); break;
    case F.F_PROC_IS_EXE_FROM_MEMFD: pushB((tBits(v) & TB_EXE_MEMFD) != 0); break;
    case F.F_PROC_EXE_INO: if (tU64(v, T_EXE_INO) != 0) pushI(<i64>tU64(v, T_EXE_INO)); break;
    case F.F_PROC_EXE_INO_CTIME: if (tU64(v, T_EXE_CTIME) != 0) pushU(tU64(v, T_EXE_CTIME)); break;
    case F.F_PROC_EXE_INO_MTIME: if (tU64(v, T_EXE_MTIME) != 0) pushU(tU64(v, T_EXE_MTIME)); break;
    case F.F_PROC_EXE_INO_CTIME_DURATION_PROC_START:
      if (tU64(v, T_EXE_CTIME) != 0 && tU64(v, T_CLONE_TS) != 0) pushU(tU64(v, T_CLONE_TS) - tU64(v, T_EXE_CTIME));
      break;
    case F.F_PROC_EXE_INO_CTIME_DURATION_PIDNS_START:
      if (tU64(v, T_EXE_CTIME) != 0 && tU64(v, T_PIDNS_TS) != 0) pushU(tU64(v, T_PIDNS_TS) - tU64(v, T_EXE_CTIME));
      break;
    case F.F_PROC_PIDNS_INIT_START_TS: if (tU64(v, T_PIDNS_TS) != 0) pushU(tU64(v, T_PIDNS_TS)); break;
    case F.F_THREAD_CAP_PERMITTED: capString(tU64(v, T_CAP_PRM)); break;
    case F.F_THREAD_CAP_INHERITABLE: capString(tU64(v, T_CAP_INH)); break;
    case F.F_THREAD_CAP_EFFECTIVE: capString(tU64(v, T_CAP_EFF)); break;
    case F.F_PROC_FDOPENCOUNT: case F.F_PROC_FDUSAGE: {
      const m = mainOf(v) == NONE ? v : mainOf(v);
      const n = countLiveFds(tI64(m, T_TID), ev, section);
      if (f == F.F_PROC_FDOPENCOUNT) { pushU(<u64>n); break; }
      const lim = tI64(m, T_FDLIMIT);
      pushD(lim <= 0 ? 0.0 : <u64>n <= <u64>lim ? (<f64>n * 100.0) / <f64>lim : 100.0);
      break;
    }
    case F.F_PROC_FDLIMIT: {
      const m = mainOf(v) == NONE ? v : mainOf(v);
      originOf(m, T_FDLIMIT, 8); pushI(tI64(m, T_FDLIMIT));
      break;
    }
    case F.F_PROC_VMSIZE: pushU(<u64>vm(v, 0)); break;
    case F.F_PROC_VMRSS: pushU(<u64>vm(v, 1)); break;
    case F.F_PROC_VMSWAP: pushU(<u64>vm(v, 2)); break;
    case F.F_THREAD_PFMAJOR: case F.F_THREAD_PFMINOR: {
      // a context switch carries the switched-out thread's page-fault counters (params 1 and 2)
      const major = f == F.F_THREAD_PFMAJOR;
      const u = schedLastSwitch(section, tI64(v, T_TID), tU32(v, T_VM_AT), e);
      if (u != NONE) { setOrigin(O_STATE_EVENT, u); loadCur(u); pushU(pU64(major ? 1 : 2, 0)); break; }
      originOf(v, major ? T_PFMAJOR : T_PFMINOR, 8); pushU(tU64(v, major ? T_PFMAJOR : T_PFMINOR));
      break;
    }
    case F.F_THREAD_ISMAIN: pushB(isMain(v)); break;
    case F.F_THREAD_NAMETID: {
      sbReset(); const c = tI32(v, T_COMM); sbBytes(strPtr(c), strLen(c)); sbI64(evTid(e)); pushScratch();
      break;
    }
    case F.F_THREAD_TOTEXECTIME: pushU(schedTotal(section, evTid(e), e)); break;
    case F.F_THREAD_CGROUPS: {
      const cg = tI32(v, T_CGROUPS);
      if (strLen(cg) == 0) break;
      originOf(v, T_CGROUPS, 4);
      sbReset(); sbList(cg, 0x20); pushScratch();
      break;
    }
    case F.F_THREAD_CGROUP: {
      const cg = tI32(v, T_CGROUPS);
      if (strLen(cg) == 0 || argLen == 0) break;
      originOf(v, T_CGROUPS, 4);
      if (sbEnvVar(cg, argPtr, argLen)) pushScratch();
      break;
    }
    case F.F_PROC_NTHREADS: {
      const m = mainOf(v);
      if (m == NONE) break;
      pushU(<u64>tU32(m, T_NCHILDS) + 1);
      break;
    }
    case F.F_PROC_NCHILDS: pushU(<u64>tU32(v, T_NCHILDS)); break;
    case F.F_THREAD_CPU: case F.F_THREAD_CPU_USER: case F.F_THREAD_CPU_SYSTEM:
      if (evType(e) == S.PPME_PROCINFO_E) pushD(threadCpu(f, e));
      break;
    case F.F_THREAD_VMSIZE: pushU(isMain(v) ? <u64>vm(v, 0) : 0); break;
    case F.F_THREAD_VMRSS: pushU(isMain(v) ? <u64>vm(v, 1) : 0); break;
    case F.F_THREAD_VMSIZE_B: pushU(isMain(v) ? <u64>vm(v, 0) * 1024 : 0); break;
    case F.F_THREAD_VMRSS_B: pushU(isMain(v) ? <u64>vm(v, 1) * 1024 : 0); break;
    case F.F_PROC_STDIN_TYPE: case F.F_PROC_STDOUT_TYPE: case F.F_PROC_STDERR_TYPE:
    case F.F_PROC_STDIN_NAME: case F.F_PROC_STDOUT_NAME: case F.F_PROC_STDERR_NAME:
      stdFd(f, v);
      break;
    case F.F_USER_UID: originOf(v, T_UID, 4); pushU(<u64>tU32(v, T_UID)); break;
    case F.F_USER_NAME: case F.F_USER_HOMEDIR: case F.F_USER_SHELL: {
      const u = userOf(tU32(v, T_UID), v);
      if (u == NONE) break;
      pushStrId(uI32(u, f == F.F_USER_NAME ? U_NAME : f == F.F_USER_HOMEDIR ? U_HOME : U_SHELL));
      break;
    }
    case F.F_USER_LOGINUID: originOf(v, T_LOGINUID, 4); pushI(<i64><i32>tU32(v, T_LOGINUID)); break;
    case F.F_USER_LOGINNAME: {
      const u = userOf(tU32(v, T_LOGINUID), v);
      if (u != NONE) pushStrId(uI32(u, U_NAME));
      break;
    }
    case F.F_GROUP_GID: originOf(v, T_GID, 4); pushU(<u64>tU32(v, T_GID)); break;
    case F.F_GROUP_NAME: {
      const g = userAt(true, STR_EMPTY, tU32(v, T_GID), ev, section);
      if (g != NONE) {
        setOrigin(load<u8>(users.addr(g) + U_ORIGIN), load<u32>(users.addr(g) + U_ORIGIN_REF));
        pushStrId(uI32(g, U_NAME));
      }
      break;
    }
    case F.F_PROC_IS_CONTAINER_HEALTHCHECK: case F.F_PROC_IS_CONTAINER_LIVENESS_PROBE:
    case F.F_PROC_IS_CONTAINER_READINESS_PROBE:
      pushB(false);
      break;
    default: break;
  }
  return true;
}

/** vm_size/vm_rss/vm_swap (k = 0, 1, 2) at the event: the record's value unless a later brk/mmap/munmap
 *  exit of the thread updated it (state/vm.ts). Sets the value's origin. */
function vm(v: u32, k: i32): u32 {
  const setAt = tU32(v, T_VM_AT);
  const u = vmLastUpdate(section, tI64(v, T_TID), setAt, ev);
  if (u != NONE && u > setAt) { setOrigin(O_STATE_EVENT, u); return vmValue(u, k); }
  originOf(v, k == 0 ? T_VMSIZE : k == 1 ? T_VMRSS : T_VMSWAP, 4);
  return tU32(v, k == 0 ? T_VMSIZE : k == 1 ? T_VMRSS : T_VMSWAP);
}

/** thread.cpu[.user|.system] of procinfo event e: the CPU time since the thread's previous procinfo
 *  event (user, system or both), capped at 100 as sysdig does; 0 for the first one. */
function threadCpu(f: i32, e: u32): f64 {
  const p = schedPrevProcinfo(section, evTid(e), e);
  if (p == NONE) return 0;
  const prev = cpuOf(f, p);
  if (prev == 0) return 0;
  const d = <f64>(cpuOf(f, e) - prev);
  return d > 100 ? 100 : d;
}

function cpuOf(f: i32, e: u32): u64 {
  loadCur(e);
  const usr = f == F.F_THREAD_CPU_SYSTEM ? 0 : pU64(0, 0);
  const sys = f == F.F_THREAD_CPU_USER ? 0 : pU64(1, 0);
  return usr + sys;
}

function aValue(f: i32, a: u32, off: u32): void {
  if (f == F.F_PROC_APID) { originOf(a, T_PID, 8); pushI(tI64(a, T_PID)); }
  else if (f == F.F_PROC_ACMDLINE) { originOf(a, T_ARGS, 4); cmdline(a); pushScratch(); }
  else if (f == F.F_PROC_AENV) { originOf(a, T_ENV, 4); sbReset(); sbList(tI32(a, T_ENV), 0x20); pushScratch(); }
  else if (f == F.F_PROC_AARGS) { originOf(a, T_ARGS, 4); sbReset(); sbList(tI32(a, T_ARGS), 0x20); pushScratch(); }
  else str(a, off);
}

const CAPS: string[] = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
  "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
  "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
  "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
];

/** Capability set as sinsp prints it: names joined by space. */
function capString(bits: u64): void {
  sbReset();
  let first = true;
  for (let i = 0; i < CAPS.length; i++) {
    if (bits & (<u64>1 << <u64>i)) {
      if (!first) sbByte(0x20);
      sbAscii(CAPS[i]);
      first = false;
    }
  }
  pushScratch();
}

import { fdAt, fU8, fI32, F_TYPE, F_NAME } from '../state/fds';
import { fdTypeNameId } from './fdtype';

function stdFd(f: i32, v: u32): void {
  const n: i64 = (f == F.F_PROC_STDIN_TYPE || f == F.F_PROC_STDIN_NAME) ? 0 :
    (f == F.F_PROC_STDOUT_TYPE || f == F.F_PROC_STDOUT_NAME) ? 1 : 2;
  const m = mainOf(v) == NONE ? v : mainOf(v);
  const fv = fdAt(tI64(m, T_TID), n, ev, section);
  if (fv == NONE) return;
  if (f == F.F_PROC_STDIN_NAME || f == F.F_PROC_STDOUT_NAME || f == F.F_PROC_STDERR_NAME) pushStrId(fI32(fv, F_NAME));
  else pushStrId(fdTypeNameId(fU8(fv, F_TYPE)));
}


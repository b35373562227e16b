// Process lifecycle parsers: clone/fork/vfork exits (the child thread and its copied fd table), execve
// exits (the new image's identity), thread removal and the main threads' child counts, PR_SET_NAME.
import { evTs } from '../../reader/events';
import { intern, STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { ORIGIN_EVENT } from '../section';
import {
  threadLive, threadWritable, threadCreate, threadRemove, tI64, tU32, tI32, tU64, tSetI64, tSetU32,
  tSetI32, tSetU64, tBits, tSetBits, liveThreadVersions, T_TID, T_PID, T_PTID, T_SID, T_VPGID, T_PGID,
  T_VTID, T_VPID, T_FDLIMIT, T_PFMAJOR, T_PFMINOR, T_CAP_INH, T_CAP_PRM, T_CAP_EFF, T_EXE_INO,
  T_EXE_CTIME, T_EXE_MTIME, T_CLONE_TS, T_PIDNS_TS, T_COMM, T_EXE, T_EXEPATH, T_ARGS, T_CWD, T_ENV,
  T_CGROUPS, T_ROOT, T_CONTAINER, T_FLAGS, T_UID, T_GID, T_LOGINUID, T_TTY, T_VMSIZE, T_VMRSS,
  T_VMSWAP, T_NCHILDS, T_VM_AT, TB_EXE_WRITABLE, CL_CLONE_THREAD, CL_CLONE_INVERTED, CL_NAME_CHANGED,
  CL_ACTIVE, CL_PIPE_SRC, CL_PIPE_DST, CL_CHILD_IN_PIDNS, CL_IS_MAIN_THREAD,
} from '../threads';
import {
  fdLive, fdAdd, fdRemove, liveFdsOf, liveFdCount, liveFdAt, fAddr, fU8, fU32, fSetU8, fSetU32, F_FLAGS, F_BITS, FB_FRESH,
  FF_IS_CLONED,
} from '../fds';
import { loadCur, has, plen, pptr, pI64, pU32, pU64, curN, elen, eptr, eI64, eU32, entN } from '../params';
import { concatWithDir, concatPaths, cstrLen } from '../paths';
import { containerIdFromCgroups } from '../cgroups';
import * as S from '../../generated/schema';
import * as ctx from './context';
import { F_FD_PAYLOAD_END } from './files';
import {
  txReset, txForget, na, wth, isMain, fdOwner, cwdOf, threadRef, retrieveEnter, paramStr, dirFor,
  argsId, isNA,
} from './context';

/** sinsp remove_thread: main threads with live threads stay (unless forced); fds go with the process. */
export function removeThread(tid: i64, force: bool): void {
  const v = threadLive(tid);
  if (v == NONE) return;
  if (tU32(v, T_NCHILDS) != 0 && !force) return;
  if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
    const m = threadLive(tI64(v, T_PID));
    if (m != NONE && tU32(m, T_NCHILDS) > 0) {
      const mw = threadWritable(tI64(v, T_PID), ctx.ev, ORIGIN_EVENT, ctx.ev);
      tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) - 1);
    }
  }
  if (isMain(v)) {
    const owner = tI64(v, T_TID);
    const list = liveFdsOf(owner);
    const n = liveFdCount(list);
    for (let i: u32 = 0; i < n; i++) fdRemove(owner, liveFdAt(list, i), ctx.ev, ctx.ev);
  }
  threadRemove(tid, ctx.ev, ctx.ev);
  txForget(tid);
}

export function addThreadCounts(v: u32): void {
  // sinsp increment_mainthread_childcount
  if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
    const pid = tI64(v, T_PID);
    let m = threadLive(pid);
    if (m == NONE) m = threadRef(pid, true);
    const mw = threadWritable(pid, ctx.ev, ORIGIN_EVENT, ctx.ev);
    if (mw != NONE) tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) + 1);
  }
}


/** Called at the first event of a section: sinsp create_child_dependencies over the process list. */
export function createChildDependencies(): void {
  const live = liveThreadVersions();
  for (let i = 0; i < live.length; i++) {
    const v = live[i];
    if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
      const m = threadLive(tI64(v, T_PID));
      if (m != NONE && m != v) {
        const mw = threadWritable(tI64(m, T_TID), ctx.ev, ORIGIN_EVENT, ctx.ev);
        tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) + 1);
      }
    }
  }
}

export function parseCloneExit(): void {
  let tid = ctx.etid;
  let childtid = pI64(0, -1);
  let inverted = false;
  let collision = false;
  let validParent = true;
  let inContainer = false;
  let vtid: i64 = tid, vpid: i64 = -1;
  const t = ctx.etype;
  const era = cloneEra(t);
  const flagsIdx = era == 11 ? 8 : era == 16 ? 13 : era == 17 ? 14 : 15;
  const flags = pU32(flagsIdx, 0);
  if (childtid < 0) return;
  if (era == 20) { vtid = pI64(18, tid); vpid = pI64(19, -1); }
  if ((flags & CL_CHILD_IN_PIDNS) || tid != vtid) inContainer = true;
  if (childtid == 0) {
    // child side
    let cur = threadLive(tid);
    if (cur != NONE && tU64(cur, T_CLONE_TS) != 0 && evTs(ctx.ev) - tU64(cur, T_CLONE_TS) > 2000000000) {
      removeThread(tid, true);
      cur = NONE;
    }
    const parentTid = (flags & CL_CLONE_THREAD) ? pI64(4, -1) : pI64(5, -1);
    if (cur == NONE) {
      inverted = true;
      childtid = tid;
      tid = parentTid;
    } else {
      if (inContainer) {
        const w = threadWritable(tid, ctx.ev, ORIGIN_EVENT, ctx.ev);
        if (w != NONE) { tSetI64(w, T_VTID, vtid); tSetI64(w, T_VPID, vpid); }
      }
      return;
    }
  } else if (inContainer) {
    return;
  }
  let parent = threadRef(tid, true);
  if (parent == NONE) return;
  if (tI32(parent, T_COMM) == na() && tU32(parent, T_UID) == 0xFFFFFFFF) validParent = false;
  const existing = threadLive(childtid);
  if (existing != NONE) {
    if (tU32(existing, T_FLAGS) & CL_CLONE_INVERTED) return;
    removeThread(childtid, true);
    collision = true;
  }
  // Build the child.
  let comm = STR_EMPTY, exe = STR_EMPTY, exepath = STR_EMPTY, args = STR_EMPTY, root = STR_EMPTY;
  let sid: i64 = -1, vpgid: i64 = -1, env = STR_EMPTY;
  let tty: u32 = 0, loginuid: u32 = 0, bits: u8 = 0;
  if (validParent) {
    comm = tI32(parent, T_COMM); exe = tI32(parent, T_EXE); exepath = tI32(parent, T_EXEPATH);
    args = tI32(parent, T_ARGS); root = tI32(parent, T_ROOT); sid = tI64(parent, T_SID);
    vpgid = tI64(parent, T_VPGID); tty = tU32(parent, T_TTY); loginuid = tU32(parent, T_LOGINUID);
    bits = tBits(parent) & TB_EXE_WRITABLE;
    if (!(flags & CL_CLONE_THREAD)) env = tI32(parent, T_ENV);
  } else {
    removeThread(tid, true);
    collision = true;
    parent = threadRef(tid, true);
    if (parent == NONE) return;
    // The event tells us the parent's identity: adopt it for both.
    const pexe = paramStr(1);
    const pcomm = era <= 16 ? pexe : paramStr(13);
    const pargs = argsId(2);
    const pw = threadWritable(tid, ctx.ev, ORIGIN_EVENT, ctx.ev);
    if (pw != NONE) { tSetI32(pw, T_COMM, pcomm); tSetI32(pw, T_EXE, pexe); tSetI32(pw, T_ARGS, pargs); parent = pw; }
  }
  const c = threadCreate(childtid, ctx.ev, ORIGIN_EVENT, ctx.ev);
  txReset(childtid);
  tSetI64(c, T_PTID, tid);
  tSetI32(c, T_ROOT, root); tSetI64(c, T_SID, sid); tSetI64(c, T_VPGID, vpgid);
  tSetU32(c, T_TTY, tty); tSetU32(c, T_LOGINUID, loginuid); tSetBits(c, bits);
  tSetI32(c, T_ENV, env); tSetI32(c, T_EXEPATH, exepath);
  let cflags = flags;
  let pid = pI64(4, childtid);
  if (!(flags & CL_CLONE_THREAD)) pid = childtid;
  tSetI64(c, T_PID, pid);
  if (inverted) cflags |= CL_CLONE_INVERTED;
  tSetU32(c, T_FLAGS, cflags);
  if (!(flags & CL_CLONE_THREAD)) {
    // A new process gets a copy of the parent's fd table and its cwd.
    const powner = fdOwner(parent);
    // (fdAdd of the child's fds leaves this list as it is, even for a child that is its own parent:
    // it appends only fds that are not live)
    const list = liveFdsOf(powner);
    const n = liveFdCount(list);
    for (let i: u32 = 0; i < n; i++) {
      const fd = liveFdAt(list, i);
      const src = fdLive(powner, fd);
      if (src == NONE) continue;
      const v = fdAdd(childtid, fd, ctx.ev, ORIGIN_EVENT, ctx.ev);
      memory.copy(fAddr(v) + 16, fAddr(src) + 16, F_FD_PAYLOAD_END - 16);
      fSetU8(v, F_BITS, fU8(v, F_BITS) & ~FB_FRESH);
      fSetU32(v, F_FLAGS, fU32(v, F_FLAGS) | FF_IS_CLONED);
    }
    tSetI32(c, T_CWD, cwdOf(parent));
  }
  const cexe = paramStr(1);
  tSetI32(c, T_EXE, cexe);
  tSetI32(c, T_COMM, era <= 16 ? cexe : paramStr(13));
  tSetI32(c, T_ARGS, argsId(2));
  tSetI64(c, T_FDLIMIT, pI64(7, 0));
  if (era >= 16) {
    tSetU64(c, T_PFMAJOR, pU64(8, 0)); tSetU64(c, T_PFMINOR, pU64(9, 0));
    tSetU32(c, T_VMSIZE, pU32(10, 0)); tSetU32(c, T_VMRSS, pU32(11, 0)); tSetU32(c, T_VMSWAP, pU32(12, 0));
  }
  tSetU32(c, T_VM_AT, ctx.ev);
  const uidIdx = era == 11 ? 9 : era == 16 ? 14 : era == 17 ? 15 : 16;
  tSetU32(c, T_UID, pU32(uidIdx, 0));
  tSetU32(c, T_GID, pU32(uidIdx + 1, 0));
  if (inContainer) { tSetI64(c, T_VTID, vtid); tSetI64(c, T_VPID, vpid); }
  else { tSetI64(c, T_VTID, childtid); tSetI64(c, T_VPID, pid); }
  if (era == 20) {
    const cg = argsId(14);
    tSetI32(c, T_CGROUPS, cg);
    tSetI32(c, T_CONTAINER, containerIdFromCgroups(cg));
    if (curN > 20) tSetU64(c, T_PIDNS_TS, pU64(20, 0));
  } else {
    tSetI32(c, T_CONTAINER, tI32(parent, T_CONTAINER));
    tSetI32(c, T_CGROUPS, tI32(parent, T_CGROUPS));
  }
  tSetU64(c, T_CLONE_TS, evTs(ctx.ev));
  addThreadCounts(c);
  if (collision) ctx.th = threadLive(ctx.etid);
}

export function cloneEra(t: u16): i32 {
  if (t == S.PPME_SYSCALL_CLONE_11_X) return 11;
  if (t == S.PPME_SYSCALL_CLONE_16_X || t == S.PPME_SYSCALL_FORK_X || t == S.PPME_SYSCALL_VFORK_X) return 16;
  if (t == S.PPME_SYSCALL_CLONE_17_X || t == S.PPME_SYSCALL_FORK_17_X || t == S.PPME_SYSCALL_VFORK_17_X) return 17;
  return 20;
}

export function parseExecveExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  const w = wth();
  if (w == NONE) return;
  const t = ctx.etype;
  const old = t == S.PPME_SYSCALL_EXECVE_8_X || t == S.PPME_SYSCALL_EXECVE_13_X || t == S.PPME_SYSCALL_EXECVE_14_X;
  const exe = paramStr(1);
  tSetI32(w, T_EXE, exe);
  tSetI32(w, T_COMM, old ? exe : paramStr(13));
  tSetI32(w, T_ARGS, argsId(2));
  tSetI64(w, T_PID, pI64(4, tI64(w, T_PID)));
  if (tI64(w, T_PTID) == -1) tSetI64(w, T_PTID, pI64(5, -1));
  tSetI64(w, T_FDLIMIT, pI64(7, tI64(w, T_FDLIMIT)));
  if (t != S.PPME_SYSCALL_EXECVE_8_X) {
    tSetU64(w, T_PFMAJOR, pU64(8, 0)); tSetU64(w, T_PFMINOR, pU64(9, 0));
    tSetU32(w, T_VMSIZE, pU32(10, 0)); tSetU32(w, T_VMRSS, pU32(11, 0)); tSetU32(w, T_VMSWAP, pU32(12, 0));
    tSetU32(w, T_VM_AT, ctx.ev);
  }
  if (t == S.PPME_SYSCALL_EXECVE_14_X) tSetI32(w, T_ENV, argsId(13));
  else if (t == S.PPME_SYSCALL_EXECVE_15_X) tSetI32(w, T_ENV, argsId(14));
  else if (!old) {
    tSetI32(w, T_ENV, argsId(15));
    const cg = argsId(14);
    tSetI32(w, T_CGROUPS, cg);
    tSetI32(w, T_CONTAINER, containerIdFromCgroups(cg));
  }
  const is17plus = t == S.PPME_SYSCALL_EXECVE_17_X || t == S.PPME_SYSCALL_EXECVE_18_X ||
    t == S.PPME_SYSCALL_EXECVE_19_X || t == S.PPME_SYSCALL_EXECVEAT_X;
  if (is17plus) tSetU32(w, T_TTY, pU32(16, 0));
  // exepath: the enter event's filename resolved against the cwd (or dirfd for execveat);
  // exit-only captures carry trusted_exepath (27) / filename (30) instead.
  if ((t == S.PPME_SYSCALL_EXECVE_18_X || t == S.PPME_SYSCALL_EXECVE_19_X) && hasEnter && entN >= 1) {
    if (isNA(eptr(0), elen(0))) tSetI32(w, T_EXEPATH, na());
    else tSetI32(w, T_EXEPATH, concatWithDir(cwdOf(w), eptr(0), elen(0)));
  } else if (t == S.PPME_SYSCALL_EXECVEAT_X && hasEnter && entN >= 3) {
    const dirfd = eI64(0, -100);
    const np = eptr(1), nl = elen(1);
    if (isNA(np, nl)) tSetI32(w, T_EXEPATH, na());
    else {
      const dir = dirFor(np, cstrLen(np, nl), dirfd);
      const fl = eU32(2, 0);
      if ((fl & 1) && cstrLen(np, nl) == 0 && dir >= 0) tSetI32(w, T_EXEPATH, dir);
      else tSetI32(w, T_EXEPATH, dir < 0 ? concatPaths(0, 0, np, nl) : concatWithDir(dir, np, nl));
    }
  } else if (curN > 27 && has(27)) {
    tSetI32(w, T_EXEPATH, paramStr(27));
  } else if (curN > 30 && has(30)) {
    tSetI32(w, T_EXEPATH, concatWithDir(cwdOf(w), pptr(30), plen(30)));
  }
  if (t == S.PPME_SYSCALL_EXECVE_19_X || t == S.PPME_SYSCALL_EXECVEAT_X) tSetI64(w, T_VPGID, pI64(17, tI64(w, T_VPGID)));
  if (curN > 18) tSetU32(w, T_LOGINUID, pU32(18, 0xFFFFFFFF));
  if (curN > 19) {
    const fl = pU32(19, 0);
    let b = tBits(w) & ~TB_EXE_WRITABLE;
    if (fl & 1) b |= TB_EXE_WRITABLE;
    tSetBits(w, b);
  }
  if (curN > 22) { tSetU64(w, T_CAP_INH, pU64(20, 0)); tSetU64(w, T_CAP_PRM, pU64(21, 0)); tSetU64(w, T_CAP_EFF, pU64(22, 0)); }
  if (curN > 25) { tSetU64(w, T_EXE_INO, pU64(23, 0)); tSetU64(w, T_EXE_CTIME, pU64(24, 0)); tSetU64(w, T_EXE_MTIME, pU64(25, 0)); }
  if (curN > 26 && has(26)) tSetU32(w, T_UID, pU32(26, 0));
  if (curN > 28 && has(28)) tSetI64(w, T_PGID, pI64(28, -1));
  if (curN > 29 && has(29)) tSetU32(w, T_GID, pU32(29, 0));
  const keep = tU32(w, T_FLAGS) & (CL_PIPE_SRC | CL_PIPE_DST | CL_IS_MAIN_THREAD | CL_CLONE_INVERTED);
  tSetU32(w, T_FLAGS, CL_ACTIVE | keep | CL_NAME_CHANGED);
}

export function parseSetsidExit(): void {
  loadCur(ctx.ev);
  const r = pI64(0, -1);
  if (r >= 0) { const w = wth(); if (w != NONE) tSetI64(w, T_SID, r); }
}

export function parseSetpgidExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) != 0) return;
  // HEAD sinsp: pid 0 means the caller; pgid 0 means pgid = pid.
  let pid = pI64(1, 0);
  let pg = pI64(2, 0);
  if (curN < 2 && retrieveEnter()) { pid = eI64(0, 0); pg = eI64(1, 0); }
  if (pid == 0 || pid == tI64(ctx.th, T_PID)) {
    const w = wth();
    if (w != NONE) tSetI64(w, T_VPGID, pg == 0 ? tI64(w, T_VPID) : pg);
  }
}

/** PR_SET_NAME renames the thread's comm in the kernel; newer sinsp does not track it, but the name is a
 *  fact of the event and Falco rules match on it, so we apply it. */
export function parsePrctlExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) == 0 && pU32(1, 0) == 15 && has(2)) {
    const w = wth();
    if (w != NONE) tSetI32(w, T_COMM, intern(pptr(2), cstrLen(pptr(2), plen(2))));
  }
}

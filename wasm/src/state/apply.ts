// Applies one event to the state, the way sinsp's parser does (libs 0.x as in sysdig 0.29, plus the
// newer event types): per-thread enter/exit bookkeeping (last enter type and fd, the stored enter event
// for exit parsing), then the event-specific update (clone/fork/execve/exit, fd creation and removal,
// cwd, credentials, containers, users). sinsp defers thread removal (procexit) and fd removal (close)
// to the next event, so do we. Results are recorded per event in eventstate.ts.
import { evType, evTid, evTs, evCpu, evFlags, EVF_STATE_ONLY } from '../reader/events';
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';
import { intern, internString, strPtr, strLen, STR_EMPTY } from '../core/intern';
import { EV_FLAGS, EVENT_COUNT, EF_USES_FD, EF_CREATES_FD, EF_DESTROYS_FD, EF_SKIPPARSERESET } from '../generated/schema';
import * as S from '../generated/schema';
import { NONE } from './records';
import { ORIGIN_EVENT, ORIGIN_INFERRED, curSection } from './section';
import {
  threadLive, threadWritable, threadCreate, threadRemove, tI64, tU32, tI32, tU64, tSetI64, tSetU32,
  tSetI32, tSetU64, tBits, tSetBits, liveThreadVersions, threadsKnown,
  T_TID, T_PID, T_PTID, T_SID, T_VPGID, T_PGID, T_VTID, T_VPID, T_FDLIMIT, T_PFMAJOR, T_PFMINOR,
  T_CAP_INH, T_CAP_PRM, T_CAP_EFF, T_EXE_INO, T_EXE_CTIME, T_EXE_MTIME, T_CLONE_TS, T_PIDNS_TS,
  T_COMM, T_EXE, T_EXEPATH, T_ARGS, T_CWD, T_ENV, T_CGROUPS, T_ROOT, T_CONTAINER, T_FLAGS, T_UID,
  T_GID, T_LOGINUID, T_TTY, T_VMSIZE, T_VMRSS, T_VMSWAP, T_NCHILDS, T_VM_AT, TB_FAKE, TB_EXE_WRITABLE,
  CL_CLONE_FILES, CL_CLONE_THREAD, CL_CLONE_INVERTED, CL_NAME_CHANGED, CL_CLOSED, CL_ACTIVE,
  CL_PIPE_SRC, CL_PIPE_DST, CL_CHILD_IN_PIDNS, CL_IS_MAIN_THREAD,
} from './threads';
import {
  fdLive, fdAdd, fdWritable, fdRemove, liveFdsOf, fds, fAddr, fI64, fU8, fU16, fU32, fSetU8, fSetU16,
  fSetU32, fSetI32, fSetU64,
  F_FD, F_TYPE, F_NAME, F_SIP, F_DIP, F_SPORT, F_DPORT, F_L4, F_USRC, F_UDST, F_OPENFLAGS, F_DEV, F_INO,
  F_FLAGS, F_OWNER, F_BITS, FB_FRESH, F_ORIGIN,
  FD_FILE_V2, FD_DIRECTORY, FD_IPV4_SOCK, FD_IPV6_SOCK, FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK, FD_FIFO,
  FD_UNIX_SOCK, FD_EVENT, FD_SIGNALFD, FD_EVENTPOLL, FD_INOTIFY, FD_TIMERFD, FD_NETLINK, FD_BPF,
  FD_USERFAULTFD, FD_IOURING, FD_MEMFD, FD_PIDFD, FD_UNKNOWN,
  L4_UNKNOWN, L4_TCP, L4_UDP, L4_ICMP, L4_RAW,
  FF_ROLE_CLIENT, FF_ROLE_SERVER, FF_SOCKET_CONNECTED, FF_CLOSE_IN_PROGRESS, FF_IS_CLONED,
} from './fds';
import {
  loadCur, loadEnt, has, plen, poff, pptr, pI64, pU32, pU64, curN, ehas, elen, eptr, eoff, eI64, eU32, entN,
  firstParamI64, schemaParamIndex,
} from './params';
import { concatWithDir, concatPaths, resolveCwd, cstrLen } from './paths';
import { containerIdFromCgroups } from './cgroups';
import { ipv4TupleName, ipv6TupleName, ipv4ServerName, ipv6ServerName, isV4Mapped, fixListSockets } from './fdnames';
import { tupleName, addrName } from './sockfmt';
import { evStatePush, evStateCount, evStateFill, evSetLink, evLink, LINK_MATCHED, LINK_MASK, LINK_INHERIT, FD_FALLBACK } from './eventstate';
import { userPut, userDelete } from './users';
import { applyContainerEvent } from './containerevents';
import { vmRecord } from './vm';
import { schedSwitch, schedProcinfo } from './sched';
import { evFlagsCompat } from './compat';

// ---- per-thread transient state (sinsp keeps it on the threadinfo, unversioned) ----
class Tx {
  lastType: i32 = -1;       // m_lastevent_type
  lastFd: i64 = 0;          // m_lastevent_fd (sinsp starts it at 0)
  lastEnter: u32 = NONE;    // index of the last enter event
  stored: u32 = NONE;       // m_lastevent_data: a stored enter event
  valid: bool = false;      // lastevent data validity
  lastReset: u32 = NONE;    // last enter/exit event that went through sinsp's reset (for latency)
}
let txs = new Map<i64, Tx>();
let lastTxTid: i64 = -2;
let lastTx: Tx | null = null;

function txOf(tid: i64): Tx {
  if (tid == lastTxTid && lastTx !== null) return changetype<Tx>(lastTx);
  let t: Tx;
  if (txs.has(tid)) t = txs.get(tid);
  else { t = new Tx(); txs.set(tid, t); }
  lastTxTid = tid; lastTx = t;
  return t;
}
function txReset(tid: i64): void {
  if (txs.has(tid)) { const t = txs.get(tid); t.lastType = -1; t.lastFd = 0; t.lastEnter = NONE; t.stored = NONE; t.valid = false; }
}

// ---- deferred removals (applied at the start of the next event, as sinsp does) ----
let pendingTid: i64 = -1;
let pendingTidSet = false;
let pendingFdOwner: i64 = 0;
const pendingFds = new Array<i64>(0);

let NA: i32 = -1;
function na(): i32 { if (NA < 0) NA = internString("<NA>"); return NA; }

// ---- the event being applied ----
let ev: u32 = 0;
let etype: u16 = 0;
let etid: i64 = 0;
let th: u32 = NONE;        // evt->m_tinfo (live version; re-read after edits)
let fdv: u32 = NONE;       // evt->m_fdinfo
let tx: Tx | null = null;
/** The exit event had no enter and takes the enter's parameters from itself (exit-only capture). */
let exitOnly = false;

/** A writable version of the event's thread (new version valid from this event). */
function wth(): u32 {
  const v = threadWritable(etid, ev, ORIGIN_EVENT, ev);
  if (v != NONE) th = v;
  return v;
}

function isMain(v: u32): bool {
  return tI64(v, T_TID) == tI64(v, T_PID) || (tU32(v, T_FLAGS) & CL_IS_MAIN_THREAD) != 0;
}

/** The fd table owner of thread version v (sinsp get_fd_table). */
export function fdOwner(v: u32): i64 {
  return (tU32(v, T_FLAGS) & CL_CLONE_FILES) ? tI64(v, T_PID) : tI64(v, T_TID);
}

/** The thread holding the cwd for thread version v (sinsp get_cwd uses the main thread). */
function cwdHolder(v: u32): u32 {
  if (isMain(v)) return v;
  const m = threadLive(tI64(v, T_PID));
  return m == NONE ? v : m;
}
export function cwdOf(v: u32): i32 { return tI32(cwdHolder(v), T_CWD); }

/** sinsp get_thread_ref with query_os: unknown threads get a "<NA>" entry. */
function threadRef(tid: i64, create: bool): u32 {
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

function getFd(v: u32, fd: i64): u32 {
  if (v == NONE) return NONE;
  return fdLive(fdOwner(v), fd);
}

/** sinsp add_fd: adds to the thread's table and sets its last event fd. Returns the new fd version. */
function addFd(fd: i64): u32 {
  const v = fdAdd(fdOwner(th), fd, ev, ORIGIN_EVENT, ev);
  if (tx !== null) changetype<Tx>(tx).lastFd = fd;
  return v;
}

function flushPending(): void {
  if (pendingFds.length > 0) {
    for (let i = 0; i < pendingFds.length; i++) fdRemove(pendingFdOwner, pendingFds[i], ev, ev);
    pendingFds.length = 0;
  }
  if (pendingTidSet) {
    pendingTidSet = false;
    removeThread(pendingTid, false);
  }
}

/** sinsp remove_thread: main threads with live threads stay (unless forced); fds go with the process. */
function removeThread(tid: i64, force: bool): void {
  const v = threadLive(tid);
  if (v == NONE) return;
  if (tU32(v, T_NCHILDS) != 0 && !force) return;
  if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
    const m = threadLive(tI64(v, T_PID));
    if (m != NONE && tU32(m, T_NCHILDS) > 0) {
      const mw = threadWritable(tI64(v, T_PID), ev, ORIGIN_EVENT, ev);
      tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) - 1);
    }
  }
  if (isMain(v)) {
    const owner = tI64(v, T_TID);
    const list = liveFdsOf(owner);
    for (let i = 0; i < list.length; i++) fdRemove(owner, list[i], ev, ev);
  }
  threadRemove(tid, ev, ev);
  if (txs.has(tid)) txs.delete(tid);
  if (lastTxTid == tid) { lastTxTid = -2; lastTx = null; }
}

function addThreadCounts(v: u32): void {
  // sinsp increment_mainthread_childcount
  if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
    const pid = tI64(v, T_PID);
    let m = threadLive(pid);
    if (m == NONE) m = threadRef(pid, true);
    const mw = threadWritable(pid, ev, ORIGIN_EVENT, ev);
    if (mw != NONE) tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) + 1);
  }
}

let firstEventSeen = false;
/** Called at the first event of a section: sinsp create_child_dependencies over the process list. */
function createChildDependencies(): void {
  const live = liveThreadVersions();
  for (let i = 0; i < live.length; i++) {
    const v = live[i];
    if (tU32(v, T_FLAGS) & CL_CLONE_THREAD) {
      const m = threadLive(tI64(v, T_PID));
      if (m != NONE && m != v) {
        const mw = threadWritable(tI64(m, T_TID), ev, ORIGIN_EVENT, ev);
        tSetU32(mw, T_NCHILDS, tU32(mw, T_NCHILDS) + 1);
      }
    }
  }
}

export function applyNewSection(): void {
  firstEventSeen = false;
  txs = new Map<i64, Tx>();
  lastTxTid = -2; lastTx = null;
  pendingTidSet = false;
  pendingFds.length = 0;
}

// ---------------------------------------------------------------------------------------------

/** Applies event `i` (called once per event, in file order). */
export function applyEvent(i: u32): void {
  evStateFill(i);
  ev = i;
  if (!firstEventSeen) { firstEventSeen = true; createChildDependencies(); fixListSockets(); }
  flushPending();
  etype = evType(i);
  etid = evTid(i);
  th = NONE; fdv = NONE; tx = null;
  let link: u32 = NONE;

  if (<i32>etype >= EVENT_COUNT) { evStatePush(threadLive(etid), NONE, NONE, -1); return; }
  const eflags = evFlagsCompat(etype);

  if (eflags & EF_SKIPPARSERESET) {
    // procinfo, page faults and other events that skip sinsp's parse reset: no thread creation, no
    // enter/exit bookkeeping; sysdig's fields still look their tid up (a page fault shows its process)
    const t = threadLive(etid);
    if (t != NONE && etype == S.PPME_PROCINFO_E) schedProcinfo(curSection, etid, i);
    // only procinfo has the thread during parsing (sinsp's m_tinfo): the others' latency is 0
    evStatePush(t, NONE, etype == S.PPME_PROCINFO_E ? inheritLink(t) : NONE, -1);
    return;
  }
  if (etype == S.PPME_CONTAINER_JSON_E || etype == S.PPME_CONTAINER_JSON_2_E || etype == S.PPME_CONTAINER_E ||
    etype == S.PPME_ASYNCEVENT_E) {
    applyContainerEvent(i, etype);
    evStatePush(NONE, NONE, NONE, -1);
    return;
  }
  if (etype == S.PPME_USER_ADDED_E || etype == S.PPME_USER_DELETED_E || etype == S.PPME_GROUP_ADDED_E ||
    etype == S.PPME_GROUP_DELETED_E) {
    applyUserEvent();
    evStatePush(threadLive(etid), NONE, NONE, -1);
    return;
  }
  const isCloneExit = isCloneX(etype);
  const queryOs = !isCloneExit && etype != S.PPME_SCHEDSWITCH_6_E;
  // tid -1 marks events without a thread (plugin/meta events): never invent a thread for it.
  th = threadRef(etid, queryOs && etid != -1);
  if (etype == S.PPME_SCHEDSWITCH_6_E || th == NONE) {
    if (th == NONE && isCloneExit) { loadCur(i); parseCloneExit(); }
    const tl = threadLive(etid);
    if (etype == S.PPME_SCHEDSWITCH_6_E) applySwitch(i, tl);
    evStatePush(tl, NONE, etype == S.PPME_SCHEDSWITCH_6_E ? inheritLink(tl) : NONE, -1);
    return;
  }
  const t = txOf(etid);
  tx = t;
  let resetOk = true;
  exitOnly = false;
  if ((etype & 1) == 0) {
    // enter
    t.lastFd = -1;
    t.lastType = <i32>etype;
    if (eflags & EF_USES_FD) {
      t.lastFd = firstParamI64(i, -1);
      fdv = getFd(th, t.lastFd);
    }
    if (t.lastEnter != NONE) {
      // an enter left without its exit: it has no partner
    }
    t.lastEnter = i;
    t.lastReset = i;
  } else {
    t.lastReset = i;
    // exit
    if (t.lastEnter != NONE) {
      link = t.lastEnter;
      if (<i32>etype == t.lastType + 1) {
        link |= LINK_MATCHED;
        evSetLink(t.lastEnter, i);
      }
    }
    if (<i32>etype == t.lastType + 1) t.valid = true;
    else { t.valid = false; resetOk = false; }
    if (resetOk && (eflags & EF_USES_FD)) {
      if (etype == S.PPME_SYSCALL_COPY_FILE_RANGE_X) { loadCur(i); t.lastFd = pI64(1, -1); }
      fdv = getFd(th, t.lastFd);
    } else if (!resetOk && (eflags & EF_USES_FD)) {
      // Exit-only captures (libs >= 0.22) carry the enter's fd in the exit event itself.
      const k = schemaParamIndex(etype, "fd");
      if (k >= 0) {
        loadCur(i);
        if (k < curN && plen(k) >= 8) {
          t.lastFd = pI64(k, -1);
          fdv = getFd(th, t.lastFd);
          resetOk = true;
          exitOnly = true;
        }
      }
    }
  }

  parseEvent(i, eflags);

  // Exit events release the stored enter event (sinsp event_cleanup).
  if ((etype & 1) == 1) { t.stored = NONE; t.valid = false; }

  // sinsp's fd field extraction falls back to the thread's last event fd.
  const thNow = threadLive(etid);
  let fdNow = fdv;
  if (fdNow != NONE) {
    // Re-read the latest version of that fd (it may have been edited after we took it).
    const cur = fdLive(fI64(fdNow, F_OWNER), fI64(fdNow, F_FD));
    if (cur != NONE) fdNow = cur;
  }
  if (fdNow == NONE && thNow != NONE && t.lastFd != -1 && (eflags & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD))) {
    fdNow = getFd(thNow, t.lastFd);
    if (fdNow != NONE) fdNow |= FD_FALLBACK;
  }
  evStatePush(thNow, fdNow, link, <i32>t.lastFd);
}

/** A context switch: exectime bookkeeping, and (sinsp's parse_context_switch) the switched-out thread's
 *  page faults and its main thread's memory counters. */
function applySwitch(i: u32, tl: u32): void {
  schedSwitch(curSection, evCpu(i), etid, tl != NONE, i);
  if (tl == NONE) return;
  const pid = tI64(tl, T_PID);
  if (threadLive(pid) != NONE) vmRecord(curSection, pid, i);
}

/** Events that skip sinsp's enter/exit reset keep the thread's last latency: link to the event that set it. */
function inheritLink(v: u32): u32 {
  if (v == NONE || !txs.has(etid)) return NONE;
  const r = txs.get(etid).lastReset;
  return r == NONE ? NONE : (r | LINK_INHERIT);
}

function isCloneX(t: u16): bool {
  return t == S.PPME_SYSCALL_CLONE_11_X || t == S.PPME_SYSCALL_CLONE_16_X || t == S.PPME_SYSCALL_CLONE_17_X ||
    t == S.PPME_SYSCALL_CLONE_20_X || t == S.PPME_SYSCALL_FORK_X || t == S.PPME_SYSCALL_FORK_17_X ||
    t == S.PPME_SYSCALL_FORK_20_X || t == S.PPME_SYSCALL_VFORK_X || t == S.PPME_SYSCALL_VFORK_17_X ||
    t == S.PPME_SYSCALL_VFORK_20_X || t == S.PPME_SYSCALL_CLONE3_X;
}

function storeEvent(): void {
  const t = changetype<Tx>(tx);
  t.stored = ev;
}

/** sinsp retrieve_enter_event: loads the stored enter event's params when it pairs with this exit. */
function retrieveEnter(): bool {
  const t = changetype<Tx>(tx);
  if (!t.valid || t.stored == NONE) return false;
  if (<i32>evType(t.stored) != <i32>etype - 1) { t.valid = false; return false; }
  loadEnt(t.stored);
  loadCur(ev);
  return true;
}

function parseEvent(i: u32, eflags: u32): void {
  const t = etype;
  switch (t) {
    case S.PPME_SOCKET_SENDTO_E:
    case S.PPME_SYSCALL_OPEN_E: case S.PPME_SYSCALL_CREAT_E: case S.PPME_SYSCALL_OPENAT_E:
    case S.PPME_SYSCALL_OPENAT_2_E: case S.PPME_SYSCALL_OPENAT2_E: case S.PPME_SOCKET_SOCKET_E:
    case S.PPME_SYSCALL_EVENTFD_E: case S.PPME_SYSCALL_CHDIR_E: case S.PPME_SYSCALL_FCHDIR_E:
    case S.PPME_SOCKET_SHUTDOWN_E: case S.PPME_SYSCALL_GETRLIMIT_E: case S.PPME_SYSCALL_SETRLIMIT_E:
    case S.PPME_SYSCALL_PRLIMIT_E: case S.PPME_SOCKET_SENDMSG_E: case S.PPME_SYSCALL_SENDFILE_E:
    case S.PPME_SYSCALL_SETRESUID_E: case S.PPME_SYSCALL_SETRESGID_E: case S.PPME_SYSCALL_SETUID_E:
    case S.PPME_SYSCALL_SETGID_E: case S.PPME_SYSCALL_EXECVE_18_E: case S.PPME_SYSCALL_EXECVE_19_E:
    case S.PPME_SYSCALL_EXECVEAT_E: case S.PPME_SYSCALL_SETPGID_E:
    case S.PPME_SOCKET_BIND_E: case S.PPME_SOCKET_CONNECT_E: case S.PPME_SYSCALL_DUP_E:
    case S.PPME_SYSCALL_DUP2_E: case S.PPME_SYSCALL_DUP3_E: case S.PPME_SYSCALL_DUP_1_E:
    case S.PPME_SYSCALL_SIGNALFD_E: case S.PPME_SYSCALL_TIMERFD_CREATE_E:
    case S.PPME_SYSCALL_INOTIFY_INIT_E: case S.PPME_SOCKET_SOCKETPAIR_E: case S.PPME_SYSCALL_PIPE_E:
      storeEvent();
      if (t == S.PPME_SOCKET_CONNECT_E) parseConnectEnter();
      break;
    case S.PPME_SYSCALL_FCNTL_E: {
      loadCur(i);
      const cmd = pU32(1, 0);
      if (cmd == 1 || cmd == 26) storeEvent();
      break;
    }
    case S.PPME_SYSCALL_CLOSE_E:
      // sinsp marks the fd "close in progress"; no field reads that mark, so no new version for it
      break;
    case S.PPME_SYSCALL_CLOSE_X: parseCloseExit(); break;
    case S.PPME_SYSCALL_OPEN_X: case S.PPME_SYSCALL_CREAT_X: case S.PPME_SYSCALL_OPENAT_X:
    case S.PPME_SYSCALL_OPENAT_2_X: case S.PPME_SYSCALL_OPENAT2_X:
      parseOpenExit(); break;
    case S.PPME_SYSCALL_CLONE_11_X: case S.PPME_SYSCALL_CLONE_16_X: case S.PPME_SYSCALL_CLONE_17_X:
    case S.PPME_SYSCALL_CLONE_20_X: case S.PPME_SYSCALL_FORK_X: case S.PPME_SYSCALL_FORK_17_X:
    case S.PPME_SYSCALL_FORK_20_X: case S.PPME_SYSCALL_VFORK_X: case S.PPME_SYSCALL_VFORK_17_X:
    case S.PPME_SYSCALL_VFORK_20_X: case S.PPME_SYSCALL_CLONE3_X:
      loadCur(i); parseCloneExit(); break;
    case S.PPME_SYSCALL_EXECVE_8_X: case S.PPME_SYSCALL_EXECVE_13_X: case S.PPME_SYSCALL_EXECVE_14_X:
    case S.PPME_SYSCALL_EXECVE_15_X: case S.PPME_SYSCALL_EXECVE_16_X: case S.PPME_SYSCALL_EXECVE_17_X:
    case S.PPME_SYSCALL_EXECVE_18_X: case S.PPME_SYSCALL_EXECVE_19_X: case S.PPME_SYSCALL_EXECVEAT_X:
      parseExecveExit(); break;
    case S.PPME_PROCEXIT_E: case S.PPME_PROCEXIT_1_E:
      // sinsp flags the thread CLOSED (no field reads it: no version for it) and removes it at the
      // next event
      pendingTid = etid; pendingTidSet = true;
      break;
    case S.PPME_SYSCALL_PIPE_X: case S.PPME_SYSCALL_PIPE2_X: parsePipeExit(); break;
    case S.PPME_SOCKET_SOCKET_X: parseSocketExit(); break;
    case S.PPME_SOCKET_BIND_X: parseBindExit(); break;
    case S.PPME_SOCKET_CONNECT_X: parseConnectExit(); break;
    case S.PPME_SOCKET_ACCEPT_X: case S.PPME_SOCKET_ACCEPT_5_X: case S.PPME_SOCKET_ACCEPT4_X:
    case S.PPME_SOCKET_ACCEPT4_5_X: case S.PPME_SOCKET_ACCEPT4_6_X:
      parseAcceptExit(); break;
    case S.PPME_SYSCALL_FCNTL_X: parseFcntlExit(); break;
    case S.PPME_SYSCALL_EVENTFD_X: case S.PPME_SYSCALL_EVENTFD2_X: simpleFd(FD_EVENT, ""); break;
    case S.PPME_SYSCALL_SIGNALFD_X: case S.PPME_SYSCALL_SIGNALFD4_X: simpleFd(FD_SIGNALFD, ""); break;
    case S.PPME_SYSCALL_TIMERFD_CREATE_X: simpleFd(FD_TIMERFD, ""); break;
    case S.PPME_SYSCALL_INOTIFY_INIT_X: case S.PPME_SYSCALL_INOTIFY_INIT1_X: simpleFd(FD_INOTIFY, ""); break;
    case S.PPME_SYSCALL_EPOLL_CREATE_X: case S.PPME_SYSCALL_EPOLL_CREATE1_X:
      simpleFd(FD_EVENTPOLL, "anon_inode:[eventpoll]"); break;
    case S.PPME_SYSCALL_USERFAULTFD_X: simpleFd(FD_USERFAULTFD, "userfaultfd"); break;
    case S.PPME_SYSCALL_IO_URING_SETUP_X: simpleFd(FD_IOURING, "anon_inode:[io_uring]"); break;
    case S.PPME_SYSCALL_PIDFD_OPEN_X: simpleFd(FD_PIDFD, "anon_inode:[pidfd]"); break;
    case S.PPME_SYSCALL_BPF_2_X: simpleFd(FD_BPF, "anon_inode:bpf"); break;
    case S.PPME_SYSCALL_MEMFD_CREATE_X: parseMemfdExit(); break;
    case S.PPME_SYSCALL_READ_X: case S.PPME_SYSCALL_WRITE_X: case S.PPME_SOCKET_RECV_X: case S.PPME_SOCKET_SEND_X:
    case S.PPME_SOCKET_RECVFROM_X: case S.PPME_SOCKET_RECVMSG_X: case S.PPME_SOCKET_SENDTO_X: case S.PPME_SOCKET_SENDMSG_X:
    case S.PPME_SYSCALL_READV_X: case S.PPME_SYSCALL_WRITEV_X: case S.PPME_SYSCALL_PREAD_X: case S.PPME_SYSCALL_PWRITE_X:
    case S.PPME_SYSCALL_PREADV_X: case S.PPME_SYSCALL_PWRITEV_X:
      parseRwExit(eflags);
      break;
    case S.PPME_SYSCALL_BRK_4_X: case S.PPME_SYSCALL_MMAP_X: case S.PPME_SYSCALL_MMAP2_X: case S.PPME_SYSCALL_MUNMAP_X:
      vmRecord(curSection, etid, ev);
      break;
    case S.PPME_SYSCALL_PIDFD_GETFD_X: simpleFd(FD_PIDFD, ""); break;
    case S.PPME_SYSCALL_CHDIR_X: parseChdirExit(); break;
    case S.PPME_SYSCALL_FCHDIR_X: parseFchdirExit(); break;
    case S.PPME_SYSCALL_GETCWD_X: parseGetcwdExit(); break;
    case S.PPME_SYSCALL_DUP_X: case S.PPME_SYSCALL_DUP_1_X: case S.PPME_SYSCALL_DUP2_X:
    case S.PPME_SYSCALL_DUP3_X:
      parseDupExit(); break;
    case S.PPME_SOCKET_SOCKETPAIR_X: parseSocketpairExit(); break;
    case S.PPME_SYSCALL_SETRESUID_X: parseSetresExit(true); break;
    case S.PPME_SYSCALL_SETRESGID_X: parseSetresExit(false); break;
    case S.PPME_SYSCALL_SETUID_X: parseSetidExit(true); break;
    case S.PPME_SYSCALL_SETGID_X: parseSetidExit(false); break;
    case S.PPME_SYSCALL_SETSID_X: {
      loadCur(i);
      const r = pI64(0, -1);
      if (r >= 0) { const w = wth(); if (w != NONE) tSetI64(w, T_SID, r); }
      break;
    }
    case S.PPME_SYSCALL_SETPGID_X: {
      loadCur(i);
      if (pI64(0, -1) == 0) {
        // HEAD sinsp: pid 0 means the caller; pgid 0 means pgid = pid.
        let pid = pI64(1, 0);
        let pg = pI64(2, 0);
        if (curN < 2 && retrieveEnter()) { pid = eI64(0, 0); pg = eI64(1, 0); }
        if (pid == 0 || pid == tI64(th, T_PID)) {
          const w = wth();
          if (w != NONE) tSetI64(w, T_VPGID, pg == 0 ? tI64(w, T_VPID) : pg);
        }
      }
      break;
    }
    case S.PPME_SYSCALL_CHROOT_X: {
      loadCur(i);
      if (pI64(0, -1) == 0 && has(1)) {
        const w = wth();
        if (w != NONE) tSetI32(w, T_ROOT, concatWithDir(cwdOf(w), pptr(1), plen(1)));
      }
      break;
    }
    case S.PPME_SYSCALL_PRCTL_X: {
      // PR_SET_NAME renames the thread's comm in the kernel; newer sinsp does not track it, but the
      // name is a fact of the event and Falco rules match on it, so we apply it.
      loadCur(i);
      if (pI64(0, -1) == 0 && pU32(1, 0) == 15 && has(2)) {
        const w = wth();
        if (w != NONE) tSetI32(w, T_COMM, intern(pptr(2), cstrLen(pptr(2), plen(2))));
      }
      break;
    }
    default:
      break;
  }
  eflags = eflags; // eflags kept for future type-independent rules
}

// ---- fds ----

function simpleFd(type: u8, name: string): void {
  loadCur(ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  const v = addFd(fd);
  fSetU8(v, F_TYPE, type);
  fSetI32(v, F_NAME, name.length == 0 ? STR_EMPTY : internString(name));
  fdv = v;
}

function parseMemfdExit(): void {
  loadCur(ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  const v = addFd(fd);
  fSetU8(v, F_TYPE, FD_MEMFD);
  fSetI32(v, F_NAME, has(1) ? intern(pptr(1), cstrLen(pptr(1), plen(1))) : STR_EMPTY);
  fSetU32(v, F_OPENFLAGS, pU32(2, 0));
  fdv = v;
}

function paramStr(k: i32): i32 {
  if (!has(k)) return STR_EMPTY;
  return intern(pptr(k), cstrLen(pptr(k), plen(k)));
}

/** Directory for a relative path given a dirfd (sinsp parse_dirfd). Returns an interned dir or -1 for
 *  "absolute" (no directory needed). */
function dirFor(namePtr: usize, nameLen: u32, dirfd: i64): i32 {
  if (nameLen > 0 && load<u8>(namePtr) == 0x2F) return -1;
  if (dirfd == -100) return cwdOf(th);
  const d = getFd(th, dirfd);
  if (d == NONE) return internString("<UNKNOWN>");
  const nm = fI32(d, F_NAME);
  const n = strLen(nm);
  // sinsp checks the byte at index length (the terminator), so it always appends '/'.
  const s = new Uint8Array(n + 1);
  memory.copy(s.dataStart, strPtr(nm), n);
  s[n] = 0x2F;
  fdv = d;
  return intern(s.dataStart, n + 1);
}
function fI32(v: u32, f: u32): i32 { return load<i32>(fAddr(v) + f); }

function parseOpenExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ev);
  const fd = pI64(0, -1);
  let nameP: usize = 0, nameL: u32 = 0, flags: u32 = 0, dev: u32 = 0;
  let dir: i32 = -1;
  let dirfd: i64 = -100;
  let useDirfd = false;
  if (etype == S.PPME_SYSCALL_OPEN_X) {
    if (has(1)) { nameP = pptr(1); nameL = plen(1); }
    flags = pU32(2, 0);
    if (curN > 4) dev = pU32(4, 0);
    if (hasEnter && entN >= 2 && elen(0) != 0 && !isNullStr(eptr(0), elen(0))) { nameP = eptr(0); nameL = elen(0); flags = eU32(1, 0); }
  } else if (etype == S.PPME_SYSCALL_CREAT_X) {
    if (has(1)) { nameP = pptr(1); nameL = plen(1); }
    if (curN > 3) dev = pU32(3, 0);
    if (hasEnter && entN >= 1 && elen(0) != 0 && !isNullStr(eptr(0), elen(0))) { nameP = eptr(0); nameL = elen(0); }
    // creat(2) is open(O_CREAT|O_WRONLY|O_TRUNC)
    flags = 0;
  } else if (etype == S.PPME_SYSCALL_OPENAT_X) {
    if (!hasEnter) return; // the name is only in the enter event
    if (ehas(1)) { nameP = eptr(1); nameL = elen(1); }
    flags = eU32(2, 0);
    dirfd = eI64(0, -100);
    useDirfd = true;
  } else {
    if (has(2)) { nameP = pptr(2); nameL = plen(2); }
    flags = pU32(3, 0);
    dirfd = pI64(1, -100);
    useDirfd = true;
    if (etype == S.PPME_SYSCALL_OPENAT_2_X && curN > 5) dev = pU32(5, 0);
    if (etype == S.PPME_SYSCALL_OPENAT2_X && curN > 6) dev = pU32(6, 0);
    if (hasEnter && entN >= 3 && elen(1) != 0 && !isNullStr(eptr(1), elen(1))) {
      nameP = eptr(1); nameL = elen(1); flags = eU32(2, 0); dirfd = eI64(0, -100);
    }
  }
  if (fd < 0) return;
  let full: i32;
  if (useDirfd) {
    dir = dirFor(nameP, cstrLen(nameP, nameL), dirfd);
    full = dir < 0 ? concatPaths(0, 0, nameP, nameL) : concatWithDir(dir, nameP, nameL);
  } else {
    full = concatWithDir(cwdOf(th), nameP, nameL);
  }
  const v = addFd(fd);
  fSetU8(v, F_TYPE, (flags & 0x400) ? FD_DIRECTORY : FD_FILE_V2);
  fSetU32(v, F_OPENFLAGS, flags);
  fSetU32(v, F_DEV, dev);
  fSetI32(v, F_NAME, full);
  fdv = v;
}

function isNullStr(p: usize, l: u32): bool {
  // the legacy "(NULL)" marker
  return l >= 6 && load<u8>(p) == 0x28 && load<u8>(p + 1) == 0x4E && load<u8>(p + 5) == 0x29;
}

function parseCloseExit(): void {
  loadCur(ev);
  const r = pI64(0, -1);
  if (r >= 0) {
    if (fdv == NONE) return;
    pendingFdOwner = fI64(fdv, F_OWNER);
    pendingFds.push(fI64(fdv, F_FD));
  }
}

function addSocket(fd: i64, domain: u32, type: u32, proto: u32): void {
  let ftype: u8 = FD_UNKNOWN;
  let l4: u8 = L4_UNKNOWN;
  if (domain == 1) ftype = FD_UNIX_SOCK;
  else if (domain == 2 || domain == 10) {
    ftype = domain == 2 ? FD_IPV4_SOCK : FD_IPV6_SOCK;
    const raw = type == 3; // SOCK_RAW
    if (proto == 6) l4 = raw ? L4_RAW : L4_TCP;
    else if (proto == 17) l4 = raw ? L4_RAW : L4_UDP;
    else if (proto == 0) {
      if ((type & 0xFF) == 1) l4 = L4_TCP;
      else if ((type & 0xFF) == 2) l4 = L4_UDP;
    } else if (proto == 1) l4 = raw ? L4_RAW : L4_ICMP;
    else if (proto == 255) l4 = L4_RAW;
  } else if (domain == 16) ftype = FD_NETLINK;
  if (ftype == FD_UNKNOWN) return;
  const v = addFd(fd);
  fSetU8(v, F_TYPE, ftype);
  fSetU8(v, F_L4, l4);
  fSetI32(v, F_NAME, STR_EMPTY);
  fdv = v;
}

function parseSocketExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  if (hasEnter) addSocket(fd, eU32(0, 0), eU32(1, 0), eU32(2, 0));
  else if (curN >= 4) addSocket(fd, pU32(1, 0), pU32(2, 0), pU32(3, 0));
}

function parseBindExit(): void {
  if (fdv == NONE) return;
  loadCur(ev);
  if (pI64(0, -1) < 0) return;
  if (!has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  const w = fdWritable(fI64(fdv, F_OWNER), fI64(fdv, F_FD), ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  fdv = w;
  const a = fAddr(w);
  if (fam == 2 && l >= 7) {
    const port = peekU16(o + 5);
    if (port > 0) {
      fSetU8(w, F_TYPE, FD_IPV4_SERVSOCK);
      store<u32>(a + F_SIP, peekU32(o + 1));
      fSetU16(w, F_SPORT, port);
      fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_ROLE_SERVER);
    }
  } else if (fam == 10 && l >= 19) {
    const port = peekU16(o + 17);
    if (port > 0) {
      if (isV4Mapped(rawPtr() + o + 1)) {
        fSetU8(w, F_TYPE, FD_IPV4_SERVSOCK);
        store<u32>(a + F_SIP, peekU32(o + 13));
      } else {
        fSetU8(w, F_TYPE, FD_IPV6_SERVSOCK);
        memory.copy(a + F_SIP, rawPtr() + o + 1, 16);
      }
      fSetU16(w, F_SPORT, port);
      fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_ROLE_SERVER);
    }
  }
  const nm = addrName(o, l);
  if (nm >= 0) fSetI32(w, F_NAME, nm);
}

function setUnixInfo(w: u32, o: u32, l: u32): void {
  if (l >= 17) {
    fSetU64(w, F_USRC, peekU64(o + 1));
    fSetU64(w, F_UDST, peekU64(o + 9));
  }
}

function parseConnectEnter(): void {
  if (fdv == NONE) return;
  loadCur(ev);
  if (curN < 2 || !has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  const w = fdWritable(fI64(fdv, F_OWNER), fI64(fdv, F_FD), ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  fdv = w;
  const a = fAddr(w);
  if (fam == 2 && l >= 7) {
    fSetU8(w, F_TYPE, FD_IPV4_SOCK);
    store<u32>(a + F_DIP, peekU32(o + 1));
    fSetU16(w, F_DPORT, peekU16(o + 5));
  } else if (fam == 10 && l >= 19) {
    if (isV4Mapped(rawPtr() + o + 1)) {
      fSetU8(w, F_TYPE, FD_IPV4_SOCK);
      store<u32>(a + F_DIP, peekU32(o + 13));
    } else {
      fSetU8(w, F_TYPE, FD_IPV6_SOCK);
      memory.copy(a + F_DIP, rawPtr() + o + 1, 16);
    }
    fSetU16(w, F_DPORT, peekU16(o + 17));
  } else {
    const nm = addrName(o, l);
    if (nm >= 0) fSetI32(w, F_NAME, nm);
    setUnixInfo(w, o, l);
  }
}

/**
 * sinsp set_ipv4/ipv6_addresses_and_ports on fd version w from the socktuple at [o, o+l): the fd becomes
 * an IPv4/IPv6 socket; a tuple equal to the current addresses (or swapped) changes nothing; otherwise
 * the source address/port are taken and the destination only where it is still zero. With `dry` set,
 * only reports whether something would change. Returns whether it changed (false for other families).
 */
function setTuple(w: u32, o: u32, l: u32, dry: bool = false): bool {
  const fam = peekU8(o);
  const p = rawPtr();
  const tp = changetype<usize>(tupleTmp);
  memory.fill(tp, 0, 36);
  let sport: u16 = 0, dport: u16 = 0;
  let v6 = false;
  if (fam == 2) {
    if (l < 13) return false;
    store<u32>(tp, peekU32(o + 1)); sport = peekU16(o + 5); store<u32>(tp + 16, peekU32(o + 7)); dport = peekU16(o + 11);
  } else if (fam == 10) {
    if (l < 37) return false;
    if (isV4Mapped(p + o + 1) && isV4Mapped(p + o + 19)) {
      store<u32>(tp, peekU32(o + 13)); store<u32>(tp + 16, peekU32(o + 31));
    } else { memory.copy(tp, p + o + 1, 16); memory.copy(tp + 16, p + o + 19, 16); v6 = true; }
    sport = peekU16(o + 17); dport = peekU16(o + 35);
  } else return false;
  const a = fAddr(w);
  const newType = v6 ? FD_IPV6_SOCK : FD_IPV4_SOCK;
  const typeChanges = fU8(w, F_TYPE) != newType;
  if (!typeChanges || !v6) {
    // (sinsp sets the type first, so for IPv4 the comparison is always made)
    const same = memory.compare(tp, a + F_SIP, 16) == 0 && memory.compare(tp + 16, a + F_DIP, 16) == 0 &&
      sport == fU16(w, F_SPORT) && dport == fU16(w, F_DPORT);
    const swapped = memory.compare(tp, a + F_DIP, 16) == 0 && memory.compare(tp + 16, a + F_SIP, 16) == 0 &&
      sport == fU16(w, F_DPORT) && dport == fU16(w, F_SPORT);
    if (same || swapped) {
      if (!dry && typeChanges) fSetU8(w, F_TYPE, newType);
      return false;
    }
  }
  const zero = changetype<usize>(zero16);
  const dipZero = memory.compare(a + F_DIP, zero, 16) == 0;
  const changed = memory.compare(tp, a + F_SIP, 16) != 0 || sport != fU16(w, F_SPORT) || dipZero || fU16(w, F_DPORT) == 0;
  if (dry) return changed || typeChanges;
  fSetU8(w, F_TYPE, newType);
  memory.copy(a + F_SIP, tp, 16);
  fSetU16(w, F_SPORT, sport);
  if (dipZero) memory.copy(a + F_DIP, tp + 16, 16);
  if (fU16(w, F_DPORT) == 0) fSetU16(w, F_DPORT, dport);
  return changed;
}
const zero16 = new StaticArray<u8>(16);

function parseConnectExit(): void {
  if (fdv == NONE) return;
  loadCur(ev);
  const r = pI64(0, -1);
  if (r < 0 && r != -115) return;
  const w = fdWritable(fI64(fdv, F_OWNER), fI64(fdv, F_FD), ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  fdv = w;
  fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_SOCKET_CONNECTED);
  if (!has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  if (fam == 2 || fam == 10) {
    const changed = setTuple(w, o, l);
    if (changed && (fU32(w, F_FLAGS) & FF_ROLE_SERVER) != 0 && fU8(w, F_L4) == L4_UDP) swapAddresses(w);
    const t = fU8(w, F_TYPE);
    fSetI32(w, F_NAME, t == FD_IPV6_SOCK ? ipv6TupleName(w) : ipv4TupleName(w));
  } else {
    const nm = tupleName(o, l);
    if (nm >= 0) fSetI32(w, F_NAME, nm);
    setUnixInfo(w, o, l);
  }
  if ((fU32(w, F_FLAGS) & (FF_ROLE_CLIENT | FF_ROLE_SERVER)) == 0) fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_ROLE_CLIENT);
}

function swapAddresses(w: u32): void {
  const a = fAddr(w);
  const tmp = new StaticArray<u8>(16);
  const tp = changetype<usize>(tmp);
  memory.copy(tp, a + F_SIP, 16);
  memory.copy(a + F_SIP, a + F_DIP, 16);
  memory.copy(a + F_DIP, tp, 16);
  const sp = fU16(w, F_SPORT);
  fSetU16(w, F_SPORT, fU16(w, F_DPORT));
  fSetU16(w, F_DPORT, sp);
}

function parseAcceptExit(): void {
  loadCur(ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  changetype<Tx>(tx).lastFd = fd;
  if (!has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  if (fam != 1 && fam != 2 && fam != 10) return;
  const v = addFd(fd);
  if (fam == 1) {
    fSetU8(v, F_TYPE, FD_UNIX_SOCK);
    setUnixInfo(v, o, l);
  } else {
    setTuple(v, o, l);
    fSetU8(v, F_L4, L4_TCP);
  }
  const nm = tupleName(o, l);
  fSetI32(v, F_NAME, nm >= 0 ? nm : STR_EMPTY);
  fSetU32(v, F_FLAGS, FF_ROLE_SERVER | FF_SOCKET_CONNECTED);
  fdv = v;
}

/** sinsp parse_rw_exit: a successful I/O marks a socket connected; recvfrom/recvmsg/sendto/sendmsg on a
 *  socket without a name (or not TCP) take its addresses and name from the datagram's tuple. */
function parseRwExit(eflags: u32): void {
  if (fdv == NONE) return;
  loadCur(ev);
  if (curN < 1 || plen(0) < 8 || pI64(0, -1) < 0) return;
  const owner = fI64(fdv, F_OWNER), fd = fI64(fdv, F_FD);
  let t = fU8(fdv, F_TYPE);
  if ((t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) && (fU32(fdv, F_FLAGS) & FF_SOCKET_CONNECTED) == 0) {
    const w = fdWritable(owner, fd, ev, ORIGIN_EVENT, ev);
    if (w != NONE) { fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_SOCKET_CONNECTED); fdv = w; }
  }
  const reads = (eflags & S.EF_READS_FROM_FD) != 0;
  let to: u32 = 0, tl: u32 = 0;
  if (reads) {
    const k = etype == S.PPME_SOCKET_RECVFROM_X ? 2 : etype == S.PPME_SOCKET_RECVMSG_X ? 3 : -1;
    if (k < 0 || k >= curN || plen(k) == 0) return;
    to = poff(k); tl = plen(k);
  } else {
    if (etype != S.PPME_SOCKET_SENDTO_X && etype != S.PPME_SOCKET_SENDMSG_X) return;
    const isTcp = t == FD_IPV4_SOCK && fU8(fdv, F_L4) == L4_TCP;
    if (strLen(fI32(fdv, F_NAME)) != 0 && isTcp) return;
    if (retrieveEnter()) {
      if (!ehas(2)) return;
      to = eoff(2); tl = elen(2);
    } else {
      const k = schemaParamIndex(etype, "tuple");
      loadCur(ev);
      if (k < 0 || k >= curN || plen(k) == 0) return;
      to = poff(k); tl = plen(k);
    }
  }
  t = fU8(fdv, F_TYPE);
  if (reads && strLen(fI32(fdv, F_NAME)) != 0 && t == FD_IPV4_SOCK && fU8(fdv, F_L4) == L4_TCP) return;
  const fam = peekU8(to);
  if (fam == 1) {
    if (tl < 17) return;
    if (t == FD_UNIX_SOCK && load<u64>(fAddr(fdv) + F_USRC) == peekU64(to + 1) && load<u64>(fAddr(fdv) + F_UDST) == peekU64(to + 9)) return;
    const w = fdWritable(owner, fd, ev, ORIGIN_EVENT, ev);
    if (w == NONE) return;
    fdv = w;
    fSetU8(w, F_TYPE, FD_UNIX_SOCK);
    setUnixInfo(w, to, tl);
    fSetI32(w, F_NAME, intern(rawPtr() + to + 17, cstrLen(rawPtr() + to + 17, tl - 17)));
    return;
  }
  if (fam != 2 && fam != 10) return;
  // unchanged addresses (same or swapped) leave the fd as it is: decide before making a version
  if (!setTuple(fdv, to, tl, true)) return;
  const w = fdWritable(owner, fd, ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  fdv = w;
  if (!setTuple(w, to, tl)) return;
  if ((fU32(w, F_FLAGS) & (FF_ROLE_CLIENT | FF_ROLE_SERVER)) == 0) guessRole(w, reads);
  const fl = fU32(w, F_FLAGS);
  if ((reads && (fl & FF_ROLE_CLIENT) != 0) || (!reads && (fl & FF_ROLE_SERVER) != 0)) swapAddresses(w);
  fSetI32(w, F_NAME, fU8(w, F_TYPE) == FD_IPV6_SOCK ? ipv6TupleName(w) : ipv4TupleName(w));
}

const tupleTmp = new StaticArray<u8>(36);
/** sinsp set_net_role_by_guessing: server if the process listens on the destination port (unless the
 *  source port is one of its client ports), else client. */
function guessRole(w: u32, incoming: bool): void {
  const owner = fI64(w, F_OWNER);
  const list = liveFdsOf(owner);
  const dport = fU16(w, F_DPORT), sport = fU16(w, F_SPORT);
  let bound = false, clientPort = false;
  for (let i = 0; i < list.length; i++) {
    const v = fdLive(owner, list[i]);
    if (v == NONE || v == w) continue;
    const ty = fU8(v, F_TYPE);
    if ((ty == FD_IPV4_SERVSOCK || ty == FD_IPV6_SERVSOCK) && fU16(v, F_SPORT) == dport) bound = true;
    if (ty == FD_IPV4_SOCK && fU16(v, F_SPORT) == sport) clientPort = true;
  }
  let role = FF_ROLE_CLIENT;
  if (bound) role = clientPort ? (incoming ? FF_ROLE_SERVER : FF_ROLE_CLIENT) : FF_ROLE_SERVER;
  fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | role);
}

function copyFdTo(src: u32, newFd: i64): u32 {
  const v = addFd(newFd);
  // copy the payload of src (everything but identity and versioning)
  const a = fAddr(v), s = fAddr(src);
  memory.copy(a + 16, s + 16, F_FD_PAYLOAD_END - 16);
  fSetU8(v, F_BITS, fU8(v, F_BITS) & ~FB_FRESH); // a copy keeps its name: not a new name
  fdv = v;
  return v;
}
const F_FD_PAYLOAD_END: u32 = F_ORIGIN; // bytes [F_INO, F_ORIGIN): the fd's content, flags included

function parseDupExit(): void {
  loadCur(ev);
  const r = pI64(0, -1);
  if (r < 0) return;
  if (r == 0 || r == 1) {
    const w = wth();
    if (w != NONE) tSetU32(w, T_FLAGS, tU32(w, T_FLAGS) | (r == 0 ? CL_PIPE_DST : CL_PIPE_SRC));
  }
  let src = fdv;
  if (src == NONE && curN >= 2) src = getFd(th, pI64(1, -1));
  if (src == NONE) return;
  copyFdTo(src, r);
}

function parseFcntlExit(): void {
  if (!retrieveEnter()) {
    // exit-only layout: res, fd, cmd
    loadCur(ev);
    if (!exitOnly || curN < 3) return;
    const cmd = pU32(2, 0);
    if (cmd != 1 && cmd != 26) return;
  }
  const r = pI64(0, -1);
  if (r < 0 || fdv == NONE) return;
  copyFdTo(fdv, r);
}

function parsePipeExit(): void {
  loadCur(ev);
  if (pI64(0, -1) < 0) return;
  const fd1 = pI64(1, -1), fd2 = pI64(2, -1);
  const ino = pU64(3, 0);
  const nm = pipeName(ino);
  if (fd1 >= 0) { const v = addFd(fd1); fSetU8(v, F_TYPE, FD_FIFO); fSetU64(v, F_INO, ino); fSetI32(v, F_NAME, nm); }
  if (fd2 >= 0) { const v = addFd(fd2); fSetU8(v, F_TYPE, FD_FIFO); fSetU64(v, F_INO, ino); fSetI32(v, F_NAME, nm); fdv = v; }
}

function pipeName(ino: u64): i32 {
  // sinsp names pipes created by events "" (only the fd list carries "pipe:[ino]").
  return ino == ino ? STR_EMPTY : STR_EMPTY;
}

function parseSocketpairExit(): void {
  loadCur(ev);
  if (pI64(0, -1) < 0) return;
  const fd1 = pI64(1, -1), fd2 = pI64(2, -1);
  const src = pU64(3, 0), peer = pU64(4, 0);
  if (fd1 >= 0) { const v = addFd(fd1); fSetU8(v, F_TYPE, FD_UNIX_SOCK); fSetU64(v, F_USRC, src); fSetU64(v, F_UDST, peer); fSetI32(v, F_NAME, STR_EMPTY); }
  if (fd2 >= 0) { const v = addFd(fd2); fSetU8(v, F_TYPE, FD_UNIX_SOCK); fSetU64(v, F_USRC, peer); fSetU64(v, F_UDST, src); fSetI32(v, F_NAME, STR_EMPTY); fdv = v; }
}

// ---- cwd ----

function parseChdirExit(): void {
  loadCur(ev);
  if (pI64(0, -1) < 0 || !has(1)) return;
  const h = cwdHolder(th);
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  tSetI32(w, T_CWD, resolveCwd(tI32(w, T_CWD), pptr(1), plen(1)));
  if (tid == etid) th = w;
}

function parseFchdirExit(): void {
  loadCur(ev);
  if (pI64(0, -1) < 0 || fdv == NONE) return;
  const nm = fI32(fdv, F_NAME);
  const h = cwdHolder(th);
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ev, ORIGIN_EVENT, ev);
  if (w == NONE) return;
  tSetI32(w, T_CWD, resolveCwd(tI32(w, T_CWD), strPtr(nm), strLen(nm)));
  if (tid == etid) th = w;
}

function parseGetcwdExit(): void {
  // sinsp trusts getcwd's result when the thread's cwd is unknown or differs.
  loadCur(ev);
  if (pI64(0, -1) < 0 || !has(1)) return;
  const h = cwdHolder(th);
  const cur = tI32(h, T_CWD);
  const p = pptr(1);
  const n = cstrLen(p, plen(1));
  const full = resolveCwd(STR_EMPTY, p, n);
  if (full == cur) return;
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ev, ORIGIN_EVENT, ev);
  if (w != NONE) tSetI32(w, T_CWD, full);
}

// ---- credentials ----

function parseSetresExit(user: bool): void {
  loadCur(ev);
  if (pI64(0, -1) < 0) return;
  let e: u32 = 0xFFFFFFFF;
  if (curN >= 3) e = pU32(2, 0xFFFFFFFF);
  else if (retrieveEnter()) e = eU32(1, 0xFFFFFFFF);
  else return;
  if (e == 0xFFFFFFFF) return;
  const w = wth();
  if (w != NONE) tSetU32(w, user ? T_UID : T_GID, e);
}

function parseSetidExit(user: bool): void {
  loadCur(ev);
  if (pI64(0, -1) < 0) return;
  let id: u32 = 0xFFFFFFFF;
  if (curN >= 2) id = pU32(1, 0xFFFFFFFF);
  else if (retrieveEnter()) id = eU32(0, 0xFFFFFFFF);
  else return;
  const w = wth();
  if (w != NONE) tSetU32(w, user ? T_UID : T_GID, id);
}

// ---- processes ----

function argsId(k: i32): i32 {
  if (!has(k)) return STR_EMPTY;
  return intern(pptr(k), plen(k));
}

function parseCloneExit(): void {
  let tid = etid;
  let childtid = pI64(0, -1);
  let inverted = false;
  let collision = false;
  let validParent = true;
  let inContainer = false;
  let vtid: i64 = tid, vpid: i64 = -1;
  const t = etype;
  const era = cloneEra(t);
  const flagsIdx = era == 11 ? 8 : era == 16 ? 13 : era == 17 ? 14 : 15;
  const flags = pU32(flagsIdx, 0);
  if (childtid < 0) return;
  if (era == 20) { vtid = pI64(18, tid); vpid = pI64(19, -1); }
  if ((flags & CL_CHILD_IN_PIDNS) || tid != vtid) inContainer = true;
  if (childtid == 0) {
    // child side
    let cur = threadLive(tid);
    if (cur != NONE && tU64(cur, T_CLONE_TS) != 0 && evTs(ev) - tU64(cur, T_CLONE_TS) > 2000000000) {
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
        const w = threadWritable(tid, ev, ORIGIN_EVENT, ev);
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
    const pw = threadWritable(tid, ev, ORIGIN_EVENT, ev);
    if (pw != NONE) { tSetI32(pw, T_COMM, pcomm); tSetI32(pw, T_EXE, pexe); tSetI32(pw, T_ARGS, pargs); parent = pw; }
  }
  const c = threadCreate(childtid, ev, ORIGIN_EVENT, ev);
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
    const list = liveFdsOf(powner);
    for (let i = 0; i < list.length; i++) {
      const src = fdLive(powner, list[i]);
      if (src == NONE) continue;
      const v = fdAdd(childtid, list[i], ev, ORIGIN_EVENT, ev);
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
  tSetU32(c, T_VM_AT, ev);
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
  tSetU64(c, T_CLONE_TS, evTs(ev));
  addThreadCounts(c);
  if (collision) th = threadLive(etid);
}

function cloneEra(t: u16): i32 {
  if (t == S.PPME_SYSCALL_CLONE_11_X) return 11;
  if (t == S.PPME_SYSCALL_CLONE_16_X || t == S.PPME_SYSCALL_FORK_X || t == S.PPME_SYSCALL_VFORK_X) return 16;
  if (t == S.PPME_SYSCALL_CLONE_17_X || t == S.PPME_SYSCALL_FORK_17_X || t == S.PPME_SYSCALL_VFORK_17_X) return 17;
  return 20;
}

function parseExecveExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ev);
  if (pI64(0, -1) < 0) return;
  const w = wth();
  if (w == NONE) return;
  const t = etype;
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
    tSetU32(w, T_VM_AT, ev);
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

function isNA(p: usize, l: u32): bool {
  return l >= 4 && load<u8>(p) == 0x3C && load<u8>(p + 1) == 0x4E && load<u8>(p + 2) == 0x41 && load<u8>(p + 3) == 0x3E;
}

// ---- users ----

function applyUserEvent(): void {
  loadCur(ev);
  if (etype == S.PPME_USER_ADDED_E || etype == S.PPME_USER_DELETED_E) {
    const uid = pU32(0, 0);
    const container = paramStr(5);
    if (etype == S.PPME_USER_ADDED_E) {
      userPut(false, container, uid, pU32(1, 0), paramStr(2), paramStr(3), paramStr(4), ev, ORIGIN_EVENT, ev);
    } else userDelete(false, container, uid, ev, ev);
  } else {
    const gid = pU32(0, 0);
    const container = paramStr(2);
    if (etype == S.PPME_GROUP_ADDED_E) {
      userPut(true, container, gid, gid, paramStr(1), STR_EMPTY, STR_EMPTY, ev, ORIGIN_EVENT, ev);
    } else userDelete(true, container, gid, ev, ev);
  }
}

export function applyReset(): void {
  applyNewSection();
}

/** True for events from EVF state-only blocks (applied here, hidden from output by the reader). */
export function isStateOnly(i: u32): bool { return (evFlags(i) & EVF_STATE_ONLY) != 0; }

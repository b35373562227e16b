// Applies one event to the state, the way sinsp's parser does (libs 0.x as in sysdig 0.29, plus the
// newer event types): per-thread enter/exit bookkeeping (last enter type and fd, the stored enter event
// for exit parsing), then the event-specific update (clone/fork/execve/exit, fd creation and removal,
// cwd, credentials, containers, users). sinsp defers thread removal (procexit) and fd removal (close)
// to the next event, so do we. Results are recorded per event in eventstate.ts. This file is the
// per-event dispatcher; the parsers live in apply/ by syscall family (files, sockets, processes, cwd,
// credentials) and share the event being applied through apply/context.ts.
import { evType, evTid, evCpu, evFlags, EVF_STATE_ONLY } from '../reader/events';
import {
  EVENT_COUNT, EF_USES_FD, EF_CREATES_FD, EF_DESTROYS_FD, EF_SKIPPARSERESET,
} from '../generated/schema';
import { NONE } from './records';
import { curSection } from './section';
import { threadLive, threadGen, tI64, T_PID } from './threads';
import {
  fdLive, fdGen, fdRemove, fI64, F_FD, F_OWNER, FD_EVENT, FD_SIGNALFD, FD_EVENTPOLL, FD_INOTIFY, FD_TIMERFD,
  FD_BPF, FD_USERFAULTFD, FD_IOURING, FD_PIDFD,
} from './fds';
import { loadCur, plen, pI64, pU32, curN, firstParamI64, schemaParamIndex, paramsReset } from './params';
import { fixListSockets } from './fdnames';
import { evStatePush, evStateFill, evSetLink, LINK_MATCHED, LINK_INHERIT, FD_FALLBACK } from './eventstate';
import { applyContainerEvent } from './containerevents';
import { vmRecord } from './vm';
import { schedSwitch, schedProcinfo } from './sched';
import { evFlagsCompat } from './compat';
import * as S from '../generated/schema';
import * as ctx from './apply/context';
// fields and params resolve paths against a thread's cwd
export { cwdOf } from './apply/context';
import { txOf, txClearAll, txLastReset, threadRef, getFd, storeEvent } from './apply/context';
import {
  removeThread, createChildDependencies, parseCloneExit, parseExecveExit, parseSetsidExit,
  parseSetpgidExit, parsePrctlExit,
} from './apply/processes';
import {
  simpleFd, parseMemfdExit, parseOpenExit, parseCloseExit, parseDupExit, parseFcntlExit, parsePipeExit,
  parseSocketpairExit,
} from './apply/files';
import {
  parseSocketExit, parseBindExit, parseConnectEnter, parseConnectExit, parseAcceptExit, parseRwExit,
} from './apply/sockets';
import { parseChdirExit, parseFchdirExit, parseGetcwdExit, parseChrootExit } from './apply/cwd';
import { parseSetresExit, parseSetidExit, applyUserEvent } from './apply/credentials';

function flushPending(): void {
  if (ctx.pendingFdSet) {
    ctx.pendingFdSet = false;
    fdRemove(ctx.pendingFdOwner, ctx.pendingFd, ctx.ev, ctx.ev);
  }
  if (ctx.pendingTidSet) {
    ctx.pendingTidSet = false;
    removeThread(ctx.pendingTid, false);
  }
}

let firstEventSeen = false;

export function applyNewSection(): void {
  firstEventSeen = false;
  txClearAll();
  ctx.pendingTidSet = false;
  ctx.pendingFdSet = false;
}

// ---------------------------------------------------------------------------------------------

/** Applies event `i` (called once per event, in file order). */
export function applyEvent(i: u32): void {
  evStateFill(i);
  ctx.ev = i;
  if (!firstEventSeen) { firstEventSeen = true; createChildDependencies(); fixListSockets(); }
  flushPending();
  ctx.etype = evType(i);
  ctx.etid = evTid(i);
  ctx.th = NONE; ctx.fdv = NONE; ctx.tx = null;
  let link: u32 = NONE;

  if (<i32>ctx.etype >= EVENT_COUNT) { evStatePush(threadLive(ctx.etid), NONE, NONE, -1); return; }
  const eflags = evFlagsCompat(ctx.etype);

  if (eflags & EF_SKIPPARSERESET) {
    // procinfo, page faults and other events that skip sinsp's parse reset: no thread creation, no
    // enter/exit bookkeeping; sysdig's fields still look their tid up (a page fault shows its process)
    const t = threadLive(ctx.etid);
    if (t != NONE && ctx.etype == S.PPME_PROCINFO_E) schedProcinfo(curSection, ctx.etid, i);
    // only procinfo has the thread during parsing (sinsp's m_tinfo): the others' latency is 0
    evStatePush(t, NONE, ctx.etype == S.PPME_PROCINFO_E ? inheritLink(t) : NONE, -1);
    return;
  }
  const kind = load<u8>(KINDS_PTR + <usize>ctx.etype);
  if (kind == KIND_CONTAINER) {
    applyContainerEvent(i, ctx.etype);
    evStatePush(NONE, NONE, NONE, -1);
    return;
  }
  if (kind == KIND_USER) {
    applyUserEvent();
    evStatePush(threadLive(ctx.etid), NONE, NONE, -1);
    return;
  }
  const isCloneExit = kind == KIND_CLONE_EXIT;
  const queryOs = !isCloneExit && ctx.etype != S.PPME_SCHEDSWITCH_6_E;
  // tid -1 marks events without a thread (plugin/meta events): never invent a thread for it.
  ctx.th = threadRef(ctx.etid, queryOs && ctx.etid != -1);
  if (ctx.etype == S.PPME_SCHEDSWITCH_6_E || ctx.th == NONE) {
    if (ctx.th == NONE && isCloneExit) { loadCur(i); parseCloneExit(); }
    const tl = threadLive(ctx.etid);
    if (ctx.etype == S.PPME_SCHEDSWITCH_6_E) applySwitch(i, tl);
    evStatePush(tl, NONE, ctx.etype == S.PPME_SCHEDSWITCH_6_E ? inheritLink(tl) : NONE, -1);
    return;
  }
  const t = txOf(ctx.etid);
  ctx.tx = t;
  let resetOk = true;
  ctx.exitOnly = false;
  if ((ctx.etype & 1) == 0) {
    // enter
    t.lastFd = -1;
    t.lastType = <i32>ctx.etype;
    if (eflags & EF_USES_FD) {
      t.lastFd = firstParamI64(i, -1);
      ctx.fdv = getFd(ctx.th, t.lastFd);
      t.enterTh = ctx.th; t.enterFd = ctx.fdv; t.enterFdNum = t.lastFd; t.enterFdGen = fdGen;
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
      if (<i32>ctx.etype == t.lastType + 1) {
        link |= LINK_MATCHED;
        evSetLink(t.lastEnter, i);
      }
    }
    if (<i32>ctx.etype == t.lastType + 1) t.valid = true;
    else { t.valid = false; resetOk = false; }
    if (resetOk && (eflags & EF_USES_FD)) {
      if (ctx.etype == S.PPME_SYSCALL_COPY_FILE_RANGE_X) { loadCur(i); t.lastFd = pI64(1, -1); }
      // the enter's lookup still holds while its thread version, fd number and every fd table are unchanged
      if (t.enterTh == ctx.th && t.enterFdGen == fdGen && t.enterFdNum == t.lastFd) ctx.fdv = t.enterFd;
      else ctx.fdv = getFd(ctx.th, t.lastFd);
    } else if (!resetOk && (eflags & EF_USES_FD)) {
      // Exit-only captures (libs >= 0.22) carry the enter's fd in the exit event itself.
      const k = schemaParamIndex(ctx.etype, "fd");
      if (k >= 0) {
        loadCur(i);
        if (k < curN && plen(k) >= 8) {
          t.lastFd = pI64(k, -1);
          ctx.fdv = getFd(ctx.th, t.lastFd);
          resetOk = true;
          ctx.exitOnly = true;
        }
      }
    }
  }

  // What parseEvent changes: while a generation stays, the versions taken before it are still live.
  const thread0 = ctx.th, tgen = threadGen;
  const fd0 = ctx.fdv, fgen = fdGen;
  parseEvent(i, eflags);

  // Exit events release the stored enter event (sinsp event_cleanup).
  if ((ctx.etype & 1) == 1) { t.stored = NONE; t.valid = false; }

  // sinsp's fd field extraction falls back to the thread's last event fd.
  const thNow = threadGen == tgen ? thread0 : threadLive(ctx.etid);
  let fdNow = ctx.fdv;
  if (fdNow != NONE && !(fdGen == fgen && fdNow == fd0)) {
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
  schedSwitch(curSection, evCpu(i), ctx.etid, tl != NONE, i);
  if (tl == NONE) return;
  const pid = tI64(tl, T_PID);
  if (threadLive(pid) != NONE) vmRecord(curSection, pid, i);
}

/** Events that skip sinsp's enter/exit reset keep the thread's last latency: link to the event that set it. */
function inheritLink(v: u32): u32 {
  if (v == NONE) return NONE;
  const r = txLastReset(ctx.etid);
  return r == NONE ? NONE : (r | LINK_INHERIT);
}

// Event types the dispatcher treats apart, in a table read once per event (instead of ~20 comparisons).
const KIND_CONTAINER: u8 = 1;
const KIND_USER: u8 = 2;
const KIND_CLONE_EXIT: u8 = 3;
const KINDS = perTypeTable(kindOf);
/** KINDS read through a raw pointer: a managed array in a global gives its readers a shadow-stack frame. */
const KINDS_PTR: usize = changetype<usize>(KINDS);

function kindOf(e: u16): u8 {
  if (e == S.PPME_CONTAINER_JSON_E || e == S.PPME_CONTAINER_JSON_2_E || e == S.PPME_CONTAINER_E || e == S.PPME_ASYNCEVENT_E) return KIND_CONTAINER;
  if (e == S.PPME_USER_ADDED_E || e == S.PPME_USER_DELETED_E || e == S.PPME_GROUP_ADDED_E || e == S.PPME_GROUP_DELETED_E) return KIND_USER;
  return isCloneX(e) ? KIND_CLONE_EXIT : 0;
}

/** A byte per event type, computed once at start by `classify`. */
function perTypeTable(classify: (t: u16) => u8): StaticArray<u8> {
  const out = new StaticArray<u8>(EVENT_COUNT);
  for (let t = 0; t < EVENT_COUNT; t++) unchecked(out[t] = classify(<u16>t));
  return out;
}

function isCloneX(t: u16): bool {
  return t == S.PPME_SYSCALL_CLONE_11_X || t == S.PPME_SYSCALL_CLONE_16_X || t == S.PPME_SYSCALL_CLONE_17_X ||
    t == S.PPME_SYSCALL_CLONE_20_X || t == S.PPME_SYSCALL_FORK_X || t == S.PPME_SYSCALL_FORK_17_X ||
    t == S.PPME_SYSCALL_FORK_20_X || t == S.PPME_SYSCALL_VFORK_X || t == S.PPME_SYSCALL_VFORK_17_X ||
    t == S.PPME_SYSCALL_VFORK_20_X || t == S.PPME_SYSCALL_CLONE3_X;
}

function parseEvent(i: u32, eflags: u32): void {
  const t = ctx.etype;
  // (t < EVENT_COUNT: applyEvent returned before for other types)
  switch (load<u8>(PARSE_GROUPS_PTR + <usize>t)) {
    case PG_STORE:
      storeEvent();
      if (t == S.PPME_SOCKET_CONNECT_E) parseConnectEnter();
      break;
    case PG_FCNTL_E: {
      loadCur(i);
      const cmd = pU32(1, 0);
      if (cmd == 1 || cmd == 26) storeEvent();
      break;
    }
    case PG_CLOSE_E:
      // sinsp marks the fd "close in progress"; no field reads that mark, so no new version for it
      break;
    case PG_CLOSE_X:
      parseCloseExit(); break;
    case PG_OPEN_X:
      parseOpenExit(); break;
    case PG_CLONE_X:
      loadCur(i); parseCloneExit(); break;
    case PG_EXECVE_X:
      parseExecveExit(); break;
    case PG_PROCEXIT:
      // sinsp flags the thread CLOSED (no field reads it: no version for it) and removes it at the
      // next event
      ctx.pendingTid = ctx.etid; ctx.pendingTidSet = true;
      break;
    case PG_PIPE_X:
      parsePipeExit(); break;
    case PG_SOCKET_X:
      parseSocketExit(); break;
    case PG_BIND_X:
      parseBindExit(); break;
    case PG_CONNECT_X:
      parseConnectExit(); break;
    case PG_ACCEPT_X:
      parseAcceptExit(); break;
    case PG_FCNTL_X:
      parseFcntlExit(); break;
    case PG_EVENTFD_X:
      simpleFd(FD_EVENT, ""); break;
    case PG_SIGNALFD_X:
      simpleFd(FD_SIGNALFD, ""); break;
    case PG_TIMERFD_X:
      simpleFd(FD_TIMERFD, ""); break;
    case PG_INOTIFY_X:
      simpleFd(FD_INOTIFY, ""); break;
    case PG_EPOLL_X:
      simpleFd(FD_EVENTPOLL, "anon_inode:[eventpoll]"); break;
    case PG_USERFAULTFD_X:
      simpleFd(FD_USERFAULTFD, "userfaultfd"); break;
    case PG_IOURING_X:
      simpleFd(FD_IOURING, "anon_inode:[io_uring]"); break;
    case PG_PIDFD_OPEN_X:
      simpleFd(FD_PIDFD, "anon_inode:[pidfd]"); break;
    case PG_BPF_X:
      simpleFd(FD_BPF, "anon_inode:bpf"); break;
    case PG_MEMFD_X:
      parseMemfdExit(); break;
    case PG_RW_X:
      parseRwExit(eflags);
      break;
    case PG_VM_X:
      vmRecord(curSection, ctx.etid, ctx.ev);
      break;
    case PG_PIDFD_GETFD_X:
      simpleFd(FD_PIDFD, ""); break;
    case PG_CHDIR_X:
      parseChdirExit(); break;
    case PG_FCHDIR_X:
      parseFchdirExit(); break;
    case PG_GETCWD_X:
      parseGetcwdExit(); break;
    case PG_DUP_X:
      parseDupExit(); break;
    case PG_SOCKETPAIR_X:
      parseSocketpairExit(); break;
    case PG_SETRESUID_X:
      parseSetresExit(true); break;
    case PG_SETRESGID_X:
      parseSetresExit(false); break;
    case PG_SETUID_X:
      parseSetidExit(true); break;
    case PG_SETGID_X:
      parseSetidExit(false); break;
    case PG_SETSID_X:
      parseSetsidExit(); break;
    case PG_SETPGID_X:
      parseSetpgidExit(); break;
    case PG_CHROOT_X:
      parseChrootExit(); break;
    case PG_PRCTL_X:
      parsePrctlExit(); break;
    default:
      break;
  }
  eflags = eflags; // eflags kept for future type-independent rules
}

// Parser groups (parseGroup): event types that parseEvent handles alike.
const PG_STORE: u8 = 1;
const PG_FCNTL_E: u8 = 2;
const PG_CLOSE_E: u8 = 3;
const PG_CLOSE_X: u8 = 4;
const PG_OPEN_X: u8 = 5;
const PG_CLONE_X: u8 = 6;
const PG_EXECVE_X: u8 = 7;
const PG_PROCEXIT: u8 = 8;
const PG_PIPE_X: u8 = 9;
const PG_SOCKET_X: u8 = 10;
const PG_BIND_X: u8 = 11;
const PG_CONNECT_X: u8 = 12;
const PG_ACCEPT_X: u8 = 13;
const PG_FCNTL_X: u8 = 14;
const PG_EVENTFD_X: u8 = 15;
const PG_SIGNALFD_X: u8 = 16;
const PG_TIMERFD_X: u8 = 17;
const PG_INOTIFY_X: u8 = 18;
const PG_EPOLL_X: u8 = 19;
const PG_USERFAULTFD_X: u8 = 20;
const PG_IOURING_X: u8 = 21;
const PG_PIDFD_OPEN_X: u8 = 22;
const PG_BPF_X: u8 = 23;
const PG_MEMFD_X: u8 = 24;
const PG_RW_X: u8 = 25;
const PG_VM_X: u8 = 26;
const PG_PIDFD_GETFD_X: u8 = 27;
const PG_CHDIR_X: u8 = 28;
const PG_FCHDIR_X: u8 = 29;
const PG_GETCWD_X: u8 = 30;
const PG_DUP_X: u8 = 31;
const PG_SOCKETPAIR_X: u8 = 32;
const PG_SETRESUID_X: u8 = 33;
const PG_SETRESGID_X: u8 = 34;
const PG_SETUID_X: u8 = 35;
const PG_SETGID_X: u8 = 36;
const PG_SETSID_X: u8 = 37;
const PG_SETPGID_X: u8 = 38;
const PG_CHROOT_X: u8 = 39;
const PG_PRCTL_X: u8 = 40;

// parseEvent dispatches on a dense per-type group number read from this table (through a raw pointer: a
// managed array in a global gives its readers a shadow-stack frame): a switch over the event types
// themselves compiled to a chain of ~130 comparisons that every event without a parser ran through.
const PARSE_GROUPS = perTypeTable(parseGroup);
const PARSE_GROUPS_PTR: usize = changetype<usize>(PARSE_GROUPS);

/** The parser group of event type t (0: none): the case lists of parseEvent, numbered in order. */
function parseGroup(t: u16): u8 {
  switch (t) {
    case S.PPME_SOCKET_SENDTO_E: case S.PPME_SYSCALL_OPEN_E: case S.PPME_SYSCALL_CREAT_E:
    case S.PPME_SYSCALL_OPENAT_E: case S.PPME_SYSCALL_OPENAT_2_E: case S.PPME_SYSCALL_OPENAT2_E:
    case S.PPME_SOCKET_SOCKET_E: case S.PPME_SYSCALL_EVENTFD_E: case S.PPME_SYSCALL_CHDIR_E:
    case S.PPME_SYSCALL_FCHDIR_E: case S.PPME_SOCKET_SHUTDOWN_E: case S.PPME_SYSCALL_GETRLIMIT_E:
    case S.PPME_SYSCALL_SETRLIMIT_E: case S.PPME_SYSCALL_PRLIMIT_E: case S.PPME_SOCKET_SENDMSG_E:
    case S.PPME_SYSCALL_SENDFILE_E: case S.PPME_SYSCALL_SETRESUID_E: case S.PPME_SYSCALL_SETRESGID_E:
    case S.PPME_SYSCALL_SETUID_E: case S.PPME_SYSCALL_SETGID_E: case S.PPME_SYSCALL_EXECVE_18_E:
    case S.PPME_SYSCALL_EXECVE_19_E: case S.PPME_SYSCALL_EXECVEAT_E: case S.PPME_SYSCALL_SETPGID_E:
    case S.PPME_SOCKET_BIND_E: case S.PPME_SOCKET_CONNECT_E: case S.PPME_SYSCALL_DUP_E:
    case S.PPME_SYSCALL_DUP2_E: case S.PPME_SYSCALL_DUP3_E: case S.PPME_SYSCALL_DUP_1_E:
    case S.PPME_SYSCALL_SIGNALFD_E: case S.PPME_SYSCALL_TIMERFD_CREATE_E: case S.PPME_SYSCALL_INOTIFY_INIT_E:
    case S.PPME_SOCKET_SOCKETPAIR_E: case S.PPME_SYSCALL_PIPE_E:
      return PG_STORE;
    case S.PPME_SYSCALL_FCNTL_E:
      return PG_FCNTL_E;
    case S.PPME_SYSCALL_CLOSE_E:
      return PG_CLOSE_E;
    case S.PPME_SYSCALL_CLOSE_X:
      return PG_CLOSE_X;
    case S.PPME_SYSCALL_OPEN_X: case S.PPME_SYSCALL_CREAT_X: case S.PPME_SYSCALL_OPENAT_X:
    case S.PPME_SYSCALL_OPENAT_2_X: case S.PPME_SYSCALL_OPENAT2_X:
      return PG_OPEN_X;
    case S.PPME_SYSCALL_CLONE_11_X: case S.PPME_SYSCALL_CLONE_16_X: case S.PPME_SYSCALL_CLONE_17_X:
    case S.PPME_SYSCALL_CLONE_20_X: case S.PPME_SYSCALL_FORK_X: case S.PPME_SYSCALL_FORK_17_X:
    case S.PPME_SYSCALL_FORK_20_X: case S.PPME_SYSCALL_VFORK_X: case S.PPME_SYSCALL_VFORK_17_X:
    case S.PPME_SYSCALL_VFORK_20_X: case S.PPME_SYSCALL_CLONE3_X:
      return PG_CLONE_X;
    case S.PPME_SYSCALL_EXECVE_8_X: case S.PPME_SYSCALL_EXECVE_13_X: case S.PPME_SYSCALL_EXECVE_14_X:
    case S.PPME_SYSCALL_EXECVE_15_X: case S.PPME_SYSCALL_EXECVE_16_X: case S.PPME_SYSCALL_EXECVE_17_X:
    case S.PPME_SYSCALL_EXECVE_18_X: case S.PPME_SYSCALL_EXECVE_19_X: case S.PPME_SYSCALL_EXECVEAT_X:
      return PG_EXECVE_X;
    case S.PPME_PROCEXIT_E: case S.PPME_PROCEXIT_1_E:
      return PG_PROCEXIT;
    case S.PPME_SYSCALL_PIPE_X: case S.PPME_SYSCALL_PIPE2_X:
      return PG_PIPE_X;
    case S.PPME_SOCKET_SOCKET_X:
      return PG_SOCKET_X;
    case S.PPME_SOCKET_BIND_X:
      return PG_BIND_X;
    case S.PPME_SOCKET_CONNECT_X:
      return PG_CONNECT_X;
    case S.PPME_SOCKET_ACCEPT_X: case S.PPME_SOCKET_ACCEPT_5_X: case S.PPME_SOCKET_ACCEPT4_X:
    case S.PPME_SOCKET_ACCEPT4_5_X: case S.PPME_SOCKET_ACCEPT4_6_X:
      return PG_ACCEPT_X;
    case S.PPME_SYSCALL_FCNTL_X:
      return PG_FCNTL_X;
    case S.PPME_SYSCALL_EVENTFD_X: case S.PPME_SYSCALL_EVENTFD2_X:
      return PG_EVENTFD_X;
    case S.PPME_SYSCALL_SIGNALFD_X: case S.PPME_SYSCALL_SIGNALFD4_X:
      return PG_SIGNALFD_X;
    case S.PPME_SYSCALL_TIMERFD_CREATE_X:
      return PG_TIMERFD_X;
    case S.PPME_SYSCALL_INOTIFY_INIT_X: case S.PPME_SYSCALL_INOTIFY_INIT1_X:
      return PG_INOTIFY_X;
    case S.PPME_SYSCALL_EPOLL_CREATE_X: case S.PPME_SYSCALL_EPOLL_CREATE1_X:
      return PG_EPOLL_X;
    case S.PPME_SYSCALL_USERFAULTFD_X:
      return PG_USERFAULTFD_X;
    case S.PPME_SYSCALL_IO_URING_SETUP_X:
      return PG_IOURING_X;
    case S.PPME_SYSCALL_PIDFD_OPEN_X:
      return PG_PIDFD_OPEN_X;
    case S.PPME_SYSCALL_BPF_2_X:
      return PG_BPF_X;
    case S.PPME_SYSCALL_MEMFD_CREATE_X:
      return PG_MEMFD_X;
    case S.PPME_SYSCALL_READ_X: case S.PPME_SYSCALL_WRITE_X: case S.PPME_SOCKET_RECV_X:
    case S.PPME_SOCKET_SEND_X: case S.PPME_SOCKET_RECVFROM_X: case S.PPME_SOCKET_RECVMSG_X:
    case S.PPME_SOCKET_SENDTO_X: case S.PPME_SOCKET_SENDMSG_X: case S.PPME_SYSCALL_READV_X:
    case S.PPME_SYSCALL_WRITEV_X: case S.PPME_SYSCALL_PREAD_X: case S.PPME_SYSCALL_PWRITE_X:
    case S.PPME_SYSCALL_PREADV_X: case S.PPME_SYSCALL_PWRITEV_X:
      return PG_RW_X;
    case S.PPME_SYSCALL_BRK_4_X: case S.PPME_SYSCALL_MMAP_X: case S.PPME_SYSCALL_MMAP2_X:
    case S.PPME_SYSCALL_MUNMAP_X:
      return PG_VM_X;
    case S.PPME_SYSCALL_PIDFD_GETFD_X:
      return PG_PIDFD_GETFD_X;
    case S.PPME_SYSCALL_CHDIR_X:
      return PG_CHDIR_X;
    case S.PPME_SYSCALL_FCHDIR_X:
      return PG_FCHDIR_X;
    case S.PPME_SYSCALL_GETCWD_X:
      return PG_GETCWD_X;
    case S.PPME_SYSCALL_DUP_X: case S.PPME_SYSCALL_DUP_1_X: case S.PPME_SYSCALL_DUP2_X:
    case S.PPME_SYSCALL_DUP3_X:
      return PG_DUP_X;
    case S.PPME_SOCKET_SOCKETPAIR_X:
      return PG_SOCKETPAIR_X;
    case S.PPME_SYSCALL_SETRESUID_X:
      return PG_SETRESUID_X;
    case S.PPME_SYSCALL_SETRESGID_X:
      return PG_SETRESGID_X;
    case S.PPME_SYSCALL_SETUID_X:
      return PG_SETUID_X;
    case S.PPME_SYSCALL_SETGID_X:
      return PG_SETGID_X;
    case S.PPME_SYSCALL_SETSID_X:
      return PG_SETSID_X;
    case S.PPME_SYSCALL_SETPGID_X:
      return PG_SETPGID_X;
    case S.PPME_SYSCALL_CHROOT_X:
      return PG_CHROOT_X;
    case S.PPME_SYSCALL_PRCTL_X:
      return PG_PRCTL_X;
    default:
      return PG_PRCTL_X;
  }
}

export function applyReset(): void {
  applyNewSection();
  paramsReset();
}

/** True for events from EVF state-only blocks (applied here, hidden from output by the reader). */
export function isStateOnly(i: u32): bool { return (evFlags(i) & EVF_STATE_ONLY) != 0; }

// Read-only questions about the state seen by an event, for the decoder's sysdig-identical formatting
// (process name and tid in the default line, `fd=3(<f>/etc/passwd)` params, user names) and for
// field extraction. Every answer is the state current for that event (after applying it, which is
// when sysdig formats it), found through the per-event versions without replay.
import { evTid } from '../reader/events';
import { NONE } from './records';
import { sectionOf } from './section';
import { evThread, evFd, evFdNum } from './eventstate';
import { threadAt, tI64, tI32, tU32, T_TID, T_PID, T_COMM, T_FLAGS, CL_CLONE_FILES } from './threads';
import { fdAt, fU8, fU32, F_TYPE } from './fds';
import * as F from './fds';

/** Thread version of event `ev` (NONE: no thread, e.g. container or plugin events). */
export function qThread(ev: u32): u32 { return evThread(ev); }

/** proc.name (comm) of the event's thread as an interned id, or -1 when there is no thread. */
export function qComm(ev: u32): i32 {
  const v = evThread(ev);
  return v == NONE ? -1 : tI32(v, T_COMM);
}

/** thread.tid: the thread's tid, or the event header's tid when there is no thread. */
export function qTid(ev: u32): i64 {
  const v = evThread(ev);
  return v == NONE ? evTid(ev) : tI64(v, T_TID);
}

/** The event's own fd version (sysdig's evt->m_fdinfo, after applying the event), or NONE. */
export function qEventFd(ev: u32): u32 { return evFd(ev); }

/** sysdig's fd.num for the event (the thread's last event fd). */
export function qEventFdNum(ev: u32): i64 { return <i64>evFdNum(ev); }

/** Fd version of fd number `fd` in the table of the event's thread at event `ev`, or NONE. */
export function qFdAt(ev: u32, fd: i64): u32 {
  const v = evThread(ev);
  if (v == NONE) return NONE;
  const owner = (tU32(v, T_FLAGS) & CL_CLONE_FILES) ? tI64(v, T_PID) : tI64(v, T_TID);
  return fdAt(owner, fd, ev, sectionOf(ev));
}

export function fdTypeChar(t: u8): u8 {
  switch (t) {
    case F.FD_FILE: case F.FD_FILE_V2: return 0x66;        // f
    case F.FD_IPV4_SOCK: case F.FD_IPV4_SERVSOCK: return 0x34; // 4
    case F.FD_IPV6_SOCK: case F.FD_IPV6_SERVSOCK: return 0x36; // 6
    case F.FD_DIRECTORY: return 0x64;                       // d
    case F.FD_FIFO: return 0x70;                            // p
    case F.FD_UNIX_SOCK: return 0x75;                       // u
    case F.FD_EVENT: return 0x65;                           // e
    case F.FD_UNKNOWN: return 0x6F;                         // o
    case F.FD_UNSUPPORTED: return 0x58;                     // X
    case F.FD_SIGNALFD: return 0x73;                        // s
    case F.FD_EVENTPOLL: return 0x6C;                       // l
    case F.FD_INOTIFY: return 0x69;                         // i
    case F.FD_TIMERFD: return 0x74;                         // t
    case F.FD_NETLINK: return 0x6E;                         // n
    // newer fd types sysdig 0.29 does not know
    case F.FD_BPF: return 0x62;                             // b
    case F.FD_USERFAULTFD: return 0x75;                     // u
    case F.FD_IOURING: return 0x72;                         // r
    case F.FD_MEMFD: return 0x6D;                           // m
    case F.FD_PIDFD: return 0x50;                           // P
  }
  return 0x3F; // ?
}

/**
 * sinsp get_l4proto of an fd version (scap_l4_proto: 0 unknown, 1 n/a, 2 tcp, 3 udp, 4 icmp, 5 raw):
 * connected-socket types report "n/a" until the socket has a client or server role.
 */
export function fdL4(fdv: u32): u8 {
  const t = fU8(fdv, F_TYPE);
  const l4 = fU8(fdv, F.F_L4);
  if (t == F.FD_IPV4_SOCK || t == F.FD_IPV6_SOCK) {
    if (l4 == F.L4_RAW) return F.L4_RAW;
    if ((fU32(fdv, F.F_FLAGS) & (F.FF_ROLE_CLIENT | F.FF_ROLE_SERVER)) == 0) return F.L4_NA;
    return l4;
  }
  if (t == F.FD_IPV4_SERVSOCK || t == F.FD_IPV6_SERVSOCK) return l4;
  return F.L4_NA;
}

/** Thread version of any tid as of event `ev` (for parent lookups), or NONE. */
export function qThreadAt(tid: i64, ev: u32): u32 {
  return threadAt(tid, ev, sectionOf(ev));
}

// The one place where parameter rendering asks the state engine (wasm/src/state/query.ts, owned by the
// STATE engineer) about threads, fds and users: fd names for `fd=3(<f>/etc/passwd)`, thread names for
// `ptid=11310(bash)`, the cwd for relative paths, user and group names. Everything is "as seen by event
// `ev`" (after applying it, which is when sysdig prints it). Keeping these thin calls in one file means
// the renderers never depend on the state engine's internals.
import { qThread, qFdAt, qThreadAt, fdL4, qEventFd, qEventFdNum } from '../state/query';
import { NONE } from '../state/records';
import { sectionOf } from '../state/section';
import { tI32, T_COMM } from '../state/threads';
import { fU8, fI32, F_TYPE, F_L4, F_NAME } from '../state/fds';
import { userAt, uI32, U_NAME } from '../state/users';
import { cwdOf } from '../state/apply';
import { strPtr, strLen, STR_EMPTY } from '../core/intern';

/** Result string of the last successful string query (UTF-8 bytes in linear memory). */
export let lkPtr: usize = 0;
export let lkLen: u32 = 0;

function setStr(id: i32): bool {
  if (id < 0) { lkPtr = 0; lkLen = 0; return false; }
  lkPtr = strPtr(id); lkLen = strLen(id);
  return true;
}

/** Whether the event has a thread (sysdig resolves fds and AT_FDCWD only for events with one). */
export function lkHasThread(ev: u32, tid: i64): bool {
  return qThread(ev) != NONE;
}

/** Handle of fd `fd` in the table of the event's thread, or -1. */
export function lkFd(ev: u32, fd: i64): i32 {
  // Most fd params are the event's own fd, whose version the state engine recorded for this very event:
  // no search through the fd's history (which grows with every reuse of the number).
  if (fd == qEventFdNum(ev)) {
    const own = qEventFd(ev);
    if (own != NONE) return <i32>own;
  }
  const v = qFdAt(ev, fd);
  return v == NONE ? -1 : <i32>v;
}
/** scap fd type (1 FILE, 2 DIRECTORY, 3 IPV4_SOCK, ... 16 FILE_V2 ...). */
export function lkFdType(h: i32): u8 { return fU8(<u32>h, F_TYPE); }
/** scap l4 protocol (2 TCP, 3 UDP, 4 ICMP, 5 RAW). */
export function lkFdL4(h: i32): u8 { return fdL4(<u32>h); } // sinsp get_l4proto (role-aware)
/** Sets lkPtr/lkLen to the fd's name. */
export function lkFdName(h: i32): void { setStr(fI32(<u32>h, F_NAME)); }

/** Sets lkPtr/lkLen to the comm of thread `tid`; false when the thread is unknown. */
export function lkThreadComm(ev: u32, tid: i64): bool {
  const v = qThreadAt(tid, ev);
  if (v == NONE) return false;
  return setStr(tI32(v, T_COMM));
}

/** Sets lkPtr/lkLen to the cwd of the event's thread; false when unknown. */
export function lkCwd(ev: u32): bool {
  const v = qThread(ev);
  if (v == NONE) return false;
  return setStr(cwdOf(v));
}

/** Sets lkPtr/lkLen to the user name of uid; false when unknown. */
export function lkUserName(ev: u32, uid: u32): bool {
  const u = userAt(false, STR_EMPTY, uid, ev, sectionOf(ev));
  return u != NONE && setStr(uI32(u, U_NAME));
}

/** Sets lkPtr/lkLen to the group name of gid; false when unknown. */
export function lkGroupName(ev: u32, gid: u32): bool {
  const g = userAt(true, STR_EMPTY, gid, ev, sectionOf(ev));
  return g != NONE && setStr(uI32(g, U_NAME));
}

// The one place where parameter rendering asks the state engine (wasm/src/state/, owned by the STATE
// engineer) about threads, fds and users: fd names for `fd=3(<f>/etc/passwd)`, thread names for
// `ptid=11310(bash)`, the cwd for relative paths, user and group names. Everything is "as seen by event
// `ev`" (after applying it, as sysdig prints). Keeping these thin calls in one file means the renderers
// never depend on the state engine's internals. Until the state engine answers a query it returns
// "unknown" and the renderers print bare numbers, which is what sysdig prints for unknown fds.

/** Result string of the last successful string query (UTF-8 bytes in linear memory). */
export let lkPtr: usize = 0;
export let lkLen: u32 = 0;

/** Whether the event has a thread (sysdig resolves fds and AT_FDCWD only for events with one). */
export function lkHasThread(ev: u32, tid: i64): bool {
  return tid != -1;
}

/** Handle of fd `fd` in the table of the event's thread, or -1. */
export function lkFd(ev: u32, fd: i64): i32 {
  return -1;
}
/** scap fd type (1 FILE, 2 DIRECTORY, 3 IPV4_SOCK, ... 16 FILE_V2 ...). */
export function lkFdType(h: i32): u8 { return 0; }
/** scap l4 protocol (2 TCP, 3 UDP, 4 ICMP, 5 RAW). */
export function lkFdL4(h: i32): u8 { return 0; }
/** Sets lkPtr/lkLen to the fd's name. */
export function lkFdName(h: i32): void { lkPtr = 0; lkLen = 0; }

/** Sets lkPtr/lkLen to the comm of thread `tid`; false when the thread is unknown. */
export function lkThreadComm(ev: u32, tid: i64): bool { return false; }

/** Sets lkPtr/lkLen to the cwd of the event's thread; false when unknown. */
export function lkCwd(ev: u32): bool { return false; }

/** Sets lkPtr/lkLen to the user name of uid; false when unknown. */
export function lkUserName(ev: u32, uid: u32): bool { return false; }

/** Sets lkPtr/lkLen to the group name of gid; false when unknown. */
export function lkGroupName(ev: u32, gid: u32): bool { return false; }

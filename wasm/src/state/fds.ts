// Versioned fd table. Fds belong to an fd table owner (the thread itself, or the process's main thread
// when the thread shares its files: PPM_CL_CLONE_FILES), keyed by (owner tid, fd). Like threads, a
// change made while applying event `ev` is a version valid from `ev` on, and older state is reached
// through the `prev` chain. The key packs the owner into the high 32 bits and the fd into the low 32:
// real tids and fds fit; a hostile capture with huge values can only mix its own fd state.
import { RecordTable, NONE } from './records';
import { LiveMap } from './livemap';
import { U32Lists, Lists } from './u32lists';
import { curSection } from './section';

export const F_OWNER: u32 = 0;      // i64 fd table owner tid
export const F_FD: u32 = 8;         // i64
// ---- payload (copied by dup/fcntl and into a forked child's table): [F_INO, F_ORIGIN) ----
export const F_INO: u32 = 16;       // u64
export const F_SIP: u32 = 24;       // 16 bytes (IPv4 in the first 4), network order
export const F_DIP: u32 = 40;       // 16 bytes
/** Unix sockets have no IP addresses: their kernel endpoints share the address bytes. */
export const F_USRC: u32 = 24;      // u64 unix socket source (kernel pointer)
export const F_UDST: u32 = 32;      // u64 unix socket destination
export const F_NAME: u32 = 56;      // str id
export const F_OPENFLAGS: u32 = 60; // u32 PPM_O_*
export const F_DEV: u32 = 64;       // u32
export const F_FLAGS: u32 = 68;     // u32 sinsp fdinfo flags (roles, connected)
export const F_SPORT: u32 = 72;     // u16
export const F_DPORT: u32 = 74;     // u16
export const F_TYPE: u32 = 76;      // u8 scap_fd_type
export const F_L4: u32 = 77;        // u8 scap_l4_proto
export const F_BITS: u32 = 78;      // u8
// ---- versioning ----
export const F_ORIGIN: u32 = 79;    // u8
export const F_SECTION: u32 = 80;   // u16
export const F_VALID_FROM: u32 = 84;  // u32
export const F_PREV: u32 = 88;        // u32
export const F_ORIGIN_REF: u32 = 92;  // u32
/** u32 event index from which this version no longer exists (closed, process gone), or NONE.
 *  Set once, when the fd goes away: it never changes what an earlier event sees. */
export const F_VALID_TO: u32 = 96;
export const F_SIZE: u32 = 100;

/** (unused since removals set F_VALID_TO; kept for the bit layout) */
export const FB_DEAD: u8 = 1;
/** The version is a new fd object (created by an open/socket/... or an fd list), not an edit. */
export const FB_FRESH: u8 = 2;

// scap_fd_type
export const FD_UNKNOWN: u8 = 0;
export const FD_FILE: u8 = 1;
export const FD_DIRECTORY: u8 = 2;
export const FD_IPV4_SOCK: u8 = 3;
export const FD_IPV6_SOCK: u8 = 4;
export const FD_IPV4_SERVSOCK: u8 = 5;
export const FD_IPV6_SERVSOCK: u8 = 6;
export const FD_FIFO: u8 = 7;
export const FD_UNIX_SOCK: u8 = 8;
export const FD_EVENT: u8 = 9;
export const FD_UNSUPPORTED: u8 = 10;
export const FD_SIGNALFD: u8 = 11;
export const FD_EVENTPOLL: u8 = 12;
export const FD_INOTIFY: u8 = 13;
export const FD_TIMERFD: u8 = 14;
export const FD_NETLINK: u8 = 15;
export const FD_FILE_V2: u8 = 16;
export const FD_BPF: u8 = 17;
export const FD_USERFAULTFD: u8 = 18;
export const FD_IOURING: u8 = 19;
export const FD_MEMFD: u8 = 20;
export const FD_PIDFD: u8 = 21;

// scap_l4_proto
export const L4_UNKNOWN: u8 = 0;
export const L4_NA: u8 = 1;
export const L4_TCP: u8 = 2;
export const L4_UDP: u8 = 3;
export const L4_ICMP: u8 = 4;
export const L4_RAW: u8 = 5;

// sinsp fdinfo flags we keep
export const FF_ROLE_CLIENT: u32 = 1 << 2;
export const FF_ROLE_SERVER: u32 = 1 << 3;
export const FF_CLOSE_IN_PROGRESS: u32 = 1 << 4;
export const FF_CLOSE_CANCELED: u32 = 1 << 5;
export const FF_SOCKET_CONNECTED: u32 = 1 << 13;
export const FF_IS_CLONED: u32 = 1 << 14;
export const FF_CONNECTION_PENDING: u32 = 1 << 15;
export const FF_CONNECTION_FAILED: u32 = 1 << 16;

export const fds = new RecordTable(F_SIZE);
const latest = new LiveMap();
const historic = new LiveMap();
/** key -> every version made for it, in event order (all sections), for O(log n) lookups at any event. */
const chains = new U32Lists();
/** Bumped whenever an fd's live version changes (new version, removal): see threadGen. */
export let fdGen: u32 = 0;
/** owner -> fds added in this section, in order (to enumerate an fd table); liveFdsOf compacts a list to
 *  the live fds, each once. */
const byOwner = new Lists<i64>();
/** owner -> every fd number it ever had, in any section, each once (to count an fd table at any event). */
const everByOwner = new Lists<i64>();
/** Most fd numbers kept per owner in everByOwner. */
const EVER_MAX: u32 = 1 << 16;


@inline export function fdKey(owner: i64, fd: i64): u64 {
  return (<u64>owner << 32) | (<u64>fd & 0xFFFFFFFF);
}

@inline export function fAddr(v: u32): usize { return fds.addr(v); }
@inline export function fI64(v: u32, f: u32): i64 { return load<i64>(fds.addr(v) + f); }
@inline export function fU64(v: u32, f: u32): u64 { return load<u64>(fds.addr(v) + f); }
@inline export function fU32(v: u32, f: u32): u32 { return load<u32>(fds.addr(v) + f); }
@inline export function fI32(v: u32, f: u32): i32 { return load<i32>(fds.addr(v) + f); }
@inline export function fU16(v: u32, f: u32): u16 { return load<u16>(fds.addr(v) + f); }
@inline export function fU8(v: u32, f: u32): u8 { return load<u8>(fds.addr(v) + f); }
@inline export function fSetU8(v: u32, f: u32, x: u8): void { store<u8>(fds.addr(v) + f, x); }
@inline export function fSetU16(v: u32, f: u32, x: u16): void { store<u16>(fds.addr(v) + f, x); }
@inline export function fSetU32(v: u32, f: u32, x: u32): void { store<u32>(fds.addr(v) + f, x); }
@inline export function fSetI32(v: u32, f: u32, x: i32): void { store<i32>(fds.addr(v) + f, x); }
@inline export function fSetU64(v: u32, f: u32, x: u64): void { store<u64>(fds.addr(v) + f, x); }

function link(v: u32, prev: u32, ev: u32, origin: u8, originRef: u32): void {
  const a = fds.addr(v);
  store<u32>(a + F_PREV, prev);
  store<u32>(a + F_VALID_FROM, ev);
  store<u32>(a + F_ORIGIN_REF, originRef);
  store<u16>(a + F_SECTION, curSection);
  store<u8>(a + F_ORIGIN, origin);
  store<u32>(a + F_VALID_TO, NONE);
  const k = fdKey(load<i64>(a + F_OWNER), load<i64>(a + F_FD));
  latest.set(k, v);
  fdGen++;
  if (chains.last(chains.find(k)) != v) chains.push(k, v);
}

/** Live version of (owner, fd), or NONE. */
export function fdLive(owner: i64, fd: i64): u32 {
  const k = fdKey(owner, fd);
  const v = latest.get(k);
  if (v == NONE) return NONE;
  if (fI64(v, F_OWNER) != owner || fI64(v, F_FD) != fd) return NONE;
  return fU32(v, F_VALID_TO) != NONE ? NONE : v;
}

/** Adds (or replaces) fd `fd` of `owner`, valid from `ev`; the caller fills the returned fresh record. */
export function fdAdd(owner: i64, fd: i64, ev: u32, origin: u8, originRef: u32): u32 {
  const k = fdKey(owner, fd);
  let prev = latest.get(k);
  if (prev == NONE) prev = historic.get(k);
  // A key with an earlier version went through here before: its fd number is in `ever` already.
  const known = prev != NONE && fI64(prev, F_OWNER) == owner && fI64(prev, F_FD) == fd;
  let v: u32;
  if (prev != NONE && fU32(prev, F_VALID_FROM) == ev && fU16(prev, F_SECTION) == curSection) {
    // Replaced within the same event: reuse the slot, keep its history link.
    v = prev;
    const keepPrev = fU32(v, F_PREV);
    memory.fill(fds.addr(v), 0, F_SIZE);
    store<i64>(fds.addr(v) + F_OWNER, owner);
    store<i64>(fds.addr(v) + F_FD, fd);
    link(v, keepPrev, ev, origin, originRef);
  } else {
    v = fds.alloc();
    store<i64>(fds.addr(v) + F_OWNER, owner);
    store<i64>(fds.addr(v) + F_FD, fd);
    link(v, prev, ev, origin, originRef);
  }
  fSetU8(v, F_BITS, FB_FRESH);
  // A key never added before (no earlier version) cannot be in `ever` yet; one whose earlier version
  // belongs to another (owner, fd) (a key collision of hostile values) is checked for.
  if (!known && everByOwner.length(everByOwner.find(<u64>owner)) < EVER_MAX &&
    (prev == NONE || !listHas(everByOwner, <u64>owner, fd))) everByOwner.push(<u64>owner, fd);
  if (prev == NONE || fU32(prev, F_VALID_TO) != NONE || fU16(prev, F_SECTION) != curSection) {
    byOwner.push(<u64>owner, fd);
    // Repeated open/close cycles: compact now and then so the list tracks the live set.
    const n = byOwner.length(byOwner.find(<u64>owner));
    if (n >= 1024 && (n & (n - 1)) == 0) liveFdsOf(owner);
  }
  return v;
}

function listHas(lists: Lists<i64>, key: u64, x: i64): bool {
  const id = lists.find(key);
  const n = lists.length(id);
  for (let i: u32 = 0; i < n; i++) if (lists.at(id, i) == x) return true;
  return false;
}

/** A version of the live (owner, fd) that event `ev` may edit, or NONE. */
export function fdWritable(owner: i64, fd: i64, ev: u32, origin: u8, originRef: u32): u32 {
  const cur = fdLive(owner, fd);
  if (cur == NONE) return NONE;
  if (fU32(cur, F_VALID_FROM) == ev) return cur;
  const v = fds.copyOf(cur);
  link(v, cur, ev, origin, originRef);
  fSetU8(v, F_BITS, fU8(v, F_BITS) & ~FB_FRESH);
  return v;
}

/** Removes (owner, fd) from `ev` on: the live version ends there (no tombstone record). */
export function fdRemove(owner: i64, fd: i64, ev: u32, originRef: u32): void {
  const cur = fdLive(owner, fd);
  if (cur == NONE) return;
  fSetU32(cur, F_VALID_TO, ev);
  fdGen++;
}

/** Version of (owner, fd) current at event `ev` of `section` (state after `ev`), or NONE. */
export function fdAt(owner: i64, fd: i64, ev: u32, section: u16): u32 {
  const c = chains.find(fdKey(owner, fd));
  if (c == NONE) return NONE;
  let lo: i32 = 0, hi: i32 = <i32>chains.length(c) - 1, res: i32 = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (load<u32>(fds.addr(chains.at(c, <u32>mid)) + F_VALID_FROM) <= ev) { res = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (res < 0) return NONE;
  const v = chains.at(c, <u32>res);
  const a = fds.addr(v);
  if (load<u16>(a + F_SECTION) != section) return NONE;
  if (load<i64>(a + F_OWNER) != owner || load<i64>(a + F_FD) != fd) return NONE;
  const to = load<u32>(a + F_VALID_TO);
  return to != NONE && to <= ev ? NONE : v;
}

/** Fds of `owner` that are live now (for clone copies, process exit and role guessing): the owner's list,
 *  compacted in place to its live fds, each once, in the order they were added. Returns the list id
 *  (NONE when the owner has none); read it with liveFdCount and liveFdAt. The list changes only at the
 *  owner's next fdAdd. */
export function liveFdsOf(owner: i64): u32 {
  const id = byOwner.find(<u64>owner);
  const n = byOwner.length(id);
  // Duplicates come from an fd number closed and opened again. A short table dedups by scanning what it
  // kept so far; a long one through a scratch set.
  let kept: u32 = 0;
  if (n <= 64) {
    for (let i: u32 = 0; i < n; i++) {
      const fd = byOwner.at(id, i);
      if (fdLive(owner, fd) == NONE) continue;
      let dup = false;
      for (let j: u32 = 0; j < kept; j++) if (byOwner.at(id, j) == fd) { dup = true; break; }
      if (!dup) byOwner.set(id, kept++, fd);
    }
  } else {
    for (let i: u32 = 0; i < n; i++) {
      const fd = byOwner.at(id, i);
      if (!seen.has(<u64>fd) && fdLive(owner, fd) != NONE) { seen.set(<u64>fd, 0); byOwner.set(id, kept++, fd); }
    }
    seen.clear();
  }
  byOwner.truncate(id, kept);
  return id;
}
/** liveFdsOf's scratch set for long lists. */
const seen = new LiveMap();

/** Number of fds in a list liveFdsOf returned. */
@inline export function liveFdCount(id: u32): u32 { return byOwner.length(id); }
/** Fd `i` of a list liveFdsOf returned (i < liveFdCount). */
@inline export function liveFdAt(id: u32, i: u32): i64 { return byOwner.at(id, i); }

export function fdsNewSection(): void {
  for (let i = 0; i < latest.size; i++) historic.set(latest.keyAt(i), latest.valAt(i));
  latest.clear();
  fdGen++;
  byOwner.clear();
}

/** Number of fds in `owner`'s table at event `ev` (sysdig proc.fdopencount). */
export function countFdsAt(owner: i64, ev: u32, section: u16): u32 {
  const id = everByOwner.find(<u64>owner);
  const len = everByOwner.length(id);
  let n: u32 = 0;
  for (let i: u32 = 0; i < len; i++) if (fdAt(owner, everByOwner.at(id, i), ev, section) != NONE) n++;
  return n;
}

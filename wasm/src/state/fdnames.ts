// Fd records from fd-list entries and the names sinsp gives sockets: "sip:sport->dip:dport" for
// connected IPv4/IPv6 sockets, "ip:port" for servers, the path for unix sockets and files. Shared by
// the fd-list parser and the event parsers so both produce identical names.
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';
import { STR_EMPTY, internRaw } from '../core/intern';
import { NONE } from './records';
import {
  fdAdd, fAddr, fU8, fU16, fU32, fSetU8, fSetU16, fSetU32, fSetI32, fSetU64,
  F_INO, F_TYPE, F_NAME, F_SIP, F_DIP, F_SPORT, F_DPORT, F_L4, F_USRC, F_UDST, F_OPENFLAGS, F_DEV, F_FLAGS,
  FD_FILE, FD_DIRECTORY, FD_IPV4_SOCK, FD_IPV6_SOCK, FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK, FD_FIFO,
  FD_UNIX_SOCK, FD_FILE_V2, FD_PIDFD, FF_SOCKET_CONNECTED, FF_ROLE_CLIENT, FF_ROLE_SERVER, L4_TCP,
} from './fds';
import { sbReset, sbByte, sbU64, sbIPv4, sbIPv6, sbIntern } from './strbuf';

/** Fd-list IPv4 sockets and server ports of this section, for sinsp's fix_sockets_coming_from_proc. */
export const listV4Socks = new Array<u32>(0);
export const listServerPorts = new Set<u16>();

/** sinsp fix_sockets_coming_from_proc, run once the metadata is read: an fd-list IPv4 socket whose source
 *  port is a listening port of the capture is the server side (addresses swapped), any other a client. */
export function fixListSockets(): void {
  for (let i = 0; i < listV4Socks.length; i++) {
    const v = listV4Socks[i];
    if (fU8(v, F_TYPE) != FD_IPV4_SOCK) continue;
    if (listServerPorts.has(fU16(v, F_SPORT))) {
      const a = fAddr(v);
      const sip = load<u32>(a + F_SIP);
      store<u32>(a + F_SIP, load<u32>(a + F_DIP));
      store<u32>(a + F_DIP, sip);
      const sp = fU16(v, F_SPORT);
      fSetU16(v, F_SPORT, fU16(v, F_DPORT));
      fSetU16(v, F_DPORT, sp);
      fSetI32(v, F_NAME, ipv4TupleName(v));
      fSetU32(v, F_FLAGS, fU32(v, F_FLAGS) | FF_ROLE_SERVER);
    } else {
      fSetU32(v, F_FLAGS, fU32(v, F_FLAGS) | FF_ROLE_CLIENT);
    }
  }
  listV4Socks.length = 0;
  listServerPorts.clear();
}

/** True when the 16 bytes at p are an IPv4-mapped (or all-zero) IPv6 address. */
export function isV4Mapped(p: usize): bool {
  for (let i = 0; i < 10; i++) if (load<u8>(p + i) != 0) return false;
  const a = load<u8>(p + 10), b = load<u8>(p + 11);
  if (a == 0xFF && b == 0xFF) return true;
  if (a == 0 && b == 0) {
    for (let i = 12; i < 16; i++) if (load<u8>(p + i) != 0) return false;
    return true;
  }
  return false;
}

/** Interned "sip:sport->dip:dport" of an IPv4 tuple record. */
export function ipv4TupleName(v: u32): i32 {
  const a = fAddr(v);
  sbReset();
  sbIPv4(a + F_SIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_SPORT));
  sbByte(0x2D); sbByte(0x3E);
  sbIPv4(a + F_DIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_DPORT));
  return sbIntern();
}

export function ipv6TupleName(v: u32): i32 {
  const a = fAddr(v);
  sbReset();
  sbIPv6(a + F_SIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_SPORT));
  sbByte(0x2D); sbByte(0x3E);
  sbIPv6(a + F_DIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_DPORT));
  return sbIntern();
}

export function ipv4ServerName(v: u32): i32 {
  const a = fAddr(v);
  sbReset();
  sbIPv4(a + F_SIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_SPORT));
  return sbIntern();
}

export function ipv6ServerName(v: u32): i32 {
  const a = fAddr(v);
  sbReset();
  sbIPv6(a + F_SIP); sbByte(0x3A); sbU64(<u64>load<u16>(a + F_SPORT));
  return sbIntern();
}

/** str16 at `o` within `end`: interned (cut at NUL); sets strEnd. Returns -1 if it does not fit. */
let strEnd: u32 = 0;
function str16(o: u32, end: u32): i32 {
  if (o + 2 > end) return -1;
  const n = <u32>peekU16(o);
  if (o + 2 + n > end) return -1;
  strEnd = o + 2 + n;
  return internRaw(o + 2, n);
}

/**
 * Adds an fd from an fd-list entry payload at `p` (bounded by `end`). Returns the offset after the
 * payload, NONE for an unknown type, or end+1 when the payload does not fit.
 */
export function addFdFromList(tid: i64, fd: i64, ino: u64, type: u8, p: u32, end: u32, v2: bool,
  ev: u32, origin: u8, ref: u32): u32 {
  let after: u32 = p;
  if (type == FD_IPV4_SOCK) {
    if (p + 13 > end) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    const a = fAddr(v);
    store<u32>(a + F_SIP, peekU32(p));
    store<u32>(a + F_DIP, peekU32(p + 4));
    fSetU16(v, F_SPORT, peekU16(p + 8));
    fSetU16(v, F_DPORT, peekU16(p + 10));
    fSetU8(v, F_L4, peekU8(p + 12));
    fSetU8(v, F_TYPE, FD_IPV4_SOCK);
    fSetU64(v, F_INO, ino);
    if (peekU8(p + 12) == L4_TCP) fSetU32(v, F_FLAGS, FF_SOCKET_CONNECTED);
    fSetI32(v, F_NAME, ipv4TupleName(v));
    listV4Socks.push(v);
    return p + 13;
  }
  if (type == FD_IPV6_SOCK) {
    if (p + 37 > end) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    const a = fAddr(v);
    const rp = rawPtr();
    fSetU16(v, F_SPORT, peekU16(p + 32));
    fSetU16(v, F_DPORT, peekU16(p + 34));
    fSetU8(v, F_L4, peekU8(p + 36));
    fSetU64(v, F_INO, ino);
    if (peekU8(p + 36) == L4_TCP) fSetU32(v, F_FLAGS, FF_SOCKET_CONNECTED);
    if (isV4Mapped(rp + p) && isV4Mapped(rp + p + 16)) {
      store<u32>(a + F_SIP, peekU32(p + 12));
      store<u32>(a + F_DIP, peekU32(p + 28));
      fSetU8(v, F_TYPE, FD_IPV4_SOCK);
      fSetI32(v, F_NAME, ipv4TupleName(v));
      listV4Socks.push(v);
    } else {
      memory.copy(a + F_SIP, rp + p, 16);
      memory.copy(a + F_DIP, rp + p + 16, 16);
      fSetU8(v, F_TYPE, FD_IPV6_SOCK);
      fSetI32(v, F_NAME, ipv6TupleName(v));
    }
    return p + 37;
  }
  if (type == FD_IPV4_SERVSOCK) {
    if (p + 7 > end) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    store<u32>(fAddr(v) + F_SIP, peekU32(p));
    fSetU16(v, F_SPORT, peekU16(p + 4));
    fSetU8(v, F_L4, peekU8(p + 6));
    fSetU8(v, F_TYPE, FD_IPV4_SERVSOCK);
    fSetU64(v, F_INO, ino);
    fSetI32(v, F_NAME, ipv4ServerName(v));
    listServerPorts.add(peekU16(p + 4));
    return p + 7;
  }
  if (type == FD_IPV6_SERVSOCK) {
    if (p + 19 > end) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    memory.copy(fAddr(v) + F_SIP, rawPtr() + p, 16);
    fSetU16(v, F_SPORT, peekU16(p + 16));
    fSetU8(v, F_L4, peekU8(p + 18));
    fSetU8(v, F_TYPE, FD_IPV6_SERVSOCK);
    fSetU64(v, F_INO, ino);
    fSetI32(v, F_NAME, ipv6ServerName(v));
    listServerPorts.add(peekU16(p + 16));
    return p + 19;
  }
  if (type == FD_UNIX_SOCK) {
    if (p + 16 > end) return end + 1;
    const name = str16(p + 16, end);
    if (name < 0) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    fSetU64(v, F_USRC, peekU64(p));
    fSetU64(v, F_UDST, peekU64(p + 8));
    fSetU8(v, F_TYPE, FD_UNIX_SOCK);
    fSetU64(v, F_INO, ino);
    fSetI32(v, F_NAME, name);
    fSetU32(v, F_FLAGS, name == STR_EMPTY ? FF_ROLE_CLIENT : FF_ROLE_SERVER);
    return strEnd;
  }
  if (type == FD_FILE_V2) {
    if (p + 4 > end) return end + 1;
    const flags = peekU32(p);
    const name = str16(p + 4, end);
    if (name < 0) return end + 1;
    after = strEnd;
    let dev: u32 = 0;
    if (v2 && after + 4 <= end) { dev = peekU32(after); after += 4; }
    const v = fdAdd(tid, fd, ev, origin, ref);
    fSetU8(v, F_TYPE, FD_FILE_V2);
    fSetU32(v, F_OPENFLAGS, flags);
    fSetU32(v, F_DEV, dev);
    fSetU64(v, F_INO, ino);
    fSetI32(v, F_NAME, name);
    return after;
  }
  if (type == FD_FILE || type == FD_DIRECTORY || (type >= FD_FIFO && type <= FD_PIDFD && type != FD_UNIX_SOCK)) {
    const name = str16(p, end);
    if (name < 0) return end + 1;
    const v = fdAdd(tid, fd, ev, origin, ref);
    fSetU8(v, F_TYPE, type);
    fSetU64(v, F_INO, ino);
    fSetI32(v, F_NAME, name);
    return strEnd;
  }
  return NONE;
}


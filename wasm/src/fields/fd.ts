// fd.*, fdlist.* and fs.path.* extractors. The fd of an event is the fd version sysdig attaches to it
// (state/eventstate.ts), only for events that create, use or destroy an fd; with no fd, names fall back
// to the creating event's own parameters (a failed open still has a file name), as sysdig does.
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { EV_FLAGS, EF_CREATES_FD, EF_USES_FD, EF_DESTROYS_FD, EVENT_COUNT } from '../generated/schema';
import { evType } from '../reader/events';
import { peekU16, peekU64, rawPtr } from '../core/raw';
import { strPtr, strLen, STR_EMPTY, internString, intern } from '../core/intern';
import { NONE } from '../state/records';
import { valOriginsWanted } from '../core/values';
import { sectionOf } from '../state/section';
import { evThread, evFd, evFdKnownThread, evFdNum, evLink, LINK_MATCHED, LINK_MASK } from '../state/eventstate';
import { tI64, tI32, tU32, T_TID, T_PID, T_CONTAINER, T_FLAGS, CL_CLONE_FILES } from '../state/threads';
import {
  fds, fdAt, fU8, fU16, fU32, fI32, F_TYPE, F_NAME, F_SIP, F_DIP, F_SPORT, F_DPORT, F_L4, F_FLAGS, F_DEV, F_INO,
  F_OPENFLAGS, F_PREV, F_ORIGIN, F_ORIGIN_REF, F_SECTION, F_FD, F_VALID_TO, F_VALID_FROM, F_BITS,
  FD_FILE, FD_FILE_V2, FD_DIRECTORY, FD_IPV4_SOCK, FD_IPV6_SOCK, FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK,
  FD_UNIX_SOCK, FF_ROLE_CLIENT, FF_ROLE_SERVER, FF_SOCKET_CONNECTED, L4_TCP, L4_UDP, L4_ICMP, L4_RAW,
} from '../state/fds';
import { fdTypeChar, fdL4 } from '../state/query';
import { ifV4Addr } from '../state/metadata';
import { loadCur, loadEnt, has, plen, poff, pptr, pI64, curN, ehas, eptr, elen, eI64, schemaParamIndex } from '../state/params';
import { concatWithDir, concatPaths, cstrLen } from '../state/paths';
import { cwdOf } from '../state/apply';
import { tupleName } from '../state/sockfmt';
import { sbReset, sbByte, sbBytes, sbI64, sbU64, sbIPv4, sbIPv6 } from '../state/strbuf';
import { fdTypeNameId } from './fdtype';
import { evFlagsCompat } from '../state/compat';
import { setOrigin, pushStrId, pushScratch, pushU, pushI, pushB, pushIPv4, pushIPv6, pushEventStr } from './push';
import { O_INFERRED, O_EVENT } from '../core/values';
import { threadAt } from '../state/threads';

let ev: u32 = 0;
let th: u32 = NONE;

function fdOrigin(v: u32): void {
  if (!valOriginsWanted) return; // the filter evaluator needs no origins (core/values.ts)
  // the oldest version of this fd with the same name (where the fd was learned)
  let cur = v;
  let guard = 0;
  while (guard++ < 10000) {
    const p = load<u32>(fds.addr(cur) + F_PREV);
    if (p == NONE) break;
    if (load<u16>(fds.addr(p) + F_SECTION) != load<u16>(fds.addr(cur) + F_SECTION)) break;
    if (fU32(p, F_VALID_TO) != NONE) break; // that fd was closed: a different open
    if (fI32(p, F_NAME) != fI32(v, F_NAME) || fU8(p, F_TYPE) != fU8(v, F_TYPE)) break;
    cur = p;
  }
  setOrigin(load<u8>(fds.addr(cur) + F_ORIGIN), load<u32>(fds.addr(cur) + F_ORIGIN_REF));
}

@inline function isFdEvent(t: u16): bool {
  return (evFlagsCompat(t) & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD)) != 0;
}

function roleNone(v: u32): bool { return (fU32(v, F_FLAGS) & (FF_ROLE_CLIENT | FF_ROLE_SERVER)) == 0; }

function l4Of(v: u32): u8 { return fdL4(v); }

function isLocalV4(p: usize): bool {
  const a = load<u32>(p);
  for (let i = 0; i < ifV4Addr.length; i++) if (ifV4Addr[i] == a) return true;
  return false;
}

/** Name from the creating event's parameters (sinsp extract_fdname_from_creator); false = none. */
function creatorName(): bool {
  const t = evType(ev);
  if ((t & 1) == 0) return false;
  if (t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SOCKET_ACCEPT_X || t == S.PPME_SOCKET_ACCEPT_5_X ||
    t == S.PPME_SOCKET_ACCEPT4_X || t == S.PPME_SOCKET_ACCEPT4_5_X || t == S.PPME_SYSCALL_CREAT_X ||
    t == S.PPME_SOCKET_ACCEPT4_6_X || t == S.PPME_SOCKET_CONNECT_X) {
    loadCur(ev);
    if (curN < 2) { sbReset(); return true; }
    sbReset();
    if (t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SYSCALL_CREAT_X) {
      // an FSPATH param: sysdig prints it resolved against the cwd when relative
      if (has(1)) {
        const p = pptr(1), n = cstrLen(p, plen(1));
        if (n > 0 && load<u8>(p) != 0x2F && th != NONE) {
          const id = concatWithDir(cwdOf(th), p, plen(1));
          sbBytes(strPtr(id), strLen(id));
        } else sbBytes(p, n);
      }
      return true;
    }
    if (has(1)) {
      const id = tupleName(poff(1), plen(1));
      sbReset();
      if (id >= 0) sbBytes(strPtr(id), strLen(id));
    }
    return true;
  }
  if (t == S.PPME_SYSCALL_OPENAT_X || t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X) {
    let np: usize = 0, nl: u32 = 0, dirfd: i64 = -100;
    if (t == S.PPME_SYSCALL_OPENAT_X) {
      const l = evLink(ev);
      if (l == NONE || (l & LINK_MATCHED) == 0) return false;
      loadEnt(l & LINK_MASK);
      if (!ehas(1)) return false;
      np = eptr(1); nl = elen(1); dirfd = eI64(0, -100);
    } else {
      loadCur(ev);
      if (!has(2)) return false;
      np = pptr(2); nl = plen(2); dirfd = pI64(1, -100);
    }
    sbReset();
    const n = cstrLen(np, nl);
    let id: i32;
    if (n > 0 && load<u8>(np) == 0x2F) id = concatPaths(0, 0, np, nl);
    else if (dirfd == -100) { if (th == NONE) return false; id = concatWithDir(cwdOf(th), np, nl); }
    else {
      const d = th == NONE ? NONE : fdAt(ownerOf(th), dirfd, ev, sectionOf(ev));
      if (d == NONE) id = concatWithDir(internString("<UNKNOWN>"), np, nl);
      else {
        const nm = fI32(d, F_NAME);
        sbReset(); sbBytes(strPtr(nm), strLen(nm)); sbByte(0x2F);
        id = concatDirScratch(np, nl);
      }
    }
    sbReset(); sbBytes(strPtr(id), strLen(id));
    return true;
  }
  sbReset();
  return true;
}

import { sbPtr, sbLen } from '../state/strbuf';
function concatDirScratch(np: usize, nl: u32): i32 {
  const dir = intern(sbPtr, sbLen);
  return concatWithDir(dir, np, nl);
}

function ownerOf(v: u32): i64 { return (tU32(v, T_FLAGS) & CL_CLONE_FILES) ? tI64(v, T_PID) : tI64(v, T_TID); }

/** Directory part of the scratch buffer as sysdig computes fd.directory. */
function sbDirectory(): void {
  // rfind '/'
  let pos: i32 = -1;
  for (let i = <i32>sbLen - 1; i >= 0; i--) if (load<u8>(sbPtr + i) == 0x2F) { pos = i; break; }
  if (pos > 0) {
    if (pos < <i32>sbLen - 1) sbTruncate(<u32>pos);
  } else {
    sbReset(); sbByte(0x2F);
  }
}
function sbFilename(noSlashGivesRoot: bool): void {
  let pos: i32 = -1;
  for (let i = <i32>sbLen - 1; i >= 0; i--) if (load<u8>(sbPtr + i) == 0x2F) { pos = i; break; }
  if (pos >= 0) {
    if (pos < <i32>sbLen - 1) {
      const n = sbLen - <u32>pos - 1;
      memory.copy(sbPtr, sbPtr + <u32>pos + 1, n);
      sbTruncate(n);
    }
  } else if (noSlashGivesRoot) { sbReset(); sbByte(0x2F); }
}
import { sbSetLen } from '../state/strbuf';
function sbTruncate(n: u32): void { sbSetLen(n); }

function fromNullFd(f: i32): void {
  setOrigin(O_EVENT, ev);
  if (f == F.F_FD_NAME || f == F.F_FD_CONTAINERNAME) {
    if (!creatorName()) return;
    if (f == F.F_FD_CONTAINERNAME) prefixContainer();
    pushScratch();
  } else if (f == F.F_FD_DIRECTORY || f == F.F_FD_CONTAINERDIRECTORY) {
    if (!creatorName()) return;
    sbDirectory();
    if (f == F.F_FD_CONTAINERDIRECTORY) prefixContainer();
    pushScratch();
  } else if (f == F.F_FD_FILENAME) {
    const t = evType(ev);
    if (t != S.PPME_SYSCALL_OPEN_E && t != S.PPME_SYSCALL_OPENAT_E && t != S.PPME_SYSCALL_OPENAT_2_E &&
      t != S.PPME_SYSCALL_OPENAT2_E && t != S.PPME_SYSCALL_CREAT_E) return;
    if (!creatorName()) return;
    sbFilename(false);
    pushScratch();
  } else if (f == F.F_FD_TYPECHAR) {
    const e = evType(ev) & ~1;
    let c: u8 = 0x6F; // o
    if (e == S.PPME_SYSCALL_OPEN_E || e == S.PPME_SYSCALL_OPENAT_E || e == S.PPME_SYSCALL_OPENAT_2_E ||
      e == S.PPME_SYSCALL_OPENAT2_E || e == S.PPME_SYSCALL_CREAT_E) c = 0x66;
    else if (e == S.PPME_SOCKET_SOCKET_E || e == S.PPME_SOCKET_ACCEPT_E || e == S.PPME_SOCKET_ACCEPT_5_E ||
      e == S.PPME_SOCKET_ACCEPT4_E || e == S.PPME_SOCKET_ACCEPT4_5_E) c = 0x34;
    else if (e == S.PPME_SYSCALL_PIPE_E) c = 0x70;
    else if (e == S.PPME_SYSCALL_EVENTFD_E) c = 0x65;
    else if (e == S.PPME_SYSCALL_SIGNALFD_E) c = 0x73;
    else if (e == S.PPME_SYSCALL_TIMERFD_CREATE_E) c = 0x74;
    else if (e == S.PPME_SYSCALL_INOTIFY_INIT_E) c = 0x69;
    sbReset(); sbByte(c); pushScratch();
  }
}

function prefixContainer(): void {
  // "<container id>:" + name
  const n = sbLen;
  const tmp = new Uint8Array(n);
  memory.copy(tmp.dataStart, sbPtr, n);
  sbReset();
  // sysdig 0.29 keeps the host's container id empty here (container.id prints it as "host")
  const c = th == NONE ? STR_EMPTY : tI32(th, T_CONTAINER);
  sbBytes(strPtr(c), strLen(c));
  sbByte(0x3A);
  sbBytes(tmp.dataStart, n);
}

/**
 * With a thread but no fd version, whether field f's value at an event of type t is a function of t alone
 * (fromNullFd: no value, the type letter of fd.typechar, or for fd.name/fd.directory the empty name of the
 * exits creatorName does not resolve), so a filter check on it needs one evaluation per type.
 */
export function fdNullByType(f: i32, t: u16): bool {
  if (f == F.F_FD_CONTAINERNAME || f == F.F_FD_CONTAINERDIRECTORY) return false; // the thread's container
  if (f != F.F_FD_NAME && f != F.F_FD_DIRECTORY) return true;
  if ((t & 1) == 0) return true;
  return !(t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SOCKET_ACCEPT_X || t == S.PPME_SOCKET_ACCEPT_5_X ||
    t == S.PPME_SOCKET_ACCEPT4_X || t == S.PPME_SOCKET_ACCEPT4_5_X || t == S.PPME_SYSCALL_CREAT_X ||
    t == S.PPME_SOCKET_ACCEPT4_6_X || t == S.PPME_SOCKET_CONNECT_X || t == S.PPME_SYSCALL_OPENAT_X ||
    t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X);
}

/**
 * For a few fd fields, the parts of fd version v their value (extractFd below, not at a connect exit) is a
 * function of, packed in a key: the type byte (fd.type, fd.typechar, fd.sockfamily), with the name's string
 * id (fd.directory, fd.filename), with the role and l4 bytes (fd.l4proto, state/query.ts fdL4), with the role
 * and ports (fd.cport, fd.sport, fd.port). The filter answers a check once per distinct key (most versions are
 * files: one key for the port fields). fdShapeField: whether field f has such a key.
 */
export function fdShapeField(f: i32): bool {
  return f == F.F_FD_TYPE || f == F.F_FD_TYPECHAR || f == F.F_FD_SOCKFAMILY || f == F.F_FD_L4PROTO ||
    f == F.F_FD_CPORT || f == F.F_FD_SPORT || f == F.F_FD_PORT || f == F.F_FD_DIRECTORY || f == F.F_FD_FILENAME;
}
export function fdShapeKey(f: i32, v: u32): i64 {
  const t = <i64>fU8(v, F_TYPE);
  if (f == F.F_FD_TYPE || f == F.F_FD_TYPECHAR || f == F.F_FD_SOCKFAMILY) return t;
  if (f == F.F_FD_DIRECTORY || f == F.F_FD_FILENAME) return t | (<i64><u32>fI32(v, F_NAME) << 8);
  const role: i64 = roleNone(v) ? 0 : 1;
  if (f == F.F_FD_L4PROTO) return t | (role << 8) | (<i64>fU8(v, F_L4) << 9);
  const sport = <i64>fU16(v, F_SPORT), dport = <i64>fU16(v, F_DPORT);
  if (f == F.F_FD_CPORT) return t | (role << 8) | (sport << 17);
  if (f == F.F_FD_SPORT) return t | (role << 8) | (sport << 17) | (dport << 33);
  if (f == F.F_FD_PORT) return t | (sport << 17) | (dport << 33);
  return -1;
}

/** fdVersionKey: the fields have no value at this event. */
export const FD_KEY_NONE: u32 = 0xFFFFFFFF;
/** fdVersionKey: the value depends on the event itself (a connect exit). */
export const FD_KEY_EVENT: u32 = 0xFFFFFFFE;
/** fdVersionKey: a thread but no fd version: the value comes from the event (fromNullFd; see fdNullByType). */
export const FD_KEY_NULL: u32 = 0xFFFFFFFD;

/**
 * For the fd.* fields whose value extractFd takes from the fd version alone (name, type, addresses,
 * ports, device... — engine/filter/plan.ts FD_VERSION_FIELDS): the event's fd version, so the filter
 * evaluates a check once per version; or FD_KEY_NONE / FD_KEY_EVENT / FD_KEY_NULL. Mirrors extractFd's
 * order of tests.
 */
export function fdVersionKey(e: u32): u32 {
  const t = evType(e);
  if (!isFdEvent(t)) return FD_KEY_NONE;
  const v = evFdKnownThread(e);
  if (v != NONE && t != S.PPME_SOCKET_CONNECT_X) return v;
  if (evThread(e) == NONE) return FD_KEY_NONE;
  return v == NONE ? FD_KEY_NULL : FD_KEY_EVENT;
}

/** Extracts fd/fdlist/fs.path field `f` of event `e`; false when not one of ours. */
export function extractFd(f: i32, argNum: i64, argPtr: usize, argLen: u32, e: u32): bool {
  if (f >= F.F_FDLIST_NUMS && f <= F.F_FDLIST_SPORTS) { ev = e; th = evThread(e); fdlist(f); return true; }
  if (f >= F.F_FS_PATH_NAME && f <= F.F_FS_PATH_TARGETRAW) { ev = e; th = evThread(e); fsPath(f); return true; }
  if (f < F.F_FD_NUM || f > F.F_FD_IS_LOWER_LAYER) return false;
  ev = e;
  th = evThread(e);
  setOrigin(O_INFERRED, 0);
  if (!isFdEvent(evType(e)) || th == NONE) return true;
  if (f == F.F_FD_NUM) { setOrigin(O_EVENT, e); pushI(<i64>evFdNum(e)); return true; }
  const v = evFd(e);
  if (f == F.F_FD_UID) {
    sbReset(); sbI64(tI64(th, T_TID)); sbI64(<i64>evFdNum(e)); pushScratch(); return true;
  }
  if (v == NONE) {
    fromNullFd(f);
    return true;
  }
  fdOrigin(v);
  const t = fU8(v, F_TYPE);
  const a = fds.addr(v);
  switch (f) {
    case F.F_FD_NAME: case F.F_FD_CONTAINERNAME: {
      if (evType(e) == S.PPME_SOCKET_CONNECT_X) {
        loadCur(e);
        if (pI64(0, 0) < 0) { fromNullFd(f); break; }
      }
      if (f == F.F_FD_NAME) pushStrId(fI32(v, F_NAME));
      else { sbReset(); const nm = fI32(v, F_NAME); sbBytes(strPtr(nm), strLen(nm)); prefixContainer(); pushScratch(); }
      break;
    }
    case F.F_FD_NAMERAW: pushStrId(fI32(v, F_NAME)); break;
    case F.F_FD_TYPE: pushStrId(fdTypeNameId(t)); break;
    case F.F_FD_TYPECHAR: sbReset(); sbByte(fdTypeChar(t)); pushScratch(); break;
    case F.F_FD_DIRECTORY: case F.F_FD_CONTAINERDIRECTORY: {
      const isFile = t == FD_FILE || t == FD_FILE_V2;
      if (!isFile && t != FD_DIRECTORY) break;
      const nm = fI32(v, F_NAME);
      sbReset(); sbBytes(strPtr(nm), strLen(nm));
      if (isFile) sbDirectory();
      if (f == F.F_FD_CONTAINERDIRECTORY) prefixContainer();
      pushScratch();
      break;
    }
    case F.F_FD_FILENAME: {
      if (t != FD_FILE && t != FD_FILE_V2) break;
      const nm = fI32(v, F_NAME);
      sbReset(); sbBytes(strPtr(nm), strLen(nm));
      sbFilename(true);
      pushScratch();
      break;
    }
    case F.F_FD_IP: case F.F_FD_NET:
      // filter-only: both endpoints
      if (t == FD_IPV4_SOCK) { pushIPv4(a + F_SIP); pushIPv4(a + F_DIP); }
      else if (t == FD_IPV6_SOCK) { pushIPv6(a + F_SIP); pushIPv6(a + F_DIP); }
      else if (t == FD_IPV4_SERVSOCK) pushIPv4(a + F_SIP);
      else if (t == FD_IPV6_SERVSOCK) pushIPv6(a + F_SIP);
      break;
    case F.F_FD_CIP: case F.F_FD_CNET:
      if (roleNone(v)) break;
      if (t == FD_IPV4_SOCK) pushIPv4(a + F_SIP); else if (t == FD_IPV6_SOCK) pushIPv6(a + F_SIP);
      break;
    case F.F_FD_SIP: case F.F_FD_SNET:
      if (roleNone(v)) break; // sysdig checks the role first, for listening sockets too
      if (t == FD_IPV4_SOCK) pushIPv4(a + F_DIP);
      else if (t == FD_IPV6_SOCK) pushIPv6(a + F_DIP);
      else if (t == FD_IPV4_SERVSOCK) pushIPv4(a + F_SIP);
      else if (t == FD_IPV6_SERVSOCK) pushIPv6(a + F_SIP);
      break;
    case F.F_FD_LIP: case F.F_FD_RIP: case F.F_FD_LNET: case F.F_FD_RNET: {
      if ((t != FD_IPV4_SOCK && t != FD_IPV6_SOCK) || roleNone(v)) break;
      const local = t == FD_IPV4_SOCK ? isLocalV4(a + F_SIP) : false;
      const wantL = f == F.F_FD_LIP || f == F.F_FD_LNET;
      const useDip = local ? !wantL : wantL;
      if (t == FD_IPV4_SOCK) pushIPv4(a + (useDip ? F_DIP : F_SIP)); else pushIPv6(a + (useDip ? F_DIP : F_SIP));
      break;
    }
    case F.F_FD_PORT: case F.F_FD_PROTO:
      if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) { pushU(<u64>fU16(v, F_SPORT)); pushU(<u64>fU16(v, F_DPORT)); }
      else if (t == FD_IPV4_SERVSOCK || t == FD_IPV6_SERVSOCK) pushU(<u64>fU16(v, F_SPORT));
      break;
    case F.F_FD_CPORT: case F.F_FD_CPROTO:
      if (roleNone(v)) break;
      if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) {
        if (f == F.F_FD_CPORT) pushU(<u64>fU16(v, F_SPORT));
        else { sbReset(); sbU64(<u64>fU16(v, F_SPORT)); pushScratch(); }
      } else if (f == F.F_FD_CPORT) pushU(0); // sysdig falls through to an empty string, printed as port 0
      else { sbReset(); pushScratch(); }
      break;
    case F.F_FD_SPORT: case F.F_FD_SPROTO: {
      let port: i32 = -1;
      if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) { if (!roleNone(v)) port = <i32>fU16(v, F_DPORT); }
      else if (t == FD_IPV4_SERVSOCK || t == FD_IPV6_SERVSOCK) port = <i32>fU16(v, F_SPORT);
      if (port < 0) break;
      if (f == F.F_FD_SPORT) pushU(<u64>port);
      else { sbReset(); if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) sbU64(<u64>port); pushScratch(); }
      break;
    }
    case F.F_FD_LPORT: case F.F_FD_RPORT: case F.F_FD_LPROTO: case F.F_FD_RPROTO: {
      if ((t != FD_IPV4_SOCK && t != FD_IPV6_SOCK) || roleNone(v)) break;
      const local = t == FD_IPV4_SOCK ? isLocalV4(a + F_SIP) : false;
      const wantL = f == F.F_FD_LPORT || f == F.F_FD_LPROTO;
      const useS = local ? wantL : !wantL;
      const port = fU16(v, useS ? F_SPORT : F_DPORT);
      if (f == F.F_FD_LPORT || f == F.F_FD_RPORT) pushU(<u64>port);
      else { sbReset(); sbU64(<u64>port); pushScratch(); }
      break;
    }
    case F.F_FD_L4PROTO: {
      const l = l4Of(v);
      sbReset();
      if (l == L4_TCP) sbAscii("tcp"); else if (l == L4_UDP) sbAscii("udp");
      else if (l == L4_ICMP) sbAscii("icmp"); else if (l == L4_RAW) sbAscii("raw"); else sbAscii("<NA>");
      pushScratch();
      break;
    }
    case F.F_FD_SOCKFAMILY:
      if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK || t == FD_IPV4_SERVSOCK || t == FD_IPV6_SERVSOCK) { sbReset(); sbAscii("ip"); pushScratch(); }
      else if (t == FD_UNIX_SOCK) { sbReset(); sbAscii("unix"); pushScratch(); }
      break;
    case F.F_FD_IS_SERVER:
      if (t == FD_IPV4_SERVSOCK || t == FD_IPV6_SERVSOCK) pushB(true);
      else if (t == FD_IPV4_SOCK) pushB(isLocalV4(a + F_DIP));
      else pushB(false);
      break;
    case F.F_FD_CONNECTED: pushB((fU32(v, F_FLAGS) & FF_SOCKET_CONNECTED) != 0); break;
    case F.F_FD_NAME_CHANGED: {
      // the event gave this fd its name: created it, or renamed it (connect, bind, ...)
      const p = load<u32>(fds.addr(v) + F_PREV);
      const here = load<u32>(fds.addr(v) + F_VALID_FROM) == e;
      const fresh = (fU8(v, F_BITS) & 2) != 0;
      pushB(here && (fresh ? strLen(fI32(v, F_NAME)) > 0 : (p != NONE && fI32(p, F_NAME) != fI32(v, F_NAME))));
      break;
    }
    case F.F_FD_CIP_NAME: case F.F_FD_SIP_NAME: case F.F_FD_LIP_NAME: case F.F_FD_RIP_NAME: break;
    case F.F_FD_DEV: if (t == FD_FILE || t == FD_FILE_V2 || t == FD_DIRECTORY) pushI(<i64><i32>fU32(v, F_DEV)); else pushI(0); break;
    case F.F_FD_DEV_MAJOR: pushI(<i64>((fU32(v, F_DEV) & 0xFFF00) >> 8)); break;
    case F.F_FD_DEV_MINOR: { const d = fU32(v, F_DEV); pushI(<i64>((d & 0xFF) | ((d >> 12) & 0xFFF00))); break; }
    case F.F_FD_INO: pushI(<i64>load<u64>(a + F_INO)); break;
    case F.F_FD_TYPES: pushStrId(fdTypeNameId(t)); break;
    case F.F_FD_IS_UPPER_LAYER: pushB((fU32(v, F_OPENFLAGS) & 0x8000) != 0); break;
    case F.F_FD_IS_LOWER_LAYER: pushB((fU32(v, F_OPENFLAGS) & 0x10000) != 0); break;
    default: break;
  }
  return true;
}

function sbAscii(s: string): void { for (let i = 0; i < s.length; i++) sbByte(<u8>s.charCodeAt(i)); }

/** fdlist.*: poll/ppoll fd lists resolved against the thread's fd table. */
function fdlist(f: i32): void {
  if (th == NONE) return;
  const t = evType(ev);
  let k = -1;
  let useEnter = false;
  if (t == S.PPME_SYSCALL_POLL_E || t == S.PPME_SYSCALL_PPOLL_E) k = 0;
  else if (t == S.PPME_SYSCALL_POLL_X || t == S.PPME_SYSCALL_PPOLL_X) k = 1;
  else return;
  loadCur(ev);
  if (!has(k)) return;
  const o = poff(k);
  const len = plen(k);
  if (len < 2) return;
  const n = <u32>peekU16(o);
  if (<u32>2 + n * 10 > len) return;
  sbReset();
  let first = true;
  const owner = ownerOf(th);
  const sec = sectionOf(ev);
  for (let i: u32 = 0; i < n; i++) {
    const fd = <i64>peekU64(o + 2 + i * 10);
    const v = fdAt(owner, fd, ev, sec);
    if (f == F.F_FDLIST_NUMS) { if (!first) sbByte(0x2C); sbI64(fd); first = false; continue; }
    if (f == F.F_FDLIST_NAMES) {
      if (!first) sbByte(0x2C); first = false;
      if (v != NONE) { const nm = fI32(v, F_NAME); sbBytes(strPtr(nm), strLen(nm)); }
      continue;
    }
    if (v == NONE) continue;
    const ty = fU8(v, F_TYPE);
    const a = fds.addr(v);
    if (f == F.F_FDLIST_CIPS) {
      if (ty == FD_IPV4_SOCK) { if (!first) sbByte(0x2C); sbIPv4(a + F_SIP); first = false; }
      else if (ty == FD_IPV6_SOCK) { if (!first) sbByte(0x2C); sbIPv6(a + F_SIP); first = false; }
    } else if (f == F.F_FDLIST_SIPS) {
      if (ty == FD_IPV4_SOCK) { if (!first) sbByte(0x2C); sbIPv4(a + F_DIP); first = false; }
      else if (ty == FD_IPV4_SERVSOCK) { if (!first) sbByte(0x2C); sbIPv4(a + F_SIP); first = false; }
      else if (ty == FD_IPV6_SOCK) { if (!first) sbByte(0x2C); sbIPv6(a + F_DIP); first = false; }
      else if (ty == FD_IPV6_SERVSOCK) { if (!first) sbByte(0x2C); sbIPv6(a + F_SIP); first = false; }
    } else if (f == F.F_FDLIST_CPORTS) {
      if (ty == FD_IPV4_SOCK || ty == FD_IPV6_SOCK) { if (!first) sbByte(0x2C); sbU64(<u64>fU16(v, F_SPORT)); first = false; }
    } else if (f == F.F_FDLIST_SPORTS) {
      if (ty == FD_IPV4_SOCK || ty == FD_IPV6_SOCK) { if (!first) sbByte(0x2C); sbU64(<u64>fU16(v, F_DPORT)); first = false; }
      else if (ty == FD_IPV4_SERVSOCK || ty == FD_IPV6_SERVSOCK) { if (!first) sbByte(0x2C); sbU64(<u64>fU16(v, F_SPORT)); first = false; }
    }
  }
  if (first && f != F.F_FDLIST_NUMS && f != F.F_FDLIST_NAMES) return;
  setOrigin(O_EVENT, ev);
  pushScratch();
  useEnter = useEnter;
}

/** fs.path.*: the path(s) a filesystem event acts on, raw and resolved (libs' table of events: the
 *  path, or the source and target of rename/link/symlink/mount), only when the call succeeded. */
function fsPath(f: i32): void {
  const t = evType(ev);
  if (<i32>t >= EVENT_COUNT) return;
  const wantSource = f == F.F_FS_PATH_SOURCE || f == F.F_FS_PATH_SOURCERAW;
  const wantTarget = f == F.F_FS_PATH_TARGET || f == F.F_FS_PATH_TARGETRAW;
  const raw = f == F.F_FS_PATH_NAMERAW || f == F.F_FS_PATH_SOURCERAW || f == F.F_FS_PATH_TARGETRAW;
  // [path param, source param, target param, success: 0 res == 0, 1 fd != -1]
  let pn = "", sn = "", tn = "";
  let okFd = false;
  switch (t) {
    case S.PPME_SYSCALL_MKDIR_2_X: case S.PPME_SYSCALL_MKDIRAT_X: case S.PPME_SYSCALL_RMDIR_2_X:
    case S.PPME_SYSCALL_UNLINK_2_X: case S.PPME_SYSCALL_CHOWN_X: case S.PPME_SYSCALL_LCHOWN_X:
      pn = "path"; break;
    case S.PPME_SYSCALL_UNLINKAT_2_X: case S.PPME_SYSCALL_UMOUNT_1_X: case S.PPME_SYSCALL_UMOUNT2_X: pn = "name"; break;
    case S.PPME_SYSCALL_OPEN_X: case S.PPME_SYSCALL_OPENAT_2_X: case S.PPME_SYSCALL_OPENAT2_X: pn = "name"; okFd = true; break;
    case S.PPME_SYSCALL_FCHMODAT_X: case S.PPME_SYSCALL_CHMOD_X: pn = "filename"; break;
    case S.PPME_SYSCALL_FCHOWNAT_X: pn = "pathname"; break;
    case S.PPME_SYSCALL_QUOTACTL_X: pn = "special"; break;
    case S.PPME_SYSCALL_RENAME_X: case S.PPME_SYSCALL_RENAMEAT_X: case S.PPME_SYSCALL_RENAMEAT2_X: sn = "oldpath"; tn = "newpath"; break;
    case S.PPME_SYSCALL_LINK_2_X: case S.PPME_SYSCALL_LINKAT_2_X: sn = "newpath"; tn = "oldpath"; break;
    case S.PPME_SYSCALL_SYMLINK_X: case S.PPME_SYSCALL_SYMLINKAT_X: sn = "linkpath"; tn = "target"; break;
    case S.PPME_SYSCALL_MOUNT_X: sn = "dev"; tn = "dir"; break;
    case S.PPME_SYSCALL_FCHMOD_X: case S.PPME_SYSCALL_FCHOWN_X: pn = "@fd"; break;
    default: return;
  }
  const name = wantSource ? sn : wantTarget ? tn : pn;
  if (name.length == 0) return;
  loadCur(ev);
  if (curN < 1 || plen(0) < 8) return;
  const r = <i64>peekU64(poff(0));
  if (okFd ? r == -1 : r != 0) return;
  setOrigin(O_EVENT, ev);
  if (name == "@fd") {
    // fchmod/fchown act on an fd: its name
    const v = evFd(ev);
    if (v != NONE) pushStrId(fI32(v, F_NAME));
    return;
  }
  const k = schemaParamIndex(t, name);
  if (k < 0 || !has(k)) return;
  const p = pptr(k);
  const l = plen(k);
  const n = cstrLen(p, l);
  if (raw) { pushEventStr(poff(k), n, l); return; }
  if (th == NONE) return;
  if (n > 0 && load<u8>(p) == 0x2F) { pushStrId(concatPaths(0, 0, p, l)); return; }
  // relative: against the dirfd for the *at calls, the cwd otherwise
  let dirName = "";
  if (t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X) {
    const v = evFd(ev);
    if (v != NONE) pushStrId(fI32(v, F_NAME)); else { sbReset(); sbAscii("<UNKNOWN>"); pushScratch(); }
    return;
  }
  if (t == S.PPME_SYSCALL_MKDIRAT_X || t == S.PPME_SYSCALL_UNLINKAT_2_X || t == S.PPME_SYSCALL_FCHMODAT_X || t == S.PPME_SYSCALL_FCHOWNAT_X) dirName = "dirfd";
  else if (t == S.PPME_SYSCALL_RENAMEAT_X || t == S.PPME_SYSCALL_RENAMEAT2_X) dirName = wantTarget ? "newdirfd" : "olddirfd";
  else if (t == S.PPME_SYSCALL_LINKAT_2_X) dirName = wantTarget ? "olddir" : "newdir";
  else if (t == S.PPME_SYSCALL_SYMLINKAT_X) dirName = wantSource ? "linkdirfd" : "";
  let dirId = cwdOf(th);
  if (dirName.length > 0) {
    const di = schemaParamIndex(t, dirName);
    const dirfd = di >= 0 ? pI64(di, -100) : -100;
    if (dirfd != -100) {
      const d = fdAt(ownerOf(th), dirfd, ev, sectionOf(ev));
      sbReset();
      if (d == NONE || fU8(d, F_TYPE) != FD_DIRECTORY) sbAscii("<UNKNOWN>");
      else { const nm = fI32(d, F_NAME); sbBytes(strPtr(nm), strLen(nm)); }
      if (sbLen == 0 || load<u8>(sbPtr + sbLen - 1) != 0x2F) sbByte(0x2F);
      dirId = intern(sbPtr, sbLen);
    }
  } else if (t == S.PPME_SYSCALL_SYMLINKAT_X) {
    sbReset(); sbAscii("<UNKNOWN>/"); dirId = intern(sbPtr, sbLen);
  }
  pushStrId(concatWithDir(dirId, p, l));
}

function eq(p: usize, len: u32, s: string): bool {
  if (len != <u32>s.length) return false;
  for (let i = 0; i < s.length; i++) if (<i32>load<u8>(p + i) != s.charCodeAt(i)) return false;
  return true;
}


// Socket parsers: socket/bind/connect/accept exits and the addresses that reads and writes on a socket
// reveal (sinsp parse_rw_exit, set_net_role_by_guessing).
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../../core/raw';
import { intern, strLen, STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { ORIGIN_EVENT } from '../section';
import {
  fdLive, fdWritable, liveFdsOf, liveFdCount, liveFdAt, fAddr, fI64, fU8, fU16, fU32, fSetU8, fSetU16, fSetU32, fSetI32,
  fSetU64, F_FD, F_TYPE, F_NAME, F_SIP, F_DIP, F_SPORT, F_DPORT, F_L4, F_USRC, F_UDST, F_FLAGS,
  F_OWNER, FD_IPV4_SOCK, FD_IPV6_SOCK, FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK, FD_UNIX_SOCK, FD_NETLINK,
  FD_UNKNOWN, L4_UNKNOWN, L4_TCP, L4_UDP, L4_ICMP, L4_RAW, FF_ROLE_CLIENT, FF_ROLE_SERVER,
  FF_SOCKET_CONNECTED,
} from '../fds';
import {
  loadCur, has, plen, poff, pI64, pU32, curN, ehas, elen, eoff, eU32, schemaParamIndex,
} from '../params';
import { cstrLen } from '../paths';
import { ipv4TupleName, ipv6TupleName, isV4Mapped } from '../fdnames';
import { tupleName, addrName } from '../sockfmt';
import * as S from '../../generated/schema';
import * as ctx from './context';
import { Tx, addFd, retrieveEnter, fI32 } from './context';

export function addSocket(fd: i64, domain: u32, type: u32, proto: u32): void {
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
  ctx.fdv = v;
}

export function parseSocketExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ctx.ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  if (hasEnter) addSocket(fd, eU32(0, 0), eU32(1, 0), eU32(2, 0));
  else if (curN >= 4) addSocket(fd, pU32(1, 0), pU32(2, 0), pU32(3, 0));
}

/** A version of the event's fd that this event may change (learned from it), made the event's own; or NONE. */
function writableEventFd(): u32 {
  const w = fdWritable(fI64(ctx.fdv, F_OWNER), fI64(ctx.fdv, F_FD), ctx.ev, ORIGIN_EVENT, ctx.ev);
  if (w != NONE) ctx.fdv = w;
  return w;
}

export function parseBindExit(): void {
  if (ctx.fdv == NONE) return;
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  if (!has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  const w = writableEventFd();
  if (w == NONE) return;
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

export function setUnixInfo(w: u32, o: u32, l: u32): void {
  if (l >= 17) {
    fSetU64(w, F_USRC, peekU64(o + 1));
    fSetU64(w, F_UDST, peekU64(o + 9));
  }
}

export function parseConnectEnter(): void {
  if (ctx.fdv == NONE) return;
  loadCur(ctx.ev);
  if (curN < 2 || !has(1)) return;
  const o = poff(1), l = plen(1);
  const fam = peekU8(o);
  const w = writableEventFd();
  if (w == NONE) return;
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
export function setTuple(w: u32, o: u32, l: u32, dry: bool = false): bool {
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

export function parseConnectExit(): void {
  if (ctx.fdv == NONE) return;
  loadCur(ctx.ev);
  const r = pI64(0, -1);
  if (r < 0 && r != -115) return;
  const w = writableEventFd();
  if (w == NONE) return;
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

export function swapAddresses(w: u32): void {
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

export function parseAcceptExit(): void {
  loadCur(ctx.ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  changetype<Tx>(ctx.tx).lastFd = fd;
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
  ctx.fdv = v;
}

/** sinsp parse_rw_exit: a successful I/O marks a socket connected; recvfrom/recvmsg/sendto/sendmsg on a
 *  socket without a name (or not TCP) take its addresses and name from the datagram's tuple. */
export function parseRwExit(eflags: u32): void {
  if (ctx.fdv == NONE) return;
  loadCur(ctx.ev);
  if (curN < 1 || plen(0) < 8 || pI64(0, -1) < 0) return;
  const owner = fI64(ctx.fdv, F_OWNER), fd = fI64(ctx.fdv, F_FD);
  let t = fU8(ctx.fdv, F_TYPE);
  if ((t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) && (fU32(ctx.fdv, F_FLAGS) & FF_SOCKET_CONNECTED) == 0) {
    const w = fdWritable(owner, fd, ctx.ev, ORIGIN_EVENT, ctx.ev);
    if (w != NONE) { fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | FF_SOCKET_CONNECTED); ctx.fdv = w; }
  }
  const reads = (eflags & S.EF_READS_FROM_FD) != 0;
  let to: u32 = 0, tl: u32 = 0;
  if (reads) {
    const k = ctx.etype == S.PPME_SOCKET_RECVFROM_X ? 2 : ctx.etype == S.PPME_SOCKET_RECVMSG_X ? 3 : -1;
    if (k < 0 || k >= curN || plen(k) == 0) return;
    to = poff(k); tl = plen(k);
  } else {
    if (ctx.etype != S.PPME_SOCKET_SENDTO_X && ctx.etype != S.PPME_SOCKET_SENDMSG_X) return;
    const isTcp = t == FD_IPV4_SOCK && fU8(ctx.fdv, F_L4) == L4_TCP;
    if (strLen(fI32(ctx.fdv, F_NAME)) != 0 && isTcp) return;
    if (retrieveEnter()) {
      if (!ehas(2)) return;
      to = eoff(2); tl = elen(2);
    } else {
      const k = schemaParamIndex(ctx.etype, "tuple");
      loadCur(ctx.ev);
      if (k < 0 || k >= curN || plen(k) == 0) return;
      to = poff(k); tl = plen(k);
    }
  }
  t = fU8(ctx.fdv, F_TYPE);
  if (reads && strLen(fI32(ctx.fdv, F_NAME)) != 0 && t == FD_IPV4_SOCK && fU8(ctx.fdv, F_L4) == L4_TCP) return;
  const fam = peekU8(to);
  if (fam == 1) {
    if (tl < 17) return;
    if (t == FD_UNIX_SOCK && load<u64>(fAddr(ctx.fdv) + F_USRC) == peekU64(to + 1) && load<u64>(fAddr(ctx.fdv) + F_UDST) == peekU64(to + 9)) return;
    const w = fdWritable(owner, fd, ctx.ev, ORIGIN_EVENT, ctx.ev);
    if (w == NONE) return;
    ctx.fdv = w;
    fSetU8(w, F_TYPE, FD_UNIX_SOCK);
    setUnixInfo(w, to, tl);
    fSetI32(w, F_NAME, intern(rawPtr() + to + 17, cstrLen(rawPtr() + to + 17, tl - 17)));
    return;
  }
  if (fam != 2 && fam != 10) return;
  // unchanged addresses (same or swapped) leave the fd as it is: decide before making a version
  if (!setTuple(ctx.fdv, to, tl, true)) return;
  const w = fdWritable(owner, fd, ctx.ev, ORIGIN_EVENT, ctx.ev);
  if (w == NONE) return;
  ctx.fdv = w;
  if (!setTuple(w, to, tl)) return;
  if ((fU32(w, F_FLAGS) & (FF_ROLE_CLIENT | FF_ROLE_SERVER)) == 0) guessRole(w, reads);
  const fl = fU32(w, F_FLAGS);
  if ((reads && (fl & FF_ROLE_CLIENT) != 0) || (!reads && (fl & FF_ROLE_SERVER) != 0)) swapAddresses(w);
  fSetI32(w, F_NAME, fU8(w, F_TYPE) == FD_IPV6_SOCK ? ipv6TupleName(w) : ipv4TupleName(w));
}

const tupleTmp = new StaticArray<u8>(36);
/** sinsp set_net_role_by_guessing: server if the process listens on the destination port (unless the
 *  source port is one of its client ports), else client. */
export function guessRole(w: u32, incoming: bool): void {
  const owner = fI64(w, F_OWNER);
  const list = liveFdsOf(owner);
  const n = liveFdCount(list);
  const dport = fU16(w, F_DPORT), sport = fU16(w, F_SPORT);
  let bound = false, clientPort = false;
  for (let i: u32 = 0; i < n; i++) {
    const v = fdLive(owner, liveFdAt(list, i));
    if (v == NONE || v == w) continue;
    const ty = fU8(v, F_TYPE);
    if ((ty == FD_IPV4_SERVSOCK || ty == FD_IPV6_SERVSOCK) && fU16(v, F_SPORT) == dport) bound = true;
    if (ty == FD_IPV4_SOCK && fU16(v, F_SPORT) == sport) clientPort = true;
  }
  let role = FF_ROLE_CLIENT;
  if (bound) role = clientPort ? (incoming ? FF_ROLE_SERVER : FF_ROLE_CLIENT) : FF_ROLE_SERVER;
  fSetU32(w, F_FLAGS, fU32(w, F_FLAGS) | role);
}

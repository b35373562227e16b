// Socket address params as sysdig 0.29.3 prints them: PT_SOCKADDR (`1.2.3.4:80`, a unix path, or
// `family N`) and PT_SOCKTUPLE (`src:port->dst:port`; IPv4-mapped IPv6 pairs print as IPv4; unix tuples as
// `srcptr->dstptr path`). Lengths are checked against each family's fixed layout before any read.
import { putByte, putAscii, putU64, putHex, putCStrSanitized } from '../core/out';
import { putIPv4, putIPv6 } from './inet';

export function renderSockaddr(p: usize, len: u32): void {
  const fam = <u32>load<u8>(p);
  if (fam == 1) {
    putCStrSanitized(p + 1, len - 1);
  } else if (fam == 2) {
    if (len != 7) { putAscii('INVALID IPv4'); return; }
    putIPv4(p + 1); putByte(58); putU64(<u64>load<u16>(p + 5));
  } else if (fam == 10) {
    if (len != 19) { putAscii('INVALID IPv6'); return; }
    putIPv6(p + 1); putByte(58); putU64(<u64>load<u16>(p + 17));
  } else {
    putAscii('family '); putU64(<u64>fam);
  }
}

function isV4Mapped(p: usize): bool {
  for (let i = 0; i < 10; i++) if (load<u8>(p + i) != 0) return false;
  const a = load<u8>(p + 10), b = load<u8>(p + 11);
  if (a == 0xff && b == 0xff) return true;
  if (a == 0 && b == 0) {
    for (let i = 12; i < 16; i++) if (load<u8>(p + i) != 0) return false;
    return true;
  }
  return false;
}

export function renderSocktuple(p: usize, len: u32): void {
  const fam = <u32>load<u8>(p);
  if (fam == 2) {
    if (len != 13) { putAscii('INVALID IPv4'); return; }
    putIPv4(p + 1); putByte(58); putU64(<u64>load<u16>(p + 5));
    putByte(45); putByte(62);
    putIPv4(p + 7); putByte(58); putU64(<u64>load<u16>(p + 11));
  } else if (fam == 10) {
    if (len != 37) { putAscii('INVALID IPv6'); return; }
    if (isV4Mapped(p + 1) && isV4Mapped(p + 19)) {
      putIPv4(p + 13); putByte(58); putU64(<u64>load<u16>(p + 17));
      putByte(45); putByte(62);
      putIPv4(p + 31); putByte(58); putU64(<u64>load<u16>(p + 35));
    } else {
      putIPv6(p + 1); putByte(58); putU64(<u64>load<u16>(p + 17));
      putByte(45); putByte(62);
      putIPv6(p + 19); putByte(58); putU64(<u64>load<u16>(p + 35));
    }
  } else if (fam == 1) {
    if (len < 17) { putAscii('INVALID UNIX'); return; }
    putHex(load<u64>(p + 1), false); putByte(45); putByte(62); putHex(load<u64>(p + 9), false);
    putByte(32);
    putCStrSanitized(p + 17, len - 17);
  } else {
    putAscii('family '); putU64(<u64>fam);
  }
}

// Socket names from sockaddr/socktuple parameters, as sinsp stores them in fd names: the tuple
// "sip:sport->dip:dport" (IPv4-mapped IPv6 shown as IPv4), "ip:port" for an address, and for unix
// sockets "src->dst path" (hex kernel pointers) or the bare path. Non-printable bytes of unix paths
// are dropped as sinsp's sanitize_string does.
import { peekU8, peekU16, peekU64, rawPtr } from '../core/raw';
import { sbReset, sbByte, sbU64, sbHex, sbIPv4, sbIPv6, sbIntern, sbAscii } from './strbuf';
import { isV4Mapped } from './fdnames';

function sbSanitized(o: u32, end: u32): void {
  const p = rawPtr();
  for (let i = o; i < end; i++) {
    const c = load<u8>(p + i);
    if (c == 0) break;
    if (c >= 0x20 && c < 0x7F) sbByte(c);
  }
}

/** Interned text of a socktuple parameter at [o, o+len), or -1 when it has no usable content. */
export function tupleName(o: u32, len: u32): i32 {
  if (len == 0) return -1;
  const fam = peekU8(o);
  const p = rawPtr();
  sbReset();
  if (fam == 2) {
    if (len != 13) { sbAscii("INVALID IPv4"); return sbIntern(); }
    sbIPv4(p + o + 1); sbByte(0x3A); sbU64(<u64>peekU16(o + 5));
    sbByte(0x2D); sbByte(0x3E);
    sbIPv4(p + o + 7); sbByte(0x3A); sbU64(<u64>peekU16(o + 11));
    return sbIntern();
  }
  if (fam == 10) {
    if (len != 37) { sbAscii("INVALID IPv6"); return sbIntern(); }
    if (isV4Mapped(p + o + 1) && isV4Mapped(p + o + 19)) {
      sbIPv4(p + o + 13); sbByte(0x3A); sbU64(<u64>peekU16(o + 17));
      sbByte(0x2D); sbByte(0x3E);
      sbIPv4(p + o + 31); sbByte(0x3A); sbU64(<u64>peekU16(o + 35));
    } else {
      sbIPv6(p + o + 1); sbByte(0x3A); sbU64(<u64>peekU16(o + 17));
      sbByte(0x2D); sbByte(0x3E);
      sbIPv6(p + o + 19); sbByte(0x3A); sbU64(<u64>peekU16(o + 35));
    }
    return sbIntern();
  }
  if (fam == 1) {
    if (len < 17) return -1;
    sbHex(peekU64(o + 1)); sbByte(0x2D); sbByte(0x3E); sbHex(peekU64(o + 9)); sbByte(0x20);
    sbSanitized(o + 17, o + len);
    return sbIntern();
  }
  sbAscii("family "); sbU64(<u64>fam);
  return sbIntern();
}

/** Interned text of a sockaddr parameter, or -1. */
export function addrName(o: u32, len: u32): i32 {
  if (len == 0) return -1;
  const fam = peekU8(o);
  const p = rawPtr();
  sbReset();
  if (fam == 2) {
    if (len < 7) return -1;
    sbIPv4(p + o + 1); sbByte(0x3A); sbU64(<u64>peekU16(o + 5));
    return sbIntern();
  }
  if (fam == 10) {
    if (len < 19) return -1;
    sbIPv6(p + o + 1);
    sbByte(0x3A); sbU64(<u64>peekU16(o + 17));
    return sbIntern();
  }
  if (fam == 1) {
    sbSanitized(o + 1, o + len);
    return sbIntern();
  }
  sbAscii("family "); sbU64(<u64>fam);
  return sbIntern();
}


// Parameter rendering identical to sysdig's (`sinsp_evt::get_param_as_str` of the libs sysdig 0.29.3 was
// built from): every param type has a "value" text and an optional "resolved" text (`fd=3(<f>/etc/passwd)`:
// value 3, resolved <f>/etc/passwd). `evt.args`/`evt.info` print `name=value(resolved) ` per param;
// `evt.arg.NAME` prints the resolved text when there is one, else the value. Text goes straight into the
// output buffer (core/out.ts); nothing is allocated. Where sysdig 0.29.3 has no rendering for a type
// (newer types) or would read garbage (an empty fixed-size param), we print what current libs print.
import {
  PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64, PT_CHARBUF, PT_BYTEBUF,
  PT_ERRNO, PT_SOCKADDR, PT_SOCKTUPLE, PT_FD, PT_PID, PT_FDLIST, PT_FSPATH, PT_SYSCALLID, PT_SIGTYPE,
  PT_RELTIME, PT_ABSTIME, PT_PORT, PT_L4PROTO, PT_SOCKFAMILY, PT_BOOL, PT_IPV4ADDR, PT_DYN, PT_FLAGS8,
  PT_FLAGS16, PT_FLAGS32, PT_UID, PT_GID, PT_DOUBLE, PT_SIGSET, PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY,
  PT_IPV6ADDR, PT_MODE, PT_FSRELPATH, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_FD32, PT_PID32,
  PF_OCT, PF_HEX, PF_10_PADDED_DEC, PPME_GENERIC_E, PPME_GENERIC_X,
} from '../generated/schema';
import { rawPtr } from '../core/raw';
import { evType, evTid, evNParams, locateParams, paramOff, paramLen } from '../reader/events';
import {
  putByte, putBytes, putAscii, putU64, putI64, putU64Pad, putHex, putOctAlt, putSanitized, putCStrSanitized,
  putCStr, putDots, putDoubleG, outMark, outRewind, outLen, outEnsure, outPtr,
} from '../core/out';
import {
  schemaParams, paramType, paramFmt, paramFlagTable, paramDynTable, paramDirFd, paramNameOff, paramNameLen,
  namesPtr, flagTableCount, flagValue, flagNameOff, flagNameLen, dynCount, dynType, errnoNameLen, errnoNameOff,
  scNameLen, scNameOff,
} from '../reader/tables';
import { lkHasThread, lkFd, lkFdType, lkFdL4, lkFdName, lkThreadComm, lkCwd, lkUserName, lkGroupName, lkPtr, lkLen } from './lookup';
import { putIPv4, putIPv6 } from './inet';
import { putConcatPath } from './path';

/** Byte buffers: cut to 80 bytes with "..." like sysdig without -v (text output). */
export const BUF_TRUNCATE: i32 = 0;
/** Byte buffers in full (JSON output, -v). */
export const BUF_FULL: i32 = 1;
/** sysdig -A: printable ASCII only, line breaks kept. */
export const BUF_ASCII: i32 = 2;
/** sysdig -x: hex rows. */
export const BUF_HEX: i32 = 3;
/** sysdig -X: hex rows with ASCII. */
export const BUF_HEXASCII: i32 = 4;
/** sysdig -b: base64. */
export const BUF_BASE64: i32 = 5;

/** sysdig's max_evt_output_len when not verbose. */
const MAX_BUF_OUT: u32 = 80;
const PPM_AT_FDCWD: i64 = -100;

/** Number of params rendered for an event: what the file stores, capped by what the schema knows. */
export function renderedParams(ev: u32): i32 {
  const t = evType(ev);
  const n = locateParams(ev);
  const s = schemaParams(t);
  return n < s ? n : s;
}

/** Writes the name of param i (i < renderedParams). */
export function putParamName(ev: u32, i: i32): void {
  const t = evType(ev);
  putBytes(namesPtr() + paramNameOff(t, i), paramNameLen(t, i));
}

/** Index of the param named `name` (UTF-8 at ptr/len), or -1. */
export function findParam(ev: u32, ptr: usize, len: u32): i32 {
  const t = evType(ev);
  const n = renderedParams(ev);
  for (let i = 0; i < n; i++) {
    if (paramNameLen(t, i) != len) continue;
    if (memory.compare(namesPtr() + paramNameOff(t, i), ptr, len) == 0) return i;
  }
  return -1;
}

// ---- value and resolved text ------------------------------------------------------------------------

function putErrnoName(v: i64): bool {
  // sinsp casts to int32 and looks up -value
  const e = -(<i64><i32>v);
  const l = errnoNameLen(e);
  if (l == 0) return false;
  putBytes(namesPtr() + errnoNameOff(e), l);
  return true;
}

/** Number printed with the param's print format (SET_NUMERIC_FORMAT: octal %#o, hex %X, %09d, else %d). */
function putNumber(bits: u64, signedVal: i64, fmt: u8): void {
  if (fmt == PF_OCT) putOctAlt(bits);
  else if (fmt == PF_HEX) putHex(bits, true);
  else if (fmt == PF_10_PADDED_DEC) {
    if (signedVal < 0) { putByte(45); putU64Pad(<u64>(0 - signedVal), 8); } else putU64Pad(<u64>signedVal, 9);
  } else putI64(signedVal);
}

function fixedSize(pt: u8): u32 {
  switch (pt) {
    case PT_INT8: case PT_UINT8: case PT_SIGTYPE: case PT_L4PROTO: case PT_SOCKFAMILY: case PT_FLAGS8: case PT_ENUMFLAGS8: return 1;
    case PT_INT16: case PT_UINT16: case PT_SYSCALLID: case PT_PORT: case PT_FLAGS16: case PT_ENUMFLAGS16: return 2;
    case PT_INT32: case PT_UINT32: case PT_BOOL: case PT_IPV4ADDR: case PT_FLAGS32: case PT_ENUMFLAGS32:
    case PT_UID: case PT_GID: case PT_SIGSET: case PT_MODE: case PT_FD32: case PT_PID32: return 4;
    case PT_INT64: case PT_UINT64: case PT_ERRNO: case PT_FD: case PT_PID: case PT_RELTIME: case PT_ABSTIME: case PT_DOUBLE: return 8;
    case PT_IPV6ADDR: return 16;
    default: return 0;
  }
}

function loadBits(p: usize, size: u32): u64 {
  if (size == 1) return <u64>load<u8>(p);
  if (size == 2) return <u64>load<u16>(p);
  if (size == 4) return <u64>load<u32>(p);
  return load<u64>(p);
}

function signExtend(bits: u64, size: u32): i64 {
  if (size == 1) return <i64><i8>bits;
  if (size == 2) return <i64><i16>bits;
  if (size == 4) return <i64><i32>bits;
  return <i64>bits;
}

/** Resolves the dynamic param's actual type; sets dynPtr/dynLen to its value. Returns PT_DYN when invalid. */
let dynPtr: usize = 0;
let dynLen: u32 = 0;
function dynResolve(t: u16, i: i32, p: usize, len: u32): u8 {
  dynPtr = p; dynLen = len;
  const tab = paramDynTable(t, i);
  if (tab < 0 || len == 0) return PT_DYN;
  const idx = <i32>load<u8>(p);
  if (idx >= dynCount(tab)) return PT_DYN;
  dynPtr = p + 1; dynLen = len - 1;
  return dynType(tab, idx);
}

/** Types whose empty value prints as NULL rather than <NA> (what current libs print). */
function emptyIsNull(pt: u8): bool {
  return pt == PT_SOCKTUPLE || pt == PT_SOCKADDR || pt == PT_FDLIST || pt == PT_CHARBUFARRAY ||
    pt == PT_CHARBUF_PAIR_ARRAY || pt == PT_DYN;
}

function fdTypeChar(type: u8): u32 {
  switch (type) {
    case 1: case 16: return 102; // f
    case 2: return 100; // d
    case 3: case 5: return 52; // 4
    case 4: case 6: return 54; // 6
    case 7: return 112; // p
    case 8: return 117; // u
    case 9: return 101; // e
    case 0: return 111; // o
    case 10: return 88; // X
    case 11: return 115; // s
    case 12: return 108; // l
    case 13: return 105; // i
    case 14: return 116; // t
    case 15: return 110; // n
    default: return 63; // ?
  }
}

function l4Char(l4: u8): u32 {
  switch (l4) {
    case 2: return 116; // t
    case 3: return 117; // u
    case 4: return 105; // i
    case 5: return 114; // r
    default: return 0;
  }
}

/** `<f>/etc/passwd` for an fd handle. */
function putFdResolved(h: i32): void {
  const type = lkFdType(h);
  putByte(60);
  putByte(fdTypeChar(type));
  if (type >= 3 && type <= 6) {
    const c = l4Char(lkFdL4(h));
    if (c != 0) putByte(c);
  }
  putByte(62);
  lkFdName(h);
  putSanitized(lkPtr, lkLen);
}

/** Writes the value text of param i of event ev. */
export function renderValue(ev: u32, i: i32, bufMode: i32): void {
  const t = evType(ev);
  locateParams(ev);
  const p = rawPtr() + unchecked(paramOff[i]);
  const len = unchecked(paramLen[i]);
  let pt = paramType(t, i);
  const fmt = paramFmt(t, i);
  let vp = p;
  let vlen = len;
  if (len == 0 && pt != PT_BYTEBUF && pt != PT_CHARBUF) {
    putAscii(emptyIsNull(pt) ? 'NULL' : '<NA>');
    return;
  }
  if (pt == PT_DYN) {
    pt = dynResolve(t, i, p, len);
    vp = dynPtr; vlen = dynLen;
  }
  const fs = fixedSize(pt);
  if (fs != 0 && vlen < fs) { putAscii('<NA>'); return; }

  switch (pt) {
    case PT_INT8: case PT_INT16: case PT_INT32: case PT_INT64: {
      const bits = loadBits(vp, fs);
      const s = signExtend(bits, fs);
      // %X of a promoted int: negative 8/16-bit values show as 32-bit hex
      putNumber(fs < 8 ? <u64><u32>s : bits, s, fmt);
      break;
    }
    case PT_UINT8: case PT_UINT16: {
      const bits = loadBits(vp, fs);
      putNumber(bits, <i64>bits, fmt);
      break;
    }
    case PT_UINT32: {
      // sinsp prints u32 with %d: values >= 2^31 come out negative
      const bits = loadBits(vp, 4);
      putNumber(bits, <i64><i32>bits, fmt);
      break;
    }
    case PT_UINT64: {
      const bits = load<u64>(vp);
      putNumber(bits, <i64>bits, fmt);
      break;
    }
    case PT_ERRNO: {
      const v = load<i64>(vp);
      if (fmt == PF_HEX && v >= 0) putHex(<u64>v, true); else putI64(v);
      break;
    }
    case PT_FD: case PT_FD32: case PT_PID: case PT_PID32: {
      putI64(pt == PT_FD32 || pt == PT_PID32 ? <i64>load<i32>(vp) : load<i64>(vp));
      break;
    }
    case PT_CHARBUF:
      if (len == 0) { putAscii('<NA>'); break; }
      putCStr(vp, vlen);
      break;
    case PT_FSPATH: case PT_FSRELPATH:
      putCStrSanitized(vp, vlen);
      break;
    case PT_BYTEBUF: case PT_CHARBUFARRAY: case PT_CHARBUF_PAIR_ARRAY: {
      if (vlen == 0) break;
      if (bufMode == BUF_ASCII) { putAsciiOnly(vp, vlen); break; }
      if (bufMode == BUF_HEX || bufMode == BUF_HEXASCII) { putHexRows(vp, vlen, bufMode == BUF_HEXASCII); break; }
      if (bufMode == BUF_BASE64) { putBase64(vp, vlen); break; }
      const m = outMark();
      putDots(vp, vlen);
      if (bufMode == BUF_TRUNCATE && vlen > MAX_BUF_OUT) {
        outRewind(m + MAX_BUF_OUT - 3);
        putAscii('...');
      }
      break;
    }
    case PT_SOCKADDR:
      renderSockaddr(vp, vlen);
      break;
    case PT_SOCKTUPLE:
      renderSocktuple(vp, vlen);
      break;
    case PT_FDLIST:
      renderFdList(ev, vp, vlen);
      break;
    case PT_SYSCALLID: {
      const sc = <u32>load<u16>(vp);
      if (scNameLen(sc) == 0 && sc != 0) putAscii('<unknown syscall>'); else putU64(<u64>sc);
      break;
    }
    case PT_SIGTYPE:
      putU64(<u64>load<u8>(vp));
      break;
    case PT_RELTIME: {
      const v = load<u64>(vp);
      if (v == 0xFFFFFFFFFFFFFFFF) putAscii('none'); else putU64(v);
      break;
    }
    case PT_ABSTIME:
      putU64(load<u64>(vp));
      break;
    case PT_FLAGS8: case PT_FLAGS16: case PT_FLAGS32: case PT_ENUMFLAGS8: case PT_ENUMFLAGS16: case PT_ENUMFLAGS32:
      putU64(loadBits(vp, fs));
      break;
    case PT_MODE: {
      const v = <u64>load<u32>(vp);
      putNumber(v, <i64><i32>v, fmt);
      break;
    }
    case PT_UID: case PT_GID: {
      const v = load<u32>(vp);
      if (v == 0xFFFFFFFF) putAscii('-1'); else putI64(<i64><i32>v);
      break;
    }
    case PT_SIGSET: {
      const v = load<u32>(vp);
      let first = true;
      for (let s: u32 = 0; s < 32; s++) {
        if ((v & (1 << s)) == 0) continue;
        const m = outMark();
        if (!first) putByte(32);
        if (putSignalName(s + 1)) first = false; else outRewind(m);
      }
      break;
    }
    case PT_PORT: case PT_L4PROTO: case PT_SOCKFAMILY:
      putU64(loadBits(vp, fs));
      break;
    case PT_BOOL:
      putAscii(load<u32>(vp) != 0 ? 'true' : 'false');
      break;
    case PT_IPV4ADDR:
      putIPv4(vp);
      break;
    case PT_IPV6ADDR:
      putIPv6(vp);
      break;
    case PT_DOUBLE:
      putDoubleG(load<f64>(vp));
      break;
    case PT_DYN:
      putAscii('INVALID DYNAMIC PARAMETER');
      break;
    default:
      putAscii('(n.a.)');
  }
}

/**
 * Writes the resolved text of param i (errno name, fd name, thread name, flag names, absolute path...).
 * Returns false, with nothing written, when the param has none.
 */
export function renderResolved(ev: u32, i: i32): bool {
  const m = outMark();
  const ok = resolvedInner(ev, i);
  if (!ok || outLen == m) { outRewind(m); return false; }
  return true;
}

function resolvedInner(ev: u32, i: i32): bool {
  const t = evType(ev);
  locateParams(ev);
  const p = rawPtr() + unchecked(paramOff[i]);
  const len = unchecked(paramLen[i]);
  let pt = paramType(t, i);
  let vp = p;
  let vlen = len;
  if (len == 0) return false;
  if (pt == PT_DYN) {
    pt = dynResolve(t, i, p, len);
    vp = dynPtr; vlen = dynLen;
  }
  const fs = fixedSize(pt);
  if (fs != 0 && vlen < fs) return false;
  const tid = evTid(ev);

  switch (pt) {
    case PT_ERRNO: {
      const v = load<i64>(vp);
      return v < 0 && putErrnoName(v);
    }
    case PT_FD: case PT_FD32: {
      const fd = pt == PT_FD32 ? <i64>load<i32>(vp) : load<i64>(vp);
      if (!lkHasThread(ev, tid)) return false;
      if (fd >= 0) {
        const h = lkFd(ev, fd);
        if (h < 0) return false;
        putFdResolved(h);
        return true;
      }
      if (fd == PPM_AT_FDCWD) { putAscii('AT_FDCWD'); return true; }
      return putErrnoName(fd);
    }
    case PT_PID: case PT_PID32: {
      const pid = pt == PT_PID32 ? <i64>load<i32>(vp) : load<i64>(vp);
      if (!lkThreadComm(ev, pid)) return false;
      putBytes(lkPtr, lkLen);
      return true;
    }
    case PT_FSPATH: case PT_FSRELPATH:
      return resolvePath(ev, t, i, vp, vlen);
    case PT_SYSCALLID: {
      const sc = <u32>load<u16>(vp);
      // code 0 is "no syscall id": sinsp's table names it <unknown>
      if (sc == 0) { putAscii('<unknown>'); return true; }
      const l = scNameLen(sc);
      if (l == 0) return false;
      putBytes(namesPtr() + scNameOff(sc), l);
      return true;
    }
    case PT_SIGTYPE:
      return putSignalName(<u32>load<u8>(vp));
    case PT_RELTIME: {
      const v = load<u64>(vp);
      if (v == 0xFFFFFFFFFFFFFFFF) return false;
      putDoubleG(<f64>v / 1000000000.0);
      putByte(115);
      return true;
    }
    case PT_FLAGS8: case PT_FLAGS16: case PT_FLAGS32: case PT_MODE:
      return putFlagNames(paramFlagTable(t, i), <u32>loadBits(vp, fs), false);
    case PT_ENUMFLAGS8: case PT_ENUMFLAGS16: case PT_ENUMFLAGS32:
      return putFlagNames(paramFlagTable(t, i), <u32>loadBits(vp, fs), true);
    case PT_UID: case PT_GID: {
      const v = load<u32>(vp);
      if (v == 0xFFFFFFFF) { putAscii('<NONE>'); return true; }
      const found = pt == PT_UID ? lkUserName(ev, v) : lkGroupName(ev, v);
      if (found) putSanitized(lkPtr, lkLen); else putAscii('<NA>');
      return true;
    }
    default:
      return false;
  }
}

/** Flag names joined by "|" the way sinsp resolves them (bits in table order, each match cleared). */
function putFlagNames(tab: i32, initial: u32, exact: bool): bool {
  if (tab < 0) return false;
  const n = flagTableCount(tab);
  const np = namesPtr();
  if (exact) {
    // Enumerations: the first entry with exactly this value (AF_LOCAL rather than AF_LOCAL|AF_UNIX).
    for (let k = 0; k < n; k++) {
      if (flagValue(tab, k) == initial) { putBytes(np + flagNameOff(tab, k), flagNameLen(tab, k)); return true; }
    }
    return false;
  }
  let val = initial;
  let sep = false;
  let k = 0;
  for (; k < n; k++) {
    const fv = flagValue(tab, k);
    if (fv == initial) break;
    if ((fv == 0 && initial == 0) || (fv != 0 && (val & fv) == fv && val != 0)) {
      if (sep) putByte(124);
      putBytes(np + flagNameOff(tab, k), flagNameLen(tab, k));
      sep = true;
      val &= ~fv;
    }
  }
  if (k < n) {
    if (sep) putByte(124);
    putBytes(np + flagNameOff(tab, k), flagNameLen(tab, k));
    sep = true;
  }
  return sep;
}

const SIGNAMES: string[] = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP',
  'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH',
  'SIGIO', 'SIGPWR', 'SIGSYS',
];

export function putSignalName(sig: u32): bool {
  if (sig == 0 || sig >= <u32>SIGNAMES.length) return false;
  putAscii(SIGNAMES[sig]);
  return true;
}

/** Relative paths resolve against the cwd (or the dirfd's path for PT_FSRELPATH); absolute ones have none. */
function resolvePath(ev: u32, t: u16, i: i32, vp: usize, vlen: u32): bool {
  const tid = evTid(ev);
  if (!lkHasThread(ev, tid)) {
    // sinsp shows the path itself as the resolved text when the event has no thread
    putCStrSanitized(vp, vlen);
    return true;
  }
  if (vlen >= 4 && load<u8>(vp) == 60 && load<u8>(vp + 1) == 78 && load<u8>(vp + 2) == 65 && load<u8>(vp + 3) == 62) return false; // <NA>
  if (vlen == 0 || load<u8>(vp) == 47 || load<u8>(vp) == 0) return false; // absolute or empty
  let haveBase = false;
  if (paramType(t, i) == PT_FSRELPATH) {
    const d = paramDirFd(t, i);
    if (d >= 0 && d < renderedParams(ev) && paramType(t, d) == PT_FD && unchecked(paramLen[d]) >= 8) {
      const dirfd = load<i64>(rawPtr() + unchecked(paramOff[d]));
      if (dirfd != PPM_AT_FDCWD) {
        const h = lkFd(ev, dirfd);
        if (h >= 0) { lkFdName(h); haveBase = lkLen > 0; }
        // sinsp falls back to the cwd when the dirfd has no path
      }
    }
  }
  if (!haveBase && !lkCwd(ev)) return false;
  let bp = lkPtr;
  let bl = lkLen;
  // A dirfd's path has no trailing slash; sinsp adds one
  const addSlash = bl > 0 && load<u8>(bp + bl - 1) != 47;
  putConcatPath(bp, bl, addSlash, vp, vlen);
  return true;
}

// ---- byte buffer formats (sysdig -A, -x, -X, -b) ---------------------------------------------------------

/** -A: a leading newline, printable bytes, CR as newline, LF unless it follows CR (or starts the buffer). */
function putAsciiOnly(p: usize, len: u32): void {
  putByte(10);
  for (let j: u32 = 0; j < len; j++) {
    const b = <u32>load<u8>(p + j);
    if (b >= 0x20 && b < 0x7F) putByte(b);
    else if (b == 13) putByte(10);
    else if (b == 10 && j > 0 && load<u8>(p + j - 1) != 13) putByte(10);
  }
}

@inline function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

/** -x / -X: rows of 16 bytes "\n\t0xOOOO: hhhh hhhh ..." (with -X the row's ASCII), then a final newline. */
function putHexRows(p: usize, len: u32, ascii: bool): void {
  for (let j: u32 = 0; j < len; j += 16) {
    putByte(10); putByte(9); putByte(48); putByte(120);
    for (let s = 12; s >= 0; s -= 4) putByte(hexDigit((j >> s) & 15));
    putByte(58);
    let chunks = 0;
    let q = j;
    while (chunks < 8 && q < len) {
      putByte(32);
      const b0 = <u32>load<u8>(p + q);
      putByte(hexDigit(b0 >> 4)); putByte(hexDigit(b0 & 15));
      if (q + 1 < len) {
        const b1 = <u32>load<u8>(p + q + 1);
        putByte(hexDigit(b1 >> 4)); putByte(hexDigit(b1 & 15));
      }
      chunks++;
      q += 2;
    }
    if (ascii) {
      for (; chunks < 8; chunks++) { putByte(32); putByte(32); putByte(32); putByte(32); putByte(32); }
      putByte(32); putByte(32);
      const end = j + 16 < len ? j + 16 : len;
      for (let k = j; k < end; k++) {
        const b = <u32>load<u8>(p + k);
        putByte(b >= 0x20 && b < 0x7F ? b : 46);
      }
    }
  }
  putByte(10);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function putBase64(p: usize, len: u32): void {
  let j: u32 = 0;
  while (j < len) {
    const a = <u32>load<u8>(p + j);
    const b = j + 1 < len ? <u32>load<u8>(p + j + 1) : 0;
    const c = j + 2 < len ? <u32>load<u8>(p + j + 2) : 0;
    const t = (a << 16) | (b << 8) | c;
    putByte(B64.charCodeAt((t >> 18) & 63));
    putByte(B64.charCodeAt((t >> 12) & 63));
    putByte(j + 1 < len ? B64.charCodeAt((t >> 6) & 63) : 61);
    putByte(j + 2 < len ? B64.charCodeAt(t & 63) : 61);
    j += 3;
  }
}

// ---- sockets ------------------------------------------------------------------------------------------

function renderSockaddr(p: usize, len: u32): void {
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

function renderSocktuple(p: usize, len: u32): void {
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

function renderFdList(ev: u32, p: usize, len: u32): void {
  if (!lkHasThread(ev, evTid(ev)) || len < 2) return;
  const n = <u32>load<u16>(p);
  let pos: u32 = 2;
  for (let j: u32 = 0; j < n && pos + 10 <= len; j++) {
    const fd = load<i64>(p + pos);
    const h = lkFd(ev, fd);
    const tch = h >= 0 ? fdTypeChar(lkFdType(h)) : 63;
    if (j > 0) putByte(32);
    putU64(<u64>fd);
    putByte(58);
    putByte(tch);
    putHex(<u64><u32><i32>load<i16>(p + pos + 8), false);
    pos += 10;
  }
}

// ---- whole-event texts ----------------------------------------------------------------------------------

/** `evt.args`: `name=value(resolved) ` for every param (trailing space included, as sysdig 0.29.3). */
export function renderArgs(ev: u32, bufMode: i32): void {
  const t = evType(ev);
  if (t == PPME_GENERIC_E || t == PPME_GENERIC_X) return; // generic events: args are internal
  const n = renderedParams(ev);
  for (let i = 0; i < n; i++) {
    putParamName(ev, i);
    putByte(61);
    renderValue(ev, i, bufMode);
    const m = outMark();
    putByte(40);
    if (renderResolved(ev, i)) putByte(41); else outRewind(m);
    putByte(32);
  }
}

/** `evt.arg.NAME` / `evt.arg[N]`: the resolved text when there is one, else the value. */
export function renderArg(ev: u32, i: i32, bufMode: i32): void {
  if (!renderResolved(ev, i)) renderValue(ev, i, bufMode);
}


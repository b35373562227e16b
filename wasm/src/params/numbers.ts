// Numeric parameter texts as sysdig 0.29.3 prints them: fixed-size loads, the param's print format
// (octal, hex, zero-padded), and the names a number resolves to (errno, signal, flag and enum names).
// Text goes straight into the output buffer (core/out.ts).
import {
  PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64, PT_ERRNO, PT_FD, PT_PID,
  PT_SYSCALLID, PT_SIGTYPE, PT_RELTIME, PT_ABSTIME, PT_PORT, PT_L4PROTO, PT_SOCKFAMILY, PT_BOOL, PT_IPV4ADDR,
  PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_UID, PT_GID, PT_DOUBLE, PT_SIGSET, PT_IPV6ADDR, PT_MODE,
  PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_FD32, PT_PID32, PF_OCT, PF_HEX, PF_10_PADDED_DEC,
} from '../generated/schema';
import { putByte, putBytes, putAscii, putI64, putU64Pad, putHex, putOctAlt, outMark, outRewind } from '../core/out';
import { namesPtr, flagTableCount, flagValue, flagNameOff, flagNameLen, errnoNameLen, errnoNameOff } from '../reader/tables';

/** Size in bytes of a fixed-size param type; 0 for variable-size types. */
export function fixedSize(pt: u8): u32 {
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

export function loadBits(p: usize, size: u32): u64 {
  if (size == 1) return <u64>load<u8>(p);
  if (size == 2) return <u64>load<u16>(p);
  if (size == 4) return <u64>load<u32>(p);
  return load<u64>(p);
}

export function signExtend(bits: u64, size: u32): i64 {
  if (size == 1) return <i64><i8>bits;
  if (size == 2) return <i64><i16>bits;
  if (size == 4) return <i64><i32>bits;
  return <i64>bits;
}

/** Number printed with the param's print format (SET_NUMERIC_FORMAT: octal %#o, hex %X, %09d, else %d). */
export function putNumber(bits: u64, signedVal: i64, fmt: u8): void {
  if (fmt == PF_OCT) putOctAlt(bits);
  else if (fmt == PF_HEX) putHex(bits, true);
  else if (fmt == PF_10_PADDED_DEC) {
    if (signedVal < 0) { putByte(45); putU64Pad(<u64>(0 - signedVal), 8); } else putU64Pad(<u64>signedVal, 9);
  } else putI64(signedVal);
}

/** Value text of the integer types PT_INT*, PT_UINT* (fs = fixedSize(pt), vp holds at least fs bytes). */
export function putInteger(pt: u8, vp: usize, fs: u32, fmt: u8): void {
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
    default: { // PT_UINT64
      const bits = load<u64>(vp);
      putNumber(bits, <i64>bits, fmt);
    }
  }
}

/** The errno name of a negative return value (sinsp casts to int32 and looks up -value). */
export function putErrnoName(v: i64): bool {
  const e = -(<i64><i32>v);
  const l = errnoNameLen(e);
  if (l == 0) return false;
  putBytes(namesPtr() + errnoNameOff(e), l);
  return true;
}

/** Flag names joined by "|" the way sinsp resolves them (bits in table order, each match cleared). */
export function putFlagNames(tab: i32, initial: u32, exact: bool): bool {
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

/** PT_SIGSET: the names of the set signals, space-separated (unknown ones left out). */
export function putSigset(v: u32): void {
  let first = true;
  for (let s: u32 = 0; s < 32; s++) {
    if ((v & (1 << s)) == 0) continue;
    const m = outMark();
    if (!first) putByte(32);
    if (putSignalName(s + 1)) first = false; else outRewind(m);
  }
}

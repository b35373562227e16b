// Parameter rendering identical to sysdig's (`sinsp_evt::get_param_as_str` of the libs sysdig 0.29.3 was
// built from): every param type has a "value" text and an optional "resolved" text (`fd=3(<f>/etc/passwd)`:
// value 3, resolved <f>/etc/passwd). `evt.args`/`evt.info` print `name=value(resolved) ` per param;
// `evt.arg.NAME` prints the resolved text when there is one, else the value. Text goes straight into the
// output buffer (core/out.ts); nothing is allocated. Where sysdig 0.29.3 has no rendering for a type
// (newer types) or would read garbage (an empty fixed-size param), we print what current libs print.
// This file dispatches on the param type; the families live in numbers.ts (integers, flags, errno and
// signal names), bytes.ts (byte buffers and the -A/-x/-X/-b modes), sockets.ts (sockaddr, socktuple) and
// fds.ts (fd names, fd lists, relative paths).
import {
  PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64, PT_CHARBUF, PT_BYTEBUF,
  PT_ERRNO, PT_SOCKADDR, PT_SOCKTUPLE, PT_FD, PT_PID, PT_FDLIST, PT_FSPATH, PT_SYSCALLID, PT_SIGTYPE,
  PT_RELTIME, PT_ABSTIME, PT_PORT, PT_L4PROTO, PT_SOCKFAMILY, PT_BOOL, PT_IPV4ADDR, PT_DYN, PT_FLAGS8,
  PT_FLAGS16, PT_FLAGS32, PT_UID, PT_GID, PT_DOUBLE, PT_SIGSET, PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY,
  PT_IPV6ADDR, PT_MODE, PT_FSRELPATH, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_FD32, PT_PID32,
  PF_HEX, PPME_GENERIC_E, PPME_GENERIC_X,
} from '../generated/schema';
import { rawPtr } from '../core/raw';
import { evType, locateParams, paramOff, paramLen } from '../reader/events';
import {
  putByte, putBytes, putAscii, putU64, putI64, putHex, putSanitized, putCStrSanitized, putCStr, putDoubleG,
  outMark, outRewind, outLen,
} from '../core/out';
import {
  schemaParams, paramType, paramFmt, paramFlagTable, paramDynTable, paramNameOff, paramNameLen, namesPtr,
  dynCount, dynType, scNameLen, scNameOff,
} from '../reader/tables';
import { lkThreadComm, lkUserName, lkGroupName, lkPtr, lkLen } from './lookup';
import { putIPv4, putIPv6 } from './inet';
import { fixedSize, loadBits, putNumber, putInteger, putErrnoName, putFlagNames, putSignalName, putSigset } from './numbers';
import { putByteBuf } from './bytes';
import { renderSockaddr, renderSocktuple } from './sockets';
import { resolveFd, renderFdList, resolvePath } from './fds';

export { BUF_TRUNCATE, BUF_FULL } from './bytes';

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
    case PT_INT8: case PT_INT16: case PT_INT32: case PT_INT64:
    case PT_UINT8: case PT_UINT16: case PT_UINT32: case PT_UINT64:
      putInteger(pt, vp, fs, fmt);
      break;
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
    case PT_BYTEBUF: case PT_CHARBUFARRAY: case PT_CHARBUF_PAIR_ARRAY:
      putByteBuf(vp, vlen, bufMode);
      break;
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
    case PT_SIGSET:
      putSigset(load<u32>(vp));
      break;
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

  switch (pt) {
    case PT_ERRNO: {
      const v = load<i64>(vp);
      return v < 0 && putErrnoName(v);
    }
    case PT_FD: case PT_FD32:
      return resolveFd(ev, pt == PT_FD32 ? <i64>load<i32>(vp) : load<i64>(vp));
    case PT_PID: case PT_PID32: {
      const pid = pt == PT_PID32 ? <i64>load<i32>(vp) : load<i64>(vp);
      if (!lkThreadComm(ev, pid)) return false;
      putBytes(lkPtr, lkLen);
      return true;
    }
    case PT_FSPATH: case PT_FSRELPATH:
      return resolvePath(ev, t, i, vp, vlen, renderedParams(ev));
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

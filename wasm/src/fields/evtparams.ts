// Event parameters for the evt.* fields: by name or index, raw (evt.rawarg) or as the decoder prints them
// (evt.arg), the enter event's in the merged model, the result parameter (evt.res, evt.failed) and the data
// buffer (evt.buffer).
import * as S from '../generated/schema';
import { EVENT_COUNT } from '../generated/schema';
import { evType } from '../reader/events';
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';
import { strPtr, strLen, intern } from '../core/intern';
import { NONE } from '../state/records';
import { evLink, LINK_MASK } from '../state/eventstate';
import { evFlagsCompat } from '../state/compat';
import { loadCur, has, plen, poff, curN } from '../state/params';
import { cstrLen } from '../state/paths';
import { sbReset, sbBytes, sbPtr, sbLen } from '../state/strbuf';
import { outMark, outRewind, outLen, outPtr } from '../core/out';
import { renderArg, BUF_TRUNCATE } from '../params/render';
import { valPush, valCount, valPtr, valLen, valStrId, V_STR, O_EVENT } from '../core/values';
import { pushIEv, pushUEv, pushEventStr, pushEventBytes } from './push';

/** Index of the first parameter whose name is `name` (ASCII bytes), or -1. */
export function paramIndexByName(t: u16, p: usize, n: u32): i32 {
  if (<i32>t >= EVENT_COUNT) return -1;
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const np = <i32>unchecked(S.EV_NPARAMS[t]);
  for (let i = 0; i < np; i++) {
    const off = unchecked(S.PARAM_NAME_OFF[base + i]);
    const len = <u32>unchecked(S.PARAM_NAME_LEN[base + i]);
    if (len == n && memory.compare(changetype<usize>(S.NAMES) + off, p, n) == 0) return i;
  }
  return -1;
}

/** Parameter k as a typed value with its byte range (evt.rawarg). */
export function pushRawParam(t: u16, k: i32): void {
  if (!has(k)) return;
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const pt = unchecked(S.PARAM_TYPE[base + k]);
  const o = poff(k), l = plen(k);
  switch (pt) {
    case S.PT_INT8: pushIEv(<i64><i8>peekU8(o), o, l); break;
    case S.PT_INT16: pushIEv(<i64><i16>peekU16(o), o, l); break;
    case S.PT_INT32: pushIEv(<i64><i32>peekU32(o), o, l); break;
    case S.PT_INT64: case S.PT_ERRNO: case S.PT_FD: case S.PT_PID: if (l >= 8) pushIEv(<i64>peekU64(o), o, l); break;
    case S.PT_UINT8: case S.PT_SIGTYPE: case S.PT_FLAGS8: case S.PT_ENUMFLAGS8: case S.PT_L4PROTO: case S.PT_SOCKFAMILY:
      pushUEv(<u64>peekU8(o), o, l); break;
    case S.PT_UINT16: case S.PT_FLAGS16: case S.PT_ENUMFLAGS16: case S.PT_PORT: case S.PT_SYSCALLID:
      if (l >= 2) pushUEv(<u64>peekU16(o), o, l); break;
    case S.PT_UINT32: case S.PT_FLAGS32: case S.PT_ENUMFLAGS32: case S.PT_UID: case S.PT_GID: case S.PT_MODE:
    case S.PT_SIGSET: case S.PT_BOOL:
      if (l >= 4) pushUEv(<u64>peekU32(o), o, l); break;
    case S.PT_FD32: case S.PT_PID32: if (l >= 4) pushIEv(<i64><i32>peekU32(o), o, l); break;
    case S.PT_UINT64: case S.PT_RELTIME: case S.PT_ABSTIME: if (l >= 8) pushUEv(peekU64(o), o, l); break;
    case S.PT_CHARBUF: case S.PT_FSPATH: case S.PT_FSRELPATH: pushEventStr(o, cstrLen(rawPtr() + o, l), l); break;
    default: pushEventBytes(o, l); break;
  }
}

/**
 * evt.arg: sysdig's evt.arg is the parameter as it prints it (flags by name, fds resolved, errno named):
 * render it with the decoder, keep the text (interned), and point at the parameter's bytes.
 */
export function pushRenderedParam(e: u32, k: i32): void {
  const mark = outMark();
  renderArg(e, k, BUF_TRUNCATE);
  const n = outLen - mark;
  sbReset(); sbBytes(outPtr() + mark, n);
  outRewind(mark);
  loadCur(e);
  valPush(V_STR, 0, 0, 0, -1, poff(k), plen(k), O_EVENT, 0);
  const id = intern(sbPtr, sbLen);
  // (value pointer set after interning: the string lives in the intern table)
  setLastStr(id);
}

/** Current-Falco model (convert/model.ts): parameter `name` of the enter event paired with exit `e`. */
export function pushEnterParam(e: u32, p: usize, n: u32, rendered: bool): void {
  const link = evLink(e);
  if (link == NONE) return;
  const en = link & LINK_MASK;
  const et = evType(en);
  if (<u32>et + 1 != <u32>evType(e)) return;
  const k = paramIndexByName(et, p, n);
  if (k < 0) return;
  loadCur(en);
  if (k >= curN) return;
  if (rendered) pushRenderedParam(en, k);
  else pushRawParam(et, k);
}

/** Points the last pushed value at interned string `id`. */
function setLastStr(id: i32): void {
  const i = valCount - 1;
  if (i < 0) return;
  unchecked(valPtr[i] = strPtr(id));
  unchecked(valLen[i] = strLen(id));
  unchecked(valStrId[i] = id);
}

/** The "res" parameter, or for fd-creating exits the "fd" one (sysdig evt.res/evt.failed), or -1. */
export function resParam(t: u16): i32 {
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const np = min(<i32>unchecked(S.EV_NPARAMS[t]), curN);
  for (let k = 0; k < np; k++) if (nameIs(base + k, "res")) return k;
  if ((evFlagsCompat(t) & S.EF_CREATES_FD) && (t & 1) == 1) {
    for (let k = 0; k < np; k++) if (nameIs(base + k, "fd")) return k;
  }
  return -1;
}
export function nameIs(pi: i32, s: string): bool {
  const off = unchecked(S.PARAM_NAME_OFF[pi]);
  const len = <i32>unchecked(S.PARAM_NAME_LEN[pi]);
  if (len != s.length) return false;
  const p = changetype<usize>(S.NAMES) + off;
  for (let i = 0; i < len; i++) if (<i32>load<u8>(p + i) != s.charCodeAt(i)) return false;
  return true;
}

/** Whether event e (already of type t) failed the way sysdig counts errors: a negative `res` parameter,
 *  or, for fd-creating exits without one, a negative `fd`. */
export function eventFailed(ev: u32, t: u16): bool {
  loadCur(ev);
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  let fdK = -1;
  for (let k = 0; k < curN; k++) {
    const pi = base + k;
    if (paramNameIs(pi, "res")) return plen(k) >= 8 && <i64>peekU64(poff(k)) < 0;
    if (fdK < 0 && paramNameIs(pi, "fd")) fdK = k;
  }
  if (fdK >= 0 && (t & 1) == 1 && (evFlagsCompat(t) & S.EF_CREATES_FD) != 0) return plen(fdK) >= 8 && <i64>peekU64(poff(fdK)) < 0;
  return false;
}

function paramNameIs(pi: i32, name: string): bool {
  const len = <i32>unchecked(S.PARAM_NAME_LEN[pi]);
  if (len != name.length) return false;
  const p = changetype<usize>(S.NAMES) + unchecked(S.PARAM_NAME_OFF[pi]);
  for (let i = 0; i < len; i++) if (<i32>load<u8>(p + i) != name.charCodeAt(i)) return false;
  return true;
}

export function paramIsData(pi: i32): bool {
  const off = unchecked(S.PARAM_NAME_OFF[pi]);
  const len = unchecked(S.PARAM_NAME_LEN[pi]);
  const p = changetype<usize>(S.NAMES) + off;
  return len == 4 && load<u8>(p) == 0x64 && load<u8>(p + 1) == 0x61 && load<u8>(p + 2) == 0x74 && load<u8>(p + 3) == 0x61;
}

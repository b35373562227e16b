// evt.* extractors (values for filters and the detail view; the text formatter renders the pure
// formatting fields like evt.time and evt.info itself). Values that are bytes of the event carry their
// byte range; latency uses the enter/exit link recorded by the state engine.
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { EV_FLAGS, EV_CATEGORY, EVENT_COUNT, EF_WAITS, EC_IO_READ, EC_IO_WRITE, EC_IO_OTHER, EC_SYSCALL } from '../generated/schema';
import { evType, evTs, evCpu, evOffset, evTid, eventCount } from '../reader/events';
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';
import { STR_EMPTY, strPtr, strLen } from '../core/intern';
import { civilFromDays, daysOf, civilYear, civilMonth, civilDay } from '../core/civil';
import { NONE } from '../state/records';
import { evLink, evThread, evFd, evFdOwn, LINK_MASK, LINK_INHERIT, LINK_MATCHED } from '../state/eventstate';
import { SC_CATEGORY } from '../generated/sccat';
import { evFlagsCompat } from '../state/compat';
import { fU8, F_TYPE, fdAt, fI32, F_NAME } from '../state/fds';
import { tU32, tI64, T_FLAGS, T_PID, T_TID, CL_CLONE_FILES } from '../state/threads';
import { sectionOf } from '../state/section';
import { intern } from '../core/intern';
import * as FDT from '../state/fds';
import { loadCur, has, plen, poff, pptr, curN } from '../state/params';
import { mergeEnterParams } from '../convert/model';
import { cstrLen, concatWithDir, concatPaths } from '../state/paths';
import { cwdOf } from '../state/apply';
import { miHostnameId, miPresent } from '../state/metadata';
import { sbReset, sbByte, sbBytes, sbU64, sbAscii, sbSetLen } from '../state/strbuf';
import { evNum, firstTs, evVisible } from '../format/visibility';
import {
  setOrigin, pushStrId, pushScratch, pushU, pushI, pushB, pushEventStr, pushEventBytes, pushUEv, pushIEv, pushBEv,
} from './push';
import { O_EVENT, O_INFERRED } from './values';
import { pluginIdOf } from '../plugins/payload';
import { eventTypeName } from '../params/typename';
import { pluginName, pluginSourceName } from '../plugins/registry';
import { extractPluginField } from '../plugins/fields';

let ev: u32 = 0;

function nameBytes(off: u32, len: u32): void { sbBytes(changetype<usize>(S.NAMES) + off, len); }

/**
 * syscall.type and evt.type.is name an event as sysdig 0.29's extractor does: generic syscall events by
 * their syscall, else the event type's name ("syscall"), where %evt.type prints "<unknown>".
 */
function sbSyscallTypeName(t: u16): void {
  sbReset();
  if (<i32>t >= EVENT_COUNT) { sbAscii("unknown"); return; }
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    loadCur(ev);
    if (has(0)) {
      const id = <i32>peekU16(poff(0));
      if (id > 0 && id < S.PPM_SC_MAX && unchecked(S.SC_NAME_LEN[id]) > 0) { nameBytes(unchecked(S.SC_NAME_OFF[id]), unchecked(S.SC_NAME_LEN[id])); return; }
      if (has(1)) {
        const nr = <i32>peekU16(poff(1));
        if (nr >= 0 && nr <= S.NR_MAX && unchecked(S.NR_NAME_LEN[nr]) > 0) { nameBytes(unchecked(S.NR_NAME_OFF[nr]), unchecked(S.NR_NAME_LEN[nr])); return; }
      }
    }
  }
  nameBytes(unchecked(S.EV_NAME_OFF[t]), unchecked(S.EV_NAME_LEN[t]));
}

/** Event type name, as %evt.type prints it (params/typename.ts), into the scratch buffer. */
function sbTypeName(): void {
  sbReset();
  const n = eventTypeName(ev);
  if (<u32>n == 0) sbAscii("<unknown>");
  else nameBytes(<u32>(n >> 32), <u32>n);
}

/** The event's category; generic syscall events take their syscall's (schema/syscall_categories.json). */
function categoryOf(t: u16): u32 {
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    loadCur(ev);
    if (has(0) && plen(0) >= 2) {
      const id = <i32>peekU16(poff(0));
      if (id < SC_CATEGORY.length) return <u32>unchecked(SC_CATEGORY[id]);
    }
    return S.EC_OTHER;
  }
  return unchecked(EV_CATEGORY[t]) & 0x1FF;
}

function categoryName(c: u32): string {
  if (c & S.EC_IO_BASE) {
    // I/O events are named by the kind of fd they act on
    const v = evFdOwn(ev);
    if (v == NONE) return "unknown";
    const ft = fU8(v, F_TYPE);
    if (ft == FDT.FD_FILE || ft == FDT.FD_FILE_V2 || ft == FDT.FD_DIRECTORY) return "file";
    if (ft >= FDT.FD_IPV4_SOCK && ft <= FDT.FD_IPV6_SERVSOCK) return "net";
    if (ft == FDT.FD_FIFO || ft == FDT.FD_UNIX_SOCK || ft == FDT.FD_EVENT || ft == FDT.FD_SIGNALFD || ft == FDT.FD_INOTIFY) return "ipc";
    return "unknown";
  }
  switch (c) {
    case 0: return "unknown"; case 1: return "other"; case 2: return "file"; case 3: return "net";
    case 4: return "IPC"; case 5: return "memory"; case 6: return "process"; case 7: return "sleep";
    case 8: return "system"; case 9: return "signal"; case 10: return "user"; case 11: return "time";
    case 12: return "processing"; case 64: return "wait"; case 128: return "scheduler"; case 256: return "internal";
  }
  return "unknown";
}

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
function pushRawParam(t: u16, k: i32): void {
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
function pushRenderedParam(e: u32, k: i32): void {
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
function pushEnterParam(e: u32, p: usize, n: u32, rendered: bool): void {
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

/** Extracts evt field `f` of event `e`; false when not one of ours. */
export function extractEvt(f: i32, argNum: i64, argPtr: usize, argLen: u32, e: u32): bool {
  if (f > F.F_EVT_IS_OPEN_CREATE && f != F.F_SYSCALL_TYPE) return false;
  ev = e;
  const t = evType(e);
  const known = <i32>t < EVENT_COUNT;
  const off = evOffset(e);
  setOrigin(O_EVENT, e);
  switch (f) {
    case F.F_EVT_NUM: pushU(evNum(e)); break;
    case F.F_EVT_RAWTIME: pushUEv(evTs(e), off, 8); break;
    case F.F_EVT_RAWTIME_S: pushUEv(evTs(e) / 1000000000, off, 8); break;
    case F.F_EVT_RAWTIME_NS: pushUEv(evTs(e) % 1000000000, off, 8); break;
    case F.F_EVT_RELTIME: pushU(evTs(e) - firstTs(e)); break;
    case F.F_EVT_RELTIME_S: pushU((evTs(e) - firstTs(e)) / 1000000000); break;
    case F.F_EVT_RELTIME_NS: pushU((evTs(e) - firstTs(e)) % 1000000000); break;
    case F.F_EVT_LATENCY: case F.F_EVT_LATENCY_S: case F.F_EVT_LATENCY_NS: case F.F_EVT_LATENCY_QUANTIZED:
    case F.F_EVT_LATENCY_HUMAN: {
      setOrigin(O_INFERRED, 0);
      let lat: u64 = 0;
      if (evThread(e) != NONE) {
        if (known && (unchecked(EV_CATEGORY[t]) & S.EC_INTERNAL) != 0) break;
        lat = latencyOf(e);
      }
      if (f == F.F_EVT_LATENCY) pushU(lat);
      else if (f == F.F_EVT_LATENCY_S) pushU(lat / 1000000000);
      else if (f == F.F_EVT_LATENCY_NS) pushU(lat % 1000000000);
      else if (f == F.F_EVT_LATENCY_QUANTIZED) { let q: u64 = 0; if (lat > 0) { q = <u64>(Math.log10(<f64>lat) * 10.0); } pushU(q); }
      else { sbReset(); humanDuration(lat); pushScratch(); }
      break;
    }
    case F.F_EVT_DELTATIME: case F.F_EVT_DELTATIME_S: case F.F_EVT_DELTATIME_NS: {
      // sysdig: time since the previous event it printed (the first one gives 0)
      let p = e;
      let guard = 0;
      let d: u64 = 0;
      while (p > 0 && guard++ < 100000) { p--; if (evVisible(p)) { d = evTs(e) >= evTs(p) ? evTs(e) - evTs(p) : 0; break; } }
      pushU(f == F.F_EVT_DELTATIME ? d : f == F.F_EVT_DELTATIME_S ? d / 1000000000 : d % 1000000000);
      break;
    }
    case F.F_EVT_DIR: sbReset(); sbByte((t & 1) == 0 ? 0x3E : 0x3C); pushScratch(); break;
    case F.F_EVT_TYPE: case F.F_SYSCALL_TYPE:
      // sysdig: no syscall.type for scheduler switches and EF_SKIPPARSERESET (procinfo, ...) events
      if (f == F.F_SYSCALL_TYPE && known && (t == S.PPME_SCHEDSWITCH_6_E || (evFlagsCompat(t) & S.EF_SKIPPARSERESET) != 0)) break;
      if (f == F.F_EVT_TYPE) sbTypeName(); else sbSyscallTypeName(t);
      pushScratch();
      break;
    case F.F_EVT_TYPE_IS: {
      sbSyscallTypeName(t);
      pushU(argLen > 0 && argLen == sbLenNow() && memory.compare(sbPtrNow(), argPtr, argLen) == 0 ? 1 : 0);
      break;
    }
    case F.F_EVT_CATEGORY: if (known) { sbReset(); sbAscii(categoryName(categoryOf(t))); pushScratch(); } break;
    case F.F_EVT_CPU: pushIEv(<i64>evCpu(e), off - 2, 2); break;
    case F.F_EVT_RAWARG: case F.F_EVT_ARG: {
      if (!known) break;
      loadCur(e);
      let k: i32 = -1;
      if (argLen > 0) k = paramIndexByName(t, argPtr, argLen);
      else if (argNum >= 0 && argNum < <i64>curN) k = <i32>argNum;
      if (k < 0 || k >= curN) {
        if (argLen > 0 && (t & 1) == 1 && mergeEnterParams()) pushEnterParam(e, argPtr, argLen, f == F.F_EVT_ARG);
        break;
      }
      if (f == F.F_EVT_ARG) { pushRenderedParam(e, k); break; }
      pushRawParam(t, k);
      break;
    }
    case F.F_EVT_ARGS: case F.F_EVT_INFO: {
      // the whole argument list as the decoder prints it (for filters; the formatter prints it itself)
      if (!known) break;
      const mark = outMark();
      renderArgs(e, BUF_TRUNCATE);
      const n = outLen - mark;
      sbReset(); sbBytes(outPtr() + mark, n);
      outRewind(mark);
      // sysdig drops the trailing space of the last argument for filtering
      while (sbLen > 0 && load<u8>(sbPtr + sbLen - 1) == 0x20) sbSetLen(sbLen - 1);
      setOrigin(O_EVENT, e);
      pushScratch();
      break;
    }
    case F.F_EVT_BUFFER: {
      if (!known) break;
      loadCur(e);
      const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
      for (let k = 0; k < curN && k < <i32>unchecked(S.EV_NPARAMS[t]); k++) {
        if (unchecked(S.PARAM_TYPE[base + k]) == S.PT_BYTEBUF && paramIsData(base + k)) { pushEventBytes(poff(k), plen(k)); break; }
      }
      break;
    }
    case F.F_EVT_BUFLEN: {
      // sysdig: for I/O events with an fd, the exit's non-negative return value
      if (!known || evFdOwn(e) == NONE || (categoryOf(t) & S.EC_IO_BASE) == 0 || (t & 1) == 0) break;
      loadCur(e);
      if (curN < 1 || plen(0) < 8) break;
      const r = <i64>peekU64(poff(0));
      if (r >= 0) pushUEv(<u64>r, poff(0), 8);
      break;
    }
    case F.F_EVT_RES: case F.F_EVT_RAWRES: case F.F_EVT_FAILED: {
      if (!known) { if (f == F.F_EVT_FAILED) pushB(false); break; }
      loadCur(e);
      const k = resParam(t);
      if (k < 0 || !has(k) || plen(k) < 8) { if (f == F.F_EVT_FAILED) pushB(false); break; }
      const r = <i64>peekU64(poff(k));
      if (f == F.F_EVT_RAWRES) pushIEv(r, poff(k), 8);
      else if (f == F.F_EVT_FAILED) pushBEv(r < 0, poff(k), 8);
      else {
        sbReset();
        if (r >= 0) sbAscii("SUCCESS");
        else {
          // bound the 64-bit value: a damaged res (-2^40, i64 min) must not wrap into a table index
          const en = -r;
          if (en > 0 && en <= <i64>S.ERRNO_MAX && unchecked(S.ERRNO_NAME_LEN[<i32>en]) > 0) {
            nameBytes(unchecked(S.ERRNO_NAME_OFF[<i32>en]), unchecked(S.ERRNO_NAME_LEN[<i32>en]));
          }
          else sbU64(<u64>(-r));
        }
        pushScratch();
      }
      break;
    }
    case F.F_EVT_IS_IO: case F.F_EVT_IS_IO_READ: case F.F_EVT_IS_IO_WRITE: case F.F_EVT_IO_DIR: {
      const fl = evFlagsCompat(t);
      const isR = (fl & S.EF_READS_FROM_FD) != 0, isW = (fl & S.EF_WRITES_TO_FD) != 0;
      if (f == F.F_EVT_IS_IO) pushB(isR || isW);
      else if (f == F.F_EVT_IS_IO_READ) pushB(isR);
      else if (f == F.F_EVT_IS_IO_WRITE) pushB(isW);
      else if (isR || isW) { sbReset(); sbAscii(isW ? "write" : "read"); pushScratch(); }
      break;
    }
    case F.F_EVT_IS_WAIT: if (known) pushB((unchecked(EV_FLAGS[t]) & EF_WAITS) != 0); break;
    case F.F_EVT_WAIT_LATENCY:
      // sysdig: exits of waiting calls (sleep, poll...) give the thread's latency, 0 without a thread
      if (known && (t & 1) == 1 && (evFlagsCompat(t) & EF_WAITS) != 0) { setOrigin(O_INFERRED, 0); pushU(evThread(e) != NONE ? latencyOf(e) : 0); }
      break;
    case F.F_EVT_TIME_ISO8601: sbReset(); isoTime(evTs(e)); pushScratch(); break;
    // Local wall-clock text, as sysdig's filters compare it (the formatter prints the same text itself).
    case F.F_EVT_TIME: case F.F_EVT_TIME_S: sbReset(); localClock(evTs(e), f == F.F_EVT_TIME); pushScratch(); break;
    case F.F_EVT_DATETIME: case F.F_EVT_DATETIME_S:
      sbReset(); localDate(evTs(e)); sbByte(0x20); localClock(evTs(e), f == F.F_EVT_DATETIME); pushScratch(); break;
    case F.F_EVT_IS_SYSLOG: pushB(false); break;
    case F.F_EVT_COUNT: pushU(1); break;
    case F.F_EVT_COUNT_EXIT: if ((t & 1) == 1) pushU(1); break;
    case F.F_EVT_COUNT_PROCINFO: pushU(t == S.PPME_PROCINFO_E ? 1 : 0); break;
    case F.F_EVT_COUNT_ERROR: case F.F_EVT_COUNT_ERROR_FILE: case F.F_EVT_COUNT_ERROR_NET:
    case F.F_EVT_COUNT_ERROR_MEMORY: case F.F_EVT_COUNT_ERROR_OTHER:
      // sysdig: 1 for a failed event of the counter's kind, no value otherwise
      if (known && errorCountKind(f, t) && eventFailed(t)) pushU(1);
      break;
    case F.F_EVT_COUNT_THREADINFO: pushU(0); break;
    case F.F_EVT_IS_OPEN_READ: case F.F_EVT_IS_OPEN_WRITE: case F.F_EVT_IS_OPEN_EXEC: case F.F_EVT_IS_OPEN_CREATE: {
      // sysdig checks open exit, openat enter (its flags are there) and the newer openat/openat2 exits
      let r = false;
      const isNew = t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X;
      if (t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SYSCALL_OPENAT_E || isNew) {
        loadCur(e);
        const fk = isNew ? 3 : 2;
        const fl = has(fk) && plen(fk) >= 4 ? peekU32(poff(fk)) : 0;
        if (f == F.F_EVT_IS_OPEN_READ) r = (fl & 1) != 0;
        else if (f == F.F_EVT_IS_OPEN_WRITE) r = (fl & 2) != 0;
        else if (f == F.F_EVT_IS_OPEN_CREATE) r = (fl & 0x4000) != 0;
        else if (fl & (0x2000 | 4)) { const mk = isNew ? 4 : 3; r = has(mk) && plen(mk) >= 4 && (peekU32(poff(mk)) & 0x49) != 0; }
      } else if (f == F.F_EVT_IS_OPEN_EXEC && t == S.PPME_SYSCALL_CREAT_X) {
        loadCur(e);
        r = has(2) && plen(2) >= 4 && (peekU32(poff(2)) & 0x49) != 0;
      }
      pushB(r);
      break;
    }
    case F.F_EVT_ABSPATH: absPath(argNum); break;
    case F.F_EVT_SOURCE: {
      // Plugin and async events belong to the source of their plugin id (registry); 0 = syscall.
      let src = 'syscall';
      if (t == S.PPME_PLUGINEVENT_E || t == S.PPME_ASYNCEVENT_E) {
        const id = pluginIdOf(e);
        src = id == 0 && t == S.PPME_ASYNCEVENT_E ? 'syscall' : pluginSourceName(id);
      }
      if (src.length == 0) break;
      setOrigin(O_INFERRED, 0); sbReset(); sbAscii(src); pushScratch();
      break;
    }
    case F.F_EVT_IS_ASYNC: pushB(t == S.PPME_ASYNCEVENT_E || t == S.PPME_CONTAINER_JSON_E || t == S.PPME_CONTAINER_JSON_2_E); break;
    case F.F_EVT_ASYNCTYPE: {
      if (t != S.PPME_ASYNCEVENT_E) break;
      loadCur(e);
      if (has(1)) pushEventStr(poff(1), cstrLen(pptr(1), plen(1)), plen(1));
      break;
    }
    case F.F_EVT_HOSTNAME: if (miPresent) { setOrigin(O_INFERRED, 0); pushStrId(miHostnameId); } break;
    case F.F_EVT_PLUGINNAME: {
      if (t != S.PPME_PLUGINEVENT_E) break;
      const name = pluginName(pluginIdOf(e));
      if (name.length == 0) break;
      setOrigin(O_INFERRED, 0); sbReset(); sbAscii(name); pushScratch();
      break;
    }
    case F.F_EVT_PLUGININFO:
      // The plugin's own summary of the event (its event_to_string): plugins/summary.ts.
      if (t == S.PPME_PLUGINEVENT_E) extractPluginField(F.F_EVT_PLUGININFO, -1, 0, 0, e);
      break;
    case F.F_EVT_AROUND: pushU(evTs(e)); break;
    default: break;
  }
  return true;
}

import { sbPtr, sbLen } from '../state/strbuf';
import { outMark, outRewind, outLen, outPtr } from '../format/out';
import { renderArg, renderArgs, BUF_TRUNCATE } from '../params/render';
import { valPush, valCount, valPtr, valLen, valStrId, V_STR } from './values';

/** Points the last pushed value at interned string `id`. */
function setLastStr(id: i32): void {
  const i = valCount - 1;
  if (i < 0) return;
  unchecked(valPtr[i] = strPtr(id));
  unchecked(valLen[i] = strLen(id));
  unchecked(valStrId[i] = id);
}
function sbLenNow(): u32 { return sbLen; }
function sbPtrNow(): usize { return sbPtr; }

/** The "res" parameter, or for fd-creating exits the "fd" one (sysdig evt.res/evt.failed), or -1. */
function resParam(t: u16): i32 {
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const np = min(<i32>unchecked(S.EV_NPARAMS[t]), curN);
  for (let k = 0; k < np; k++) if (nameIs(base + k, "res")) return k;
  if ((evFlagsCompat(t) & S.EF_CREATES_FD) && (t & 1) == 1) {
    for (let k = 0; k < np; k++) if (nameIs(base + k, "fd")) return k;
  }
  return -1;
}
function nameIs(pi: i32, s: string): bool {
  const off = unchecked(S.PARAM_NAME_OFF[pi]);
  const len = <i32>unchecked(S.PARAM_NAME_LEN[pi]);
  if (len != s.length) return false;
  const p = changetype<usize>(S.NAMES) + off;
  for (let i = 0; i < len; i++) if (<i32>load<u8>(p + i) != s.charCodeAt(i)) return false;
  return true;
}

/** sinsp's m_latency as seen by event e: exits measure from the thread's last enter, enters reset it,
 *  scheduler/procinfo events keep the last one. */
function latencyOf(e: u32): u64 {
  const t = evType(e);
  const l = evLink(e);
  if (l == NONE) return 0;
  if (l & LINK_INHERIT) {
    const r = l & LINK_MASK;
    if ((evType(r) & 1) == 0) return 0;
    return latencyOf(r);
  }
  if ((t & 1) == 0) return 0;
  const en = l & LINK_MASK;
  const te = evTs(en);
  return evTs(e) >= te ? evTs(e) - te : 0;
}

/** Whether event e (already of type t) failed the way sysdig counts errors: a negative `res` parameter,
 *  or, for fd-creating exits without one, a negative `fd`. */
function eventFailed(t: u16): bool {
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

function isFileFd(ty: u8): bool { return ty == FDT.FD_FILE || ty == FDT.FD_FILE_V2 || ty == FDT.FD_DIRECTORY; }
function isNetFd(ty: u8): bool {
  return ty == FDT.FD_IPV4_SOCK || ty == FDT.FD_IPV6_SOCK || ty == FDT.FD_IPV4_SERVSOCK || ty == FDT.FD_IPV6_SERVSOCK || ty == FDT.FD_UNIX_SOCK;
}
function isOpenX(t: u16): bool {
  return t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SYSCALL_CREAT_X || t == S.PPME_SYSCALL_OPENAT_X || t == S.PPME_SYSCALL_OPENAT_2_X ||
    t == S.PPME_SYSCALL_OPENAT2_X || t == S.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X;
}
function isAcceptConnectX(t: u16): bool {
  return t == S.PPME_SOCKET_ACCEPT_X || t == S.PPME_SOCKET_ACCEPT_5_X || t == S.PPME_SOCKET_ACCEPT4_X || t == S.PPME_SOCKET_ACCEPT4_5_X ||
    t == S.PPME_SOCKET_ACCEPT4_6_X || t == S.PPME_SOCKET_CONNECT_X;
}

/** Which evt.count.error.* counter an event belongs to (sysdig: by the event's fd type, or by its type
 *  when it has no fd; memory by category). */
function errorCountKind(f: i32, t: u16): bool {
  if (f == F.F_EVT_COUNT_ERROR) return true;
  const isMem = (categoryOf(t) & 0x1F) == S.EC_MEMORY;
  if (f == F.F_EVT_COUNT_ERROR_MEMORY) return isMem;
  const v = evFdOwn(ev);
  if (v != NONE) {
    const ty = fU8(v, F_TYPE);
    if (f == F.F_EVT_COUNT_ERROR_FILE) return isFileFd(ty);
    if (f == F.F_EVT_COUNT_ERROR_NET) return isNetFd(ty);
    return !isFileFd(ty) && !isNetFd(ty);
  }
  if (f == F.F_EVT_COUNT_ERROR_FILE) return isOpenX(t);
  if (f == F.F_EVT_COUNT_ERROR_NET) return isAcceptConnectX(t);
  return !isOpenX(t) && !isAcceptConnectX(t) && !isMem;
}

/** sinsp's ts_to_iso_8601: UTC date and time, 9-digit nanoseconds, "+0000". */
/** Host time-zone offset (seconds east of UTC) for evt.time/evt.datetime values; the host sets it on load. */
let tzOffsetSec: i64 = 0;

export function setFieldTimezone(offsetSeconds: i32): void {
  tzOffsetSec = <i64>offsetSeconds;
}

/** HH:MM:SS[.nnnnnnnnn] in the host's time zone (sysdig's ts_to_string). */
function localClock(ts: u64, withNs: bool): void {
  let s = (<i64>(ts / 1000000000) + tzOffsetSec) % 86400;
  if (s < 0) s += 86400;
  sbPad(<u64>(s / 3600), 2); sbByte(0x3A); sbPad(<u64>(s / 60 % 60), 2); sbByte(0x3A); sbPad(<u64>(s % 60), 2);
  if (withNs) { sbByte(0x2E); sbPad(ts % 1000000000, 9); }
}

/** YYYY-MM-DD in the host's time zone. */
function localDate(ts: u64): void {
  civilFromDays(daysOf(<i64>(ts / 1000000000) + tzOffsetSec));
  sbPad(<u64>civilYear, 4); sbByte(0x2D); sbPad(<u64>civilMonth, 2); sbByte(0x2D); sbPad(<u64>civilDay, 2);
}

function isoTime(ts: u64): void {
  const secs = <i64>(ts / 1000000000);
  const ns = ts % 1000000000;
  const sod = secs % 86400;
  civilFromDays(secs / 86400);
  sbPad(<u64>civilYear, 4); sbByte(0x2D); sbPad(<u64>civilMonth, 2); sbByte(0x2D); sbPad(<u64>civilDay, 2); sbByte(0x54);
  sbPad(<u64>(sod / 3600), 2); sbByte(0x3A); sbPad(<u64>(sod / 60 % 60), 2); sbByte(0x3A); sbPad(<u64>(sod % 60), 2);
  sbByte(0x2E); sbPad(ns, 9); sbAscii("+0000");
}

function sbPad(v: u64, w: i32): void {
  let n = 1;
  for (let x = v; x >= 10; x /= 10) n++;
  for (let i = n; i < w; i++) sbByte(0x30);
  sbU64(v);
}

export function isResParam(pi: i32): bool {
  const off = unchecked(S.PARAM_NAME_OFF[pi]);
  const len = unchecked(S.PARAM_NAME_LEN[pi]);
  const p = changetype<usize>(S.NAMES) + off;
  if (len == 3 && load<u8>(p) == 0x72 && load<u8>(p + 1) == 0x65 && load<u8>(p + 2) == 0x73) return true;
  if (len == 2 && load<u8>(p) == 0x66 && load<u8>(p + 1) == 0x64) return true;
  return false;
}

function paramIsData(pi: i32): bool {
  const off = unchecked(S.PARAM_NAME_OFF[pi]);
  const len = unchecked(S.PARAM_NAME_LEN[pi]);
  const p = changetype<usize>(S.NAMES) + off;
  return len == 4 && load<u8>(p) == 0x64 && load<u8>(p + 1) == 0x61 && load<u8>(p + 2) == 0x74 && load<u8>(p + 3) == 0x61;
}

function openFlagsIndex(t: u16): i32 {
  if (t == S.PPME_SYSCALL_OPEN_X) return 2;
  if (t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X) return 3;
  if (t == S.PPME_SYSCALL_OPEN_E) return 1;
  if (t == S.PPME_SYSCALL_OPENAT_E || t == S.PPME_SYSCALL_OPENAT_2_E || t == S.PPME_SYSCALL_OPENAT2_E) return 2;
  return -1;
}

/** sysdig's evt.latency.human: "1.23ms"-style. */
/** sinsp's format_time (evt.latency.human): truncated, the unit chosen by magnitude. */
function humanDuration(ns: u64): void {
  const S1: u64 = 1000000000;
  if (ns >= 3600 * S1) {
    sbPad(<u64><u32>(ns / (3600 * S1)), 2); sbByte(0x3A); sbPad(<u64><u32>((ns / (60 * S1)) % 60), 2); sbByte(0x3A);
    sbPad(<u64><u32>((ns / S1) % 60), 2);
  } else if (ns >= 60 * S1) {
    sbU64(ns / (60 * S1)); sbByte(0x3A); sbU64((ns / S1) % 60);
  } else if (ns >= S1) {
    sbU64(ns / S1); sbByte(0x2E); sbPad((ns % S1) / 10000000, 2); sbByte(0x73);
  } else if (ns >= 10000000) {
    sbU64(ns / 1000000); sbAscii("ms");
  } else if (ns >= 1000000) {
    sbU64(ns / 1000000); sbByte(0x2E); sbPad((ns % 1000000) / 10000, 2); sbAscii("ms");
  } else if (ns >= 10000) {
    sbU64(ns / 1000); sbAscii("us");
  } else if (ns >= 1000) {
    sbU64(ns / 1000); sbByte(0x2E); sbPad((ns % 1000) / 10, 2); sbAscii("us");
  } else {
    sbU64(ns); sbAscii("ns");
  }
}

/** evt.abspath: for the *at() calls, the path resolved against its dirfd or the cwd (sysdig's list of
 *  events and parameter names; argument 1/2 picks old/new path of rename/link). */
function absPath(argNum: i64): void {
  const t = evType(ev);
  const th = evThread(ev);
  if (th == NONE) return;
  let dn = "", pn = "";
  const newSide = argNum == 2;
  if (t == S.PPME_SYSCALL_RENAMEAT_X || t == S.PPME_SYSCALL_RENAMEAT2_X) { dn = newSide ? "newdirfd" : "olddirfd"; pn = newSide ? "newpath" : "oldpath"; }
  else if (t == S.PPME_SYSCALL_SYMLINKAT_X) { dn = "linkdirfd"; pn = "linkpath"; }
  else if (t == S.PPME_SYSCALL_OPENAT_E || t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X) { dn = "dirfd"; pn = "name"; }
  else if (t == S.PPME_SYSCALL_LINKAT_E || t == S.PPME_SYSCALL_LINKAT_2_X) { dn = newSide ? "newdir" : "olddir"; pn = newSide ? "newpath" : "oldpath"; }
  else if (t == S.PPME_SYSCALL_UNLINKAT_E || t == S.PPME_SYSCALL_UNLINKAT_2_X) { dn = "dirfd"; pn = "name"; }
  else if (t == S.PPME_SYSCALL_MKDIRAT_X) { dn = "dirfd"; pn = "path"; }
  else if (t == S.PPME_SYSCALL_FCHMODAT_X) { dn = "dirfd"; pn = "filename"; }
  else return;
  loadCur(ev);
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const np = min(<i32>unchecked(S.EV_NPARAMS[t]), curN);
  let di = -1, pi = -1;
  for (let k = 0; k < np; k++) {
    if (di < 0 && nameIs(base + k, dn)) di = k;
    if (pi < 0 && nameIs(base + k, pn)) pi = k;
  }
  if (di < 0 || pi < 0 || plen(di) < 8) return;
  const dirfd = <i64>peekU64(poff(di));
  const p = pptr(pi);
  const l = plen(pi);
  setOrigin(O_EVENT, ev);
  if (l > 0 && load<u8>(p) == 0x2F) { pushStrId(concatPaths(0, 0, p, l)); return; }
  if (dirfd == -100) { pushStrId(concatWithDir(cwdOf(th), p, l)); return; }
  const owner = (tU32(th, T_FLAGS) & CL_CLONE_FILES) ? tI64(th, T_PID) : tI64(th, T_TID);
  const d = fdAt(owner, dirfd, ev, sectionOf(ev));
  sbReset();
  if (d == NONE) sbAscii("<UNKNOWN>/");
  else { const nm = fI32(d, F_NAME); sbBytes(strPtr(nm), strLen(nm)); sbByte(0x2F); }
  const dir = intern(sbPtr, sbLen);
  pushStrId(concatWithDir(dir, p, l));
}


// evt.* extractors (values for filters and the detail view; the text formatter renders the pure
// formatting fields like evt.time and evt.info itself). Values that are bytes of the event carry their
// byte range; latency uses the enter/exit link recorded by the state engine. The helpers live beside:
// evtkind.ts (type names, categories), evtparams.ts (parameters), evttime.ts (time text, latency),
// abspath.ts (evt.abspath).
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { EV_FLAGS, EV_CATEGORY, EVENT_COUNT, EF_WAITS } from '../generated/schema';
import { evType, evTs, evCpu, evOffset } from '../reader/events';
import { peekU32, peekU64 } from '../core/raw';
import { NONE } from '../state/records';
import { evThread, evFdOwn } from '../state/eventstate';
import { evFlagsCompat } from '../state/compat';
import { loadCur, has, plen, poff, pptr, curN } from '../state/params';
import { mergeEnterParams } from '../convert/model';
import { cstrLen } from '../state/paths';
import { miHostnameId, miPresent } from '../state/metadata';
import { sbReset, sbByte, sbBytes, sbU64, sbAscii, sbSetLen, sbPtr, sbLen } from '../state/strbuf';
import { evNum, firstTs, evVisible } from '../state/visibility';
import { outMark, outRewind, outLen, outPtr } from '../core/out';
import { renderArgs, BUF_TRUNCATE } from '../params/render';
import {
  setOrigin, pushStrId, pushScratch, pushU, pushB, pushEventStr, pushEventBytes, pushUEv, pushIEv, pushBEv,
} from './push';
import { O_EVENT, O_INFERRED } from '../core/values';
import { pluginIdOf } from '../plugins/payload';
import { pluginName, pluginSourceName } from '../plugins/registry';
import { extractPluginField } from '../plugins/fields';
import { nameBytes, sbSyscallTypeName, sbTypeName, categoryOf, categoryName, errorCountKind } from './evtkind';
import { paramIndexByName, pushRawParam, pushRenderedParam, pushEnterParam, resParam, eventFailed, paramIsData } from './evtparams';
import { latencyOf, localClock, localDate, isoTime, humanDuration } from './evttime';
import { absPath } from './abspath';

export { setFieldTimezone } from './evttime';
export { paramIndexByName } from './evtparams';

/** Extracts evt field `f` of event `e`; false when not one of ours. */
export function extractEvt(f: i32, argNum: i64, argPtr: usize, argLen: u32, e: u32): bool {
  if (f > F.F_EVT_IS_OPEN_CREATE && f != F.F_SYSCALL_TYPE) return false;
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
      if (f == F.F_EVT_TYPE) sbTypeName(e); else sbSyscallTypeName(e, t);
      pushScratch();
      break;
    case F.F_EVT_TYPE_IS: {
      sbSyscallTypeName(e, t);
      pushU(argLen > 0 && argLen == sbLen && memory.compare(sbPtr, argPtr, argLen) == 0 ? 1 : 0);
      break;
    }
    case F.F_EVT_CATEGORY: if (known) { sbReset(); sbAscii(categoryName(e, categoryOf(e, t))); pushScratch(); } break;
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
      // current libs drop the one space written after the last argument (a value's own trailing blanks
      // stay); sysdig 0.29 keeps it, see SYSDIG_RULES in test/differential/sysdig.ts
      if (sbLen > 0 && load<u8>(sbPtr + sbLen - 1) == 0x20) sbSetLen(sbLen - 1);
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
      if (!known || evFdOwn(e) == NONE || (categoryOf(e, t) & S.EC_IO_BASE) == 0 || (t & 1) == 0) break;
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
      if (known && errorCountKind(e, f, t) && eventFailed(e, t)) pushU(1);
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
    case F.F_EVT_ABSPATH: absPath(e, argNum); break;
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

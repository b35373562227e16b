// The output formatter: renders a compiled `-p` format plan (built by the host from sysdig's format
// syntax, engine/format/) for a batch of events into the output buffer, one UTF-8 line per shown event,
// as text or as sysdig-style JSON objects. One call formats many events; the host flushes the buffer.
// It applies sysdig's visibility (state/visibility.ts) and `-n` counting, and the "every field must
// exist unless the format starts with `*`" rule. evt.* fields that are pure formatting (time, type, dir,
// args, info) are rendered here; every other field comes from the extractors (fields/extract.ts) and
// is printed from the value buffer.
import {
  F_EVT_NUM, F_EVT_TIME, F_EVT_TIME_S, F_EVT_DATETIME, F_EVT_DATETIME_S, F_EVT_RAWTIME, F_EVT_RAWTIME_S,
  F_EVT_RAWTIME_NS, F_EVT_RELTIME, F_EVT_RELTIME_S, F_EVT_RELTIME_NS, F_EVT_OUTPUTTIME, F_EVT_DIR, F_EVT_TYPE,
  F_EVT_CPU, F_EVT_ARGS, F_EVT_ARG, F_EVT_INFO, F_PROC_NAME, F_THREAD_TID, F_EVT_LATENCY,
} from '../generated/fields';
import { qComm, qTid } from '../state/query';
import { strPtr, strLen } from '../core/intern';
import { civilFromDays, daysOf, civilYear, civilMonth, civilDay } from '../core/civil';
import { PPME_GENERIC_E, PPME_GENERIC_X, PPME_PLUGINEVENT_E } from '../generated/schema';
import {
  FMT_REQUIRE_ALL, FMT_JSON, FMT_SHOW_ALL, FMT_VERBOSE, FMT_BUFFER_SHIFT, FMT_TIME_SHIFT, TIME_CLOCK, TIME_ABSOLUTE, TIME_RELATIVE,
  TIME_LATENCY,
} from '../generated/boundary';
import { evType, evTs, evCpu, eventCount, locateParams, paramOff, paramLen } from '../reader/events';
import { rawPtr } from '../core/raw';
import {
  putByte, putBytes, putAscii, putU64, putI64, putU64Pad, putDots, putHex, outMark, outRewind, outLen,
  padSince, outByteAt, outEnsure, outPtr,
} from '../core/out';
import { renderArgs, renderArg, renderedParams, findParam, BUF_TRUNCATE, BUF_FULL } from '../params/render';
import { evNameOff, evNameLen, namesPtr, scNameLen, scNameOff, nrNameLen, nrNameOff, knownType } from '../reader/tables';
import { evVisible, evNum, evCounted, evInitialState, firstTs } from '../state/visibility';
import { eventTypeName } from '../params/typename';
import { extractField } from '../fields/extract';
import { valCount, valKind, valNum, valPtr, valLen, V_UINT, V_INT, V_STR, V_BOOL, V_DOUBLE, V_IPV4, V_IPV6, V_BYTES } from '../core/values';
import { putIPv4, putIPv6 } from '../params/inet';
import { putDoubleG } from '../core/out';
import { FIELD_FMT } from '../generated/fields';

/** A double as sysdig prints double fields (%.1f). */
function putDouble1(v: f64): void {
  if (isNaN(v) || !isFinite(v)) { putDoubleG(v); return; }
  if (v < 0) { putByte(45); v = -v; }
  const t = <u64>Math.round(v * 10.0);
  putU64(t / 10); putByte(46); putU64(t % 10);
}

// ---- the plan ------------------------------------------------------------------------------------------

const MAX_TOKENS: i32 = 256;
const TK_LITERAL: u8 = 0;
const TK_FIELD: u8 = 1;

let nTokens: i32 = 0;
/** Where the plugin events' plan starts in the token list (sysdig formats plugin events with their own line), or -1. */
let pluginStart: i32 = -1;
let requireAll: bool = true;
let jsonMode: bool = false;
let showAll: bool = false;
let verbose: bool = false;
/** Byte-buffer rendering for -A/-x/-X/-b (0 = sysdig's default). */
let bufFormat: i32 = 0;
/** evt.outputtime style, sysdig -t: 0 h (clock), 1 a (absolute s.ns), 2 r (since first event), 3 d (latency), 4 D (since previous line). */
let timeMode: i32 = 0;
let prevLineTs: u64 = 0;
let tzOffsetSec: i64 = 0;
const tkKind = new StaticArray<u8>(MAX_TOKENS);
const tkField = new StaticArray<i32>(MAX_TOKENS);
const tkArgNum = new StaticArray<i64>(MAX_TOKENS);
const tkArgPtr = new StaticArray<usize>(MAX_TOKENS);
const tkArgLen = new StaticArray<u32>(MAX_TOKENS);
const tkWidth = new StaticArray<u32>(MAX_TOKENS);
const tkTextPtr = new StaticArray<usize>(MAX_TOKENS); // literal text, or the JSON key (field name)
const tkTextLen = new StaticArray<u32>(MAX_TOKENS);

/**
 * Starts a new plan. `flags` (FMT_*): require all fields (no leading `*`), JSON, show hidden events,
 * buffers in full (-v); bits 4-6 = buffer format (BUF_*: -A, -x, -X, -b), bits 7-9 = time style of
 * evt.outputtime (TIME_*: sysdig -t h, a, r, d, D).
 */
export function planReset(flags: i32, tzOffsetSeconds: i32): void {
  nTokens = 0;
  pluginStart = -1;
  requireAll = (flags & FMT_REQUIRE_ALL) != 0;
  jsonMode = (flags & FMT_JSON) != 0;
  showAll = (flags & FMT_SHOW_ALL) != 0;
  verbose = (flags & FMT_VERBOSE) != 0;
  bufFormat = (flags >> FMT_BUFFER_SHIFT) & 7;
  timeMode = (flags >> FMT_TIME_SHIFT) & 7;
  prevLineTs = 0;
  tzOffsetSec = tzOffsetSeconds;
}

/** The tokens added from now on form the plan for plugin events (sysdig's separate plugin output format). */
export function planBeginPlugin(): void { pluginStart = nTokens; }

/** Literal text (UTF-8 at ptr/len; the host keeps it alive). Returns false when the plan is full. */
export function planLiteral(ptr: usize, len: u32): bool {
  if (nTokens >= MAX_TOKENS) return false;
  const i = nTokens++;
  unchecked(tkKind[i] = TK_LITERAL);
  unchecked(tkTextPtr[i] = ptr);
  unchecked(tkTextLen[i] = len);
  return true;
}

/** A field token: id, numeric arg (-1 none), string arg, `%20field` width (0 none), name for JSON keys. */
export function planField(field: i32, argNum: i64, argPtr: usize, argLen: u32, width: u32, namePtr: usize, nameLen: u32): bool {
  if (nTokens >= MAX_TOKENS) return false;
  const i = nTokens++;
  unchecked(tkKind[i] = TK_FIELD);
  unchecked(tkField[i] = field);
  unchecked(tkArgNum[i] = argNum);
  unchecked(tkArgPtr[i] = argPtr);
  unchecked(tkArgLen[i] = argLen);
  unchecked(tkWidth[i] = width);
  unchecked(tkTextPtr[i] = namePtr);
  unchecked(tkTextLen[i] = nameLen);
  return true;
}

// ---- times ------------------------------------------------------------------------------------------------

/** HH:MM:SS.nnnnnnnnn in the host's time zone (sysdig's ts_to_string). */
function putClock(ts: u64, withNs: bool): void {
  const sec = <i64>(ts / 1000000000);
  const ns = ts % 1000000000;
  let s = (sec + tzOffsetSec) % 86400;
  if (s < 0) s += 86400;
  putU64Pad(<u64>(s / 3600), 2); putByte(58);
  putU64Pad(<u64>((s % 3600) / 60), 2); putByte(58);
  putU64Pad(<u64>(s % 60), 2);
  if (withNs) { putByte(46); putU64Pad(ns, 9); }
}

/** YYYY-MM-DD (civil date from days since the epoch). */
function putDate(ts: u64): void {
  civilFromDays(daysOf(<i64>(ts / 1000000000) + tzOffsetSec));
  putU64Pad(<u64>civilYear, 4); putByte(45); putU64Pad(<u64>civilMonth, 2); putByte(45); putU64Pad(<u64>civilDay, 2);
}

/** evt.outputtime in sysdig's -t a / r / d / D styles. */
function putOutputTime(ev: u32, ts: u64): void {
  if (timeMode == TIME_ABSOLUTE) {
    // sysdig prints the nanoseconds without zero padding here
    putU64(ts / 1000000000); putByte(46); putU64(ts % 1000000000);
    return;
  }
  let d: u64 = 0;
  if (timeMode == TIME_RELATIVE) d = ts - firstTs(ev);
  else if (timeMode == TIME_LATENCY) {
    if (extractField(F_EVT_LATENCY, -1, 0, 0, ev) > 0 && (unchecked(valKind[0]) == V_UINT || unchecked(valKind[0]) == V_INT)) d = unchecked(valNum[0]);
  } else {
    if (prevLineTs == 0) prevLineTs = ts;
    d = ts - prevLineTs;
    prevLineTs = ts;
  }
  putU64(d / 1000000000); putByte(46); putU64Pad(d % 1000000000, 9);
}

// ---- fields ---------------------------------------------------------------------------------------------

/** evt.type: the event's name; generic events show the syscall's name (PPM_SC id, else native number). */
export function putEventType(ev: u32): void {
  const n = eventTypeName(ev);
  if (<u32>n == 0) putAscii('<unknown>');
  else putBytes(namesPtr() + <usize>(n >> 32), <u32>n);
}

// JSON string escaping exactly as sysdig's JSON writer (jsoncpp) does it: ASCII printable bytes as they are,
// the usual backslash escapes, every other code point as \uXXXX (surrogate pairs above U+FFFF), UTF-8 decoded
// leniently the jsoncpp way (a bad sequence becomes U+FFFD and may swallow the bytes it claimed).
let escBuf: usize = 0;
let escCap: u32 = 0;

function putU16Escape(cp: u32): void {
  putByte(92); putByte(117);
  for (let sh = 12; sh >= 0; sh -= 4) {
    const d = (cp >> sh) & 15;
    putByte(d < 10 ? 48 + d : 87 + d);
  }
}

/** Text written since `mark` is re-emitted JSON-escaped. */
function jsonEscapeSince(mark: u32): void {
  const end = outLen;
  const n = end - mark;
  // Fast path: nothing to escape.
  let plain = true;
  for (let i = mark; i < end; i++) {
    const b = <u32>outByteAt(i);
    if (b < 0x20 || b >= 0x7F || b == 34 || b == 92) { plain = false; break; }
  }
  if (plain) return;
  if (n > escCap) {
    escCap = n < 4096 ? 4096 : n;
    escBuf = escBuf == 0 ? heap.alloc(escCap) : heap.realloc(escBuf, escCap);
  }
  memory.copy(escBuf, outPtr() + mark, n);
  outRewind(mark);
  let i: u32 = 0;
  while (i < n) {
    const b = <u32>load<u8>(escBuf + i);
    let cp: u32 = 0xFFFD;
    if (b < 0x80) { cp = b; i++; }
    else if (b < 0xE0) {
      if (n - i >= 2) {
        const c = ((b & 0x1F) << 6) | (<u32>load<u8>(escBuf + i + 1) & 0x3F);
        cp = c < 0x80 ? 0xFFFD : c;
        i += 2;
      } else i = n;
    } else if (b < 0xF0) {
      if (n - i >= 3) {
        const c = ((b & 0x0F) << 12) | ((<u32>load<u8>(escBuf + i + 1) & 0x3F) << 6) | (<u32>load<u8>(escBuf + i + 2) & 0x3F);
        cp = (c >= 0xD800 && c <= 0xDFFF) || c < 0x800 ? 0xFFFD : c;
        i += 3;
      } else i = n;
    } else if (b < 0xF8) {
      if (n - i >= 4) {
        const c = ((b & 0x07) << 18) | ((<u32>load<u8>(escBuf + i + 1) & 0x3F) << 12) |
          ((<u32>load<u8>(escBuf + i + 2) & 0x3F) << 6) | (<u32>load<u8>(escBuf + i + 3) & 0x3F);
        cp = c < 0x10000 ? 0xFFFD : c;
        i += 4;
      } else i = n;
    } else i++;
    if (cp == 34) { putByte(92); putByte(34); }
    else if (cp == 92) { putByte(92); putByte(92); }
    else if (cp == 8) { putByte(92); putByte(98); }
    else if (cp == 12) { putByte(92); putByte(102); }
    else if (cp == 10) { putByte(92); putByte(110); }
    else if (cp == 13) { putByte(92); putByte(114); }
    else if (cp == 9) { putByte(92); putByte(116); }
    else if (cp >= 0x20 && cp < 0x80) putByte(cp);
    else if (cp < 0x10000) putU16Escape(cp);
    else {
      const v = cp - 0x10000;
      putU16Escape(0xD800 + (v >> 10));
      putU16Escape(0xDC00 + (v & 0x3FF));
    }
  }
}

// Result of writeField: what kind of JSON value was written.
const FR_MISSING: i32 = 0;
const FR_STRING: i32 = 1;
const FR_NUMBER: i32 = 2;

/** Writes field token k for event ev (raw text). Returns FR_MISSING (nothing written) when it has no value. */
function writeField(k: i32, ev: u32): i32 {
  const f = unchecked(tkField[k]);
  const bufMode = bufFormat != 0 ? bufFormat : jsonMode || verbose ? BUF_FULL : BUF_TRUNCATE;
  const ts = evTs(ev);
  if (f == F_EVT_NUM) { putU64(evNum(ev)); return FR_NUMBER; }
  if (f == F_EVT_OUTPUTTIME && !jsonMode && timeMode != TIME_CLOCK) { putOutputTime(ev, ts); return FR_STRING; }
  if (f == F_EVT_OUTPUTTIME || f == F_EVT_TIME) {
    if (jsonMode) { putU64(ts); return FR_NUMBER; }
    putClock(ts, true); return FR_STRING;
  }
  if (f == F_EVT_TIME_S) { putClock(ts, false); return FR_STRING; }
  if (f == F_EVT_DATETIME) { putDate(ts); putByte(32); putClock(ts, true); return FR_STRING; }
  if (f == F_EVT_DATETIME_S) { putDate(ts); putByte(32); putClock(ts, false); return FR_STRING; }
  if (f == F_EVT_RAWTIME) { putU64(ts); return FR_NUMBER; }
  if (f == F_EVT_RAWTIME_S) { putU64(ts / 1000000000); return FR_NUMBER; }
  // rawtime.ns, reltime and reltime.ns print zero-padded to 9 digits (their PF_10_PADDED_DEC format);
  // JSON numbers are never padded (sysdig -j prints them plain; a leading zero is not valid JSON).
  const pad = jsonMode ? 0 : 9;
  if (f == F_EVT_RAWTIME_NS) { putU64Pad(ts % 1000000000, pad); return FR_NUMBER; }
  if (f == F_EVT_RELTIME || f == F_EVT_RELTIME_S || f == F_EVT_RELTIME_NS) {
    const r = ts - firstTs(ev);
    if (f == F_EVT_RELTIME_S) putU64(r / 1000000000);
    else putU64Pad(f == F_EVT_RELTIME ? r : r % 1000000000, pad);
    return FR_NUMBER;
  }
  if (f == F_EVT_CPU) { putU64(<u64>evCpu(ev)); return FR_NUMBER; }
  if (f == F_EVT_DIR) { putByte((evType(ev) & 1) == 0 ? 62 : 60); return FR_STRING; }
  if (f == F_EVT_TYPE) { putEventType(ev); return FR_STRING; }
  if (f == F_EVT_ARGS || f == F_EVT_INFO) {
    if (!knownType(evType(ev))) return FR_STRING;
    renderArgs(ev, bufMode);
    return FR_STRING;
  }
  if (f == F_EVT_ARG) {
    if (!knownType(evType(ev))) return FR_MISSING;
    let i: i32 = -1;
    const argLen = unchecked(tkArgLen[k]);
    if (argLen > 0) i = findParam(ev, unchecked(tkArgPtr[k]), argLen);
    else {
      const a = unchecked(tkArgNum[k]);
      if (a >= 0 && a < <i64>renderedParams(ev)) i = <i32>a;
    }
    if (i < 0) return FR_MISSING;
    renderArg(ev, i, bufMode);
    return FR_STRING;
  }
  // The default line's two state fields, straight from the state query (no value-buffer round trip).
  if (f == F_PROC_NAME) {
    const id = qComm(ev);
    if (id < 0) return FR_MISSING;
    putBytes(strPtr(id), strLen(id));
    return FR_STRING;
  }
  if (f == F_THREAD_TID) { putI64(qTid(ev)); return FR_NUMBER; }
  return writeExtracted(k, ev);
}

/** Any other field: ask the extractors and print the value buffer (several values joined by ","). */
function writeExtracted(k: i32, ev: u32): i32 {
  const n = extractField(unchecked(tkField[k]), unchecked(tkArgNum[k]), unchecked(tkArgPtr[k]), unchecked(tkArgLen[k]), ev);
  if (n <= 0) return FR_MISSING;
  let res = FR_NUMBER;
  for (let j = 0; j < n; j++) {
    if (j > 0) putByte(44);
    const kind = unchecked(valKind[j]);
    const num = unchecked(valNum[j]);
    // the field's print format (schema): 9-digit padded nanoseconds, upper-case hex (sysdig's rendering)
    const pf = unchecked(FIELD_FMT[unchecked(tkField[k])]);
    if ((kind == V_UINT || kind == V_INT) && pf == 3) putU64Pad(num, jsonMode ? 0 : 9);
    else if ((kind == V_UINT || kind == V_INT) && pf == 2) putHex(kind == V_INT ? <u64><u32>(<i64>num) : num, true);
    else if (kind == V_DOUBLE) putDouble1(reinterpret<f64>(num));
    else if (kind == V_UINT) putU64(num);
    else if (kind == V_INT) putI64(<i64>num);
    else if (kind == V_BOOL) { putAscii(num != 0 ? 'true' : 'false'); res = FR_STRING; }
    else if (kind == V_DOUBLE) { putDoubleG(reinterpret<f64>(num)); }
    else if (kind == V_STR) { putBytes(unchecked(valPtr[j]), unchecked(valLen[j])); res = FR_STRING; }
    else if (kind == V_BYTES) { putDots(unchecked(valPtr[j]), unchecked(valLen[j])); res = FR_STRING; }
    else if (kind == V_IPV4) {
      // network order packed big-endian into the low 32 bits
      putU64((num >> 24) & 255); putByte(46); putU64((num >> 16) & 255); putByte(46);
      putU64((num >> 8) & 255); putByte(46); putU64(num & 255);
      res = FR_STRING;
    } else if (kind == V_IPV6) { putIPv6(unchecked(valPtr[j])); res = FR_STRING; }
    else { res = FR_STRING; }
  }
  if (n > 1) res = FR_STRING;
  return res;
}

// ---- batches --------------------------------------------------------------------------------------------

/** Events counted toward `-n` so far (sysdig counts every delivered event, hidden internal ones too). */
export let fmtCounted: u64 = 0;

let selPtr: usize = 0;
let selBytes: u32 = 0;

/** Optional selection (a filter's result): bit i set = event i matches; events past its `bytes` do not. 0 = every event. */
export function fmtSetSelection(bitsetPtr: usize, bytes: u32): void { selPtr = bitsetPtr; selBytes = bytes; }

export function fmtResetCount(): void { fmtCounted = 0; }

@inline function selected(ev: u32): bool {
  if (selPtr == 0) return true;
  if ((ev >> 3) >= selBytes) return false;
  return (load<u8>(selPtr + (ev >> 3)) & (1 << (ev & 7))) != 0;
}

/**
 * Formats events from `start` until `outBudget` bytes are in the output buffer, the event count ends,
 * or `maxCount` events were counted (0 = no limit). Returns the next event index to format.
 */
export function formatBatch(start: u32, outBudget: u32, maxCount: u64): u32 {
  const n = eventCount();
  let ev = start;
  while (ev < n && outLen < outBudget) {
    if (maxCount != 0 && fmtCounted >= maxCount) break;
    // past the selection's last byte nothing is selected: done (a page of rows does not scan the rest)
    if (selPtr != 0 && (ev >> 3) >= selBytes) return n;
    if (!selected(ev)) { ev++; continue; }
    if (evCounted(ev)) fmtCounted++;
    else if (!(showAll && evInitialState(ev))) { ev++; continue; }
    if (!showAll && !evVisible(ev)) { ev++; continue; }
    formatOne(ev);
    ev++;
  }
  return ev;
}

/** Formats one event as one line (text or JSON) plus '\n'; returns false (nothing written) if it fails the plan. */
export function formatOne(ev: u32): bool {
  const lineStart = outMark();
  if (jsonMode) putByte(123);
  let firstKey = true;
  let k0 = 0, k1 = nTokens;
  if (pluginStart >= 0) {
    if (evType(ev) == PPME_PLUGINEVENT_E) k0 = pluginStart; else k1 = pluginStart;
  }
  for (let k = k0; k < k1; k++) {
    if (unchecked(tkKind[k]) == TK_LITERAL) {
      if (!jsonMode) putBytes(unchecked(tkTextPtr[k]), unchecked(tkTextLen[k]));
      continue;
    }
    if (jsonMode) {
      if (!firstKey) putByte(44);
      putByte(34); putBytes(unchecked(tkTextPtr[k]), unchecked(tkTextLen[k])); putByte(34); putByte(58);
      const vMark = outMark();
      putByte(34);
      const r = writeField(k, ev);
      if (r == FR_MISSING) {
        if (requireAll) { outRewind(lineStart); return false; }
        outRewind(vMark); putAscii('null');
      } else if (r == FR_NUMBER) {
        // drop the opening quote: shift the number left by one byte
        const len = outLen - vMark - 1;
        memory.copy(outPtr() + vMark, outPtr() + vMark + 1, len);
        outRewind(vMark + len);
      } else {
        jsonEscapeSince(vMark + 1);
        putByte(34);
      }
      firstKey = false;
      continue;
    }
    const m = outMark();
    const r = writeField(k, ev);
    if (r == FR_MISSING) {
      if (requireAll) { outRewind(lineStart); return false; }
      putAscii('<NA>');
    }
    const w = unchecked(tkWidth[k]);
    if (w != 0) padSince(m, w);
  }
  if (jsonMode) putByte(125);
  putByte(10);
  return true;
}

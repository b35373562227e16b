// Per-event numbers read straight from the event for the filter: evt.failed, evt.rawres, fd.num and
// evt.buflen, without the general field path (extractField, the value buffer's origins, loadCur's copy of
// every parameter). Each reader gives exactly what the field's extractor gives (fields/evt.ts, fields/fd.ts):
// the same value and kind, or "missing" (DIRECT_GENERAL, "take the general path", is kept for a reader
// that cannot answer an event). test/unit/filter-fastpath.test.ts compares every fast path with the general one.
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { EVENT_COUNT, EV_CATEGORY } from '../generated/schema';
import { evType, evOffset, evFlags, evNParams, EVF_OLD_HEADER, EVF_LARGE } from '../reader/events';
import { peekU16, peekU32, peekU64 } from '../core/raw';
import { NONE } from '../state/records';
import { evThread, evFdOwn, evFdNum } from '../state/eventstate';
import { evFlagsCompat } from '../state/compat';
import { schemaParamIndex } from '../state/params';
import { V_INT, V_UINT, V_BOOL } from '../core/values';
import { SC_CATEGORY } from '../generated/sccat';

/** The field has no value at this event (every operator false). */
export const DIRECT_MISSING: i32 = 0;
/** One value, in directKind / directNum. */
export const DIRECT_VALUE: i32 = 1;
/** Not answered here: evaluate through the general path. */
export const DIRECT_GENERAL: i32 = -1;

export let directKind: u8 = 0;
export let directNum: u64 = 0;

/** Whether `field` has a direct reader. */
export function directField(field: i32): bool {
  return field == F.F_EVT_FAILED || field == F.F_EVT_RAWRES || field == F.F_FD_NUM || field == F.F_EVT_BUFLEN;
}

/** Field `field`'s value at event `ev` (directField(field) must hold). */
export function directRead(field: i32, ev: u32): i32 {
  if (field == F.F_FD_NUM) return fdNum(ev);
  if (field == F.F_EVT_BUFLEN) return bufLen(ev);
  return result(field, ev);
}

@inline function one(kind: u8, num: u64): i32 { directKind = kind; directNum = num; return DIRECT_VALUE; }

// ---- parameters without loadCur ------------------------------------------------------------------------

/** Parameters the state's loadCur keeps (state/params.ts MAXP): a parameter past it is absent there. */
const MAXP: u32 = 64;
let pOff: u32 = 0;
let pLen: u32 = 0;

/** Parameter k of event ev (absolute offset and length, in directParamOff/Len); false when the event stores
 *  fewer than k + 1 (as loadCur sees it). Does not disturb locateParams' one-event cache. */
export function directParam(ev: u32, k: u32): bool {
  if (!param(ev, k)) return false;
  directParamOff = pOff;
  directParamLen = pLen;
  return true;
}
export let directParamOff: u32 = 0;
export let directParamLen: u32 = 0;

function param(ev: u32, k: u32): bool {
  const stored = <u32>evNParams(ev);
  if (k >= min(stored, MAXP)) return false;
  const off = evOffset(ev);
  const flags = evFlags(ev);
  const wide = (flags & EVF_LARGE) != 0;
  const lens = off + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  let v = lens + stored * (wide ? 4 : 2);
  for (let i: u32 = 0; i < k; i++) v += wide ? peekU32(lens + (i << 2)) : <u32>peekU16(lens + (i << 1));
  pOff = v;
  pLen = wide ? peekU32(lens + (k << 2)) : <u32>peekU16(lens + (k << 1));
  return true;
}

// ---- evt.failed, evt.rawres (fields/evt.ts: resParam) -----------------------------------------------------

/** Per event type: index of its first "res" parameter, and (fd-creating exits) of its first "fd"; -1 none,
 *  -2 not computed yet. */
const resIdx = new StaticArray<i16>(EVENT_COUNT);
const fdIdx = new StaticArray<i16>(EVENT_COUNT);
let idxReady = false;

function prepareIndexes(): void {
  for (let t = 0; t < EVENT_COUNT; t++) {
    unchecked(resIdx[t] = <i16>schemaParamIndex(<u16>t, "res"));
    const createsFdExit = (evFlagsCompat(<u16>t) & S.EF_CREATES_FD) != 0 && (t & 1) == 1;
    unchecked(fdIdx[t] = createsFdExit ? <i16>schemaParamIndex(<u16>t, "fd") : -1);
  }
  idxReady = true;
}

function result(field: i32, ev: u32): i32 {
  const t = evType(ev);
  const failed = field == F.F_EVT_FAILED;
  if (<i32>t >= EVENT_COUNT) return failed ? one(V_BOOL, 0) : DIRECT_MISSING;
  if (!idxReady) prepareIndexes();
  // the first "res" among the parameters the event stores, else (fd-creating exits) the first "fd"
  const stored = min(<u32>evNParams(ev), MAXP);
  let k = <i32>unchecked(resIdx[t]);
  if (k < 0 || <u32>k >= stored) k = <i32>unchecked(fdIdx[t]);
  if (k < 0 || <u32>k >= stored || !param(ev, <u32>k) || pLen < 8) return failed ? one(V_BOOL, 0) : DIRECT_MISSING;
  const r = <i64>peekU64(pOff);
  return failed ? one(V_BOOL, r < 0 ? 1 : 0) : one(V_INT, <u64>r);
}

// ---- fd.num (fields/fd.ts) ------------------------------------------------------------------------------

function fdNum(ev: u32): i32 {
  const t = evType(ev);
  if ((evFlagsCompat(t) & (S.EF_CREATES_FD | S.EF_USES_FD | S.EF_DESTROYS_FD)) == 0 || evThread(ev) == NONE) return DIRECT_MISSING;
  return one(V_INT, <u64><i64>evFdNum(ev));
}

// ---- evt.buflen (fields/evt.ts) -------------------------------------------------------------------------

function bufLen(ev: u32): i32 {
  const t = evType(ev);
  if (<i32>t >= EVENT_COUNT || (t & 1) == 0) return DIRECT_MISSING;
  let cat = unchecked(EV_CATEGORY[t]) & 0x1FF;
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    // the category of its syscall (fields/evtkind.ts categoryOf)
    cat = S.EC_OTHER;
    if (param(ev, 0) && pLen >= 2) {
      const id = <i32>peekU16(pOff);
      if (id < SC_CATEGORY.length) cat = <u32>unchecked(SC_CATEGORY[id]);
    }
  }
  if ((cat & S.EC_IO_BASE) == 0 || evFdOwn(ev) == NONE) return DIRECT_MISSING;
  if (!param(ev, 0) || pLen < 8) return DIRECT_MISSING;
  const r = <i64>peekU64(pOff);
  return r >= 0 ? one(V_UINT, <u64>r) : DIRECT_MISSING;
}

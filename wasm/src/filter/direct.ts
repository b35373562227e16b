// Per-event numbers read straight from the event for the filter: evt.failed, evt.rawres, fd.num and
// evt.buflen, without the general field path (extractField, the value buffer's origins, loadCur's copy of
// every parameter). Each reader gives exactly what the field's extractor gives (fields/evt.ts, fields/fd.ts):
// the same value and kind, or "missing" (DIRECT_GENERAL, "take the general path", is kept for a reader
// that cannot answer an event). test/unit/filter-fastpath.test.ts compares every fast path with the general one.
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { evType } from '../reader/events';
import { peekU64 } from '../core/raw';
import { NONE } from '../state/records';
import { evThread, evFdOwn, evFdNum } from '../state/eventstate';
import { evFlagsCompat } from '../state/compat';
import { resultParam, bufLenParam, paramOffset } from '../state/resclass';
import { V_INT, V_UINT, V_BOOL } from '../core/values';

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

// ---- evt.failed, evt.rawres (fields/evt.ts: resParam), with state/resclass.ts finding the parameter ------

function result(field: i32, ev: u32): i32 {
  const failed = field == F.F_EVT_FAILED;
  if (!resultParam(ev)) return failed ? one(V_BOOL, 0) : DIRECT_MISSING;
  const r = <i64>peekU64(paramOffset());
  return failed ? one(V_BOOL, r < 0 ? 1 : 0) : one(V_INT, <u64>r);
}

// ---- fd.num (fields/fd.ts) ------------------------------------------------------------------------------

/** Whether fd.num has a value at ev: an fd syscall's event with a thread. */
export function fdNumHasValue(ev: u32): bool {
  return (evFlagsCompat(evType(ev)) & (S.EF_CREATES_FD | S.EF_USES_FD | S.EF_DESTROYS_FD)) != 0 && evThread(ev) != NONE;
}

function fdNum(ev: u32): i32 {
  return fdNumHasValue(ev) ? one(V_INT, <u64><i64>evFdNum(ev)) : DIRECT_MISSING;
}

// ---- evt.buflen (fields/evt.ts) -------------------------------------------------------------------------

function bufLen(ev: u32): i32 {
  return bufLenParam(ev, evFdOwn(ev) != NONE) ? one(V_UINT, peekU64(paramOffset())) : DIRECT_MISSING;
}

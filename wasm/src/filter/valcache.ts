// Per-event results of string and small numeric fields, kept between filter runs: the interned string
// id a field extracted for each event, or for numeric fields the id of its value tuple (up to two
// integers of at most 28 bits, with their kinds: fd.port's two endpoints, evt.failed, fd.num…, interned
// here, at most 1M distinct tuples), or "missing", or "not cacheable". A field's value for an event never
// changes once the capture is loaded (state is versioned), so the next filter on the same field
// (`fd.name startswith /etc`, then `fd.name contains x`) reads one i32 per event instead of running
// the extractor again; with the per-id memo that is a lookup per event. Two columns at most
// (4 bytes per event each), least recently used dropped; all dropped when the event count changes.
import { eventCount } from '../reader/events';
import { FIELD_TYPE } from '../generated/fields';
import * as S from '../generated/schema';
import { V_UINT, V_INT, V_BOOL, valKind, valNum, valPtr, valLen, valStrId } from '../core/values';

export const VC_UNKNOWN: i32 = -2;
export const VC_MISSING: i32 = -1;
export const VC_UNCACHEABLE: i32 = -3;

const SLOTS: i32 = 2;
const slotField = new StaticArray<i32>(SLOTS);
const slotPtr = new StaticArray<usize>(SLOTS);
const slotUsed = new StaticArray<u32>(SLOTS);
let clock: u32 = 0;
let cachedEvents: u32 = 0;
let initialised = false;

function init(): void {
  tuplesReset();
  for (let s = 0; s < SLOTS; s++) { unchecked(slotField[s] = -1); unchecked(slotPtr[s] = 0); }
  initialised = true;
}

const KIND_NONE: u8 = 0;
const KIND_STRING: u8 = 1;
const KIND_NUMERIC: u8 = 2;
// Per field: how its values are cached, from its type (asked per event on the hot path, so tabled once).
const fieldKind = new StaticArray<u8>(FIELD_TYPE.length);
let kindsReady = false;

function kindOfType(t: u8): u8 {
  if (t == S.PT_CHARBUF || t == S.PT_FSPATH || t == S.PT_FSRELPATH) return KIND_STRING;
  const numeric = t == S.PT_PORT || t == S.PT_BOOL || t == S.PT_INT8 || t == S.PT_INT16 || t == S.PT_INT32 || t == S.PT_INT64 ||
    t == S.PT_UINT8 || t == S.PT_UINT16 || t == S.PT_UINT32 || t == S.PT_UINT64 || t == S.PT_FD || t == S.PT_PID ||
    t == S.PT_ERRNO || t == S.PT_UID || t == S.PT_GID || t == S.PT_L4PROTO || t == S.PT_SOCKFAMILY || t == S.PT_FLAGS8 ||
    t == S.PT_FLAGS16 || t == S.PT_FLAGS32 || t == S.PT_MODE || t == S.PT_SIGTYPE || t == S.PT_FD32 || t == S.PT_PID32 ||
    t == S.PT_ENUMFLAGS8 || t == S.PT_ENUMFLAGS16 || t == S.PT_ENUMFLAGS32;
  return numeric ? KIND_NUMERIC : KIND_NONE;
}

@inline function kindOf(field: i32): u8 {
  if (field < 0 || field >= FIELD_TYPE.length) return KIND_NONE;
  if (!kindsReady) {
    for (let f = 0; f < FIELD_TYPE.length; f++) unchecked(fieldKind[f] = kindOfType(unchecked(FIELD_TYPE[f])));
    kindsReady = true;
  }
  return unchecked(fieldKind[field]);
}

/** Whether a field's values are worth caching by string id (string-typed fields). */
export function cacheableField(field: i32): bool { return kindOf(field) == KIND_STRING; }

/** Whether a field's values may be small integers worth caching as tuples (the values decide per event). */
export function numCacheableField(field: i32): bool { return kindOf(field) == KIND_NUMERIC; }

// ---- numeric value tuples ----------------------------------------------------------------------------
// key: bit 62 = count - 1, bits 59-61 / 56-58 = kinds, bits 28-55 / 0-27 = the two values (28 bits each;
// V_INT as two's complement). Every tuple that fits is exact: decoding gives back the extractor's values.
const MAX_TUPLES: i32 = 1 << 20;
let tupleIds = new Map<u64, i32>();
let tupleKeys = new Array<u64>(0);
const FRONT: i32 = 4096;
const frontKey = new StaticArray<u64>(FRONT);
const frontId = new StaticArray<i32>(FRONT);

function tuplesReset(): void {
  tupleIds = new Map<u64, i32>();
  tupleKeys = new Array<u64>(0);
  for (let i = 0; i < FRONT; i++) unchecked(frontId[i] = -1);
}

@inline function fits(kind: u8, v: u64): bool {
  if (kind == V_INT) { const x = <i64>v; return x >= -(1 << 27) && x < (1 << 27); }
  return (kind == V_UINT || kind == V_BOOL) && v < (1 << 28);
}

/** The tuple id of the value buffer's first n values, or VC_UNCACHEABLE. */
export function numTupleId(n: i32): i32 {
  if (n < 1 || n > 2) return VC_UNCACHEABLE;
  const k0 = unchecked(valKind[0]), v0 = unchecked(valNum[0]);
  if (!fits(k0, v0)) return VC_UNCACHEABLE;
  let key = (<u64>k0 << 59) | ((v0 & 0x0FFFFFFF) << 28);
  if (n == 2) {
    const k1 = unchecked(valKind[1]), v1 = unchecked(valNum[1]);
    if (!fits(k1, v1)) return VC_UNCACHEABLE;
    key |= (<u64>1 << 62) | (<u64>k1 << 56) | (v1 & 0x0FFFFFFF);
  }
  // a direct-mapped front table (values repeat: most events hit it) before the map
  const h = <i32>((key * 0x9E3779B97F4A7C15) >> 52);
  if (unchecked(frontKey[h]) == key && unchecked(frontId[h]) >= 0) return unchecked(frontId[h]);
  let id: i32;
  if (tupleIds.has(key)) id = tupleIds.get(key);
  else {
    if (tupleKeys.length >= MAX_TUPLES) return VC_UNCACHEABLE;
    id = tupleKeys.length;
    tupleKeys.push(key);
    tupleIds.set(key, id);
  }
  unchecked(frontKey[h] = key);
  unchecked(frontId[h] = id);
  return id;
}

@inline function decodeOne(k: i32, kind: u8, bits: u64): void {
  let v = bits & 0x0FFFFFFF;
  if (kind == V_INT && (v & 0x08000000) != 0) v |= 0xFFFFFFFFF0000000;
  unchecked(valKind[k] = kind);
  unchecked(valNum[k] = v);
  unchecked(valPtr[k] = 0);
  unchecked(valLen[k] = 0);
  unchecked(valStrId[k] = -1);
}

/** Puts tuple `id`'s values into the value buffer; returns their count. */
export function numTupleLoad(id: i32): i32 {
  const key = unchecked(tupleKeys[id]);
  decodeOne(0, <u8>((key >> 59) & 7), key >> 28);
  if (((key >> 62) & 1) == 0) return 1;
  decodeOne(1, <u8>((key >> 56) & 7), key);
  return 2;
}

let lastField: i32 = -1;
let lastCol: usize = 0;

/** The cache column of a field (created on first use, evicting the least recently used), or 0. */
export function cacheColumn(field: i32): usize {
  const n = eventCount();
  if (field == lastField && n == cachedEvents) return lastCol; // the same leaf, event after event
  const c = findColumn(field, n);
  lastField = field;
  lastCol = c;
  return c;
}

/** Drops every column and tuple (exported as filterCacheClear: for a host that changes the state under a loaded capture). */
export function valueCacheClear(): void {
  if (!initialised) init();
  for (let s = 0; s < SLOTS; s++) {
    if (unchecked(slotPtr[s]) != 0) heap.free(unchecked(slotPtr[s]));
    unchecked(slotPtr[s] = 0);
    unchecked(slotField[s] = -1);
    unchecked(slotUsed[s] = 0);
  }
  tuplesReset();
  lastField = -1;
  lastCol = 0;
}

function findColumn(field: i32, n: u32): usize {
  if (!initialised) init();
  if (n != cachedEvents) {
    // events were added (a capture still loading): start over
    for (let s = 0; s < SLOTS; s++) {
      if (unchecked(slotPtr[s]) != 0) heap.free(unchecked(slotPtr[s]));
      unchecked(slotPtr[s] = 0);
      unchecked(slotField[s] = -1);
    }
    cachedEvents = n;
    tuplesReset();
  }
  if (n == 0) return 0;
  clock++;
  let victim = 0;
  for (let s = 0; s < SLOTS; s++) {
    if (unchecked(slotField[s]) == field) { unchecked(slotUsed[s] = clock); return unchecked(slotPtr[s]); }
    if (unchecked(slotUsed[s]) < unchecked(slotUsed[victim])) victim = s;
  }
  if (unchecked(slotPtr[victim]) != 0) heap.free(unchecked(slotPtr[victim]));
  const p = heap.alloc(<usize>n << 2);
  memory.fill(p, 0xfe, <usize>n << 2); // every i32 = 0xfefefefe: negative, treated as VC_UNKNOWN
  unchecked(slotPtr[victim] = p);
  unchecked(slotField[victim] = field);
  unchecked(slotUsed[victim] = clock);
  return p;
}

/** Bytes held by the per-event value columns (4 per event each) and the tuple table. */
export function filterValueCacheBytes(): f64 {
  let b: usize = 0;
  for (let s = 0; s < SLOTS; s++) if (unchecked(slotPtr[s]) != 0) b += <usize>cachedEvents << 2;
  return <f64>(b + <usize>tupleKeys.length * 24);
}
/** Columns held now, and the most there can be. */
export function filterValueCacheColumns(): i32 {
  let c = 0;
  for (let s = 0; s < SLOTS; s++) if (unchecked(slotPtr[s]) != 0) c++;
  return c;
}
export function filterValueCacheMaxColumns(): i32 { return SLOTS; }
/** Distinct numeric value tuples interned. */
export function filterValueCacheTuples(): i32 { return tupleKeys.length; }

// Per-event results of string fields, kept between filter runs: the interned string id a field
// extracted for each event (or "missing", or "not cacheable"). A field's value for an event never
// changes once the capture is loaded (state is versioned), so the next filter on the same field
// (`fd.name startswith /etc`, then `fd.name contains x`) reads one i32 per event instead of running
// the extractor again; with the per-string-id memo that is a lookup per event. Two columns at most
// (4 bytes per event each), least recently used dropped; all dropped when the event count changes.
import { eventCount } from '../reader/events';
import { FIELD_TYPE } from '../generated/fields';
import { PT_CHARBUF, PT_FSPATH, PT_FSRELPATH } from '../generated/schema';

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
  for (let s = 0; s < SLOTS; s++) { unchecked(slotField[s] = -1); unchecked(slotPtr[s] = 0); }
  initialised = true;
}

/** Whether a field's values are worth caching by string id (string-typed fields). */
export function cacheableField(field: i32): bool {
  if (field < 0 || field >= FIELD_TYPE.length) return false;
  const t = unchecked(FIELD_TYPE[field]);
  return t == PT_CHARBUF || t == PT_FSPATH || t == PT_FSRELPATH;
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

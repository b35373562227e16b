// Remembers, per (field and argument, event), plugin field results that can be rebuilt from the raw bytes alone:
// "no value", or one value whose text is exactly its byte range (numbers, literals, sub-ranges) or its
// range without the quotes (plain strings). Re-filtering and re-rendering then skip the JSON scan, which
// is what costs. Anything else (several values, decoded escapes, compacted objects, inferred values,
// numbers) is marked uncacheable and always extracted. A capture's bytes never change once indexed, so
// entries never go stale. Memory: 8 bytes per event per cached field, capped overall.
import { valCount, valKind, valPtr, valLen, valRangeStart, valRangeLen, valOrigin, valPush, V_STR, O_EVENT } from '../core/values';
import { rawPtr } from '../core/raw';
import { eventCount } from '../reader/events';

const NOT_COMPUTED: u32 = 0xFFFFFFFF;
const MISSING: u32 = 0xFFFFFFFE;
const UNCACHEABLE: u32 = 0xFFFFFFFD;
/** Set in the stored length when the value is the range without its surrounding quotes. */
const QUOTED: u32 = 0x80000000;
const MAX_BYTES: usize = 256 << 20;

class FieldCache {
  start: StaticArray<u32>;
  len: StaticArray<u32>;
  constructor(n: i32) {
    this.start = new StaticArray<u32>(n);
    this.len = new StaticArray<u32>(n);
    memory.fill(changetype<usize>(this.start), 0xFF, <usize>n << 2);
  }
}

const caches = new Map<i32, FieldCache>();
let bytesUsed: usize = 0;

// Fields with an argument (json.value[/stage], ka.uri.param[x], containers[0]) get one slot per argument:
// Falco rules evaluate jevt.value[/stage] on every event for every k8s_audit rule.
const argSlots = new Map<string, i32>();
const MAX_ARG_SLOTS: i32 = 256;
const MAX_ARG_LEN: u32 = 256;
const ARG_SLOT_BASE: i32 = 1 << 20;

/** Cache slot of a field and its argument, or -1 when such results are not cached. */
export function cacheSlot(field: i32, argNum: i64, argPtr: usize, argLen: u32): i32 {
  if (argNum < 0 && argLen == 0) return field;
  if (argLen > MAX_ARG_LEN) return -1;
  const key = field.toString() + (argLen > 0 ? '|' + String.UTF8.decodeUnsafe(argPtr, argLen) : '#' + argNum.toString());
  if (argSlots.has(key)) return argSlots.get(key);
  if (argSlots.size >= MAX_ARG_SLOTS) return -1;
  const slot = ARG_SLOT_BASE + argSlots.size;
  argSlots.set(key, slot);
  return slot;
}

function capacityFor(n: u32): i32 {
  let c: u32 = 1024;
  while (c < n) c <<= 1;
  return <i32>c;
}

/** The cache of `field` covering event `ev`, created or grown as needed; null when over budget. */
function cacheOf(field: i32, ev: u32): FieldCache | null {
  let c: FieldCache | null = caches.has(field) ? caches.get(field) : null;
  if (c != null && <i32>ev < c.start.length) return c;
  const n = capacityFor(max(eventCount(), ev + 1));
  const old = c == null ? 0 : c.start.length;
  const extra = <usize>(n - old) << 3;
  if (bytesUsed + extra > MAX_BYTES) return null;
  const g = new FieldCache(n);
  if (c != null) {
    memory.copy(changetype<usize>(g.start), changetype<usize>(c.start), <usize>old << 2);
    memory.copy(changetype<usize>(g.len), changetype<usize>(c.len), <usize>old << 2);
  }
  bytesUsed += extra;
  caches.set(field, g);
  return g;
}

/** Replays a cached result into the value buffer; false when nothing usable is cached. */
export function cacheReplay(field: i32, ev: u32): bool {
  if (!caches.has(field)) return false;
  const c = caches.get(field);
  if (<i32>ev >= c.start.length) return false;
  const s = unchecked(c.start[ev]);
  if (s == NOT_COMPUTED || s == UNCACHEABLE) return false;
  if (s == MISSING) return true;
  const l = unchecked(c.len[ev]);
  const n = l & ~QUOTED;
  const base = rawPtr();
  if ((l & QUOTED) != 0) valPush(V_STR, 0, base + s + 1, n - 2, -1, s, n, O_EVENT, 0);
  else valPush(V_STR, 0, base + s, n, -1, s, n, O_EVENT, 0);
  return true;
}

/** Records what the extraction just left in the value buffer for (field, ev). */
export function cacheStore(field: i32, ev: u32): void {
  const c = cacheOf(field, ev);
  if (c == null) return;
  if (valCount == 0) { unchecked(c.start[ev] = MISSING); return; }
  let verdict = UNCACHEABLE;
  let len: u32 = 0;
  if (valCount == 1 && unchecked(valKind[0]) == V_STR && unchecked(valOrigin[0]) == O_EVENT) {
    const s = unchecked(valRangeStart[0]);
    const rl = unchecked(valRangeLen[0]);
    const p = unchecked(valPtr[0]);
    const vl = unchecked(valLen[0]);
    const at = rawPtr() + s;
    if (rl < QUOTED && s < UNCACHEABLE) {
      if (p == at && vl == rl) { verdict = s; len = rl; }
      else if (rl >= 2 && p == at + 1 && vl == rl - 2 && load<u8>(at) == 0x22) { verdict = s; len = rl | QUOTED; }
    }
  }
  unchecked(c.start[ev] = verdict);
  unchecked(c.len[ev] = len);
}

// Memory counters (vm_size, vm_rss, vm_swap) change on every brk/mmap/munmap exit. Versioning the whole
// thread record for each of those would cost a record per mmap; instead each thread keeps the list of
// events that updated its counters, and a lookup binary-searches the last one at or before an event and
// reads the three values from that event's own parameters.
import { locateParams, paramOff, paramLen, evType } from '../reader/events';
import { PPME_SCHEDSWITCH_6_E } from '../generated/schema';
import { peekU32 } from '../core/raw';
import { NONE } from './records';
import { U32Lists } from './u32lists';

/** Per (section, tid): the update events, in event order. */
const updates = new U32Lists();

@inline function key(section: u16, tid: i64): u64 {
  return (<u64>section << 48) ^ <u64>tid;
}

/** Event `ev` (a brk/mmap/munmap exit of `tid`, or a switch of one of its threads) updated the thread's memory counters. */
export function vmRecord(section: u16, tid: i64, ev: u32): void {
  updates.push(key(section, tid), ev);
}

/** The last update of `tid` in (after, ev], or NONE. */
export function vmLastUpdate(section: u16, tid: i64, after: u32, ev: u32): u32 {
  const l = updates.find(key(section, tid));
  if (l == NONE) return NONE;
  let lo: i32 = 0, hi: i32 = <i32>updates.length(l) - 1, res: i32 = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (updates.at(l, <u32>mid) <= ev) { res = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (res < 0) return NONE;
  const u = updates.at(l, <u32>res);
  if (after != NONE && u < after) return NONE;
  return u;
}

/** vm_size/vm_rss/vm_swap (k = 0, 1, 2) from update event `u` (params 1..3). */
export function vmValue(u: u32, k: i32): u32 {
  const n = locateParams(u);
  const i = k + (evType(u) == PPME_SCHEDSWITCH_6_E ? 3 : 1); // a switch has next, pgft_maj, pgft_min first
  if (i >= n || paramLen[i] < 4) return 0;
  return peekU32(paramOff[i]);
}

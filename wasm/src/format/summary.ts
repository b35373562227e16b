// One pass over the index for the capture summary: the time span (events stamped 0, such as container
// events, say nothing about it) and the visible events per type key — the event type, or for generic
// syscall events the type with their syscall ids, since %evt.type names those by syscall. Each key keeps
// one representative event; the host names it through the formatter, so the names are exactly what
// %evt.type prints, without formatting every event.
import { eventCount, evType, evTs, locateParams, paramOff, paramLen } from '../reader/events';
import { peekU16 } from '../core/raw';
import { EVENT_COUNT, PPME_GENERIC_E, PPME_GENERIC_X } from '../generated/schema';
import { initialStateEnd, shownEvent, shownTypes } from '../state/visibility';

let firstTs: u64 = 0;
let lastTs: u64 = 0;
let keyEvent = new Array<u32>(0);
let keyCount = new Array<u32>(0);

/** Type key of a visible event: the type, with the generic event's syscall id and native number. */
function typeKey(ev: u32): u64 {
  const t = evType(ev);
  if (t != PPME_GENERIC_E && t != PPME_GENERIC_X) return <u64>t << 32;
  const n = locateParams(ev);
  const id: u64 = n >= 1 && unchecked(paramLen[0]) >= 2 ? <u64>peekU16(unchecked(paramOff[0])) : 0xFFFF;
  const nr: u64 = n >= 2 && unchecked(paramLen[1]) >= 2 ? <u64>peekU16(unchecked(paramOff[1])) : 0xFFFF;
  return (<u64>t << 32) | (id << 16) | nr;
}

/** Scans every event; returns the number of type keys (see summaryKeyEvent/summaryKeyCount). */
export function summaryScan(): i32 {
  const n = eventCount();
  // keys of ordinary types by type (a table), of generic events by their syscall ids (a map)
  const byType = new StaticArray<i32>(EVENT_COUNT).fill(-1);
  const generic = new Map<u64, i32>();
  keyEvent = new Array<u32>(0);
  keyCount = new Array<u32>(0);
  firstTs = 0;
  lastTs = 0;
  const shown = shownTypes();
  const shownFrom = initialStateEnd(n);
  for (let i: u32 = 0; i < n; i++) {
    const ts = evTs(i);
    if (ts != 0) {
      if (firstTs == 0 || ts < firstTs) firstTs = ts;
      if (ts > lastTs) lastTs = ts;
    }
    if (i < shownFrom || !shownEvent(shown, i)) continue;
    const t = <i32>evType(i);
    let k: i32;
    if (t != PPME_GENERIC_E && t != PPME_GENERIC_X && t < EVENT_COUNT) {
      k = unchecked(byType[t]);
      if (k < 0) { k = newKey(i); unchecked(byType[t] = k); }
    } else {
      const key = typeKey(i);
      if (generic.has(key)) k = generic.get(key);
      else { k = newKey(i); generic.set(key, k); }
    }
    unchecked(keyCount[k] = unchecked(keyCount[k]) + 1);
  }
  return keyEvent.length;
}

function newKey(ev: u32): i32 {
  const k = keyEvent.length;
  keyEvent.push(ev);
  keyCount.push(0);
  return k;
}

export function summaryFirstTs(): u64 { return firstTs; }
export function summaryLastTs(): u64 { return lastTs; }
export function summaryKeyEvent(k: i32): u32 { return unchecked(keyEvent[k]); }
export function summaryKeyCount(k: i32): u32 { return unchecked(keyCount[k]); }

// The current-Falco event model in the engine. Current Falco reads old enter/exit captures through
// libscap's savefile converter (schema/converter.json, scap-format.md §3.6): most enter events are
// stored per thread and dropped, exits gain the enter parameters, old versions become the current type.
//
// 1. convertRun() simulates that converter over the event index, once per capture: per event, whether
//    it is delivered (rules evaluate it), the type it ends up with, and which stored enter it consumed.
//    The host reads the three columns (engine/rules/capture-run.ts); engine/rules/event-model.ts is the
//    same algorithm in TypeScript, kept as the reference the tests compare against.
// 2. setMergeEnterParams(): while rules run in this model, `evt.arg.NAME` on an exit event that lacks
//    NAME is taken from its paired enter event (fields/evt.ts).
// Bounded: at most CV_MAX_ROUNDS conversions per event; the per-thread table grows by doubling.
import { eventCount, evType, evNParams, evTid } from '../reader/events';
import { evVisible } from '../state/visibility';
import { EV_FLAGS, EV_NPARAMS, EVENT_COUNT, EF_UNUSED, EF_OLD_VERSION, EF_CONVERTER_MANAGED } from '../generated/schema';
import {
  CONVERT_STAT_DELIVERED, CONVERT_STAT_STORED_ENTERS, CONVERT_STAT_DROPPED, CONVERT_STAT_ERRORS, CONVERT_STAT_COUNT,
} from '../generated/boundary';
import {
  CV_ACTION, CV_CHANGE_TYPE, CV_MAX_ROUNDS, CV_NEW_CODE, CV_NP_SLOTS, CV_PASS, CV_RESULT_NP, CV_SLOT, CV_STORE,
  CV_STORE_AND_PASS, CV_USES_ENTER,
} from '../generated/converter';

let mergeEnter: bool = false;

export function setMergeEnterParams(on: i32): void {
  mergeEnter = on != 0;
}

@inline export function mergeEnterParams(): bool {
  return mergeEnter;
}

const E_PASS: i32 = 0, E_DROP: i32 = 1, E_CONVERT: i32 = 2, E_ERROR: i32 = 3;

function eligibility(code: i32, np: i32): i32 {
  if (code >= EVENT_COUNT) return E_DROP;
  const f = unchecked(EV_FLAGS[code]);
  if ((f & EF_UNUSED) != 0) return E_DROP;
  const enter = (code & 1) == 0;
  if ((f & EF_CONVERTER_MANAGED) == 0) {
    if ((f & EF_OLD_VERSION) == 0) return E_PASS;
    return enter ? E_DROP : E_ERROR;
  }
  if (enter) return E_CONVERT;
  const tableN = <i32>unchecked(EV_NPARAMS[code]);
  if (np > tableN) return E_ERROR;
  if ((f & EF_OLD_VERSION) != 0 || np != tableN) return E_CONVERT;
  return E_PASS;
}

// ---- pending enter events per thread: open addressing, i64 keys, never deleted (a slot is emptied) ----
let tabCap: u32 = 0;
let tabUsed: u32 = 0;
let tabKeys: usize = 0;   // i64
let tabIndex: usize = 0;  // i32 event index, -1 = none pending
let tabCode: usize = 0;   // i32 type code of the stored (converted) enter
let tabFull: usize = 0;   // u8 slot in use

function tabInit(cap: u32): void {
  tabCap = cap;
  tabUsed = 0;
  tabKeys = heap.alloc(<usize>cap << 3);
  tabIndex = heap.alloc(<usize>cap << 2);
  tabCode = heap.alloc(<usize>cap << 2);
  tabFull = heap.alloc(<usize>cap);
  memory.fill(tabFull, 0, cap);
}

function tabFree(): void {
  if (tabCap == 0) return;
  heap.free(tabKeys); heap.free(tabIndex); heap.free(tabCode); heap.free(tabFull);
  tabCap = 0;
}

@inline function hash(k: i64): u32 {
  let h = <u64>k * 0x9E3779B97F4A7C15;
  return <u32>(h >> 32);
}

/** Slot of key k (existing or the free one where it goes). */
function tabSlot(k: i64): u32 {
  let s = hash(k) & (tabCap - 1);
  for (let probe: u32 = 0; probe < tabCap; probe++) {
    if (load<u8>(tabFull + s) == 0 || load<i64>(tabKeys + (<usize>s << 3)) == k) return s;
    s = (s + 1) & (tabCap - 1);
  }
  return 0; // unreachable: the table is never full (grown at half load)
}

function tabGrow(): void {
  const oldCap = tabCap, oldKeys = tabKeys, oldIndex = tabIndex, oldCode = tabCode, oldFull = tabFull;
  tabInit(oldCap << 1);
  for (let s: u32 = 0; s < oldCap; s++) {
    if (load<u8>(oldFull + s) == 0) continue;
    const k = load<i64>(oldKeys + (<usize>s << 3));
    const t = tabSlot(k);
    store<u8>(tabFull + t, 1);
    store<i64>(tabKeys + (<usize>t << 3), k);
    store<i32>(tabIndex + (<usize>t << 2), load<i32>(oldIndex + (<usize>s << 2)));
    store<i32>(tabCode + (<usize>t << 2), load<i32>(oldCode + (<usize>s << 2)));
    tabUsed++;
  }
  heap.free(oldKeys); heap.free(oldIndex); heap.free(oldCode); heap.free(oldFull);
}

function tabPut(k: i64, index: i32, code: i32): void {
  if ((tabUsed + 1) * 2 > tabCap) tabGrow();
  const s = tabSlot(k);
  if (load<u8>(tabFull + s) == 0) { store<u8>(tabFull + s, 1); store<i64>(tabKeys + (<usize>s << 3), k); tabUsed++; }
  store<i32>(tabIndex + (<usize>s << 2), index);
  store<i32>(tabCode + (<usize>s << 2), code);
}

// ---- the columns ----
let outDelivered: usize = 0; // u32 indices
let outFinal: usize = 0;     // u16 per event
let outEnter: usize = 0;     // i32 per event
let nDelivered: u32 = 0;
let nEvents: u32 = 0;
const stats = new StaticArray<u32>(CONVERT_STAT_COUNT); // by CONVERT_STAT_*

function freeColumns(): void {
  if (outDelivered != 0) { heap.free(outDelivered); heap.free(outFinal); heap.free(outEnter); outDelivered = 0; }
}

/**
 * Runs the converter simulation over all events (current = 1) or the identity (legacy = 0: every
 * visible event delivered with its stored type). Returns the number of delivered events.
 */
export function convertRun(current: i32): u32 {
  freeColumns();
  const n = eventCount();
  nEvents = n;
  outDelivered = heap.alloc(<usize>max<u32>(n, 1) << 2);
  outFinal = heap.alloc(<usize>max<u32>(n, 1) << 1);
  outEnter = heap.alloc(<usize>max<u32>(n, 1) << 2);
  memory.fill(outEnter, 0xFF, <usize>n << 2);
  for (let k = 0; k < CONVERT_STAT_COUNT; k++) unchecked(stats[k] = 0);
  let nd: u32 = 0;
  if (current == 0) {
    for (let i: u32 = 0; i < n; i++) {
      store<u16>(outFinal + (<usize>i << 1), evType(i));
      if (evVisible(i)) { store<u32>(outDelivered + (<usize>nd << 2), i); nd++; }
    }
    nDelivered = nd;
    unchecked(stats[CONVERT_STAT_DELIVERED] = nd);
    return nd;
  }
  tabInit(1024);
  for (let i: u32 = 0; i < n; i++) {
    let code = <i32>evType(i);
    let np = <i32>evNParams(i);
    let deliver = false;
    let haveTid = false;
    let tid: i64 = 0;
    let enterOf: i32 = -1;
    for (let round = 0; round < CV_MAX_ROUNDS; round++) {
      const e = eligibility(code, np);
      if (e == E_PASS) { deliver = true; break; }
      if (e == E_DROP) { unchecked(stats[CONVERT_STAT_DROPPED]++); break; }
      if (e == E_ERROR) { unchecked(stats[CONVERT_STAT_ERRORS]++); deliver = true; break; }
      const r = np < CV_NP_SLOTS ? <i32>unchecked(CV_SLOT[code * CV_NP_SLOTS + np]) : -1;
      if (r < 0) {
        // No table entry: libscap reports an error; old enter events without one are dropped.
        if ((code & 1) == 0) unchecked(stats[CONVERT_STAT_DROPPED]++); else { unchecked(stats[CONVERT_STAT_ERRORS]++); deliver = true; }
        break;
      }
      const action = unchecked(CV_ACTION[r]);
      if (!haveTid) { tid = evTid(i); haveTid = true; }
      if (action == CV_STORE) { tabPut(tid, <i32>i, code); unchecked(stats[CONVERT_STAT_STORED_ENTERS]++); break; }
      if (action == CV_STORE_AND_PASS) { tabPut(tid, <i32>i, code); deliver = true; break; }
      if (action == CV_PASS) { deliver = true; break; }
      if (unchecked(CV_USES_ENTER[r]) != 0 && enterOf < 0) {
        const s = tabSlot(tid);
        if (load<u8>(tabFull + s) != 0) {
          const pi = load<i32>(tabIndex + (<usize>s << 2));
          if (pi >= 0 && load<i32>(tabCode + (<usize>s << 2)) == code - 1) {
            enterOf = pi;
            store<i32>(tabIndex + (<usize>s << 2), -1);
          }
        }
      }
      if (action == CV_CHANGE_TYPE) code = <i32>unchecked(CV_NEW_CODE[r]);
      np = <i32>unchecked(CV_RESULT_NP[r]);
    }
    store<u16>(outFinal + (<usize>i << 1), <u16>code);
    store<i32>(outEnter + (<usize>i << 2), enterOf);
    if (deliver && evVisible(i)) { store<u32>(outDelivered + (<usize>nd << 2), i); nd++; }
  }
  tabFree();
  nDelivered = nd;
  unchecked(stats[CONVERT_STAT_DELIVERED] = nd);
  return nd;
}

export function convertDeliveredPtr(): usize { return outDelivered; }
export function convertFinalTypePtr(): usize { return outFinal; }
export function convertEnterOfPtr(): usize { return outEnter; }
/** 0 delivered, 1 stored enter events, 2 dropped, 3 errors (events the converter would reject). */
export function convertStat(k: i32): u32 { return k >= 0 && k < CONVERT_STAT_COUNT ? unchecked(stats[k]) : 0; }

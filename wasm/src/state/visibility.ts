// Which events sysdig shows, how it numbers them, and what `-n` counts — checked against sysdig 0.29.3
// on every sample (test/golden/read-*.test.ts):
// - evt.num is the 1-based position among all events the reader delivers, hidden ones included
//   (procinfo, state-only), continuing across concatenated sections. So it is the file index + 1.
// - evt.reltime counts from the first (non-container) event of the event's own section.
// - Hidden: internal events (EC_INTERNAL: procinfo, scapevent, drop...), state-only events (EVF flag),
//   container JSON events (sinsp filters them out after applying them), and event types we don't know.
// - `-n N` counts delivered events that were not filtered out: internal ones count (sysdig prints
//   fewer than N lines), state-only and container events do not.
// - The run of initial-state events a file starts with (user/group added or deleted, container JSON v2,
//   async events) is consumed by current libs when the file opens (sinsp::consume_initialstate_events):
//   applied to the state and numbered, never delivered. `--all-events` still prints them.
import { evType, evFlags, evTs, eventCount, EVF_STATE_ONLY } from '../reader/events';
import {
  EVENT_COUNT, EC_INTERNAL, PPME_CONTAINER_JSON_E, PPME_CONTAINER_JSON_2_E, PPME_USER_ADDED_E, PPME_USER_DELETED_E,
  PPME_GROUP_ADDED_E, PPME_GROUP_DELETED_E, PPME_ASYNCEVENT_E,
} from '../generated/schema';
import { evCategory, knownType } from '../reader/tables';
import { sectionOf } from './section';

@inline export function evNum(ev: u32): u64 { return <u64>ev + 1; }

function isContainerEvent(t: u16): bool {
  return t == PPME_CONTAINER_JSON_E || t == PPME_CONTAINER_JSON_2_E;
}

function isInitialStateType(t: u16): bool {
  return t == PPME_CONTAINER_JSON_2_E || t == PPME_USER_ADDED_E || t == PPME_USER_DELETED_E ||
    t == PPME_GROUP_ADDED_E || t == PPME_GROUP_DELETED_E || t == PPME_ASYNCEVENT_E;
}

// End of the file's leading run of initial-state events; final once a later event has been indexed.
let initialRunEnd: u32 = 0;
let initialRunFinal = false;

/** One of the initial-state events the file starts with (consumed when the file opens). */
export function evInitialState(ev: u32): bool {
  if (!initialRunFinal) {
    const n = eventCount();
    let i = initialRunEnd;
    while (i < n && isInitialStateType(evType(i))) i++;
    initialRunEnd = i;
    initialRunFinal = i < n;
  }
  return ev < initialRunEnd;
}

/** Delivered to the consumer and not filtered out by the state engine (what `-n` counts). */
export function evCounted(ev: u32): bool {
  if ((evFlags(ev) & EVF_STATE_ONLY) != 0) return false;
  if (evInitialState(ev)) return false;
  return !isContainerEvent(evType(ev));
}

/** Shown by default (sysdig without -i / our --all-events). */
export function evVisible(ev: u32): bool {
  if (!evCounted(ev)) return false;
  const t = evType(ev);
  if (!knownType(t)) return false;
  return (evCategory(t) & EC_INTERNAL) == 0;
}

/** Per event type: 1 where evVisible can hold (not internal, not a container event), else 0. */
export function shownTypes(): StaticArray<u8> {
  const shown = new StaticArray<u8>(EVENT_COUNT);
  for (let t = 0; t < EVENT_COUNT; t++) {
    const ty = <u16>t;
    unchecked(shown[t] = !isContainerEvent(ty) && (evCategory(ty) & EC_INTERNAL) == 0 ? 1 : 0);
  }
  return shown;
}

/** evVisible with the type table of shownTypes, for events past the initial-state run (initialStateEnd). */
@inline export function shownEvent(shown: StaticArray<u8>, i: u32): bool {
  const t = evType(i);
  return <i32>t < EVENT_COUNT && unchecked(shown[t]) != 0 && (evFlags(i) & EVF_STATE_ONLY) == 0;
}

/** The first event after the file's leading run of initial-state events. */
export function initialStateEnd(n: u32): u32 {
  let i: u32 = 0;
  while (i < n && evInitialState(i)) i++;
  return i;
}

/** Sets bit i of the bitmap at bm (u32 words) for every visible event i < n: evVisible by a table per event
 *  type (the filter's base set, built once per event count). The bitmap must be zeroed. */
export function visibleBitmap(bm: usize, n: u32): void {
  const shown = shownTypes();
  for (let i = initialStateEnd(n); i < n; i++) {
    if (!shownEvent(shown, i)) continue;
    const a = bm + (<usize>(i >> 5) << 2);
    store<u32>(a, load<u32>(a) | (1 << (i & 31)));
  }
}

// First event (not a container event) of each section, found once per section: sinsp restarts at every
// section header, so evt.reltime counts from the first event of the event's own section.
const sectionFirst = new Map<u16, u32>();
const NO_EVENT: u32 = 0xFFFFFFFF;

/** Timestamp sysdig's evt.reltime is relative to for event `ev`. */
export function firstTs(ev: u32): u64 {
  const s = sectionOf(ev);
  if (!sectionFirst.has(s)) {
    let start = ev;
    while (start > 0 && sectionOf(start - 1) == s) start--;
    const n = eventCount();
    let f = NO_EVENT;
    for (let i = start; i < n && sectionOf(i) == s; i++) {
      if (!isContainerEvent(evType(i))) { f = i; break; }
    }
    if (f == NO_EVENT) return evTs(ev);
    sectionFirst.set(s, f);
  }
  return evTs(sectionFirst.get(s));
}

/** Counts visible events in [0, eventCount) (for the capture summary). */
export function visibleCount(): u32 {
  const n = eventCount();
  let c: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if (evVisible(i)) c++;
  return c;
}

// Which events sysdig shows, how it numbers them, and what `-n` counts — checked against sysdig 0.29.3
// on every sample (test/golden/read-*.test.ts):
// - evt.num is the 1-based position among all events the reader delivers, hidden ones included
//   (procinfo, state-only), continuing across concatenated sections. So it is the file index + 1.
// - Hidden: internal events (EC_INTERNAL: procinfo, scapevent, drop...), state-only events (EVF flag),
//   container JSON events (sinsp filters them out after applying them), and event types we don't know.
// - `-n N` counts delivered events that were not filtered out: internal ones count (sysdig prints
//   fewer than N lines), state-only and container events do not.
import { evType, evFlags, evTs, eventCount, EVF_STATE_ONLY } from '../reader/events';
import { EC_INTERNAL, PPME_CONTAINER_JSON_E, PPME_CONTAINER_JSON_2_E } from '../generated/schema';
import { evCategory, knownType } from '../params/tables';

@inline export function evNum(ev: u32): u64 { return <u64>ev + 1; }

function isContainerEvent(t: u16): bool {
  return t == PPME_CONTAINER_JSON_E || t == PPME_CONTAINER_JSON_2_E;
}

/** Delivered to the consumer and not filtered out by the state engine (what `-n` counts). */
export function evCounted(ev: u32): bool {
  if ((evFlags(ev) & EVF_STATE_ONLY) != 0) return false;
  return !isContainerEvent(evType(ev));
}

/** Shown by default (sysdig without -i / our --all-events). */
export function evVisible(ev: u32): bool {
  if (!evCounted(ev)) return false;
  const t = evType(ev);
  if (!knownType(t)) return false;
  return (evCategory(t) & EC_INTERNAL) == 0;
}

let firstTsIdx: i64 = -1;

/** Timestamp of the first event that is not a container event (sysdig's reference for evt.reltime). */
export function firstTs(ev: u32): u64 {
  if (firstTsIdx < 0) {
    const n = eventCount();
    for (let i: u32 = 0; i < n; i++) {
      if (!isContainerEvent(evType(i))) { firstTsIdx = i; break; }
    }
    if (firstTsIdx < 0) return evTs(ev);
  }
  return evTs(<u32>firstTsIdx);
}

/** Counts visible events in [0, eventCount) (for the capture summary). */
export function visibleCount(): u32 {
  const n = eventCount();
  let c: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if (evVisible(i)) c++;
  return c;
}

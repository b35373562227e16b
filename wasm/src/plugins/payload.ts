// Finds the JSON payload of a plugin event (`pluginevent`: plugin_id, data) or an async event
// (`asyncevent`: plugin_id, name, data) in the raw capture and scans it once: consecutive extractions on
// the same event reuse the tape, as the Falco plugins cache their parsed event.
import { evType, locateParams, paramOff, paramLen } from '../reader/events';
import { rawPtr, rawHas, peekU32 } from '../core/raw';
import { jsonScan } from '../json/scan';
import { docSet } from '../json/nav';
import { tapeGeneration } from '../json/tape';

export const EV_PLUGINEVENT: u16 = 322;
export const EV_ASYNCEVENT: u16 = 402;

let cachedEv: i64 = -1;
let cachedGen: u32 = 0;
// The raw store can move while a capture is still loading (it grows); the document pointer must follow.
let cachedRaw: usize = 0;
let cachedOk = false;
let cachedId: u32 = 0;
let cachedFound = false;

/** Plugin id of the last event passed to loadPayload (0 when it was not a plugin event). */
export let payloadPluginId: u32 = 0;
/** Whether that event had a payload in range (then nav.ts's docPtr/docLen are its bytes, valid JSON or not). */
export let payloadFound = false;

/** Plugin id of event `ev`, or 0 if it is not a plugin/async event. Does not scan. */
export function pluginIdOf(ev: u32): u32 {
  const t = evType(ev);
  if (t != EV_PLUGINEVENT && t != EV_ASYNCEVENT) return 0;
  const n = locateParams(ev);
  if (n < 1 || unchecked(paramLen[0]) != 4) return 0;
  return peekU32(unchecked(paramOff[0]));
}

/**
 * Makes event `ev`'s payload the current JSON document. Returns false if the event is not a plugin
 * event, has no payload, or the payload is not valid JSON (the scanner's error is then in json/scan.ts).
 */
export function loadPayload(ev: u32): bool {
  if (cachedEv == <i64>ev && cachedGen == tapeGeneration && cachedRaw == rawPtr()) {
    payloadPluginId = cachedId;
    payloadFound = cachedFound;
    return cachedOk;
  }
  cachedEv = ev;
  cachedRaw = rawPtr();
  cachedOk = false;
  cachedId = 0;
  cachedFound = false;
  payloadPluginId = 0;
  payloadFound = false;
  const t = evType(ev);
  if (t != EV_PLUGINEVENT && t != EV_ASYNCEVENT) { cachedGen = tapeGeneration; return false; }
  const n = locateParams(ev);
  const dataIdx = t == EV_PLUGINEVENT ? 1 : 2;
  if (n <= dataIdx || unchecked(paramLen[0]) != 4) { cachedGen = tapeGeneration; return false; }
  const id = peekU32(unchecked(paramOff[0]));
  const off = unchecked(paramOff[dataIdx]);
  const len = unchecked(paramLen[dataIdx]);
  cachedId = id;
  payloadPluginId = id;
  if (len == 0 || !rawHas(off, len)) { cachedGen = tapeGeneration; return false; }
  docSet(rawPtr() + off, len, off);
  cachedFound = true;
  payloadFound = true;
  cachedOk = jsonScan(rawPtr() + off, len) > 0;
  cachedGen = tapeGeneration;
  return cachedOk;
}

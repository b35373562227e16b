// Time text and latency for the evt.* fields: the host-zone clock and date (evt.time, evt.datetime), ISO 8601
// (evt.time.iso8601), sinsp's human duration (evt.latency.human) and the enter/exit latency.
import { evType, evTs } from '../reader/events';
import { civilFromDays, daysOf, civilYear, civilMonth, civilDay } from '../core/civil';
import { NONE } from '../state/records';
import { evLink, LINK_MASK, LINK_INHERIT } from '../state/eventstate';
import { sbByte, sbU64, sbAscii } from '../state/strbuf';

/** sinsp's m_latency as seen by event e: exits measure from the thread's last enter, enters reset it,
 *  scheduler/procinfo events keep the last one. */
export function latencyOf(e: u32): u64 {
  const t = evType(e);
  const l = evLink(e);
  if (l == NONE) return 0;
  if (l & LINK_INHERIT) {
    const r = l & LINK_MASK;
    if ((evType(r) & 1) == 0) return 0;
    return latencyOf(r);
  }
  if ((t & 1) == 0) return 0;
  const en = l & LINK_MASK;
  const te = evTs(en);
  return evTs(e) >= te ? evTs(e) - te : 0;
}

/** Host time-zone offset (seconds east of UTC) for evt.time/evt.datetime values; the host sets it on load. */
let tzOffsetSec: i64 = 0;

export function setFieldTimezone(offsetSeconds: i32): void {
  tzOffsetSec = <i64>offsetSeconds;
}

/** HH:MM:SS[.nnnnnnnnn] in the host's time zone (sysdig's ts_to_string). */
export function localClock(ts: u64, withNs: bool): void {
  let s = (<i64>(ts / 1000000000) + tzOffsetSec) % 86400;
  if (s < 0) s += 86400;
  sbPad(<u64>(s / 3600), 2); sbByte(0x3A); sbPad(<u64>(s / 60 % 60), 2); sbByte(0x3A); sbPad(<u64>(s % 60), 2);
  if (withNs) { sbByte(0x2E); sbPad(ts % 1000000000, 9); }
}

/** YYYY-MM-DD in the host's time zone. */
export function localDate(ts: u64): void {
  civilFromDays(daysOf(<i64>(ts / 1000000000) + tzOffsetSec));
  sbPad(<u64>civilYear, 4); sbByte(0x2D); sbPad(<u64>civilMonth, 2); sbByte(0x2D); sbPad(<u64>civilDay, 2);
}

/** sinsp's ts_to_iso_8601: UTC date and time, 9-digit nanoseconds, "+0000". */
export function isoTime(ts: u64): void {
  const secs = <i64>(ts / 1000000000);
  const ns = ts % 1000000000;
  const sod = secs % 86400;
  civilFromDays(secs / 86400);
  sbPad(<u64>civilYear, 4); sbByte(0x2D); sbPad(<u64>civilMonth, 2); sbByte(0x2D); sbPad(<u64>civilDay, 2); sbByte(0x54);
  sbPad(<u64>(sod / 3600), 2); sbByte(0x3A); sbPad(<u64>(sod / 60 % 60), 2); sbByte(0x3A); sbPad(<u64>(sod % 60), 2);
  sbByte(0x2E); sbPad(ns, 9); sbAscii("+0000");
}

export function sbPad(v: u64, w: i32): void {
  let n = 1;
  for (let x = v; x >= 10; x /= 10) n++;
  for (let i = n; i < w; i++) sbByte(0x30);
  sbU64(v);
}

/** sinsp's format_time (evt.latency.human): truncated, the unit chosen by magnitude. */
export function humanDuration(ns: u64): void {
  const S1: u64 = 1000000000;
  if (ns >= 3600 * S1) {
    sbPad(<u64><u32>(ns / (3600 * S1)), 2); sbByte(0x3A); sbPad(<u64><u32>((ns / (60 * S1)) % 60), 2); sbByte(0x3A);
    sbPad(<u64><u32>((ns / S1) % 60), 2);
  } else if (ns >= 60 * S1) {
    sbU64(ns / (60 * S1)); sbByte(0x3A); sbU64((ns / S1) % 60);
  } else if (ns >= S1) {
    sbU64(ns / S1); sbByte(0x2E); sbPad((ns % S1) / 10000000, 2); sbByte(0x73);
  } else if (ns >= 10000000) {
    sbU64(ns / 1000000); sbAscii("ms");
  } else if (ns >= 1000000) {
    sbU64(ns / 1000000); sbByte(0x2E); sbPad((ns % 1000000) / 10000, 2); sbAscii("ms");
  } else if (ns >= 10000) {
    sbU64(ns / 1000); sbAscii("us");
  } else if (ns >= 1000) {
    sbU64(ns / 1000); sbByte(0x2E); sbPad((ns % 1000) / 10, 2); sbAscii("us");
  } else {
    sbU64(ns); sbAscii("ns");
  }
}

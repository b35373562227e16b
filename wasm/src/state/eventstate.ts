// What the state engine records per event (11 bytes and a bit; the result byte is state/resclass.ts): the thread version and the fd version
// current for the event (after applying it, which is when sysdig formats and filters it) and the
// enter/exit link. Both versions are columns, not derived on demand, so a check on proc.* or fd.* fields
// is one evaluation per distinct version and then a gather over the events (wasm/src/filter/eval.ts).
// The thread's "last event fd" (sysdig's fd.num) is nearly always the number of the event's fd
// version (or -1 without one), so it is derived from it; only the events where it is not (an fd the
// table does not know, say) keep it, in a sorted exception list. Everything else about an event's state
// is reached from these versions, so any state field of any event is random access.
import { NONE, Chunked } from './records';
import { fI64, F_FD } from './fds';
import { schedBytes } from './sched';
import { evType } from '../reader/events';
import { evFlagsCompat } from './compat';
import { firstParamI64 } from './params';
import { EF_USES_FD } from '../generated/schema';
import { resClassPush, resClassBytes } from './resclass';
import { LiveMap } from './livemap';

const thCol = new Chunked<u32>();
const fdCol = new Chunked<u32>();
/** A bit per event: it has an fd version but no thread (its fd fields have no value): rare, kept so that
 *  fd-version checks need not look the thread up (evFdKnownThread). */
const fdOrphanBits = new Chunked<u32>();
/** Enter event: index of its exit (NONE until seen). Exit event: index of the thread's last enter
 *  event (NONE if none), with LINK_MATCHED set when that enter is this exit's own type - 1. Kept in 2
 *  bytes (linkEncode): 0 for NONE; else the distance to the linked event in the low 13 bits, L16_AHEAD
 *  when that event comes after this one, and the two flags. A distance that does not fit (0.02% of the
 *  events of the live recordings; 99.7% are within 255) is L16_FAR, the link itself in linkFar. */
const linkCol = new Chunked<u16>();
const linkFar = new LiveMap();
const L16_MATCHED: u32 = 0x8000;
const L16_INHERIT: u32 = 0x4000;
const L16_AHEAD: u32 = 0x2000;
const L16_FAR: u32 = 0x1FFF;
/** fd.num where it is not the event's fd version's number: event indexes (ascending) and values. */
const fdNumExcEv = new Chunked<u32>();
const fdNumExcVal = new Chunked<u32>();
/** A bit per event: its fd.num is in the exception list (so other events need no search). */
const fdNumExcBits = new Chunked<u32>();
export const LINK_MATCHED: u32 = 0x80000000;
/** Not an enter/exit pair: the event keeps the latency of the linked event (scheduler, procinfo). */
export const LINK_INHERIT: u32 = 0x40000000;
export const LINK_MASK: u32 = 0x3FFFFFFF;

export function evStateCount(): u32 { return thCol.length; }

export function evStatePush(th: u32, fd: u32, link: u32, fdNum: i32): void {
  const ev = thCol.length;
  thCol.push(th); fdCol.push(fd); linkCol.push(linkEncode(ev, link));
  resClassPush(ev, fd != NONE && (fd & FD_FALLBACK) == 0);
  if ((ev & 31) == 0) { fdOrphanBits.push(0); fdNumExcBits.push(0); }
  if (th == NONE && fd != NONE) fdOrphanBits.set(ev >> 5, fdOrphanBits.get(ev >> 5) | (1 << (ev & 31)));
  if (fdNum != derivedFdNum(ev, fd, link)) {
    fdNumExcEv.push(ev); fdNumExcVal.push(<u32>fdNum);
    fdNumExcBits.set(ev >> 5, fdNumExcBits.get(ev >> 5) | (1 << (ev & 31)));
  }
}

function linkEncode(ev: u32, link: u32): u16 {
  if (link == NONE) return 0;
  const to = link & LINK_MASK;
  const d = to > ev ? to - ev : ev - to;
  if (d == 0 || d >= L16_FAR) {
    linkFar.set(ev, link);
    return <u16>L16_FAR;
  }
  return <u16>(d | (to > ev ? L16_AHEAD : 0) | ((link & LINK_MATCHED) != 0 ? L16_MATCHED : 0) | ((link & LINK_INHERIT) != 0 ? L16_INHERIT : 0));
}

@inline function linkDecode(ev: u32, c: u32): u32 {
  if (c == 0) return NONE;
  const d = c & L16_FAR;
  if (d == L16_FAR) return linkFar.get(ev);
  return ((c & L16_AHEAD) != 0 ? ev + d : ev - d) | ((c & L16_MATCHED) != 0 ? LINK_MATCHED : 0) | ((c & L16_INHERIT) != 0 ? LINK_INHERIT : 0);
}

/** fd.num as the state engine sets it in the usual cases: the event's fd version's number; without
 *  one, the fd argument of an fd-using enter event (or of the matched enter of an exit); else -1. */
function derivedFdNum(ev: u32, fd: u32, link: u32): i32 {
  if (fd != NONE) return <i32>fI64(fd & ~FD_FALLBACK, F_FD);
  const t = evType(ev);
  if ((evFlagsCompat(t) & EF_USES_FD) == 0) return -1;
  if ((t & 1) == 0) return <i32>firstParamI64(ev, -1);
  if (link != NONE && (link & LINK_MATCHED) != 0 && (link & LINK_INHERIT) == 0) return <i32>firstParamI64(link & LINK_MASK, -1);
  return -1;
}

/** Fills rows up to (not including) `ev` with "no state" (events the walker did not hand us). */
export function evStateFill(ev: u32): void {
  while (thCol.length < ev) evStatePush(NONE, NONE, NONE, -1);
}

@inline export function evThread(ev: u32): u32 { return ev < thCol.length ? thCol.get(ev) : NONE; }

/** Set on an event's fd version when sysdig's event has no fd of its own and its fd fields fall back to
 *  the thread's last event fd (evt.category and evt.buflen only look at the event's own fd). */
export const FD_FALLBACK: u32 = 0x80000000;
@inline export function evFd(ev: u32): u32 {
  if (ev >= fdCol.length) return NONE;
  const v = fdCol.get(ev);
  return v == NONE ? NONE : v & ~FD_FALLBACK;
}
/** evFd, or NONE when the event has no thread (so no fd fields): without looking the thread up. */
@inline export function evFdKnownThread(ev: u32): u32 {
  if (ev >= fdCol.length) return NONE;
  const v = fdCol.get(ev);
  if (v == NONE || (fdOrphanBits.get(ev >> 5) & (1 << (ev & 31))) != 0) return NONE;
  return v & ~FD_FALLBACK;
}
/** The event's own fd version (sinsp's evt->m_fdinfo), without the fallback. */
@inline export function evFdOwn(ev: u32): u32 {
  if (ev >= fdCol.length) return NONE;
  const v = fdCol.get(ev);
  return v == NONE || (v & FD_FALLBACK) != 0 ? NONE : v;
}
@inline export function evLink(ev: u32): u32 { return ev < linkCol.length ? linkDecode(ev, linkCol.get(ev)) : NONE; }
export function evFdNum(ev: u32): i32 {
  if (ev >= fdCol.length) return -1;
  if ((fdNumExcBits.get(ev >> 5) & (1 << (ev & 31))) == 0) return derivedFdNum(ev, fdCol.get(ev), evLink(ev));
  let lo: i32 = 0, hi: i32 = <i32>fdNumExcEv.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = fdNumExcEv.get(<u32>mid);
    if (m == ev) return <i32>fdNumExcVal.get(<u32>mid);
    if (m < ev) lo = mid + 1; else hi = mid - 1;
  }
  return derivedFdNum(ev, fdCol.get(ev), evLink(ev));
}

/** The fd version whose number is event ev's fd.num (no exception and an fd version), or NONE: the filter
 *  then answers a check on fd.num once per version. */
export function evFdNumVersion(ev: u32): u32 {
  if (ev >= fdCol.length || (fdNumExcBits.get(ev >> 5) & (1 << (ev & 31))) != 0) return NONE;
  const fd = fdCol.get(ev);
  return fd == NONE ? NONE : fd & ~FD_FALLBACK;
}

/** Address of event ev's thread version (ev < evStateCount()); the next events' follow it up to the end of
 *  its aligned chunk of 4 Ki values (records.ts): for the filter's loops over the column. */
@inline export function evThreadAddr(ev: u32): usize { return thCol.addrOf(ev); }
/** Address of event ev's raw fd column value (FD_FALLBACK bit included), like evThreadAddr. */
@inline export function evFdAddr(ev: u32): usize { return fdCol.addrOf(ev); }
/** The fd.num exception bits (fd.num stored, not derived) of events 32·w to 32·w + 31. */
@inline export function evFdNumExcWord(w: u32): u32 { return fdNumExcBits.get(w); }
/** The orphan bits (fd version without a thread) of events 32·w to 32·w + 31. */
@inline export function evFdOrphanWord(w: u32): u32 { return fdOrphanBits.get(w); }

/** Events whose fd.num is kept as an exception (for the memory figures). */
export function evFdNumExceptions(): u32 { return fdNumExcEv.length; }
export function evSetLink(ev: u32, v: u32): void { if (ev < linkCol.length) linkCol.set(ev, linkEncode(ev, v)); }

export function evStateBytes(): usize {
  return thCol.bytes() + fdCol.bytes() + fdOrphanBits.bytes() + linkCol.bytes() + linkFar.bytes() + fdNumExcEv.bytes() + fdNumExcVal.bytes() + fdNumExcBits.bytes() + resClassBytes() + schedBytes();
}

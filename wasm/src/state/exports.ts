// Host-facing questions about the state (exported from index.ts): the enter/exit partner of an event
// (the state engine pairs them per thread as it applies events), and the memory the state holds.
import { NONE } from './records';
import { evLink, evStateBytes, evFdNumExceptions, LINK_MATCHED, LINK_INHERIT, LINK_MASK } from './eventstate';
import { evType } from '../reader/events';
import { threads } from './threads';
import { fds } from './fds';
import { users } from './users';
import { containers } from './containers';
import { internBytes, internCount } from '../core/intern';

/** The exit of an enter event or the enter of an exit event (same thread, types code/code^1), or -1. */
export function evPartner(ev: u32): i32 {
  const l = evLink(ev);
  if (l == NONE || (l & LINK_INHERIT) != 0) return -1;
  if ((evType(ev) & 1) == 1) return (l & LINK_MATCHED) ? <i32>(l & LINK_MASK) : -1;
  // enter: the link is the exit's index; check the exit points back
  const x = l & LINK_MASK;
  const back = evLink(x);
  return back != NONE && (back & LINK_MATCHED) != 0 && (back & LINK_MASK) == ev ? <i32>x : -1;
}

/** Bytes held by the state engine (per-event columns, versioned tables, interned strings). */
export function stateBytes(): f64 {
  return <f64>(evStateBytes() + threads.bytes() + fds.bytes() + users.bytes() + containers.bytes() + internBytes());
}

export function stateThreadVersions(): u32 { return threads.count; }
export function stateFdVersions(): u32 { return fds.count; }
export function stateStrings(): i32 { return internCount(); }
/** Events whose fd.num is stored (not derivable from their fd version). */
export function stateFdNumExceptions(): u32 { return evFdNumExceptions(); }
/** Bytes by part: 0 per-event columns, 1 threads, 2 fds, 3 users, 4 containers, 5 strings. */
export function stateBytesPart(k: i32): f64 {
  if (k == 0) return <f64>evStateBytes();
  if (k == 1) return <f64>threads.bytes();
  if (k == 2) return <f64>fds.bytes();
  if (k == 3) return <f64>users.bytes();
  if (k == 4) return <f64>containers.bytes();
  return <f64>internBytes();
}

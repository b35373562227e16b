// Host-facing: where the state an event sees came from, for the web app's detail tree ("from the
// process list" / "set by event #N", with a jump). Each thread and fd version records its origin
// (ORIGIN_* of section.ts) and a reference: a block offset for list origins, an event index for events.
import { NONE } from './records';
import { evThread, evFd } from './eventstate';
import { threads, T_ORIGIN, T_ORIGIN_REF } from './threads';
import { fds, F_ORIGIN, F_ORIGIN_REF } from './fds';

/** ORIGIN_* of the thread version event `ev` sees, or 0. */
export function evThreadOrigin(ev: u32): u32 {
  const v = evThread(ev);
  return v == NONE ? 0 : <u32>load<u8>(threads.addr(v) + T_ORIGIN);
}

/** Block offset or event index behind evThreadOrigin. */
export function evThreadOriginRef(ev: u32): u32 {
  const v = evThread(ev);
  return v == NONE ? 0 : load<u32>(threads.addr(v) + T_ORIGIN_REF);
}

/** ORIGIN_* of the fd version event `ev` sees, or 0. */
export function evFdOrigin(ev: u32): u32 {
  const v = evFd(ev);
  return v == NONE ? 0 : <u32>load<u8>(fds.addr(v) + F_ORIGIN);
}

/** Block offset or event index behind evFdOrigin. */
export function evFdOriginRef(ev: u32): u32 {
  const v = evFd(ev);
  return v == NONE ? 0 : load<u32>(fds.addr(v) + F_ORIGIN_REF);
}

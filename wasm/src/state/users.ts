// Versioned user and group tables, from user-list blocks and useradded/groupadded/userdeleted/
// groupdeleted events. Keyed by (kind, container id, uid/gid): host users have container id "" (0).
// A user-list block replaces the previous one (libscap frees the old list), so entries it does not
// repeat become tombstones.
import { RecordTable, NONE } from './records';
import { curSection } from './section';

export const U_ID: u32 = 0;         // u32 uid or gid
export const U_GID: u32 = 4;        // u32 (users)
export const U_NAME: u32 = 8;       // str id
export const U_HOME: u32 = 12;      // str id
export const U_SHELL: u32 = 16;     // str id
export const U_CONTAINER: u32 = 20; // str id
export const U_VALID_FROM: u32 = 24;
export const U_PREV: u32 = 28;
export const U_ORIGIN_REF: u32 = 32;
export const U_SECTION: u32 = 36;   // u16
export const U_ORIGIN: u32 = 38;    // u8
export const U_BITS: u32 = 39;      // u8: 1 dead, 2 group
export const U_SIZE: u32 = 40;

export const UB_DEAD: u8 = 1;
export const UB_GROUP: u8 = 2;

export const users = new RecordTable(U_SIZE);
let latest = new Map<u64, u32>();
let historic = new Map<u64, u32>();
/** The last event at which the tables changed: from there on, every lookup sees the final tables. */
let lastChange: u32 = 0;

/** Event index from which user and group lookups no longer depend on the event (the tables are final). */
export function usersFinalFrom(): u32 { return lastChange; }

@inline function key(group: bool, container: i32, id: u32): u64 {
  return ((group ? <u64>1 : 0) << 63) | ((<u64>container & 0x7FFFFFFF) << 32) | <u64>id;
}

@inline export function uU32(v: u32, f: u32): u32 { return load<u32>(users.addr(v) + f); }
@inline export function uI32(v: u32, f: u32): i32 { return load<i32>(users.addr(v) + f); }

/** Adds or replaces a user (group = false) or group, valid from `ev`. */
export function userPut(group: bool, container: i32, id: u32, gid: u32, name: i32, home: i32, shell: i32,
  ev: u32, origin: u8, originRef: u32): u32 {
  const k = key(group, container, id);
  const prev = latest.has(k) ? latest.get(k) : (historic.has(k) ? historic.get(k) : NONE);
  const v = users.alloc();
  const a = users.addr(v);
  store<u32>(a + U_ID, id);
  store<u32>(a + U_GID, gid);
  store<i32>(a + U_NAME, name);
  store<i32>(a + U_HOME, home);
  store<i32>(a + U_SHELL, shell);
  store<i32>(a + U_CONTAINER, container);
  store<u32>(a + U_VALID_FROM, ev);
  store<u32>(a + U_PREV, prev);
  store<u32>(a + U_ORIGIN_REF, originRef);
  store<u16>(a + U_SECTION, curSection);
  store<u8>(a + U_ORIGIN, origin);
  store<u8>(a + U_BITS, group ? UB_GROUP : 0);
  latest.set(k, v);
  if (ev > lastChange) lastChange = ev;
  return v;
}

export function userDelete(group: bool, container: i32, id: u32, ev: u32, originRef: u32): void {
  const k = key(group, container, id);
  if (!latest.has(k)) return;
  const cur = latest.get(k);
  if (load<u8>(users.addr(cur) + U_BITS) & UB_DEAD) return;
  const v = users.copyOf(cur);
  const a = users.addr(v);
  store<u32>(a + U_PREV, cur);
  store<u32>(a + U_VALID_FROM, ev);
  store<u32>(a + U_ORIGIN_REF, originRef);
  store<u8>(a + U_ORIGIN, 4);
  store<u8>(a + U_BITS, load<u8>(a + U_BITS) | UB_DEAD);
  latest.set(k, v);
  if (ev > lastChange) lastChange = ev;
}

/** User (or group) version current at event `ev` of `section`, or NONE. */
export function userAt(group: bool, container: i32, id: u32, ev: u32, section: u16): u32 {
  const k = key(group, container, id);
  let v = latest.has(k) ? latest.get(k) : (historic.has(k) ? historic.get(k) : NONE);
  let guard = 0;
  while (v != NONE) {
    const a = users.addr(v);
    // users outlive sections (see hooks.ts): only the event order matters
    if (load<u32>(a + U_VALID_FROM) <= ev) return (load<u8>(a + U_BITS) & UB_DEAD) ? NONE : v;
    v = load<u32>(a + U_PREV);
    if (++guard > 100000) return NONE;
  }
  return NONE;
}

// Versioned container table, from container events: the old `container` event (228: id, type, name,
// image), container JSON (272) and JSON v2 (324), and async `container` events (402). Each version
// keeps the main attributes interned and the JSON's byte range, so rarer attributes (labels, mounts,
// ip) are read from the raw payload when a field asks for them.
import { RecordTable, NONE } from './records';
import { curSection } from './section';

export const C_ID: u32 = 0;          // str id
export const C_NAME: u32 = 4;
export const C_IMAGE: u32 = 8;
export const C_IMAGE_ID: u32 = 12;
export const C_IMAGE_REPO: u32 = 16;
export const C_IMAGE_TAG: u32 = 20;
export const C_IMAGE_DIGEST: u32 = 24;
export const C_TYPE: u32 = 28;       // u32 container type enum
export const C_JSON_OFF: u32 = 32;   // u32 raw offset of the container object ({), or NONE
export const C_JSON_END: u32 = 36;   // u32
export const C_VALID_FROM: u32 = 40;
export const C_PREV: u32 = 44;
export const C_ORIGIN_REF: u32 = 48;
export const C_SECTION: u32 = 52;    // u16
export const C_PRIVILEGED: u32 = 54; // u8: 0 unknown, 1 false, 2 true
export const C_BITS: u32 = 55;
export const C_SIZE: u32 = 56;

export const containers = new RecordTable(C_SIZE);
let latest = new Map<i32, u32>();

@inline export function cI32(v: u32, f: u32): i32 { return load<i32>(containers.addr(v) + f); }
@inline export function cU32(v: u32, f: u32): u32 { return load<u32>(containers.addr(v) + f); }
@inline export function cU8(v: u32, f: u32): u8 { return load<u8>(containers.addr(v) + f); }

/** A new version for container `id`, valid from `ev`; the caller fills the attributes. */
export function containerPut(id: i32, ev: u32, originRef: u32): u32 {
  const prev = latest.has(id) ? latest.get(id) : NONE;
  const v = containers.alloc();
  const a = containers.addr(v);
  store<i32>(a + C_ID, id);
  store<u32>(a + C_JSON_OFF, NONE);
  store<u32>(a + C_VALID_FROM, ev);
  store<u32>(a + C_PREV, prev);
  store<u32>(a + C_ORIGIN_REF, originRef);
  store<u16>(a + C_SECTION, curSection);
  latest.set(id, v);
  return v;
}

/** Version of container `id` current at event `ev`, or NONE. Containers outlive sections (metadata). */
export function containerAt(id: i32, ev: u32): u32 {
  if (!latest.has(id)) return NONE;
  let v = latest.get(id);
  let guard = 0;
  while (v != NONE) {
    if (cU32(v, C_VALID_FROM) <= ev) return v;
    v = cU32(v, C_PREV);
    if (++guard > 100000) return NONE;
  }
  // Container events are often written after the events that use them (ts 0, end of dump):
  // fall back to the oldest version known.
  return NONE;
}

/** The earliest version of container `id` (for events before its definition), or NONE. */
export function containerFirst(id: i32): u32 {
  if (!latest.has(id)) return NONE;
  let v = latest.get(id);
  let guard = 0;
  while (cU32(v, C_PREV) != NONE && ++guard < 100000) v = cU32(v, C_PREV);
  return v;
}

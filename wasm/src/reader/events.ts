// The event index: one row per event block in file order, in columns. Only what must be fast or cannot
// be recomputed is stored (offset, type, flags: 7 bytes per event); timestamp, tid, cpu, the parameter
// count and the parameter positions are read from the raw bytes on demand.
import { Column } from '../core/column';
import { peekU16, peekU32, peekU64 } from '../core/raw';
import { EV_FLAGS, EF_LARGE_PAYLOAD, EVENT_COUNT } from '../generated/schema';

// Event index flags (evFlags), shared with the host: generated from scripts/gen/boundary.json.
// STATE_ONLY: from an EVF block with the state-only flag (apply to state, hide from output); OLD_HEADER:
// 22-byte header without nparams (EV/EVF/EV_INT blocks), nparams was inferred; LARGE: parameter lengths
// are u32 (EF_LARGE_PAYLOAD type, or an unknown type in a LARGE block); FLAGS_FIELD: the block has the
// 4-byte flags field after cpuid (EVF variants).
export { EVF_STATE_ONLY, EVF_OLD_HEADER, EVF_LARGE, EVF_FLAGS_FIELD } from '../generated/boundary';
import { EVF_OLD_HEADER, EVF_LARGE, EVF_FLAGS_FIELD } from '../generated/boundary';

/** Parameters located per event at most; an event may store more, they are ignored as libscap does. */
export const MAX_PARAMS: i32 = 256;

const offsetCol = new Column<u32>();
const typeCol = new Column<u16>();
const flagsCol = new Column<u8>();
/** The parameter count of events with the old 22-byte header, which lacks it (the walker inferred it from
 *  the lengths): a row per event from the first such event on (rows before it are 0); empty for captures
 *  in today's format, whose events read it from their header. */
const oldNparamsCol = new Column<u16>();
let anyOldHeader = false;

export const paramOff = new StaticArray<u32>(MAX_PARAMS);
export const paramLen = new StaticArray<u32>(MAX_PARAMS);
let located: i64 = -1;
let locatedCount: i32 = 0;

export function eventCount(): u32 { return offsetCol.length; }

export function addEvent(evOff: u32, type: u16, flags: u8, nparams: u16): u32 {
  const i = offsetCol.push(evOff);
  typeCol.push(type);
  flagsCol.push(flags);
  if ((flags & EVF_OLD_HEADER) != 0 && !anyOldHeader) {
    anyOldHeader = true;
    oldNparamsCol.reserve(offsetCol.capacity);
    while (oldNparamsCol.length < i) oldNparamsCol.push(0);
  }
  if (anyOldHeader) oldNparamsCol.push(nparams);
  return i;
}

/** Absolute offset of the event header. */
@inline export function evOffset(i: u32): u32 { return offsetCol.get(i); }
@inline export function evType(i: u32): u16 { return typeCol.get(i); }
/** Address of the type column (u16 per event, contiguous): for the filter's loops, taken afresh at each run
 *  (the column moves when it grows). */
export function evTypesAddr(): usize { return typeCol.ptr; }
@inline export function evFlags(i: u32): u8 { return flagsCol.get(i); }
/** Parameters the event stores: from its header (validated by the walker to fit in u16), or for the old
 *  header the inferred count. */
@inline export function evNParams(i: u32): u16 {
  return (flagsCol.get(i) & EVF_OLD_HEADER) != 0 ? oldNparamsCol.get(i) : <u16>peekU32(offsetCol.get(i) + 22);
}
@inline export function evTs(i: u32): u64 { return peekU64(offsetCol.get(i)); }
@inline export function evTid(i: u32): i64 { return <i64>peekU64(offsetCol.get(i) + 8); }
/** The event's own `len` (header + lengths + values), as stored. */
@inline export function evLen(i: u32): u32 { return peekU32(offsetCol.get(i) + 16); }

/** Offset of the event's block (its 8-byte block header). */
export function evBlockOffset(i: u32): u32 {
  return offsetCol.get(i) - 2 - ((flagsCol.get(i) & EVF_FLAGS_FIELD) ? 4 : 0) - 8;
}

/** Total length of the event's block, from its header. */
export function evBlockLength(i: u32): u32 { return peekU32(evBlockOffset(i) + 4); }

export function evCpu(i: u32): u16 { return peekU16(evBlockOffset(i) + 8); }

/** EV_FLAGS (static data) through a raw pointer: the walker reads it per event, and a managed array in a
 *  global gives its readers a shadow-stack frame. */
const EV_FLAGS_PTR: usize = changetype<usize>(EV_FLAGS);

/** Whether parameter lengths of this type are u32 (by type; unknown types follow the block). */
export function largeParams(type: u16, largeBlock: bool): bool {
  if (<i32>type < EVENT_COUNT) return (load<u32>(EV_FLAGS_PTR + (<usize>type << 2)) & EF_LARGE_PAYLOAD) != 0;
  return largeBlock;
}

/**
 * Fills paramOff/paramLen (absolute offsets) for event i and returns how many params it stores
 * (capped at MAX_PARAMS). The walker validated every length against the event's size, so no check here.
 */
export function locateParams(i: u32): i32 {
  if (located == <i64>i) return locatedCount;
  const off = offsetCol.get(i);
  const flags = flagsCol.get(i);
  const stored = <u32>evNParams(i);
  const n = min(<i32>stored, MAX_PARAMS);
  const wide = (flags & EVF_LARGE) != 0;
  const lens = off + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  let v = lens + stored * (wide ? 4 : 2);
  for (let k = 0; k < n; k++) {
    const l = wide ? peekU32(lens + (<u32>k << 2)) : <u32>peekU16(lens + (<u32>k << 1));
    unchecked(paramOff[k] = v);
    unchecked(paramLen[k] = l);
    v += l;
  }
  located = i;
  locatedCount = n;
  return n;
}

/**
 * Reserves index rows for `n` events up front. The host passes the capture's expected event count
 * (engine/capture.ts indexReserver: the event density seen early, with a margin), so each column takes
 * one run of pages instead of moving at each growth (a moved column leaves touched pages behind).
 */
export function indexReserve(n: u32): void {
  offsetCol.reserve(n); typeCol.reserve(n); flagsCol.reserve(n);
}

/** Bytes of the index, for the memory budget. */
export function indexBytes(): usize {
  return offsetCol.bytes() + typeCol.bytes() + flagsCol.bytes() + oldNparamsCol.bytes();
}


/** Where the host reads locateParams' results (u32 arrays of MAX_PARAMS). */
export function paramOffPtr(): usize { return changetype<usize>(paramOff); }
export function paramLenPtr(): usize { return changetype<usize>(paramLen); }

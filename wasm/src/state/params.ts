// Parameter access for the state parsers: the current event's parameters (cur*) and the stored enter
// event's (ent*), each located into its own table so both can be read together.
// Every read checks the parameter's stored length: an empty or short parameter is "absent".
import { evOffset, evFlags, evNParams, EVF_OLD_HEADER, EVF_LARGE } from '../reader/events';
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';

const MAXP = 64;
// Offsets and lengths in raw heap blocks, not StaticArrays: a managed array in a global gives every
// function that reads it a shadow-stack frame, and these are read a few times per event.
const curOff: usize = heap.alloc(MAXP << 2);
const curLen: usize = heap.alloc(MAXP << 2);
export let curN: i32 = 0;
const entOff: usize = heap.alloc(MAXP << 2);
const entLen: usize = heap.alloc(MAXP << 2);
export let entN: i32 = 0;
/** The events loadCur and loadEnt last located (their tables are reused when asked again). */
let curEv: u32 = 0xFFFFFFFF;
let entEv: u32 = 0xFFFFFFFF;

/** Locates up to MAXP parameters of event `ev` into the tables at `offs` and `lens` (absolute offsets,
 *  as reader/events.ts locateParams gives them); returns how many. The walker validated every length. */
function locateInto(ev: u32, offs: usize, lens: usize): i32 {
  const stored = <u32>evNParams(ev);
  const n = min(stored, <u32>MAXP);
  const flags = evFlags(ev);
  const ls = evOffset(ev) + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  if (flags & EVF_LARGE) {
    let v = ls + (stored << 2);
    for (let k: u32 = 0; k < n; k++) {
      const l = peekU32(ls + (k << 2));
      store<u32>(offs + (<usize>k << 2), v);
      store<u32>(lens + (<usize>k << 2), l);
      v += l;
    }
  } else {
    let v = ls + (stored << 1);
    for (let k: u32 = 0; k < n; k++) {
      const l = <u32>peekU16(ls + (k << 1));
      store<u32>(offs + (<usize>k << 2), v);
      store<u32>(lens + (<usize>k << 2), l);
      v += l;
    }
  }
  return <i32>n;
}

export function loadCur(ev: u32): void {
  if (ev == curEv) return;
  curN = locateInto(ev, curOff, curLen);
  curEv = ev;
}

export function loadEnt(ev: u32): void {
  if (ev == entEv) return;
  entN = locateInto(ev, entOff, entLen);
  entEv = ev;
}

/** Forgets the located events (a new capture's event indexes start again at 0). */
export function paramsReset(): void { curEv = 0xFFFFFFFF; entEv = 0xFFFFFFFF; }

@inline function at(t: usize, k: i32): u32 { return load<u32>(t + (<usize>k << 2)); }

@inline export function has(k: i32): bool { return k < curN && at(curLen, k) > 0; }
@inline export function plen(k: i32): u32 { return k < curN ? at(curLen, k) : 0; }
@inline export function poff(k: i32): u32 { return at(curOff, k); }
@inline export function pptr(k: i32): usize { return rawPtr() + at(curOff, k); }

export function pI64(k: i32, dflt: i64): i64 {
  if (k >= curN) return dflt;
  const l = at(curLen, k);
  const o = at(curOff, k);
  if (l >= 8) return <i64>peekU64(o);
  if (l >= 4) return <i64><i32>peekU32(o);
  return dflt;
}
export function pU32(k: i32, dflt: u32): u32 {
  if (k >= curN) return dflt;
  const l = at(curLen, k);
  const o = at(curOff, k);
  if (l >= 4) return peekU32(o);
  if (l >= 2) return <u32>peekU16(o);
  if (l >= 1) return <u32>peekU8(o);
  return dflt;
}
export function pU64(k: i32, dflt: u64): u64 {
  if (k >= curN) return dflt;
  const l = at(curLen, k);
  if (l >= 8) return peekU64(at(curOff, k));
  if (l >= 4) return <u64>peekU32(at(curOff, k));
  return dflt;
}

@inline export function ehas(k: i32): bool { return k < entN && at(entLen, k) > 0; }
@inline export function elen(k: i32): u32 { return k < entN ? at(entLen, k) : 0; }
@inline export function eoff(k: i32): u32 { return at(entOff, k); }
@inline export function eptr(k: i32): usize { return rawPtr() + at(entOff, k); }
export function eI64(k: i32, dflt: i64): i64 {
  if (k >= entN) return dflt;
  const l = at(entLen, k);
  const o = at(entOff, k);
  if (l >= 8) return <i64>peekU64(o);
  if (l >= 4) return <i64><i32>peekU32(o);
  return dflt;
}
export function eU32(k: i32, dflt: u32): u32 {
  if (k >= entN) return dflt;
  const l = at(entLen, k);
  const o = at(entOff, k);
  if (l >= 4) return peekU32(o);
  if (l >= 2) return <u32>peekU16(o);
  if (l >= 1) return <u32>peekU8(o);
  return dflt;
}

/** First parameter of event `ev` as i64 (for the fd of an enter event), or `dflt`. Read from the
 *  event's header directly (the first value follows the length array): no full locateParams. */
export function firstParamI64(ev: u32, dflt: i64): i64 {
  const stored = <u32>evNParams(ev);
  if (stored == 0) return dflt;
  const flags = evFlags(ev);
  const lens = evOffset(ev) + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  const wide = (flags & EVF_LARGE) != 0;
  const l = wide ? peekU32(lens) : <u32>peekU16(lens);
  const o = lens + stored * (wide ? 4 : 2);
  if (l >= 8) return <i64>peekU64(o);
  if (l >= 4) return <i64><i32>peekU32(o);
  return dflt;
}

import { EV_PARAM_BASE, EV_NPARAMS, PARAM_NAME_OFF, PARAM_NAME_LEN, NAMES, EVENT_COUNT } from '../generated/schema';

/** Index of parameter `name` (ASCII) in event type `t`'s schema, or -1. */
export function schemaParamIndex(t: u16, name: string): i32 {
  if (<i32>t >= EVENT_COUNT) return -1;
  const base = <i32>unchecked(EV_PARAM_BASE[t]);
  const np = <i32>unchecked(EV_NPARAMS[t]);
  const names = changetype<usize>(NAMES);
  for (let i = 0; i < np; i++) {
    const len = <i32>unchecked(PARAM_NAME_LEN[base + i]);
    if (len != name.length) continue;
    const p = names + unchecked(PARAM_NAME_OFF[base + i]);
    let same = true;
    for (let k = 0; k < len; k++) if (<i32>load<u8>(p + k) != name.charCodeAt(k)) { same = false; break; }
    if (same) return i;
  }
  return -1;
}

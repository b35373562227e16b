// Parameter access for the state parsers: the current event's parameters (cur*) and the stored enter
// event's (ent*), copied out of the event index's one-slot cache so both can be read together.
// Every read checks the parameter's stored length: an empty or short parameter is "absent".
import {
  locateParams, paramOff, paramLen, evOffset, evFlags, evNParams, EVF_OLD_HEADER, EVF_LARGE,
} from '../reader/events';
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';

const MAXP = 64;
export const curOff = new StaticArray<u32>(MAXP);
export const curLen = new StaticArray<u32>(MAXP);
export let curN: i32 = 0;
export const entOff = new StaticArray<u32>(MAXP);
export const entLen = new StaticArray<u32>(MAXP);
export let entN: i32 = 0;

export function loadCur(ev: u32): void {
  const n = min(locateParams(ev), MAXP);
  for (let k = 0; k < n; k++) { unchecked(curOff[k] = paramOff[k]); unchecked(curLen[k] = paramLen[k]); }
  curN = n;
}

export function loadEnt(ev: u32): void {
  const n = min(locateParams(ev), MAXP);
  for (let k = 0; k < n; k++) { unchecked(entOff[k] = paramOff[k]); unchecked(entLen[k] = paramLen[k]); }
  entN = n;
}

@inline export function has(k: i32): bool { return k < curN && unchecked(curLen[k]) > 0; }
@inline export function plen(k: i32): u32 { return k < curN ? unchecked(curLen[k]) : 0; }
@inline export function poff(k: i32): u32 { return unchecked(curOff[k]); }
@inline export function pptr(k: i32): usize { return rawPtr() + unchecked(curOff[k]); }

export function pI64(k: i32, dflt: i64): i64 {
  if (k >= curN) return dflt;
  const l = unchecked(curLen[k]);
  const o = unchecked(curOff[k]);
  if (l >= 8) return <i64>peekU64(o);
  if (l >= 4) return <i64><i32>peekU32(o);
  return dflt;
}
export function pU32(k: i32, dflt: u32): u32 {
  if (k >= curN) return dflt;
  const l = unchecked(curLen[k]);
  const o = unchecked(curOff[k]);
  if (l >= 4) return peekU32(o);
  if (l >= 2) return <u32>peekU16(o);
  if (l >= 1) return <u32>peekU8(o);
  return dflt;
}
export function pU64(k: i32, dflt: u64): u64 {
  if (k >= curN) return dflt;
  const l = unchecked(curLen[k]);
  if (l >= 8) return peekU64(unchecked(curOff[k]));
  if (l >= 4) return <u64>peekU32(unchecked(curOff[k]));
  return dflt;
}

@inline export function ehas(k: i32): bool { return k < entN && unchecked(entLen[k]) > 0; }
@inline export function elen(k: i32): u32 { return k < entN ? unchecked(entLen[k]) : 0; }
@inline export function eoff(k: i32): u32 { return unchecked(entOff[k]); }
@inline export function eptr(k: i32): usize { return rawPtr() + unchecked(entOff[k]); }
export function eI64(k: i32, dflt: i64): i64 {
  if (k >= entN) return dflt;
  const l = unchecked(entLen[k]);
  const o = unchecked(entOff[k]);
  if (l >= 8) return <i64>peekU64(o);
  if (l >= 4) return <i64><i32>peekU32(o);
  return dflt;
}
export function eU32(k: i32, dflt: u32): u32 {
  if (k >= entN) return dflt;
  const l = unchecked(entLen[k]);
  const o = unchecked(entOff[k]);
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

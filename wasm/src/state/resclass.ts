// One byte per event, kept at load, about the event's result: whether evt.rawres (and evt.res,
// evt.failed) has a value — the "res" parameter, or the "fd" of an fd-creating exit, as fields/evt.ts
// resParam finds it — its sign and its magnitude as a power of two; and whether evt.buflen has one (an
// I/O exit with its own fd and a non-negative first parameter). A filter check on these fields then
// answers most events from the byte alone (evt.failed always; a comparison with a constant unless the
// constant falls in the value's power-of-two range) and reads the event only for the rest
// (wasm/src/filter/rescheck.ts). The bytes are derived from the raw event and the event's fd, both fixed
// once the event is applied, so the byte never changes.
//
// Byte: bits 6-7 class (RC_NONE, RC_NONNEG, RC_NEG, RC_BUFLEN: non-negative and also evt.buflen's value),
// bits 0-5 the bucket b of the magnitude m (m = r for r >= 0, -r - 1 for r < 0): m = 0 for b = 0, else
// 2^(b-1) <= m < 2^b; b = 63 holds every m >= 2^62. RC_IRREGULAR: read the event for every field.
import * as S from '../generated/schema';
import { EVENT_COUNT, EV_CATEGORY } from '../generated/schema';
import { evType, evOffset, evFlags, evNParams, EVF_OLD_HEADER, EVF_LARGE } from '../reader/events';
import { peekU16, peekU32, peekU64 } from '../core/raw';
import { SC_CATEGORY } from '../generated/sccat';
import { evFlagsCompat } from './compat';
import { schemaParamIndex } from './params';
import { Chunked } from './records';

export const RC_NONE: u32 = 0;
export const RC_NONNEG: u32 = 1;
export const RC_NEG: u32 = 2;
export const RC_BUFLEN: u32 = 3;
/** Class bits set and bucket 63: the byte says nothing, read the event. */
export const RC_IRREGULAR: u8 = 0xFF;

/** Four bytes per word. */
const col = new Chunked<u32>();
let count: u32 = 0;

/** The byte of event ev (ev < resClassCount()). */
@inline export function resClassOf(ev: u32): u8 { return <u8>(col.get(ev >> 2) >> ((ev & 3) << 3)); }
export function resClassCount(): u32 { return count; }
/** Address of the bytes of events ev to ev + 31 (ev a multiple of 32, ev + 32 <= resClassCount()): contiguous. */
@inline export function resClassAddr(ev: u32): usize { return col.addrOf(ev >> 2); }

/** Appends the byte of the next event; `ownFd`: whether the event has its own fd version (evFdOwn). */
export function resClassPush(ev: u32, ownFd: bool): void {
  if ((count & 3) == 0) col.push(0);
  const b = <u32>classify(ev, ownFd);
  if (b != 0) col.set(count >> 2, col.get(count >> 2) | (b << ((count & 3) << 3)));
  count++;
}

export function resClassBytes(): usize { return col.bytes(); }

// ---- parameters --------------------------------------------------------------------------------------

/** Parameters the state's loadCur keeps (state/params.ts MAXP). */
const MAXP: u32 = 64;
let pOff: u32 = 0;
let pLen: u32 = 0;

/** Parameter k of event ev into pOff/pLen; false when the event stores fewer than k + 1 (as loadCur sees it). */
export function paramAt(ev: u32, k: u32): bool {
  const stored = <u32>evNParams(ev);
  if (k >= min(stored, MAXP)) return false;
  const off = evOffset(ev);
  const flags = evFlags(ev);
  const wide = (flags & EVF_LARGE) != 0;
  const lens = off + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  let v = lens + stored * (wide ? 4 : 2);
  for (let i: u32 = 0; i < k; i++) v += wide ? peekU32(lens + (i << 2)) : <u32>peekU16(lens + (i << 1));
  pOff = v;
  pLen = wide ? peekU32(lens + (k << 2)) : <u32>peekU16(lens + (k << 1));
  return true;
}
export function paramOffset(): u32 { return pOff; }
export function paramLength(): u32 { return pLen; }

// Per event type: index of its first "res" parameter, and (fd-creating exits) of its first "fd"; -1 none.
// Raw heap blocks, not StaticArrays: they are read per event, and a managed array in a global gives every
// function that reads it a shadow-stack frame.
const resIdx: usize = heap.alloc(<usize>EVENT_COUNT << 1);
const fdIdx: usize = heap.alloc(<usize>EVENT_COUNT << 1);
/** Per event type: TK_RESULT if it may have a result parameter, TK_IO if it may have evt.buflen. */
const typeKind: usize = heap.alloc(<usize>EVENT_COUNT);
const EV_CATEGORY_PTR: usize = changetype<usize>(EV_CATEGORY);
const SC_CATEGORY_PTR: usize = changetype<usize>(SC_CATEGORY);
const SC_CATEGORY_LEN: u32 = <u32>SC_CATEGORY.length;
@inline function category(t: u16): u32 { return load<u32>(EV_CATEGORY_PTR + (<usize>t << 2)); }
const TK_RESULT: u8 = 1;
const TK_IO: u8 = 2;
let idxReady = false;

function prepareIndexes(): void {
  for (let t = 0; t < EVENT_COUNT; t++) {
    const r = <i16>schemaParamIndex(<u16>t, "res");
    store<i16>(resIdx + (<usize>t << 1), r);
    const createsFdExit = (evFlagsCompat(<u16>t) & S.EF_CREATES_FD) != 0 && (t & 1) == 1;
    const f = createsFdExit ? <i16>schemaParamIndex(<u16>t, "fd") : <i16>-1;
    store<i16>(fdIdx + (<usize>t << 1), f);
    const generic = t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X;
    const io = (t & 1) == 1 && (generic || (category(<u16>t) & 0x1FF & S.EC_IO_BASE) != 0);
    store<u8>(typeKind + <usize>t, (r >= 0 || f >= 0 ? TK_RESULT : 0) | (io ? TK_IO : 0));
  }
  idxReady = true;
}

/**
 * The result parameter of event ev as fields/evt.ts resParam finds it: the first "res" among the
 * parameters the event stores, else (fd-creating exits) the first "fd"; located in pOff/pLen, at least 8
 * bytes long. False when there is none (evt.rawres has no value, evt.failed is false).
 */
export function resultParam(ev: u32): bool {
  const t = evType(ev);
  if (<i32>t >= EVENT_COUNT) return false;
  if (!idxReady) prepareIndexes();
  const stored = min(<u32>evNParams(ev), MAXP);
  let k = <i32>load<i16>(resIdx + (<usize>t << 1));
  if (k < 0 || <u32>k >= stored) k = <i32>load<i16>(fdIdx + (<usize>t << 1));
  return k >= 0 && <u32>k < stored && paramAt(ev, <u32>k) && pLen >= 8;
}

/** Whether evt.buflen has a value at ev (fields/evt.ts): an I/O exit (generic ones by their syscall's
 *  category) with its own fd and a first parameter of 8 bytes or more that is >= 0; it is then in pOff. */
export function bufLenParam(ev: u32, ownFd: bool): bool {
  const t = evType(ev);
  if (<i32>t >= EVENT_COUNT || (t & 1) == 0 || !ownFd) return false;
  let cat = category(t) & 0x1FF;
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    cat = S.EC_OTHER;
    if (paramAt(ev, 0) && pLen >= 2) {
      const id = <i32>peekU16(pOff);
      if (id < SC_CATEGORY.length) cat = <u32>unchecked(SC_CATEGORY[id]);
    }
  }
  if ((cat & S.EC_IO_BASE) == 0) return false;
  return paramAt(ev, 0) && pLen >= 8 && <i64>peekU64(pOff) >= 0;
}

/** Power-of-two bucket of a magnitude (see the byte layout above). */
@inline export function bucketOf(m: u64): u32 { return min<u32>(63, 64 - <u32>clz(m)); }

/**
 * The byte of event ev, as resultParam and bufLenParam would find its values, with the event's parameter
 * lengths read once (this runs for every event at load).
 */
function classify(ev: u32, ownFd: bool): u8 {
  const t = evType(ev);
  if (<i32>t >= EVENT_COUNT) return 0;
  if (!idxReady) prepareIndexes();
  // most events (enters, calls without a result) are settled by their type
  const kind = load<u8>(typeKind + <usize>t);
  if (kind == 0 || (kind == TK_IO && !ownFd)) return 0;
  const stored = <u32>evNParams(ev);
  const n = min(stored, MAXP);
  const flags = evFlags(ev);
  const wide = (flags & EVF_LARGE) != 0;
  const lens = evOffset(ev) + ((flags & EVF_OLD_HEADER) ? 22 : 26);
  const first = lens + stored * (wide ? 4 : 2); // parameter 0's value
  const len0: u32 = n == 0 ? 0 : wide ? peekU32(lens) : <u32>peekU16(lens);
  // evt.buflen (bufLenParam): an I/O exit with its own fd whose parameter 0 holds a non-negative value
  let hasBuf = false;
  let buf: u64 = 0;
  if ((kind & TK_IO) != 0 && (t & 1) == 1 && ownFd) {
    let cat = category(t) & 0x1FF;
    if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
      cat = S.EC_OTHER;
      if (n > 0 && len0 >= 2) {
        const id = <u32>peekU16(first);
        if (id < SC_CATEGORY_LEN) cat = <u32>load<u8>(SC_CATEGORY_PTR + <usize>id);
      }
    }
    if ((cat & S.EC_IO_BASE) != 0 && n > 0 && len0 >= 8 && <i64>peekU64(first) >= 0) { hasBuf = true; buf = peekU64(first); }
  }
  // evt.rawres (resultParam): the first "res" the event stores, else an fd-creating exit's first "fd"
  let k: i32 = -1;
  if ((kind & TK_RESULT) != 0) {
    k = <i32>load<i16>(resIdx + (<usize>t << 1));
    if (k < 0 || <u32>k >= n) k = <i32>load<i16>(fdIdx + (<usize>t << 1));
    if (k >= 0 && <u32>k >= n) k = -1;
  }
  let resOff: u32 = first, resLen: u32 = len0;
  if (k > 0) {
    for (let i: u32 = 0; i < <u32>k; i++) resOff += wide ? peekU32(lens + (i << 2)) : <u32>peekU16(lens + (i << 1));
    resLen = wide ? peekU32(lens + (<u32>k << 2)) : <u32>peekU16(lens + (<u32>k << 1));
  }
  if (k < 0 || resLen < 8) return hasBuf ? RC_IRREGULAR : 0;
  const r = <i64>peekU64(resOff);
  if (hasBuf) {
    // one byte holds one number: evt.buflen's value must be the result itself
    if (<u64>r != buf) return RC_IRREGULAR;
    return <u8>((RC_BUFLEN << 6) | bucketOf(<u64>r));
  }
  if (r < 0) return <u8>((RC_NEG << 6) | bucketOf(<u64>(~r)));
  return <u8>((RC_NONNEG << 6) | bucketOf(<u64>r));
}

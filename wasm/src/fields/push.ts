// Helpers the syscall extractors use to put values in the value buffer (values.ts) with where they
// came from: a byte range of the event, or the state version that holds them (process list, fd list,
// user list, or the event that set the state).
import {
  valPush, V_UINT, V_INT, V_STR, V_BOOL, V_DOUBLE, V_IPV4, V_IPV6, V_BYTES, NO_RANGE,
  O_EVENT, O_INFERRED,
} from '../core/values';
import { strPtr, strLen, intern } from '../core/intern';
import { rawPtr } from '../core/raw';
import { sbPtr, sbLen } from '../state/strbuf';

/** Origin of the value being extracted (set by the extractor before pushing). */
export let curOrigin: u8 = O_INFERRED;
export let curOriginRef: u32 = 0;
export function setOrigin(o: u8, ref: u32): void { curOrigin = o; curOriginRef = ref; }

export function pushStrId(id: i32): void {
  valPush(V_STR, 0, strPtr(id), strLen(id), id, NO_RANGE, 0, curOrigin, curOriginRef);
}
/** A string built in the scratch buffer (state/strbuf.ts): interned, so it has a dictionary id. */
export function pushScratch(): void {
  pushStrId(intern(sbPtr, sbLen));
}
/** A string that is bytes of the event itself. */
export function pushEventStr(off: u32, len: u32, rangeLen: u32): void {
  valPush(V_STR, 0, rawPtr() + off, len, -1, off, rangeLen, O_EVENT, 0);
}
export function pushEventBytes(off: u32, len: u32): void {
  valPush(V_BYTES, 0, rawPtr() + off, len, -1, off, len, O_EVENT, 0);
}
export function pushU(v: u64): void { valPush(V_UINT, v, 0, 0, -1, NO_RANGE, 0, curOrigin, curOriginRef); }
export function pushI(v: i64): void { valPush(V_INT, <u64>v, 0, 0, -1, NO_RANGE, 0, curOrigin, curOriginRef); }
export function pushB(b: bool): void { valPush(V_BOOL, b ? 1 : 0, 0, 0, -1, NO_RANGE, 0, curOrigin, curOriginRef); }
export function pushD(d: f64): void { valPush(V_DOUBLE, reinterpret<u64>(d), 0, 0, -1, NO_RANGE, 0, curOrigin, curOriginRef); }
/** IPv4 from 4 network-order bytes at p. */
export function pushIPv4(p: usize): void {
  const v = (<u64>load<u8>(p) << 24) | (<u64>load<u8>(p + 1) << 16) | (<u64>load<u8>(p + 2) << 8) | <u64>load<u8>(p + 3);
  valPush(V_IPV4, v, 0, 0, -1, NO_RANGE, 0, curOrigin, curOriginRef);
}
export function pushIPv6(p: usize): void { valPush(V_IPV6, 0, p, 16, -1, NO_RANGE, 0, curOrigin, curOriginRef); }
/** Values taken from the event's bytes: numbers with their range. */
export function pushUEv(v: u64, off: u32, len: u32): void { valPush(V_UINT, v, 0, 0, -1, off, len, O_EVENT, 0); }
export function pushIEv(v: i64, off: u32, len: u32): void { valPush(V_INT, <u64>v, 0, 0, -1, off, len, O_EVENT, 0); }
export function pushBEv(b: bool, off: u32, len: u32): void { valPush(V_BOOL, b ? 1 : 0, 0, 0, -1, off, len, O_EVENT, 0); }

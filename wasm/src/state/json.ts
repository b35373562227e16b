// A small bounded scanner for the JSON the state engine meets in capture events (container JSON
// events: {"container":{"id":..., "name":..., "Labels":{...}}}). It only finds a key's value inside an
// object and returns byte ranges in the raw capture; it never builds objects and every loop is bounded
// by the bytes of the payload, so a hostile payload cannot hang it.
import { peekU8 } from '../core/raw';

/** Offset just past the JSON value starting at `o` (whitespace skipped), or `end` when malformed. */
export function skipValue(o: u32, end: u32): u32 {
  o = skipWs(o, end);
  if (o >= end) return end;
  const c = peekU8(o);
  if (c == 0x22) return skipString(o, end);
  if (c == 0x7B || c == 0x5B) {
    let depth = 0;
    while (o < end) {
      const d = peekU8(o);
      if (d == 0x22) { o = skipString(o, end); continue; }
      if (d == 0x7B || d == 0x5B) depth++;
      else if (d == 0x7D || d == 0x5D) { depth--; if (depth == 0) return o + 1; }
      o++;
    }
    return end;
  }
  while (o < end) {
    const d = peekU8(o);
    if (d == 0x2C || d == 0x7D || d == 0x5D || d == 0x20 || d == 0x0A || d == 0x0D || d == 0x09) return o;
    o++;
  }
  return end;
}

export function skipWs(o: u32, end: u32): u32 {
  while (o < end) {
    const c = peekU8(o);
    if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) break;
    o++;
  }
  return o;
}

/** `o` at an opening quote: offset past the closing quote. */
export function skipString(o: u32, end: u32): u32 {
  o++;
  while (o < end) {
    const c = peekU8(o);
    if (c == 0x5C) { o += 2; continue; }
    if (c == 0x22) return o + 1;
    o++;
  }
  return end;
}

/**
 * Inside the object starting at `obj` (its `{`), the offset of the value of `key` (ASCII), or 0xFFFFFFFF.
 */
export function findKey(obj: u32, end: u32, key: string): u32 {
  obj = skipWs(obj, end);
  if (obj >= end || peekU8(obj) != 0x7B) return 0xFFFFFFFF;
  let o = obj + 1;
  const klen = <u32>key.length;
  while (o < end) {
    o = skipWs(o, end);
    if (o >= end) break;
    const c = peekU8(o);
    if (c == 0x7D) break;
    if (c == 0x2C) { o++; continue; }
    if (c != 0x22) break;
    const ks = o + 1;
    const ke = skipString(o, end) - 1;
    o = skipWs(ke + 1, end);
    if (o >= end || peekU8(o) != 0x3A) break;
    o = skipWs(o + 1, end);
    if (ke - ks == klen) {
      let same = true;
      for (let i: u32 = 0; i < klen; i++) {
        if (<u32>peekU8(ks + i) != <u32>key.charCodeAt(i)) { same = false; break; }
      }
      if (same) return o;
    }
    o = skipValue(o, end);
  }
  return 0xFFFFFFFF;
}

/** Range of the string value at `o` (without quotes, escapes left as they are): start in `strStart`. */
export let strStart: u32 = 0;
export function stringValue(o: u32, end: u32): i32 {
  if (o >= end || peekU8(o) != 0x22) return -1;
  const e = skipString(o, end);
  if (e > end || e < o + 2) return -1;
  strStart = o + 1;
  return <i32>(e - 1 - (o + 1));
}

/** Unsigned integer value at `o`, or -1 when it is not a number. */
export function intValue(o: u32, end: u32): i64 {
  let n: i64 = 0;
  let any = false;
  while (o < end) {
    const c = peekU8(o);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + <i64>(c - 0x30);
    any = true;
    o++;
    if (n > 0xFFFFFFFF) break;
  }
  return any ? n : -1;
}

/** 1 for true, 0 for false, -1 otherwise. */
export function boolValue(o: u32, end: u32): i32 {
  if (o + 4 <= end && peekU8(o) == 0x74) return 1;
  if (o + 5 <= end && peekU8(o) == 0x66) return 0;
  return -1;
}

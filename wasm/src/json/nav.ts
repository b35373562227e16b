// Walking a scanned document (json/tape.ts): member by key, element by index, string comparison and
// text rendering of values. Keys are compared as UTF-8 bytes against the raw JSON; only keys and values
// that contain escapes are decoded, into the scratch arena (json/scratch.ts), so the common path copies
// nothing. Every walk is bounded by the tape: a lookup visits each direct child at most once.
import {
  J_OBJECT, J_ARRAY, J_STRING, J_NUMBER, J_TRUE, J_FALSE, JF_ESCAPED, JF_KEY_ESCAPED, nodeCount, nodeKind,
  nodeFlags, nodeStart, nodeEnd, nodeNext, nodeKeyStart, nodeKeyEnd,
} from './tape';
import { scratchMark, scratchAppendByte, scratchPtrAt, scratchLenSince, scratchRewind } from './scratch';

/** The document the tape describes: its bytes in linear memory and its absolute offset in the capture. */
export let docPtr: usize = 0;
export let docLen: u32 = 0;
export let docAbs: u32 = 0;

export function docSet(ptr: usize, len: u32, abs: u32): void {
  docPtr = ptr;
  docLen = len;
  docAbs = abs;
}

/** A UTF-8 byte string kept alive for the module's lifetime (field paths, literal values). */
export class Bytes {
  buf: ArrayBuffer;
  ptr: usize;
  len: u32;
  constructor(s: string) {
    this.buf = String.UTF8.encode(s);
    this.ptr = changetype<usize>(this.buf);
    this.len = <u32>this.buf.byteLength;
  }
}

// Result of the text helpers below: a pointer and a length (into the document or the scratch arena).
export let outPtr: usize = 0;
export let outLen: u32 = 0;

@inline export function kindOf(n: i32): u8 {
  return unchecked(nodeKind[n]);
}

export function isContainer(n: i32): bool {
  const k = kindOf(n);
  return k == J_OBJECT || k == J_ARRAY;
}

/** First child of a container, or -1. */
export function firstChild(n: i32): i32 {
  if (n < 0 || !isContainer(n)) return -1;
  const c = n + 1;
  return <u32>c < unchecked(nodeNext[n]) ? c : -1;
}

/** Next sibling of `c` inside `parent`, or -1. */
export function nextSibling(parent: i32, c: i32): i32 {
  const s = <i32>unchecked(nodeNext[c]);
  return <u32>s < unchecked(nodeNext[parent]) ? s : -1;
}

/** Compares the escaped JSON string body at [p, p+l) (no quotes) with raw bytes `want`. */
function escapedEquals(p: usize, l: u32, wantPtr: usize, wantLen: u32): bool {
  const m = scratchMark();
  decodeInto(p, l);
  const n = scratchLenSince(m);
  const eq = n == wantLen && memory.compare(scratchPtrAt(m), wantPtr, wantLen) == 0;
  scratchRewind(m);
  return eq;
}

/** True if the member key of node `c` equals `key`. */
export function keyEquals(c: i32, keyPtr: usize, keyLen: u32): bool {
  const ks = unchecked(nodeKeyStart[c]);
  const ke = unchecked(nodeKeyEnd[c]);
  const l = ke - ks - 2;
  if ((unchecked(nodeFlags[c]) & JF_KEY_ESCAPED) != 0) return escapedEquals(docPtr + ks + 1, l, keyPtr, keyLen);
  return l == keyLen && memory.compare(docPtr + ks + 1, keyPtr, keyLen) == 0;
}

/** Parses an array index written as decimal ASCII (fastjson-style `Get("0")` on arrays); -1 if not one. */
function asIndex(p: usize, l: u32): i32 {
  if (l == 0 || l > 9) return -1;
  let v: i32 = 0;
  for (let i: u32 = 0; i < l; i++) {
    const d = <i32>load<u8>(p + i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Member `key` of an object (the first one with that key), element `key` (decimal) of an array, or -1. */
export function get(n: i32, keyPtr: usize, keyLen: u32): i32 {
  if (n < 0) return -1;
  const k = kindOf(n);
  if (k == J_OBJECT) {
    for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) {
      if (keyEquals(c, keyPtr, keyLen)) return c;
    }
    return -1;
  }
  if (k == J_ARRAY) return at(n, asIndex(keyPtr, keyLen));
  return -1;
}

@inline export function getK(n: i32, key: Bytes): i32 {
  return get(n, key.ptr, key.len);
}

/** Element `i` of an array, or -1. */
export function at(n: i32, i: i32): i32 {
  if (n < 0 || i < 0 || kindOf(n) != J_ARRAY) return -1;
  let c = firstChild(n);
  while (c >= 0 && i > 0) { c = nextSibling(n, c); i--; }
  return c;
}

/** The root node of the scanned document, or -1 when the scan failed. */
export function root(): i32 {
  return nodeCount > 0 ? 0 : -1;
}

@inline export function startOf(n: i32): u32 { return unchecked(nodeStart[n]); }
@inline export function endOf(n: i32): u32 { return unchecked(nodeEnd[n]); }

/** True if node `n` is a string equal to `want`. */
export function strEquals(n: i32, want: Bytes): bool {
  if (n < 0 || kindOf(n) != J_STRING) return false;
  const s = startOf(n) + 1;
  const l = endOf(n) - s - 1;
  if ((unchecked(nodeFlags[n]) & JF_ESCAPED) != 0) return escapedEquals(docPtr + s, l, want.ptr, want.len);
  return l == want.len && memory.compare(docPtr + s, want.ptr, want.len) == 0;
}

function hexVal(c: u32): u32 {
  if (c - 0x30 < 10) return c - 0x30;
  return (c | 0x20) - 0x61 + 10;
}

function appendUtf8(cp: u32): void {
  if (cp < 0x80) scratchAppendByte(<u8>cp);
  else if (cp < 0x800) { scratchAppendByte(<u8>(0xC0 | (cp >> 6))); scratchAppendByte(<u8>(0x80 | (cp & 0x3F))); }
  else if (cp < 0x10000) {
    scratchAppendByte(<u8>(0xE0 | (cp >> 12)));
    scratchAppendByte(<u8>(0x80 | ((cp >> 6) & 0x3F)));
    scratchAppendByte(<u8>(0x80 | (cp & 0x3F)));
  } else {
    scratchAppendByte(<u8>(0xF0 | (cp >> 18)));
    scratchAppendByte(<u8>(0x80 | ((cp >> 12) & 0x3F)));
    scratchAppendByte(<u8>(0x80 | ((cp >> 6) & 0x3F)));
    scratchAppendByte(<u8>(0x80 | (cp & 0x3F)));
  }
}

/** Appends the decoded form of an already-validated escaped string body to the scratch arena. */
function decodeInto(p: usize, l: u32): void {
  let i: u32 = 0;
  while (i < l) {
    const c = load<u8>(p + i);
    if (c != 0x5C || i + 1 >= l) { scratchAppendByte(c); i++; continue; }
    const e = load<u8>(p + i + 1);
    if (e == 0x75 && i + 6 <= l) {
      let cp: u32 = 0;
      for (let k: u32 = 2; k < 6; k++) cp = (cp << 4) | hexVal(load<u8>(p + i + k));
      i += 6;
      // A surrogate pair arrives as two \u escapes.
      if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= l && load<u8>(p + i) == 0x5C && load<u8>(p + i + 1) == 0x75) {
        let lo: u32 = 0;
        for (let k: u32 = 2; k < 6; k++) lo = (lo << 4) | hexVal(load<u8>(p + i + k));
        if (lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
      }
      if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD; // lone surrogate
      appendUtf8(cp);
      continue;
    }
    let o: u8 = e;
    if (e == 0x62) o = 0x08;
    else if (e == 0x66) o = 0x0C;
    else if (e == 0x6E) o = 0x0A;
    else if (e == 0x72) o = 0x0D;
    else if (e == 0x74) o = 0x09;
    scratchAppendByte(o);
    i += 2;
  }
}

/** Compact JSON text of a container: the original bytes without whitespace outside strings. */
function compactInto(n: i32): void {
  const s = startOf(n);
  const e = endOf(n);
  let inStr = false;
  for (let i = s; i < e; i++) {
    const c = load<u8>(docPtr + i);
    if (inStr) {
      scratchAppendByte(c);
      if (c == 0x5C && i + 1 < e) { scratchAppendByte(load<u8>(docPtr + i + 1)); i++; }
      else if (c == 0x22) inStr = false;
      continue;
    }
    if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) continue;
    if (c == 0x22) inStr = true;
    scratchAppendByte(c);
  }
}

/**
 * Text of a value as the Falco plugins render it: a string's decoded characters, any other value's
 * JSON text (containers compacted). Sets outPtr/outLen; points into the document when no copy is needed.
 */
export function textOf(n: i32): void {
  const k = kindOf(n);
  const s = startOf(n);
  const e = endOf(n);
  if (k == J_STRING) {
    if ((unchecked(nodeFlags[n]) & JF_ESCAPED) == 0) { outPtr = docPtr + s + 1; outLen = e - s - 2; return; }
    const m = scratchMark();
    decodeInto(docPtr + s + 1, e - s - 2);
    outPtr = scratchPtrAt(m);
    outLen = scratchLenSince(m);
    return;
  }
  if (k == J_OBJECT || k == J_ARRAY) {
    const m = scratchMark();
    compactInto(n);
    outPtr = scratchPtrAt(m);
    outLen = scratchLenSince(m);
    return;
  }
  outPtr = docPtr + s;
  outLen = e - s;
}

/** True if the string node has no escapes, so its characters are exactly the document bytes. */
export function isPlainString(n: i32): bool {
  return kindOf(n) == J_STRING && (unchecked(nodeFlags[n]) & JF_ESCAPED) == 0;
}

export function isTruthy(n: i32): bool {
  return n >= 0 && kindOf(n) == J_TRUE;
}

/**
 * Numeric value as u64 (CloudTrail byte counts are sometimes written as floats, e.g. 33.0: the integer
 * part is used; negative or non-numeric values give 0). Strings are not converted.
 */
export function u64Of(n: i32): u64 {
  if (n < 0 || kindOf(n) != J_NUMBER) return 0;
  const s = startOf(n);
  const e = endOf(n);
  if (load<u8>(docPtr + s) == 0x2D) return 0;
  let v: u64 = 0;
  let i = s;
  for (; i < e; i++) {
    const d = <u32>load<u8>(docPtr + i) - 0x30;
    if (d > 9) break;
    v = v * 10 + d;
  }
  // An exponent makes the integer part wrong; fall back to a float parse of the text.
  for (let j = i; j < e; j++) {
    const c = load<u8>(docPtr + j);
    if (c == 0x65 || c == 0x45) {
      const t = String.UTF8.decodeUnsafe(docPtr + s, e - s);
      const f = parseFloat(t);
      return f > 0 && f < 1.8e19 ? <u64>f : 0;
    }
  }
  return v;
}

export { J_STRING, J_NUMBER, J_OBJECT, J_ARRAY, J_TRUE, J_FALSE };

// A strict RFC 8259 JSON scanner that records every value's exact byte range on the tape (json/tape.ts).
// Why our own: field offsets must point at the bytes of the original payload (Falco's plugin API reports
// the same), and log payloads are hostile input. So the scanner is one linear pass without recursion
// (an explicit stack capped at MAX_DEPTH), does not allocate per value, and on malformed input stops with
// an error code and the byte offset where it gave up, never a partial tape that looks valid.
import {
  J_OBJECT, J_ARRAY, J_STRING, J_NUMBER, J_TRUE, J_FALSE, J_NULL, JF_ESCAPED, JF_KEY_ESCAPED, NO_KEY,
  nodeCount, nodeKind, nodeEnd, nodeNext, tapeReset, tapePush,
} from './tape';

export const MAX_DEPTH: i32 = 256;

// Error codes (JE_*), shared with the host (its messages): generated from scripts/gen/boundary.json.
// EMPTY: no value at all; UNEXPECTED: a byte that cannot start or continue anything here; EOF: input ended
// inside a value; BAD_STRING: raw control character inside a string; BAD_ESCAPE: unknown escape or bad \u
// sequence; BAD_LITERAL: not true/false/null; DEPTH: nesting deeper than MAX_DEPTH; TRAILING: bytes after
// the top-level value; TOO_BIG: more values than the tape holds; EXPECT_KEY: object member without a
// string key; EXPECT_COMMA: missing ',' or closing bracket.
export {
  JE_OK, JE_EMPTY, JE_UNEXPECTED, JE_EOF, JE_BAD_STRING, JE_BAD_ESCAPE, JE_BAD_NUMBER, JE_BAD_LITERAL, JE_DEPTH, JE_TRAILING,
  JE_TOO_BIG, JE_EXPECT_KEY, JE_EXPECT_COLON, JE_EXPECT_COMMA,
} from '../generated/boundary';
import {
  JE_OK, JE_EMPTY, JE_UNEXPECTED, JE_EOF, JE_BAD_STRING, JE_BAD_ESCAPE, JE_BAD_NUMBER, JE_BAD_LITERAL, JE_DEPTH, JE_TRAILING,
  JE_TOO_BIG, JE_EXPECT_KEY, JE_EXPECT_COLON, JE_EXPECT_COMMA,
} from '../generated/boundary';

export let jsonError: i32 = JE_OK;
export let jsonErrorAt: u32 = 0;

const stack = new StaticArray<i32>(MAX_DEPTH);

// Scanner position, kept in globals so the small helpers below need no out-parameters.
let base: usize = 0;
let len: u32 = 0;
let pos: u32 = 0;
let strFlags: u8 = 0;
// The member key awaiting its value (NO_KEY outside objects), recorded with that value on the tape.
let keyStart: u32 = NO_KEY;
let keyEnd: u32 = NO_KEY;
let keyFlags: u8 = 0;

function fail(code: i32, at: u32): bool {
  jsonError = code;
  jsonErrorAt = at;
  return false;
}

@inline function peek(): i32 {
  return pos < len ? <i32>load<u8>(base + pos) : -1;
}

function skipWs(): void {
  while (pos < len) {
    const c = load<u8>(base + pos);
    if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) return;
    pos++;
  }
}

@inline function isHex(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 6);
}

/** Scans a string starting at the opening quote; leaves pos after the closing quote. Sets strFlags. */
function scanString(): bool {
  pos++;
  strFlags = 0;
  while (pos < len) {
    // Eight bytes at a time while none is a quote, a backslash or a control character (SWAR test; a
    // false positive only sends us to the byte-wise path below).
    while (pos + 8 <= len) {
      const x = load<u64>(base + pos);
      const q = x ^ 0x2222222222222222;
      const b = x ^ 0x5C5C5C5C5C5C5C5C;
      const t = ((q - 0x0101010101010101) & ~q) | ((b - 0x0101010101010101) & ~b) | ((x - 0x2020202020202020) & ~x);
      if ((t & 0x8080808080808080) != 0) break;
      pos += 8;
    }
    if (pos >= len) break;
    const c = load<u8>(base + pos);
    if (c == 0x22) { pos++; return true; }
    if (c < 0x20) return fail(JE_BAD_STRING, pos);
    if (c == 0x5C) {
      strFlags = JF_ESCAPED;
      if (pos + 1 >= len) return fail(JE_EOF, len);
      const e = load<u8>(base + pos + 1);
      if (e == 0x75) { // \uXXXX
        if (pos + 6 > len) return fail(JE_EOF, len);
        for (let k: u32 = 2; k < 6; k++) {
          if (!isHex(load<u8>(base + pos + k))) return fail(JE_BAD_ESCAPE, pos);
        }
        pos += 6;
        continue;
      }
      if (e != 0x22 && e != 0x5C && e != 0x2F && e != 0x62 && e != 0x66 && e != 0x6E && e != 0x72 && e != 0x74) {
        return fail(JE_BAD_ESCAPE, pos);
      }
      pos += 2;
      continue;
    }
    pos++;
  }
  return fail(JE_EOF, len);
}

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

function scanNumber(): bool {
  const start = pos;
  if (peek() == 0x2D) pos++;
  let c = peek();
  if (c == 0x30) {
    pos++;
  } else if (isDigit(c)) {
    while (isDigit(peek())) pos++;
  } else {
    return fail(c < 0 ? JE_EOF : JE_BAD_NUMBER, pos);
  }
  if (peek() == 0x2E) {
    pos++;
    if (!isDigit(peek())) return fail(pos >= len ? JE_EOF : JE_BAD_NUMBER, pos);
    while (isDigit(peek())) pos++;
  }
  c = peek();
  if (c == 0x65 || c == 0x45) {
    pos++;
    c = peek();
    if (c == 0x2B || c == 0x2D) pos++;
    if (!isDigit(peek())) return fail(pos >= len ? JE_EOF : JE_BAD_NUMBER, pos);
    while (isDigit(peek())) pos++;
  }
  return pos > start;
}

/** Matches the ASCII literal `word` (true/false/null) at pos. */
function scanLiteral(w0: u8, w1: u8, w2: u8, w3: u8, w4: u8, n: u32): bool {
  if (pos + n > len) return fail(JE_EOF, len);
  if (load<u8>(base + pos) != w0 || load<u8>(base + pos + 1) != w1 || load<u8>(base + pos + 2) != w2 ||
      load<u8>(base + pos + 3) != w3 || (n == 5 && load<u8>(base + pos + 4) != w4)) {
    return fail(JE_BAD_LITERAL, pos);
  }
  pos += n;
  return true;
}

/** Closes container node `c` at pos (just after its closing bracket). */
@inline function close(c: i32): void {
  unchecked(nodeEnd[c] = pos);
  unchecked(nodeNext[c] = <u32>nodeCount);
}

/**
 * Scans the JSON document at [ptr, ptr+length) onto the tape. Returns the number of nodes, or -1 with
 * jsonError/jsonErrorAt set. Trailing whitespace and NUL bytes after the top-level value are accepted
 * (C producers often count a terminating NUL in the payload).
 */
/** An object member's key and the ':' after it, at pos (after whitespace); sets keyStart/keyEnd/keyFlags. */
function scanKey(): bool {
  if (peek() != 0x22) return fail(pos >= len ? JE_EOF : JE_EXPECT_KEY, pos);
  keyStart = pos;
  if (!scanString()) return false;
  keyEnd = pos;
  keyFlags = strFlags != 0 ? JF_KEY_ESCAPED : 0;
  skipWs();
  if (peek() != 0x3A) return fail(pos >= len ? JE_EOF : JE_EXPECT_COLON, pos);
  pos++;
  return true;
}

export function jsonScan(ptr: usize, length: u32): i32 {
  base = ptr;
  len = length;
  pos = 0;
  jsonError = JE_OK;
  jsonErrorAt = 0;
  tapeReset();
  let depth: i32 = 0;
  keyStart = NO_KEY;
  keyEnd = NO_KEY;
  keyFlags = 0;

  skipWs();
  if (pos >= len) { fail(JE_EMPTY, pos); return -1; }

  while (true) {
    // Expect a value at pos (after whitespace).
    skipWs();
    const c = peek();
    const start = pos;
    let node: i32 = -1;
    let isOpen = false;
    if (c < 0) { fail(JE_EOF, pos); return -1; }
    if (c == 0x7B || c == 0x5B) {
      if (depth >= MAX_DEPTH) { fail(JE_DEPTH, pos); return -1; }
      node = tapePush(c == 0x7B ? J_OBJECT : J_ARRAY, keyFlags, start, keyStart, keyEnd);
      pos++;
      isOpen = true;
    } else if (c == 0x22) {
      if (!scanString()) return -1;
      node = tapePush(J_STRING, strFlags | keyFlags, start, keyStart, keyEnd);
    } else if (c == 0x2D || isDigit(c)) {
      if (!scanNumber()) return -1;
      node = tapePush(J_NUMBER, keyFlags, start, keyStart, keyEnd);
    } else if (c == 0x74) {
      if (!scanLiteral(0x74, 0x72, 0x75, 0x65, 0, 4)) return -1;
      node = tapePush(J_TRUE, keyFlags, start, keyStart, keyEnd);
    } else if (c == 0x66) {
      if (!scanLiteral(0x66, 0x61, 0x6C, 0x73, 0x65, 5)) return -1;
      node = tapePush(J_FALSE, keyFlags, start, keyStart, keyEnd);
    } else if (c == 0x6E) {
      if (!scanLiteral(0x6E, 0x75, 0x6C, 0x6C, 0, 4)) return -1;
      node = tapePush(J_NULL, keyFlags, start, keyStart, keyEnd);
    } else {
      fail(JE_UNEXPECTED, pos);
      return -1;
    }
    if (node < 0) { fail(JE_TOO_BIG, start); return -1; }
    keyStart = NO_KEY; keyEnd = NO_KEY; keyFlags = 0;
    if (!isOpen) unchecked(nodeEnd[node] = pos);

    let wantValue = false;
    if (isOpen) {
      unchecked(stack[depth++] = node);
      skipWs();
      const d = peek();
      const closer = c == 0x7B ? 0x7D : 0x5D;
      if (d == closer) {
        pos++;
        depth--;
        close(node);
      } else if (c == 0x5B) {
        wantValue = true;
      } else {
        // First member key of an object.
        if (!scanKey()) return -1;
        wantValue = true;
      }
    }
    if (wantValue) continue;

    // After a complete value: close containers or move to the next element/member.
    while (true) {
      if (depth == 0) {
        // Top-level value done: only whitespace or NUL padding may follow.
        while (pos < len) {
          const t = load<u8>(base + pos);
          if (t != 0x20 && t != 0x0A && t != 0x0D && t != 0x09 && t != 0) { fail(JE_TRAILING, pos); return -1; }
          pos++;
        }
        return nodeCount;
      }
      skipWs();
      const top = unchecked(stack[depth - 1]);
      const isObj = unchecked(nodeKind[top]) == J_OBJECT;
      const d = peek();
      if (d == 0x2C) {
        pos++;
        if (isObj) {
          skipWs();
          if (!scanKey()) return -1;
        }
        break; // parse the next value
      }
      if ((isObj && d == 0x7D) || (!isObj && d == 0x5D)) {
        pos++;
        depth--;
        close(top);
        continue;
      }
      fail(d < 0 ? JE_EOF : JE_EXPECT_COMMA, pos);
      return -1;
    }
  }
  return -1;
}

/** Short English text for an error code (the host formats the full message with the offset). */
export function jsonErrorText(code: i32): string {
  switch (code) {
    case JE_OK: return 'ok';
    case JE_EMPTY: return 'no JSON value';
    case JE_UNEXPECTED: return 'unexpected character';
    case JE_EOF: return 'unexpected end of input';
    case JE_BAD_STRING: return 'control character in string';
    case JE_BAD_ESCAPE: return 'invalid escape in string';
    case JE_BAD_NUMBER: return 'invalid number';
    case JE_BAD_LITERAL: return 'invalid literal';
    case JE_DEPTH: return 'nesting too deep';
    case JE_TRAILING: return 'unexpected data after the JSON value';
    case JE_TOO_BIG: return 'too many values';
    case JE_EXPECT_KEY: return 'expected a string key';
    case JE_EXPECT_COLON: return "expected ':'";
    case JE_EXPECT_COMMA: return "expected ',' or a closing bracket";
  }
  return 'unknown error';
}

// Finds the byte ranges of JSON values without building them: the members of a top-level object and the
// elements of an array. Raw logs keep each record's original bytes (they become plugin event payloads and
// field offsets point into them), so records are cut out of the file, not re-serialised. Linear, no
// recursion; malformed input gives an error naming the byte offset.

export class SplitError extends Error {
  constructor(readonly offset: number, message: string) {
    super(`byte ${offset}: ${message}`);
  }
}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

export function skipWs(b: Uint8Array, i: number, end = b.length): number {
  while (i < end && WS[b[i]]) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at `i` (native search for the closing quote). */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  let j = i + 1;
  for (;;) {
    j = b.indexOf(0x22, j);
    if (j < 0 || j >= end) throw new SplitError(i, 'unterminated string');
    // The quote is escaped when an odd number of backslashes precede it.
    let k = j - 1;
    while (k > i && b[k] === 0x5c) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j++;
  }
}

/** End (exclusive) of the JSON value starting at `i`: strings and brackets matched, scalars to a delimiter. */
export function valueEnd(b: Uint8Array, i: number, end = b.length): number {
  const c = b[i];
  if (c === 0x22) return stringEnd(b, i, end);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const d = b[j];
      if (d === 0x22) {
        j = stringEnd(b, j, end) - 1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SplitError(i, `unclosed ${c === 0x7b ? 'object' : 'array'}`);
  }
  let j = i;
  while (j < end && !WS[b[j]] && b[j] !== 0x2c && b[j] !== 0x7d && b[j] !== 0x5d) j++;
  if (j === i) throw new SplitError(i, `unexpected ${i < end ? `character 0x${b[i].toString(16)}` : 'end of input'}`);
  return j;
}

const dec = new TextDecoder();

/** A member: its key's range (without the quotes) and its value's range. */
export interface Member { keyStart: number; keyEnd: number; keyEscaped: boolean; start: number; end: number }
/** Object members with the offset just past the closing brace. */
export type Members = Member[] & { end: number };

/** The member's key as text (decoded only when asked). */
export function memberKey(b: Uint8Array, m: Member): string {
  return m.keyEscaped ? JSON.parse(dec.decode(b.subarray(m.keyStart - 1, m.keyEnd + 1))) as string : dec.decode(b.subarray(m.keyStart, m.keyEnd));
}

/** True when the member's key is exactly `key` (ASCII keys compared as bytes, no decoding). */
export function keyIs(b: Uint8Array, m: Member, key: string): boolean {
  if (m.keyEscaped) return memberKey(b, m) === key;
  if (m.keyEnd - m.keyStart !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[m.keyStart + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** The members of the object at `i`: key text and the value's range. */
export function objectMembers(b: Uint8Array, i: number, end = b.length): Members {
  if (b[i] !== 0x7b) throw new SplitError(i, 'expected an object');
  const out: Members = Object.assign([], { end: 0 });
  let j = skipWs(b, i + 1, end);
  if (b[j] === 0x7d) { out.end = j + 1; return out; }
  for (;;) {
    if (b[j] !== 0x22) throw new SplitError(j, 'expected a member name');
    const ke = valueEnd(b, j, end);
    const keyStart = j + 1;
    const keyEnd = ke - 1;
    let keyEscaped = false;
    for (let k = keyStart; k < keyEnd; k++) if (b[k] === 0x5c) { keyEscaped = true; break; }
    j = skipWs(b, ke, end);
    if (b[j] !== 0x3a) throw new SplitError(j, "expected ':'");
    j = skipWs(b, j + 1, end);
    const ve = valueEnd(b, j, end);
    out.push({ keyStart, keyEnd, keyEscaped, start: j, end: ve });
    j = skipWs(b, ve, end);
    if (b[j] === 0x2c) { j = skipWs(b, j + 1, end); continue; }
    if (b[j] === 0x7d) { out.end = j + 1; return out; }
    if (j >= end) throw new SplitError(i, 'unclosed object');
    throw new SplitError(j, "expected ',' or '}'");
  }
}

/** The element ranges of the array at `i`. */
export function arrayElements(b: Uint8Array, i: number, end = b.length): { start: number; end: number }[] {
  if (b[i] !== 0x5b) throw new SplitError(i, 'expected an array');
  const out: { start: number; end: number }[] = [];
  let j = skipWs(b, i + 1, end);
  if (b[j] === 0x5d) return out;
  for (;;) {
    const ve = valueEnd(b, j, end);
    out.push({ start: j, end: ve });
    j = skipWs(b, ve, end);
    if (b[j] === 0x2c) { j = skipWs(b, j + 1, end); continue; }
    if (b[j] === 0x5d) return out;
    throw new SplitError(j, "expected ',' or ']'");
  }
}

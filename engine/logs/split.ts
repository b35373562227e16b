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

/** End (exclusive) of the JSON value starting at `i`: strings and brackets matched, scalars to a delimiter. */
export function valueEnd(b: Uint8Array, i: number, end = b.length): number {
  const c = b[i];
  if (c === 0x22) {
    for (let j = i + 1; j < end; j++) {
      const d = b[j];
      if (d === 0x5c) { j++; continue; }
      if (d === 0x22) return j + 1;
    }
    throw new SplitError(i, 'unterminated string');
  }
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const d = b[j];
      if (d === 0x22) {
        for (j++; j < end && b[j] !== 0x22; j++) if (b[j] === 0x5c) j++;
        if (j >= end) throw new SplitError(i, 'unterminated string');
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

/** The members of the object at `i`: key text and the value's range. */
export function objectMembers(b: Uint8Array, i: number, end = b.length): { key: string; start: number; end: number }[] {
  if (b[i] !== 0x7b) throw new SplitError(i, 'expected an object');
  const out: { key: string; start: number; end: number }[] = [];
  let j = skipWs(b, i + 1, end);
  if (b[j] === 0x7d) return out;
  for (;;) {
    if (b[j] !== 0x22) throw new SplitError(j, 'expected a member name');
    const ke = valueEnd(b, j, end);
    const key = JSON.parse(dec.decode(b.subarray(j, ke))) as string;
    j = skipWs(b, ke, end);
    if (b[j] !== 0x3a) throw new SplitError(j, "expected ':'");
    j = skipWs(b, j + 1, end);
    const ve = valueEnd(b, j, end);
    out.push({ key, start: j, end: ve });
    j = skipWs(b, ve, end);
    if (b[j] === 0x2c) { j = skipWs(b, j + 1, end); continue; }
    if (b[j] === 0x7d) return out;
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

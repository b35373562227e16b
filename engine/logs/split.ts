// Finds the byte ranges of JSON values without building them: the wanted members of an object (kind,
// timestamps, Records, items) and the elements of an array. Raw logs keep each record's original bytes (they become plugin event payloads and
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

/** The top-level keys the log reader looks at, in a fixed order (indexes into Picked). */
export const WANTED = ['kind', 'stageTimestamp', 'requestReceivedTimestamp', 'timestamp', 'Records', 'items', 'eventVersion', 'eventTime'] as const;
export type WantedKey = (typeof WANTED)[number];
const WANTED_INDEX = new Map<string, number>(WANTED.map((k, i) => [k, i]));
const WANTED_BYTES = WANTED.map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0)));

/** Value ranges of the wanted keys of one object (reused across objects: no allocation per line). */
export class Picked {
  readonly starts = new Int32Array(WANTED.length);
  readonly ends = new Int32Array(WANTED.length);
  /** [start, end) of the key's value, or null when the object does not have it. */
  get(key: WantedKey): [number, number] | null {
    const i = WANTED_INDEX.get(key)!;
    return this.starts[i] < 0 ? null : [this.starts[i], this.ends[i]];
  }
}

function wantedIndex(b: Uint8Array, ks: number, ke: number, escaped: boolean): number {
  if (escaped) return WANTED_INDEX.get(JSON.parse(dec.decode(b.subarray(ks - 1, ke + 1))) as string) ?? -1;
  const n = ke - ks;
  for (let w = 0; w < WANTED_BYTES.length; w++) {
    const k = WANTED_BYTES[w];
    if (k.length !== n) continue;
    let j = 0;
    while (j < n && b[ks + j] === k[j]) j++;
    if (j === n) return w;
  }
  return -1;
}

/**
 * Walks the object at `i` like objectMembers, but only records where the WANTED keys' values are (the
 * first occurrence of each). Returns the offset just past the closing brace.
 */
export function scanObject(b: Uint8Array, i: number, end: number, out: Picked): number {
  out.starts.fill(-1);
  if (b[i] !== 0x7b) throw new SplitError(i, 'expected an object');
  let j = skipWs(b, i + 1, end);
  if (b[j] === 0x7d) return j + 1;
  for (;;) {
    if (b[j] !== 0x22) throw new SplitError(j, 'expected a member name');
    const ke = valueEnd(b, j, end);
    let escaped = false;
    for (let k = j + 1; k < ke - 1; k++) if (b[k] === 0x5c) { escaped = true; break; }
    const w = wantedIndex(b, j + 1, ke - 1, escaped);
    j = skipWs(b, ke, end);
    if (b[j] !== 0x3a) throw new SplitError(j, "expected ':'");
    j = skipWs(b, j + 1, end);
    const ve = valueEnd(b, j, end);
    if (w >= 0 && out.starts[w] < 0) { out.starts[w] = j; out.ends[w] = ve; }
    j = skipWs(b, ve, end);
    if (b[j] === 0x2c) { j = skipWs(b, j + 1, end); continue; }
    if (b[j] === 0x7d) return j + 1;
    if (j >= end) throw new SplitError(i, 'unclosed object');
    throw new SplitError(j, "expected ',' or '}'");
  }
}

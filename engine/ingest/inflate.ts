// Turns a stream of file chunks into a stream of capture bytes: gzip (also several members back to back,
// also cut short) is detected by its magic and inflated with the platform's DecompressionStream, which
// Node and browsers both have; anything else passes through untouched.
//
// Why the member handling: Node's DecompressionStream goes on through concatenated gzip members, but
// Chromium's stops after the first one with "Junk found after end of compressed data" (checked with the
// real browser, test/unit/reader-gzip-chromium.test.ts). The stream does not say where the first member
// ended, so we find it ourselves: a member ends with CRC32 and ISIZE (its decompressed length mod 2^32),
// and the next one starts with 1f 8b 08. We know ISIZE (we counted the output), so the boundary is where
// that length is followed by the magic, within the input chunk being inflated when the error came (or
// the bytes just before it, when the trailer straddles chunks). Then a fresh stream inflates from there.
// Bounded: only the current chunk and 16 bytes before it are kept.

/** Set when a gzip stream ended early or was corrupt; what was inflated before is still delivered. */
export class InflateState {
  gzip = false;
  error: string | null = null;
  /** gzip members found (1 for an ordinary .gz). */
  members = 0;
}

/** What inflateIfGzip uses of a decompressor (a DecompressionStream or a TransformStream also fit). */
export interface Decompressor {
  writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
}

/** Makes a gzip decompressor (the platform's by default; tests inject a strict one). */
export type DecompressorFactory = () => Decompressor;

/** Input bytes kept from before the current chunk: a gzip trailer is 8 bytes. */
const TAIL = 16;

let defaultFactory: DecompressorFactory = () => new DecompressionStream('gzip') as TransformStream<Uint8Array, Uint8Array>;

/** Replaces the platform's decompressor: Node installs zlib's gunzip without the web streams around it
 *  (engine/node/gunzip.ts, installed by engine/node/capture-file.ts). */
export function setDefaultDecompressor(f: DecompressorFactory): void {
  defaultFactory = f;
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/**
 * Offset in `buf` where the next gzip member starts, given the decompressed length of the member that
 * ended inside it (the 4-byte ISIZE is followed by the next member's 1f 8b 08 header), or -1.
 */
export function nextMemberStart(buf: Uint8Array, memberOutLen: number): number {
  const isize = memberOutLen >>> 0;
  const b0 = isize & 255, b1 = (isize >>> 8) & 255, b2 = (isize >>> 16) & 255, b3 = isize >>> 24;
  // The header may continue in input not read yet: match the magic bytes that are here (at least one).
  const magic = [0x1f, 0x8b, 0x08];
  for (let m = 4; m < buf.length; m++) {
    if (buf[m - 4] !== b0 || buf[m - 3] !== b1 || buf[m - 2] !== b2 || buf[m - 1] !== b3) continue;
    let ok = true;
    for (let k = 0; k < 3 && m + k < buf.length; k++) if (buf[m + k] !== magic[k]) { ok = false; break; }
    if (ok) return m;
  }
  return -1;
}

export async function* inflateIfGzip(input: AsyncIterable<Uint8Array>, state: InflateState,
  makeDecompressor: DecompressorFactory = defaultFactory): AsyncIterable<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  // Collect at least two bytes to look at the magic.
  let head = new Uint8Array(0);
  while (head.length < 2) {
    const r = await it.next();
    if (r.done) break;
    const merged = new Uint8Array(head.length + r.value.length);
    merged.set(head);
    merged.set(r.value, head.length);
    head = merged;
  }
  if (head.length === 0) return;
  if (!(head[0] === 0x1f && head[1] === 0x8b)) {
    yield* prepend(head, it);
    return;
  }
  state.gzip = true;
  // Bytes of the input to feed before continuing with `it` (the start of the next member).
  let carry: Uint8Array | null = head;
  while (carry) {
    state.members++;
    const first: Uint8Array = carry;
    carry = null;
    const ds = makeDecompressor();
    const writer = ds.writable.getWriter();
    // The chunk being inflated, and the last bytes of the input before it (the trailer may straddle them).
    let tail: Uint8Array = new Uint8Array(0);
    let cur: Uint8Array = new Uint8Array(0);
    // The rest of the input chunk after the piece being inflated (not written yet).
    let after: Uint8Array = new Uint8Array(0);
    let pumpError: unknown = null;
    const feed = async (chunk: Uint8Array) => {
      // Pieces end where a gzip header might start, so a member's last bytes are never inflated in the same
      // call as the next member's first ones: the call that sees the junk then carries no output to lose.
      let from = 0;
      for (let i = chunk.indexOf(0x1f, 1); i > 0; i = chunk.indexOf(0x1f, i + 1)) {
        if (i + 1 < chunk.length && chunk[i + 1] !== 0x8b) continue;
        after = chunk.subarray(i);
        await writePiece(chunk.subarray(from, i));
        from = i;
      }
      after = new Uint8Array(0);
      await writePiece(chunk.subarray(from));
    };
    const writePiece = async (piece: Uint8Array) => {
      if (!piece.length) return;
      const joined = new Uint8Array(Math.min(TAIL, tail.length + cur.length));
      const both = tail.length + cur.length;
      // keep the last TAIL bytes of tail + cur
      for (let k = 0; k < joined.length; k++) {
        const src = both - joined.length + k;
        joined[k] = src < tail.length ? tail[src] : cur[src - tail.length];
      }
      tail = joined;
      cur = piece;
      await writer.write(piece);
    };
    // Closing a cut-short stream errors its readable side, which drops output still queued there: the
    // pump closes only once the reader waits with nothing left to take (a read pending over a macrotask).
    let readPending = false;
    let readerDone = false;
    let wake: (() => void) | null = null;
    const drained = async () => {
      for (;;) {
        if (readerDone) return;
        if (readPending) {
          await new Promise((r) => setTimeout(r, 0));
          if (readPending || readerDone) return;
        } else await new Promise<void>((r) => { wake = r; });
      }
    };
    const wakePump = () => { const w = wake; wake = null; w?.(); };
    const pump = (async () => {
      try {
        await feed(first);
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          await feed(r.value);
        }
        await drained();
        await writer.close();
      } catch (e) {
        pumpError = e; // the reader side sees the same error
      }
    })();
    const reader = ds.readable.getReader();
    let out = 0;
    let error: string | null = null;
    try {
      for (;;) {
        readPending = true;
        wakePump();
        const r = await reader.read();
        readPending = false;
        if (r.done || !r.value) break;
        out += r.value.length;
        yield r.value;
      }
    } catch (e) {
      error = (e as Error).message || String(e);
    } finally {
      readPending = false;
      readerDone = true;
      wakePump();
      await reader.cancel().catch(() => {});
    }
    await pump;
    if (error === null && pumpError !== null) error = (pumpError as Error).message || String(pumpError);
    if (error === null) return;
    // Did this member end and another one follow? Look for its trailer + the next header.
    const window = new Uint8Array(tail.length + cur.length);
    window.set(tail);
    window.set(cur, tail.length);
    const start = nextMemberStart(window, out);
    if (start >= 0 && out > 0) {
      const head = window.subarray(start);
      carry = new Uint8Array(head.length + after.length);
      carry.set(head);
      carry.set(after, head.length);
      continue;
    }
    state.error = error;
    return;
  }
}

// The block layer of a .scap for the fuzzer: splits a decompressed capture into its pcapng-style
// blocks (type, total length, body, trailer) and tells event blocks from metadata, so mutations can
// drop, repeat, reorder and damage whole blocks and the corpus can cut small windows out of big files.
// Reading stops at the first block whose length does not fit; what follows is kept as a raw tail.

export interface Block { type: number; bytes: Uint8Array }

export const SHB = 0x0a0d0d0a;
/** Event block types (docs/scap-format.md §2.6), with the size of their prefix before the event header. */
export const EVENT_PREFIX: ReadonlyMap<number, number> = new Map([
  [0x216, 2], [0x221, 2], [0x217, 6], [0x222, 6], [0x204, 2], [0x8010abcd, 2], [0x208, 6],
]);
/** Event blocks whose events use the old 22-byte header (no nparams field). */
export const OLD_HEADER = new Set([0x204, 0x8010abcd, 0x208]);
/** Event blocks whose parameter lengths are u32. */
export const LARGE_BLOCKS = new Set([0x221, 0x222]);

export function isEventBlock(type: number): boolean { return EVENT_PREFIX.has(type); }

export function splitBlocks(raw: Uint8Array): { blocks: Block[]; tail: Uint8Array } {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const blocks: Block[] = [];
  let o = 0;
  while (o + 12 <= raw.length) {
    const len = v.getUint32(o + 4, true);
    if (len < 12 || len % 4 !== 0 || o + len > raw.length) break;
    blocks.push({ type: v.getUint32(o, true), bytes: raw.subarray(o, o + len) });
    o += len;
  }
  return { blocks, tail: raw.subarray(o) };
}

export function joinBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) { out.set(p, n); n += p.length; }
  return out;
}

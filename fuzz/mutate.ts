// Mutations of a capture for the decoder/state fuzzer. Each case applies one to four operators chosen
// by a seeded generator, so (run seed, case index) names the exact bytes: byte flips and interesting
// values, truncation anywhere, corrupted block lengths (head, trailer or both), blocks duplicated,
// removed, reordered or moved across the metadata/event boundary, junk parameter lengths and values,
// huge lengths (block, event, parameter, entry), random event types, junk blocks, concatenation with
// another capture (a second section) and gzip wrapping (whole or cut short).
import { gzipSync } from 'node:zlib';
import { splitBlocks, joinBytes, isEventBlock, EVENT_PREFIX, OLD_HEADER, LARGE_BLOCKS, SHB, type Block } from './blocks.ts';

export type Rng = () => number;

const HUGE = [0xffffffff, 0x80000000, 0x7fffffff, 0xfffffff0, 0x10000, 0xffff, 0x8000, 1 << 24, 0];
const INTERESTING8 = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x20, 0x2f];

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, a: readonly T[]): T => a[int(r, a.length)];

function setU32(b: Uint8Array, at: number, v: number): void {
  if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0, true);
}
function setU16(b: Uint8Array, at: number, v: number): void {
  if (at + 2 <= b.length) new DataView(b.buffer, b.byteOffset, b.byteLength).setUint16(at, v & 0xffff, true);
}

/** A block copy to damage (blocks share the source's bytes). */
function own(b: Block): Block { return { type: b.type, bytes: b.bytes.slice() }; }

function eventBlocks(blocks: Block[]): number[] {
  const out: number[] = [];
  blocks.forEach((b, i) => { if (isEventBlock(b.type)) out.push(i); });
  return out;
}

type BlockOp = (r: Rng, blocks: Block[], other: Uint8Array) => string;

const blockOps: Record<string, BlockOp> = {
  blockLength(r, blocks) {
    const i = int(r, blocks.length);
    const b = (blocks[i] = own(blocks[i]));
    const v = r() < 0.5 ? pick(r, HUGE) : Math.max(0, b.bytes.length + (int(r, 9) - 4) * 4 + (r() < 0.3 ? int(r, 4) : 0));
    const where = int(r, 3);
    if (where !== 1) setU32(b.bytes, 4, v);
    if (where !== 0) setU32(b.bytes, b.bytes.length - 4, v);
    return `blockLength(#${i}=${v},${['head', 'tail', 'both'][where]})`;
  },
  duplicate(r, blocks) {
    const i = int(r, blocks.length);
    const n = 1 + int(r, 3);
    const copies = blocks.slice(i, i + n);
    blocks.splice(int(r, blocks.length + 1), 0, ...copies);
    return `duplicate(#${i}x${copies.length})`;
  },
  remove(r, blocks) {
    const i = int(r, blocks.length);
    const n = 1 + int(r, r() < 0.8 ? 2 : 20);
    blocks.splice(i, n);
    return `remove(#${i}x${n})`;
  },
  reorder(r, blocks) {
    const i = int(r, blocks.length), j = int(r, blocks.length);
    [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
    return `swap(#${i},#${j})`;
  },
  moveMetadataLate(r, blocks) {
    const meta = blocks.findIndex((b, k) => k > 0 && !isEventBlock(b.type));
    if (meta < 0) return 'moveMetadataLate(none)';
    const [m] = blocks.splice(meta, 1);
    blocks.splice(meta + int(r, blocks.length - meta + 1), 0, m);
    return `moveMetadataLate(#${meta})`;
  },
  junkParams(r, blocks) {
    const evs = eventBlocks(blocks);
    if (!evs.length) return 'junkParams(none)';
    const i = pick(r, evs);
    const b = (blocks[i] = own(blocks[i]));
    const hdr = 8 + (EVENT_PREFIX.get(b.type) ?? 2);
    const old = OLD_HEADER.has(b.type);
    const lenArray = hdr + (old ? 22 : 26);
    const w = LARGE_BLOCKS.has(b.type) ? 4 : 2;
    const k = int(r, 8);
    const mode = int(r, 4);
    if (mode === 0) { // a parameter length becomes junk or huge
      const v = r() < 0.5 ? pick(r, HUGE) : int(r, 512);
      if (w === 4) setU32(b.bytes, lenArray + k * 4, v); else setU16(b.bytes, lenArray + k * 2, v);
      return `junkParams(#${i},len[${k}]=${v})`;
    }
    if (mode === 1 && !old) { // nparams junk
      const v = r() < 0.5 ? pick(r, HUGE) : int(r, 40);
      setU32(b.bytes, hdr + 22, v);
      return `junkParams(#${i},nparams=${v})`;
    }
    // overwrite a run of parameter bytes with junk
    const from = lenArray + int(r, Math.max(1, b.bytes.length - lenArray - 4));
    const n = 1 + int(r, 32);
    for (let x = 0; x < n && from + x < b.bytes.length - 4; x++) b.bytes[from + x] = r() < 0.5 ? int(r, 256) : pick(r, INTERESTING8);
    return `junkParams(#${i},bytes@${from}x${n})`;
  },
  eventHeader(r, blocks) {
    const evs = eventBlocks(blocks);
    if (!evs.length) return 'eventHeader(none)';
    const i = pick(r, evs);
    const b = (blocks[i] = own(blocks[i]));
    const hdr = 8 + (EVENT_PREFIX.get(b.type) ?? 2);
    const field = int(r, 5);
    if (field === 0) { const v = r() < 0.6 ? pick(r, HUGE) : int(r, 4096); setU32(b.bytes, hdr + 16, v); return `eventLen(#${i}=${v})`; }
    if (field === 1) { const v = r() < 0.8 ? int(r, 480) : int(r, 65536); setU16(b.bytes, hdr + 20, v); return `eventType(#${i}=${v})`; }
    if (field === 2) { setU32(b.bytes, hdr + 8, int(r, 2 ** 32)); setU32(b.bytes, hdr + 12, r() < 0.5 ? 0 : 0xffffffff); return `eventTid(#${i})`; }
    if (field === 3) { setU32(b.bytes, hdr + 4, r() < 0.5 ? 0xffffffff : 0); setU32(b.bytes, hdr, int(r, 2 ** 32)); return `eventTs(#${i})`; }
    setU16(b.bytes, 8, int(r, 65536)); // cpu id
    if (EVENT_PREFIX.get(b.type) === 6) setU32(b.bytes, 10, int(r, 16)); // block flags
    return `eventCpuFlags(#${i})`;
  },
  hugeEntryLength(r, blocks) {
    const metas = blocks.map((b, k) => k).filter((k) => k > 0 && !isEventBlock(blocks[k].type));
    if (!metas.length) return 'hugeEntryLength(none)';
    const i = pick(r, metas);
    const b = (blocks[i] = own(blocks[i]));
    const at = 8 + int(r, Math.max(1, b.bytes.length - 12));
    if (r() < 0.5) setU32(b.bytes, at, pick(r, HUGE)); else setU16(b.bytes, at, pick(r, [0xffff, 0x8000, 0x1000, 0]));
    return `hugeEntryLength(#${i}@${at})`;
  },
  junkBlock(r, blocks) {
    const types = [0x201, 0x202, 0x203, 0x205, 0x206, 0x207, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215, 0x218, 0x219,
      0x220, 0x216, 0x217, 0x221, 0x222, 0x204, 0x208, 0x8002abcd, 0x8010abcd, 0x12345, SHB];
    const type = r() < 0.9 ? pick(r, types) : int(r, 2 ** 32);
    const len = 12 + 4 * int(r, r() < 0.8 ? 16 : 300);
    const bytes = new Uint8Array(len);
    for (let k = 8; k < len - 4; k++) bytes[k] = r() < 0.3 ? int(r, 256) : 0;
    setU32(bytes, 0, type); setU32(bytes, 4, len); setU32(bytes, len - 4, len);
    blocks.splice(int(r, blocks.length + 1), 0, { type, bytes });
    return `junkBlock(0x${type.toString(16)},${len})`;
  },
  spliceOther(r, blocks, other) {
    const { blocks: ob } = splitBlocks(other);
    if (!ob.length) return 'spliceOther(none)';
    const i = int(r, ob.length);
    const n = 1 + int(r, 6);
    blocks.splice(int(r, blocks.length + 1), 0, ...ob.slice(i, i + n));
    return `spliceOther(#${i}x${n})`;
  },
};

type ByteOp = (r: Rng, b: Uint8Array, other: Uint8Array) => [Uint8Array, string];

const byteOps: Record<string, ByteOp> = {
  flips(r, b) {
    const out = b.slice();
    const n = 1 + int(r, r() < 0.8 ? 8 : 64);
    for (let k = 0; k < n && out.length; k++) out[int(r, out.length)] ^= 1 << int(r, 8);
    return [out, `flips(${n})`];
  },
  interesting(r, b) {
    const out = b.slice();
    const n = 1 + int(r, 6);
    for (let k = 0; k < n && out.length; k++) {
      const at = int(r, out.length);
      if (r() < 0.5) out[at] = pick(r, INTERESTING8); else setU32(out, at & ~3, pick(r, HUGE));
    }
    return [out, `interesting(${n})`];
  },
  truncate(r, b) {
    const at = r() < 0.2 ? int(r, Math.min(64, b.length + 1)) : int(r, b.length + 1);
    return [b.subarray(0, at), `truncate(${at})`];
  },
  concat(r, b, other) {
    const o = r() < 0.5 ? other : b;
    return [joinBytes([b, r() < 0.7 ? o : o.subarray(0, int(r, o.length + 1))]), `concat(${o === b ? 'self' : 'other'})`];
  },
  garbageTail(r, b) {
    const n = 1 + int(r, 200);
    const g = Uint8Array.from({ length: n }, () => int(r, 256));
    return [joinBytes([b, g]), `garbageTail(${n})`];
  },
};

const BLOCK_OPS = Object.keys(blockOps);
const BYTE_OPS = Object.keys(byteOps);

/** Mutated bytes and the names of the operators applied, in order. */
export function mutateCapture(r: Rng, src: Uint8Array, other: Uint8Array): { bytes: Uint8Array; ops: string[] } {
  const ops: string[] = [];
  let bytes = src;
  const n = 1 + int(r, 4);
  for (let k = 0; k < n; k++) {
    if (r() < 0.6) {
      const { blocks, tail } = splitBlocks(bytes);
      if (!blocks.length) continue;
      ops.push(blockOps[pick(r, BLOCK_OPS)](r, blocks, other));
      bytes = joinBytes([...blocks.map((b) => b.bytes), tail]);
    } else {
      const [out, name] = byteOps[pick(r, BYTE_OPS)](r, bytes, other);
      bytes = out;
      ops.push(name);
    }
  }
  if (r() < 0.05) {
    const z = gzipSync(bytes, { level: 1 });
    const cut = r() < 0.4;
    bytes = cut ? z.subarray(0, int(r, z.length + 1)) : z;
    ops.push(cut ? 'gzipCut' : 'gzip');
  }
  return { bytes, ops };
}

// Case numbering: (run seed, case index) -> the exact mutated bytes and check choices, so the main
// thread can rebuild the input a hung worker was on, and a failure is named by two numbers.
import { mulberry32 } from '../engine/scap/seeded-random.ts';
import { mutateCapture } from './mutate.ts';
import { pickSeed, type Seed } from './corpus.ts';

/** A 32-bit mix of two integers (murmur3 finalizer). */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

export interface Case { index: number; seedName: string; ops: string[]; bytes: Uint8Array; checkSeed: number }

export function makeCase(seeds: Seed[], runSeed: number, index: number): Case {
  const r = mulberry32(mix(runSeed, index));
  const seed = pickSeed(seeds, r);
  const other = pickSeed(seeds, r);
  const { bytes, ops } = mutateCapture(r, seed.bytes, other.bytes);
  return { index, seedName: seed.name, ops, bytes, checkSeed: mix(runSeed ^ 0x51ed, index) };
}

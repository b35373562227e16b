// A small seeded pseudo-random generator (mulberry32) for what must be random-looking yet repeatable:
// synthetic captures for benchmarks (engine/node/scap/synth.ts) and damage patterns in hostile-input tests.
// Math.random cannot be seeded, and a run must be reproducible to compare figures or replay a failure.

/** Returns a generator of floats in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

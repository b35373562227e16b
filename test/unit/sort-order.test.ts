// The view's sort order (engine/session/sort.ts stableOrder): ranked keys placed by a counting sort must
// give exactly a stable comparator sort's order, ascending and descending, ties in position order.
import { describe, it, expect } from 'vitest';
import { stableOrder } from '../../engine/session/sort.ts';

function reference(keys: Float64Array, descending: boolean): number[] {
  const perm = [...keys.keys()];
  return perm.sort(descending ? (a, b) => keys[b] - keys[a] || a - b : (a, b) => keys[a] - keys[b] || a - b);
}

describe('stableOrder', () => {
  // A seeded generator: many ties (small ranges), negatives (latency -1 = none), large values (ns).
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
  const cases: [string, Float64Array][] = [
    ['empty', new Float64Array(0)],
    ['one', Float64Array.of(7)],
    ['few distinct', Float64Array.from({ length: 5000 }, () => Math.floor(rnd() * 5))],
    ['with -1 and large', Float64Array.from({ length: 5000 }, () => (rnd() < 0.3 ? -1 : Math.floor(rnd() * 1e12)))],
    ['all equal', new Float64Array(1000).fill(3)],
    ['fractions', Float64Array.from({ length: 3000 }, () => Math.round(rnd() * 100) / 8)],
    // more distinct values than are hashed: ranked from a sorted copy
    ['100k distinct-ish', Float64Array.from({ length: 100_000 }, () => (rnd() < 0.1 ? -1 : Math.floor(rnd() * 1e6)))],
  ];
  it.each(cases)('%s: the order of a stable comparator sort, both directions', (_name, keys) => {
    for (const desc of [false, true]) expect([...stableOrder(keys, desc)]).toEqual(reference(keys, desc));
  });
});

// Linearity without a wall-clock limit: how much longer the same work takes on 4x the input. A fixed
// budget ("under a second") fails on a slow or busy machine and passes a quadratic algorithm on a fast
// one; the ratio does neither. Linear work gives about 4, quadratic 16, exponential far more.
import { performance } from 'node:perf_hooks';

/** Ratio of the best-of-`repeats` times of `work(4 * n)` and `work(n)` (after one warm-up run each). */
export function growth(work: (n: number) => void, n: number, repeats = 3): number {
  const best = (m: number) => {
    work(m);
    let min = Infinity;
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      work(m);
      min = Math.min(min, performance.now() - t0);
    }
    return Math.max(min, 0.01);
  };
  const small = best(n);
  return best(4 * n) / small;
}

/** The bound tests use on `growth`: halfway (in log scale) between linear (4) and quadratic (16). */
export const LINEAR_BOUND = 8;

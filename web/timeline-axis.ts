// Pure helpers of the timeline strip: the time axis (ticks at round steps of 1, 2 or 5 x 10^k ns, about
// one per `minGapPx` pixels) and the bar height of a slice (linear in its count, at least 1 px when it
// holds events, so a steady rate reads as a steady bar and bursts stand out).

export interface Tick {
  /** Time since the first displayed event, ns. */
  ns: bigint;
  /** Position along the strip, 0..100 (%). */
  pct: number;
  label: string;
}

/** Round step (ns) for a span drawn over `widthPx` with at least `minGapPx` between ticks. */
export function tickStep(spanNs: bigint, widthPx: number, minGapPx = 110): bigint {
  const maxTicks = BigInt(Math.max(1, Math.floor(widthPx / minGapPx)));
  let pow = 1n;
  for (let guard = 0; guard < 40; guard++, pow *= 10n) {
    for (const m of [1n, 2n, 5n]) {
      if (spanNs / (m * pow) <= maxTicks) return m * pow;
    }
  }
  return pow;
}

/** Seconds with as many decimals as the step needs ("+1.25 s"). */
export function tickLabel(ns: bigint, step: bigint): string {
  let decimals = 9;
  for (let s = step; decimals > 0 && s % 10n === 0n; s /= 10n) decimals--;
  const whole = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').slice(0, decimals);
  return `+${whole}${decimals ? '.' + frac : ''} s`;
}

export function axisTicks(spanNs: bigint, widthPx: number): Tick[] {
  if (spanNs <= 0n || widthPx <= 0) return [];
  const step = tickStep(spanNs, widthPx);
  const out: Tick[] = [];
  for (let t = 0n; t <= spanNs && out.length < 200; t += step) {
    out.push({ ns: t, pct: (Number(t) / Number(spanNs)) * 100, label: tickLabel(t, step) });
  }
  return out;
}

/** Bar height in device pixels of a slice with `count` events, the fullest one having `max`. */
export function barHeight(count: number, max: number, heightPx: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.round((count / max) * heightPx));
}

// The timeline's axis ticks and bar heights (web/timeline-axis.ts).
import { describe, it, expect } from 'vitest';
import { axisTicks, barHeight, tickLabel, tickStep } from '../../web/timeline-axis.ts';

describe('timeline axis', () => {
  it('steps are 1, 2 or 5 x 10^k ns with at most one tick per 110 px', () => {
    expect(tickStep(550_000_000n, 1400)).toBe(50_000_000n);
    expect(tickStep(3_000n, 1100)).toBe(500n);
    expect(tickStep(86_400_000_000_000n, 1100)).toBe(10_000_000_000_000n);
    for (const span of [1n, 999n, 12_345_678n, 7_000_000_001n]) {
      const step = tickStep(span, 1400);
      expect(span / step).toBeLessThanOrEqual(12n);
      expect(/^[125]0*$/.test(step.toString())).toBe(true);
    }
  });

  it('labels carry the decimals the step needs, ticks sit at their share of the span', () => {
    expect(tickLabel(150_000_000n, 50_000_000n)).toBe('+0.15 s');
    expect(tickLabel(2_000_000_000n, 1_000_000_000n)).toBe('+2 s');
    expect(tickLabel(1_500n, 500n)).toBe('+0.0000015 s');
    const t = axisTicks(1_000_000_000n, 1100);
    expect(t.map((x) => x.label)).toEqual(['+0.0 s', '+0.1 s', '+0.2 s', '+0.3 s', '+0.4 s', '+0.5 s', '+0.6 s', '+0.7 s', '+0.8 s', '+0.9 s', '+1.0 s']);
    expect(t[5].pct).toBeCloseTo(50);
    expect(axisTicks(0n, 1000)).toEqual([]);
  });

  it('bars are linear in the count, at least 1 px when not empty', () => {
    expect(barHeight(0, 10, 30)).toBe(0);
    expect(barHeight(10, 10, 30)).toBe(30);
    expect(barHeight(5, 10, 30)).toBe(15);
    expect(barHeight(1, 1_000_000, 30)).toBe(1);
  });
});

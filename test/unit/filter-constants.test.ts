// 64-bit constants in plans: the evaluator reads them as two u32 words. A read that sign-extended the low
// word turned every constant with bit 31 set into another number (evt.rawtime = T matched nothing), so
// compare checks on index columns and generic leaves against the printed values, for constants that
// have bit 31 set and for ones that do not.
import { describe, it, expect, beforeAll } from 'vitest';
import { openCaptureFile } from '../../engine/node.ts';
import type { Capture } from '../../engine/capture.ts';

let cap: Capture;
let rows: { num: number; ts: bigint }[];
beforeAll(async () => {
  cap = await openCaptureFile('samples/captures/ping_sendto.scap');
  rows = cap.formatText({ format: '%evt.num %evt.rawtime' }).trim().split('\n').map((l) => {
    const [n, t] = l.split(' ');
    return { num: Number(n), ts: BigInt(t) };
  });
});

const nums = (expr: string) => {
  const r = cap.filter(expr);
  if (!r.ok) throw new Error(r.error.message);
  return Array.from(r.indices, (i) => i + 1);
};

describe('64-bit constants', () => {
  it('evt.rawtime = T selects exactly the events stamped T (index-column check and generic leaf)', () => {
    const lowBit31 = rows.filter((r) => (r.ts & 0x80000000n) !== 0n);
    expect(lowBit31.length).toBeGreaterThan(0);
    for (const r of rows) {
      const want = rows.filter((x) => x.ts === r.ts).map((x) => x.num);
      expect(nums(`evt.rawtime = ${r.ts}`), String(r.ts)).toEqual(want);
      expect(nums(`evt.rawtime in (${r.ts}, 1)`)).toEqual(want);
      // through the generic leaf (a transformer keeps it off the index-column path)
      expect(nums(`evt.around[${r.ts}] = 0`)).toEqual(want);
    }
  });

  it('ordered comparisons across 2^31 and 2^32', () => {
    const all = rows.map((r) => r.num);
    for (const c of [2147483647n, 2147483648n, 4294967295n, 4294967296n]) expect(nums(`evt.rawtime > ${c}`)).toEqual(all);
    const mid = rows[Math.floor(rows.length / 2)].ts;
    expect(nums(`evt.rawtime >= ${mid}`)).toEqual(rows.filter((r) => r.ts >= mid).map((r) => r.num));
    expect(nums(`evt.rawtime < ${mid}`)).toEqual(rows.filter((r) => r.ts < mid).map((r) => r.num));
  });
});

describe('evt.type as printed', () => {
  it('a generic event of an unknown syscall is "<unknown>" for filters with transformers too', async () => {
    const c = await openCaptureFile('samples/captures/cat_write.scap');
    const printed = c.formatText({ format: '%evt.num %evt.type' }).trim().split('\n').map((l) => l.split(' '));
    const unknown = printed.filter(([, t]) => t === '<unknown>').map(([n]) => Number(n));
    expect(unknown.length).toBeGreaterThan(0);
    for (const f of ['toupper(evt.type) = "<UNKNOWN>"', 'tolower(evt.type) = "<unknown>"', 'len(evt.type) = 9 and toupper(evt.type) contains "<UNK"']) {
      const r = c.filter(f);
      if (!r.ok) throw new Error(r.error.message);
      const want = printed.filter(([, t]) => t.toLowerCase() === '<unknown>' || (f.includes('len') && t.length === 9 && t.toUpperCase().includes('<UNK'))).map(([n]) => Number(n));
      expect(Array.from(r.indices, (i) => i + 1), f).toEqual(want);
    }
  });
});

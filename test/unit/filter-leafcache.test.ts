// The per-event result cache of checks (wasm/src/filter/leafcache.ts): answers remembered from earlier
// runs — whole or partial (an `and` only evaluates its later checks where the earlier ones held), from
// this filter or from another one sharing a check — must equal a fresh evaluation on the general path
// (extractor on every event, no memo, no cache); masked runs may read the cache but never evict; the
// memory stays within its bound (at most filterCacheMaxSlots() checks, 2 bits per event each).
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { openCaptureFile } from '../../engine/node.ts';
import type { Capture } from '../../engine/capture.ts';
import { compileFilter, runPlan, indicesToBitset, type Plan } from '../../engine/filter/index.ts';
import { CORPUS } from '../golden/filter-corpus.ts';

interface CacheExports {
  filterCacheHits(): number; filterCacheSlots(): number; filterCacheBytes(): number; filterCacheMaxSlots(): number;
  filterCacheClear(): void; filterPlanAlloc(n: number): number; filterRunMasked(p: number, m: number): number;
  filterResultPtr(): number; scratchAlloc(n: number): number;
}
const ex = (c: Capture) => c.engine.exports as unknown as CacheExports;

const dir = 'samples/captures';
const caps = new Map<string, Capture>();
beforeAll(async () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.scap'))) caps.set(f, await openCaptureFile(`${dir}/${f}`));
});

// Filters sharing checks in different combinations, so later runs meet partially known results.
const SHARED = [
  'evt.failed = true and evt.dir = <', 'evt.failed = true', 'not evt.failed = true', 'evt.res < 0 or evt.failed = true',
  'fd.port in (80, 443) or fd.name contains e', 'fd.name contains e', 'proc.aname = bash and fd.name contains e',
  'proc.aname = bash', 'proc.aname exists', 'proc.name = cat and evt.failed = true', 'fd.typechar = f and evt.dir = <',
  'fd.typechar = f', 'evt.num > 150 and fd.typechar = f', 'evt.arg.fd exists and evt.dir = >', 'evt.arg.fd exists',
];

function general(cap: Capture, f: string): number[] {
  const s = compileFilter(f, { fastPaths: false });
  if (!s.ok) throw new Error(s.error.message);
  return Array.from(runPlan(cap.engine, s.plan.plan));
}

/** Deterministic shuffle (xorshift), so a failure reproduces. */
function shuffled<T>(a: T[], seed: number): T[] {
  const r = a.slice();
  let x = seed;
  for (let i = r.length - 1; i > 0; i--) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [r[i], r[j]] = [r[j], r[i]];
  }
  return r;
}

function runMasked(cap: Capture, plan: Plan, indices: Uint32Array): number[] {
  const w = ex(cap);
  const mask = indicesToBitset(indices, cap.eventCount);
  const mp = w.scratchAlloc(mask.length + 4);
  cap.engine.bytes(mp, mask.length).set(mask);
  const pp = w.filterPlanAlloc(plan.words.byteLength);
  new Int32Array(cap.engine.exports.memory.buffer, pp, plan.words.length).set(plan.words);
  const n = w.filterRunMasked(pp, mp);
  return Array.from(new Uint32Array(cap.engine.exports.memory.buffer, w.filterResultPtr(), n));
}

describe('leaf-result cache', () => {
  it('cached answers (whole, partial, shared between filters) equal a fresh general evaluation', () => {
    const corpus = [...new Set(CORPUS.map((e) => e.filter))].filter((f) => !f.includes('syscall.type'));
    let compared = 0;
    for (const [name, cap] of caps) {
      ex(cap).filterCacheClear();
      const filters = [...shuffled([...SHARED, ...corpus], 7), ...shuffled(SHARED, 11)];
      for (const f of filters) {
        const c = compileFilter(f);
        if (!c.ok) continue;
        const want = general(cap, f);
        const hits0 = ex(cap).filterCacheHits();
        const first = Array.from(runPlan(cap.engine, c.plan.plan));
        const again = Array.from(runPlan(cap.engine, c.plan.plan));
        expect(first, `${name}: ${f} (first run)`).toEqual(want);
        expect(again, `${name}: ${f} (cached)`).toEqual(want);
        expect(ex(cap).filterCacheHits()).toBeGreaterThanOrEqual(hits0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('a re-run is answered from the cache', () => {
    const cap = caps.get('cat_write.scap')!;
    ex(cap).filterCacheClear();
    const c = compileFilter('evt.failed = true');
    if (!c.ok) throw new Error(c.error.message);
    const a = runPlan(cap.engine, c.plan.plan);
    const h = ex(cap).filterCacheHits();
    const b = runPlan(cap.engine, c.plan.plan);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(ex(cap).filterCacheHits() - h).toBeGreaterThan(50); // every visible event answered from the bitmaps
    expect((cap.engine.exports as unknown as { filterStatEvals(): number }).filterStatEvals()).toBe(0); // no extraction
    expect(ex(cap).filterCacheSlots()).toBe(1);
  });

  it('masked runs use cached answers but never create or evict entries', () => {
    const cap = caps.get('cat_write.scap')!;
    ex(cap).filterCacheClear();
    const all = Uint32Array.from({ length: cap.eventCount }, (_, i) => i);
    const some = all.filter((i) => i % 3 === 0);
    // nothing cached yet: a masked run evaluates without creating an entry
    const f = 'fd.name contains e and evt.failed = false';
    const c = compileFilter(f);
    if (!c.ok) throw new Error(c.error.message);
    const want = general(cap, f);
    expect(runMasked(cap, c.plan.plan, some)).toEqual(want.filter((i) => i % 3 === 0));
    expect(ex(cap).filterCacheSlots()).toBe(0);
    // a partial unmasked run (the `and` narrows), then masked and unmasked runs over it
    const g = compileFilter('evt.failed = false and evt.dir = <');
    if (!g.ok) throw new Error(g.error.message);
    runPlan(cap.engine, g.plan.plan);
    const slots = ex(cap).filterCacheSlots();
    expect(slots).toBeGreaterThan(0);
    expect(runMasked(cap, c.plan.plan, some)).toEqual(want.filter((i) => i % 3 === 0));
    expect(ex(cap).filterCacheSlots()).toBe(slots);
    expect(Array.from(runPlan(cap.engine, c.plan.plan))).toEqual(want);
  });

  it('memory stays bounded: at most the slot count, 2 bits per event each, least recently used dropped', () => {
    const cap = caps.get('cat_write.scap')!;
    const w = ex(cap);
    w.filterCacheClear();
    const max = w.filterCacheMaxSlots();
    expect(max).toBeGreaterThan(0);
    expect(max).toBeLessThanOrEqual(32);
    const bitmap = Math.ceil(cap.eventCount / 32) * 4;
    for (let k = 0; k < max * 3; k++) {
      const f = `fd.name contains x${k}`;
      const c = compileFilter(f);
      if (!c.ok) throw new Error(c.error.message);
      expect(Array.from(runPlan(cap.engine, c.plan.plan))).toEqual(general(cap, f));
      const used = Math.min(k + 1, max);
      expect(w.filterCacheSlots()).toBe(used);
      const sigBytes = 4096; // each signature: the leaf alone as a plan (a few dozen words here)
      expect(w.filterCacheBytes()).toBeLessThanOrEqual(used * (2 * bitmap + sigBytes));
      expect(w.filterCacheBytes()).toBeGreaterThanOrEqual(used * 2 * bitmap);
    }
    // the most recent check is still there (LRU keeps it); the oldest was dropped (a re-run starts cold)
    const last = compileFilter(`fd.name contains x${max * 3 - 1}`);
    const first = compileFilter('fd.name contains x0');
    if (!last.ok || !first.ok) throw new Error('compile');
    let h = w.filterCacheHits();
    runPlan(cap.engine, last.plan.plan);
    expect(w.filterCacheHits()).toBeGreaterThan(h);
    h = w.filterCacheHits();
    runPlan(cap.engine, first.plan.plan);
    expect(w.filterCacheHits()).toBe(h);
    expect(w.filterCacheSlots()).toBe(max);
  });

  it('the general path (fastPaths: false) never reads or fills the cache', () => {
    const cap = caps.get('cat_write.scap')!;
    const w = ex(cap);
    w.filterCacheClear();
    general(cap, 'evt.failed = true');
    expect(w.filterCacheSlots()).toBe(0);
  });
});

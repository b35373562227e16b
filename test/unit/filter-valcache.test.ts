// The per-event value cache (wasm/src/filter/valcache.ts): the interned string id (fd.name…) or the
// numeric value tuple (fd.port's two endpoints, evt.failed, fd.num…) each event extracted for a field,
// reused by later filters with other checks on the same field, each answered once per distinct value.
// Every filter of a sequence on the same fields must equal a fresh general evaluation (extractor per
// event), and the memory stays within its bound (at most filterValueCacheMaxColumns() columns of 4
// bytes per event, plus 24 bytes per distinct tuple).
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';
import { compileFilter } from '../../engine/filter/index.ts';

/** The filter's value-cache counters and the cache reset, as the tests below use them. */
const ex = (c: Capture) => {
  const f = () => c.engineStats().filter;
  return {
    filterValueCacheBytes: () => f().cacheBytes, filterValueCacheColumns: () => f().cacheColumns,
    filterValueCacheMaxColumns: () => f().cacheMaxColumns, filterValueCacheTuples: () => f().cacheTuples,
    filterStatEvals: () => f().evals, filterCacheClear: () => c.clearFilterCache(),
  };
};

const dir = 'samples/captures';
const caps = new Map<string, Capture>();
beforeAll(async () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.scap'))) caps.set(f, await openCaptureFile(`${dir}/${f}`));
});

// Several checks per field, so later ones read the column an earlier one filled (and fields alternate,
// so columns are evicted and rebuilt).
const SEQUENCE = [
  'fd.port in (80, 443)', 'fd.port = 22', 'fd.port != 80', 'fd.port > 1000', 'not fd.port exists', 'fd.port intersects (53, 80)',
  'evt.failed = true', 'evt.failed = false', 'evt.failed = true and evt.dir = <', 'fd.num > 2', 'fd.num = -1', 'fd.num in (0, 1, 2)',
  'fd.sport exists', 'fd.cport > 1024', 'fd.lport = 80', 'fd.rport != 0', 'evt.rawres < 0', 'evt.rawres >= 0', 'fd.port = 22',
  'fd.name contains e', 'fd.name startswith /', 'evt.failed = true', 'fd.num > 2', 'thread.vtid exists', 'proc.vpid > 0',
  'user.uid = 0', 'user.uid != 0', 'evt.buflen > 10', 'evt.buflen < 100', 'evt.count exists', 'fd.port in (80, 443)',
  'len(fd.name) > 5', 'evt.is_io = true', 'evt.is_io_read = true', 'evt.is_io = false', 'fd.type = file', 'fd.l4proto = tcp',
];

function general(cap: Capture, f: string): number[] {
  const s = compileFilter(f, { fastPaths: false });
  if (!s.ok) throw new Error(`${f}: ${s.error.message}`);
  return Array.from(cap.runPlan(s.plan.plan));
}

describe('per-event value cache', () => {
  it('checks answered from cached values equal a fresh general evaluation, on every sample', () => {
    let compared = 0;
    for (const [name, cap] of caps) {
      ex(cap).filterCacheClear(); // start from empty columns: the sequence fills and then reads them
      for (const f of SEQUENCE) {
        const c = compileFilter(f);
        if (!c.ok) continue;
        const got = Array.from(cap.runPlan(c.plan.plan));
        expect(got, `${name}: ${f}`).toEqual(general(cap, f));
        compared++;
        const w = ex(cap);
        expect(w.filterValueCacheColumns()).toBeLessThanOrEqual(w.filterValueCacheMaxColumns());
        expect(w.filterValueCacheBytes()).toBeLessThanOrEqual(w.filterValueCacheMaxColumns() * 4 * cap.eventCount + 24 * w.filterValueCacheTuples());
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('a new check on a cached numeric field needs no extraction', () => {
    const cap = caps.get('connect_localhost.scap')!;
    const w = ex(cap);
    w.filterCacheClear();
    const run = (f: string) => { const c = compileFilter(f); if (!c.ok) throw new Error(f); return Array.from(cap.runPlan(c.plan.plan)); };
    // (fd.port and the other fd-version fields are memoised per fd version instead; fd.num, evt.failed,
    // evt.rawres and evt.buflen are read from the event (filter/direct.ts); proc.fdopencount is neither)
    run('proc.fdopencount in (3, 4)');
    expect(w.filterValueCacheTuples()).toBeGreaterThan(0);
    const got = run('proc.fdopencount != 3');
    expect(w.filterStatEvals()).toBeLessThanOrEqual(w.filterValueCacheTuples()); // one evaluation per distinct tuple at most
    expect(got).toEqual(general(cap, 'proc.fdopencount != 3'));
    expect(got.length).toBeGreaterThan(0);
  });

  it('memory bound: at most the column count, 4 bytes per event each', () => {
    const cap = caps.get('cat_write.scap')!;
    const w = ex(cap);
    expect(w.filterValueCacheMaxColumns()).toBeLessThanOrEqual(2);
    for (const f of ['fd.port exists', 'proc.fdopencount exists', 'evt.count.error exists', 'fd.name exists', 'user.uid exists']) {
      const c = compileFilter(f);
      if (!c.ok) throw new Error(f);
      cap.runPlan(c.plan.plan);
      expect(w.filterValueCacheColumns()).toBeLessThanOrEqual(2);
      expect(w.filterValueCacheBytes()).toBeLessThanOrEqual(2 * 4 * cap.eventCount + 24 * w.filterValueCacheTuples());
    }
    expect(w.filterValueCacheTuples()).toBeLessThan(1 << 20);
    // filterCacheClear drops the columns and tuples too; the next run rebuilds them
    w.filterCacheClear();
    expect(w.filterValueCacheColumns()).toBe(0);
    expect(w.filterValueCacheTuples()).toBe(0);
    expect(w.filterValueCacheBytes()).toBe(0);
    const c = compileFilter('fd.port exists or proc.fdopencount > 2');
    if (!c.ok) throw new Error('compile');
    expect(Array.from(cap.runPlan(c.plan.plan))).toEqual(general(cap, 'fd.port exists or proc.fdopencount > 2'));
    expect(w.filterValueCacheColumns()).toBeGreaterThan(0);
  });
});

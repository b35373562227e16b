// Cancellable filter runs (engine/filter/index.ts runPlanCancellable, wasm filterRunWindow): window by
// window they give exactly runPlan's answer, also when two runs interleave their windows (each keeps its
// own memos only while nobody else used the tables); an abort stops the run at the next window, so a
// filter on a huge capture never holds the worker longer than one window's work.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { compileFilter, FilterCancelled } from '../../engine/filter/index.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';

const FILTERS = [
  'proc.name = cat', 'fd.name contains /lib', 'evt.type = read and fd.num > 2', 'proc.aname contains sh or evt.failed = true',
  'not fd.type = file', 'user.name = root and evt.dir = <', 'fd.port = 80 or fd.l4proto = udp', 'evt.num > 5000',
];
const dir = mkdtempSync(join(tmpdir(), 'scapula-cancel-'));
let cap: Capture;

beforeAll(async () => {
  const file = join(dir, 'synth.scap');
  execFileSync('node', ['bin/scapula.mjs', 'synth', '--events', '30000', '-o', file, '--seed', '7']);
  cap = await openCaptureFile(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = (f: string) => { const c = compileFilter(f); if (!c.ok) throw new Error(c.error.message); return c.plan.plan; };

describe('cancellable filter runs', () => {
  it('equal runPlan for every window size', async () => {
    for (const f of FILTERS) {
      const want = Array.from(cap.runPlan(plan(f)));
      for (const windowEvents of [32, 1000, 4097, 1 << 20]) {
        const got = await cap.runPlanCancellable(plan(f), { windowEvents });
        expect(Array.from(got), `${f} in windows of ${windowEvents}`).toEqual(want);
      }
    }
  });

  it('equal runPlan when two runs interleave their windows', async () => {
    for (let k = 0; k + 1 < FILTERS.length; k++) {
      const [a, b] = [FILTERS[k], FILTERS[k + 1]];
      const wantA = Array.from(cap.runPlan(plan(a)));
      const wantB = Array.from(cap.runPlan(plan(b)));
      // each yield of run A lets run B do one window, and runs a plain runPlan too
      let resumeB: (() => void) | null = null;
      const runB = cap.runPlanCancellable(plan(b), { windowEvents: 3000, yieldToHost: () => new Promise<void>((r) => { resumeB = r; }) });
      const gotA = await cap.runPlanCancellable(plan(a), {
        windowEvents: 2000,
        yieldToHost: async () => { cap.runPlan(plan('evt.type = close')); const r = resumeB; resumeB = null; r?.(); await Promise.resolve(); },
      });
      while (resumeB) { const r: () => void = resumeB; resumeB = null; r(); await new Promise((r2) => setTimeout(r2, 0)); }
      expect(Array.from(gotA), a).toEqual(wantA);
      expect(Array.from(await runB), b).toEqual(wantB);
    }
  });

  it('stops at the next window once aborted', async () => {
    const abort = new AbortController();
    let windows = 0;
    const run = cap.runPlanCancellable(plan('fd.name contains /'), {
      windowEvents: 1000, signal: abort.signal,
      yieldToHost: async () => { windows++; if (windows === 3) abort.abort(); },
    });
    await expect(run).rejects.toBeInstanceOf(FilterCancelled);
    expect(windows).toBe(3);
    expect(cap.eventCount).toBeGreaterThan(3 * 1000 * 2); // there were windows left to run
  });

  it('Capture.filterCancellable gives Capture.filter\'s events', async () => {
    for (const f of FILTERS) {
      const r = await cap.filterCancellable(f, { windowEvents: 5000 });
      const want = cap.filter(f);
      expect(r.ok && Array.from(r.indices)).toEqual(want.ok && Array.from(want.indices));
    }
  });
});

describe('the Session (engine/session/)', () => {
  it('cancelFilter stops a running setFilter and leaves the view as it was', async () => {
    const { Session } = await import('../../engine/session/session.ts');
    const { readFileSync } = await import('node:fs');
    const file = join(dir, 'big.scap');
    // more events than one window of the service's cancellable run
    execFileSync('node', ['bin/scapula.mjs', 'synth', '--events', '700000', '-o', file, '--seed', '3']);
    const svc = new Session(WebAssembly.compile(readFileSync('build/scapula.wasm')));
    await svc.open(readFileSync(file), 'big.scap');
    const first = await svc.setFilter('proc.name = bash');
    expect(first.ok).toBe(true);
    // the first window runs before setFilter yields; the cancel lands before the second
    const running = svc.setFilter('fd.name contains /usr');
    svc.cancelFilter();
    const r = await running;
    expect(r.cancelled).toBe(true);
    expect(await svc.viewSize()).toBe(first.count);
    // not cancelled: the same filter completes and narrows the view to the CLI's count
    const done = await svc.setFilter('fd.name contains /usr');
    expect(done.ok && !done.cancelled).toBe(true);
    const cli = execFileSync('node', ['bin/scapula.mjs', 'read', file, '-p', '%evt.num', 'fd.name contains /usr'], { encoding: 'utf8' });
    expect(done.count).toBe(cli.trim().split('\n').filter(Boolean).length);
  });
});

// The worker pool run from the TypeScript sources (no CLI bundle: workers load through tsx): results
// equal the same jobs run in this thread, inOrder restores job order, a failing job yields its error
// without stopping the others, and a setup error (rules that do not load) fails the run clearly.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRunner, type DetectJob, type DetectJobResult, type DetectSetup } from '../../engine/node/parallel/detect-job.ts';
import { inOrder, runPool } from '../../engine/node/parallel/pool.ts';

const CAPS = join(import.meta.dirname, '..', '..', 'samples', 'captures');
const setup: DetectSetup = { rules: [join(import.meta.dirname, '..', '..', 'samples', 'rules', 'falco_rules.yaml')], sel: {}, json: true, legacy: true, all: true };
const jobs: DetectJob[] = ['cat_write.scap', 'missing.scap', 'open-multiple-files.scap', 'syscall.scap', 'connect_localhost.scap']
  .map((f) => ({ path: join(CAPS, f), name: f }));

describe('engine/node/parallel/pool', () => {
  it('2 workers give the results of this thread, in job order, and one job\'s error does not stop the rest', async () => {
    const runner = await detectRunner(setup);
    const local: (DetectJobResult | string)[] = [];
    for (const j of jobs) { try { local.push(await runner.run(j)); } catch (e) { local.push((e as Error).message); } }
    const pooled: (DetectJobResult | string)[] = [];
    const order: number[] = [];
    for await (const r of inOrder(runPool<DetectJob, DetectJobResult>('detect', setup, jobs, 2))) {
      order.push(r.index);
      pooled.push(r.result ?? r.error!);
    }
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(pooled).toEqual(local);
    expect(String(pooled[1])).toMatch(/missing\.scap|ENOENT|no such file/);
    expect((pooled[0] as DetectJobResult).events).toBeGreaterThan(0);
  });

  it('rules that do not load end the run with the loader\'s message', async () => {
    const bad: DetectSetup = { ...setup, rules: [join(CAPS, 'no-such-rules.yaml')] };
    const run = async () => { for await (const _ of runPool('detect', bad, jobs.slice(0, 2), 2)) void _; };
    await expect(run()).rejects.toThrow(/no-such-rules\.yaml: no such file or directory/);
  });
});

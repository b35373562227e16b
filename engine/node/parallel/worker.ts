// A pool worker: sets up once for its kind of job (loads the rules), then runs the jobs it is sent,
// one capture at a time in a fresh engine, and posts each result (or the job's error) back.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobKind } from './pool.ts';

interface Runner { run(job: unknown): Promise<unknown> }

async function makeRunner(kind: JobKind, setup: unknown): Promise<Runner> {
  if (kind === 'export') {
    const { exportRunner } = await import('../export/job.ts');
    return exportRunner(setup as Parameters<typeof exportRunner>[0]);
  }
  const { detectRunner } = await import('./detect-job.ts');
  return detectRunner(setup as Parameters<typeof detectRunner>[0]);
}

const { kind, setup } = workerData as { kind: JobKind; setup: unknown };
// A promise rather than a top-level await: the CLI bundle (scripts/build-cli.mjs) is CommonJS, which
// has none. Jobs sent meanwhile wait for it; a failed set-up is reported as fatal, then ends the worker.
const ready: Promise<Runner> = makeRunner(kind, setup);
ready.catch((e: unknown) => {
  parentPort!.postMessage({ index: -1, fatal: (e as Error).message });
  throw e;
});
parentPort!.on('message', async (m: { index: number; job: unknown }) => {
  let runner: Runner;
  try {
    runner = await ready;
  } catch {
    return; // reported above
  }
  try {
    parentPort!.postMessage({ index: m.index, result: await runner.run(m.job) });
  } catch (e) {
    parentPort!.postMessage({ index: m.index, error: (e as Error).message ?? String(e) });
  }
});

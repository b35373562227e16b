// A pool of worker threads, one WASM engine each, running jobs of one kind (engine/node/parallel/worker.ts)
// over many captures. Results are yielded as jobs finish, each with its job's index; a job that throws
// yields its error. Each worker takes the next job when it is done, so big and small captures mix well.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type JobKind = 'export' | 'detect';

export interface PoolResult<R> { index: number; result: R | null; error: string | null }

/** Default worker count: the machine's cores. */
export const defaultWorkers = () => Math.max(1, availableParallelism());

/**
 * Workers for `files` when the user asked for `requested` (0 = choose): a worker costs ~0.3 s to start
 * (module loading, rules), so without -w one is added per 32 captures or 64 MB of input, up to the cores.
 */
export function chooseWorkers(requested: number, files: string[]): number {
  if (requested) return Math.max(1, Math.min(requested, files.length));
  let bytes = 0;
  for (const f of files) { try { bytes += statSync(f).size; } catch { /* reported by the job */ } }
  const worth = Math.max(Math.ceil(files.length / 32), Math.ceil(bytes / (64 << 20)));
  return Math.max(1, Math.min(defaultWorkers(), worth, files.length));
}

/**
 * The worker's module: the CLI bundle's `parallel-worker.cjs` when the CLI runs from its bundle
 * (bin/scapula.mjs sets SCAPULA_CLI_BUNDLE; scripts/build-cli.mjs builds it), else the TypeScript
 * sources through tsx (worker-entry.mjs), which costs each worker ~0.3 s more to start.
 */
function workerEntry(): URL {
  const bundle = process.env.SCAPULA_CLI_BUNDLE;
  if (bundle) {
    const w = join(dirname(bundle), 'parallel-worker.cjs');
    if (existsSync(w)) return pathToFileURL(w);
  }
  return new URL('./worker-entry.mjs', import.meta.url);
}

interface Reply { index: number; result?: unknown; error?: string; fatal?: string }

export async function* runPool<J, R>(kind: JobKind, setup: unknown, jobs: J[], workers: number): AsyncGenerator<PoolResult<R>> {
  const n = Math.max(1, Math.min(workers, jobs.length));
  const pending: PoolResult<R>[] = [];
  let wake: (() => void) | null = null;
  let fatal: Error | null = null;
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  const notify = () => { const w = wake; wake = null; w?.(); };
  const feed = (w: Worker) => {
    if (next < jobs.length) { const index = next++; w.postMessage({ index, job: jobs[index] }); }
  };
  for (let k = 0; k < n; k++) {
    const w = new Worker(workerEntry(), { workerData: { kind, setup } });
    w.on('message', (m: Reply) => {
      if (m.fatal) { fatal ??= new Error(m.fatal); notify(); return; }
      pending.push({ index: m.index, result: (m.result ?? null) as R | null, error: m.error ?? null });
      done++;
      feed(w);
      notify();
    });
    w.on('error', (e: unknown) => { fatal ??= e instanceof Error ? e : new Error(String(e)); notify(); });
    w.on('exit', (code) => { if (done < jobs.length && code !== 0) { fatal ??= new Error(`worker exited with code ${code}`); notify(); } });
    pool.push(w);
    feed(w);
  }
  try {
    for (let yielded = 0; yielded < jobs.length;) {
      if (fatal) throw fatal;
      const r = pending.shift();
      if (r) { yielded++; yield r; continue; }
      await new Promise<void>((res) => { wake = res; });
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Yields results in job order (buffering the ones that finish early), still as soon as possible. */
export async function* inOrder<R>(results: AsyncGenerator<PoolResult<R>>): AsyncGenerator<PoolResult<R>> {
  const held = new Map<number, PoolResult<R>>();
  let want = 0;
  for await (const r of results) {
    held.set(r.index, r);
    for (let h = held.get(want); h; h = held.get(want)) { held.delete(want); want++; yield h; }
  }
}

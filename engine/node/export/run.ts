// Runs the export jobs of a list of captures and yields their results as they finish: in this thread
// with one worker, else on a pool of worker threads (engine/node/parallel/pool.ts), one engine each.
import { join } from 'node:path';
import { chooseWorkers, runPool } from '../parallel/pool.ts';
import type { CaptureInput } from './inputs.ts';
import { exportRunner, type ExportJob, type ExportJobResult } from './job.ts';

export interface ExportRunOptions {
  /** Directory for the NDJSON row files. */
  tmp: string;
  rules: string[];
  /** Worker threads (0 = chosen by the input, up to the cores; 1 = no worker thread). */
  workers: number;
}

const failed = (name: string, error: string): ExportJobResult =>
  ({ index: -1, name, eventsFile: '', alertsFile: null, events: 0, alerts: 0, host: null, date: null, error, problems: 0, firstProblem: null });

export async function* exportResults(inputs: CaptureInput[], opts: ExportRunOptions): AsyncGenerator<ExportJobResult> {
  const jobs: ExportJob[] = inputs.map((i, k) => ({ index: k, path: i.path, name: i.name, out: join(opts.tmp, String(k)) }));
  const workers = chooseWorkers(opts.workers, jobs.map((j) => j.path));
  if (workers > 1) {
    for await (const r of runPool<ExportJob, ExportJobResult>('export', { rules: opts.rules }, jobs, workers)) {
      yield r.result ?? { ...failed(jobs[r.index].name, r.error ?? 'failed'), index: r.index };
    }
    return;
  }
  const runner = await exportRunner({ rules: opts.rules });
  for (const job of jobs) {
    try {
      yield await runner.run(job);
    } catch (e) {
      yield { ...failed(job.name, (e as Error).message), index: job.index };
    }
  }
}

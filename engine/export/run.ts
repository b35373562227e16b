// Runs the export jobs of a list of captures and yields their results as they finish.
import { join } from 'node:path';
import type { CaptureInput } from './inputs.ts';
import { runExportJob, type ExportJobResult } from './job.ts';
import { loadRuleset } from './rules.ts';

export interface ExportRunOptions {
  /** Directory for the NDJSON row files. */
  tmp: string;
  rules: string[];
  /** Worker threads (0 = the number of cores). */
  workers: number;
}

export async function* exportResults(inputs: CaptureInput[], opts: ExportRunOptions): AsyncGenerator<ExportJobResult> {
  const ruleset = opts.rules.length ? loadRuleset(opts.rules) : null;
  for (let k = 0; k < inputs.length; k++) {
    const i = inputs[k];
    try {
      yield await runExportJob({ path: i.path, name: i.name, out: join(opts.tmp, String(k)) }, ruleset);
    } catch (e) {
      yield { name: i.name, eventsFile: '', alertsFile: null, events: 0, alerts: 0, host: null, date: null, error: (e as Error).message };
    }
  }
}

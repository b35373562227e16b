// One capture's share of an export: load it in a fresh engine, write its events rows (and, with rules,
// its alerts rows) as NDJSON files, and report where it belongs in a hive layout (host, date). Runs the
// same in the main thread or in a worker (engine/export/pool.ts); DuckDB turns the files into Parquet.
import { closeSync, openSync, writeSync } from 'node:fs';
import { openCaptureFile } from '../capture-file.ts';
import { detectOnCapture } from '../../rules/capture-run.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import { alertRows, eventRows } from '../../export/rows.ts';

export interface ExportJob {
  /** Position in the input list (results may finish out of order). */
  index: number;
  path: string;
  /** Value of the `capture` column. */
  name: string;
  /** Where to write the rows: `${out}.events.ndjson` and `${out}.alerts.ndjson`. */
  out: string;
}

export interface ExportJobResult {
  index: number;
  name: string;
  eventsFile: string;
  alertsFile: string | null;
  events: number;
  alerts: number;
  /** Hostname from the capture's machine info, or null. */
  host: string | null;
  /** UTC date (YYYY-MM-DD) of the first timestamped event, or null. */
  date: string | null;
  error: string | null;
  /** Problems the reader reported (a partly readable capture), and the first one. */
  problems: number;
  firstProblem: string | null;
}

/** Writes all of a string to a file descriptor. */
function writeText(fd: number, s: string): void {
  const b = Buffer.from(s, 'utf8');
  for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off);
}

export async function runExportJob(job: ExportJob, ruleset: Ruleset | null): Promise<ExportJobResult> {
  const res: ExportJobResult = { index: job.index, name: job.name, eventsFile: job.out + '.events.ndjson', alertsFile: null, events: 0, alerts: 0, host: null, date: null, error: null, problems: 0, firstProblem: null };
  const cap = await openCaptureFile(job.path);
  const fd = openSync(res.eventsFile, 'w');
  try {
    if (cap.unreadable) {
      const d = cap.diagnostics().find((x) => x.severity === 'error');
      res.error = `not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}`;
      return res;
    }
    const diags = cap.diagnostics();
    res.problems = diags.length;
    res.firstProblem = diags.length ? `${diags[0].severity} at byte ${diags[0].offset}: ${diags[0].message}` : null;
    res.host = cap.machineInfo()?.hostname || null;
    for (let i = 0, n = cap.eventCount; i < n; i++) {
      const ts = cap.index.ts(i);
      if (ts === 0n) continue;
      const d = new Date(Number(ts / 1_000_000n)); // a damaged timestamp beyond year 275760 has no date
      res.date = Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
      break;
    }
    for (const chunk of eventRows(cap, job.name)) {
      writeText(fd, chunk);
      for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) res.events++;
    }
    if (ruleset) {
      res.alertsFile = job.out + '.alerts.ndjson';
      const det = detectOnCapture(cap, ruleset);
      const afd = openSync(res.alertsFile, 'w');
      try { writeText(afd, alertRows(det.alerts, job.name)); } finally { closeSync(afd); }
      res.alerts = det.alerts.length;
    }
    return res;
  } finally {
    closeSync(fd);
  }
}

/** The export job runner of a pool worker: the rules (if any) are loaded once per worker. */
export async function exportRunner(setup: { rules: string[] }): Promise<{ run(job: unknown): Promise<ExportJobResult> }> {
  const { loadRuleset } = await import('./rules.ts');
  const ruleset = setup.rules.length ? loadRuleset(setup.rules) : null;
  return { run: (job) => runExportJob(job as ExportJob, ruleset) };
}

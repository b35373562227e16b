// One capture's share of an export: open it in the runner's Session (a fresh engine per capture), write
// its events rows (and, with rules, its alerts rows) as NDJSON files, and report where it belongs in a
// hive layout (host, date). Runs the same in the main thread or in a worker (engine/node/parallel/pool.ts);
// DuckDB turns the files into Parquet.
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatReport } from '../../rules/messages.ts';
import type { Session } from '../../session/session.ts';
import { readRulesPaths } from '../rules/files.ts';
import { nodeSession, openFile } from '../session.ts';

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

/** Exports one capture through `session` (with `withRules`, the rules it has loaded run over it). */
export async function runExportJob(job: ExportJob, session: Session, withRules: boolean): Promise<ExportJobResult> {
  const res: ExportJobResult = { index: job.index, name: job.name, eventsFile: job.out + '.events.ndjson', alertsFile: null, events: 0, alerts: 0, host: null, date: null, error: null, problems: 0, firstProblem: null };
  await openFile(session, job.path);
  const fd = openSync(res.eventsFile, 'w');
  try {
    if (session.unreadable) {
      const d = session.diagnostics().find((x) => x.severity === 'error');
      res.error = `not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}`;
      return res;
    }
    const diags = session.diagnostics();
    res.problems = diags.length;
    res.firstProblem = diags.length ? `${diags[0].severity} at byte ${diags[0].offset}: ${diags[0].message}` : null;
    const out = session.output();
    res.host = out.machine()?.hostname || null;
    res.date = out.firstDate();
    for (const chunk of await out.eventTableRows(job.name)) {
      writeText(fd, chunk);
      for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) res.events++;
    }
    if (withRules) {
      res.alertsFile = job.out + '.alerts.ndjson';
      const det = await session.rulesRun({ model: 'current' });
      const afd = openSync(res.alertsFile, 'w');
      try { writeText(afd, await session.rulesAlertTable(job.name)); } finally { closeSync(afd); }
      res.alerts = det.alerts;
    }
    return res;
  } finally {
    closeSync(fd);
  }
}

/** The export job runner of a pool worker (and of one thread): one Session, the rules (if any) loaded once. */
export async function exportRunner(setup: { rules: string[] }): Promise<{ run(job: unknown): Promise<ExportJobResult> }> {
  const session = nodeSession();
  if (setup.rules.length) {
    const report = await session.rulesLoad(readRulesPaths(setup.rules));
    if (!report.ok) throw new Error(`could not load rules:\n${formatReport(session.rulesLoadResult()!.errors, [])}`);
  }
  return { run: (job) => runExportJob(job as ExportJob, session, setup.rules.length > 0) };
}

// One capture's share of `scapula detect` over many captures: open it in the worker's Session (a fresh
// engine per capture), run the rules, and return the alert lines already formatted (text or JSON, with
// the capture named) plus the counts for the end-of-run statistics. The same code runs in this thread
// (-w 1) and in workers.
import { hostname } from 'node:os';
import type { Selection } from '../../rules/ruleset.ts';
import { formatReport } from '../../rules/messages.ts';
import type { Session } from '../../session/session.ts';
import { readRulesPaths } from '../rules/files.ts';
import { nodeSession, openFile } from '../session.ts';

export interface DetectSetup {
  rules: string[];
  sel: Selection;
  json: boolean;
  legacy: boolean;
  all: boolean;
}

export interface DetectJob { path: string; name: string }

export interface DetectJobResult {
  name: string;
  /** Alert lines, each ending in a newline, in event order. */
  text: string;
  alerts: number;
  /** [priority, count] and [rule, count] pairs. */
  bySeverity: [number, number][];
  byRule: [string, number][];
  events: number;
  evaluated: number;
  truncated: boolean;
  error: string | null;
}

/** One capture opened in `session` (whose rules are loaded) and its alerts. */
export async function runDetectJob(job: DetectJob, session: Session, s: DetectSetup): Promise<DetectJobResult> {
  await openFile(session, job.path);
  const res: DetectJobResult = { name: job.name, text: '', alerts: 0, bySeverity: [], byRule: [], events: session.eventCount, evaluated: 0, truncated: false, error: null };
  if (session.unreadable) {
    const d = session.diagnostics().find((x) => x.severity === 'error');
    res.error = `not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}`;
    return res;
  }
  const det = await session.rulesRun({
    model: s.legacy ? 'legacy' : 'current', matching: s.all ? 'all' : 'first',
    minPriority: s.sel.minPriority, disableNames: s.sel.disableNames, disableTags: s.sel.disableTags, enableTags: s.sel.enableTags,
  });
  const tz = -new Date().getTimezoneOffset() * 60;
  const name = JSON.stringify(job.name);
  let text = '';
  const sev = new Map<number, number>();
  for (const a of session.rulesAlertLines(s.json, hostname(), tz)) {
    // Alerts of many captures: each line names its capture (JSON: a `capture` key first).
    text += (s.json ? `{"capture":${name},${a.line.slice(1)}` : `${job.name}: ${a.line}`) + '\n';
    sev.set(a.priority, (sev.get(a.priority) ?? 0) + 1);
  }
  res.text = text;
  res.alerts = det.alerts;
  res.bySeverity = [...sev];
  res.byRule = Object.entries(det.counts);
  res.evaluated = det.evaluated;
  res.truncated = det.truncated;
  return res;
}

/** The detect job runner of a pool worker (and of -w 1): one Session, its rules loaded once. */
export async function detectRunner(s: DetectSetup): Promise<{ run(job: unknown): Promise<DetectJobResult> }> {
  const session = nodeSession();
  const report = await session.rulesLoad(readRulesPaths(s.rules));
  if (!report.ok) throw new Error(`could not load rules:\n${formatReport(session.rulesLoadResult()!.errors, [])}`);
  return { run: (job) => runDetectJob(job as DetectJob, session, s) };
}

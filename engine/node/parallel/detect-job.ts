// One capture's share of `scapula detect` over many captures: load it in a fresh engine, run the
// ruleset, and return the alert lines already formatted (text or JSON, with the capture named) plus
// the counts for the end-of-run statistics. The same code runs in this thread (-w 1) and in workers.
import { hostname } from 'node:os';
import { openCaptureFile } from '../capture-file.ts';
import { alertJson, alertText } from '../../rules/alerts-format.ts';
import { detectOnCapture } from '../../rules/capture-run.ts';
import type { Ruleset, Selection } from '../../rules/ruleset.ts';
import { loadRuleset } from '../export/rules.ts';

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

export function runDetectJob(job: DetectJob, ruleset: Ruleset, s: DetectSetup, cap: Awaited<ReturnType<typeof openCaptureFile>>): DetectJobResult {
  const res: DetectJobResult = { name: job.name, text: '', alerts: 0, bySeverity: [], byRule: [], events: cap.eventCount, evaluated: 0, truncated: false, error: null };
  if (cap.unreadable) {
    const d = cap.diagnostics().find((x) => x.severity === 'error');
    res.error = `not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}`;
    return res;
  }
  const det = detectOnCapture(cap, ruleset, { model: s.legacy ? 'legacy' : 'current', matching: s.all ? 'all' : 'first' });
  const tz = -new Date().getTimezoneOffset() * 60;
  const host = hostname();
  const name = JSON.stringify(job.name);
  let text = '';
  const sev = new Map<number, number>();
  for (const a of det.alerts) {
    // Alerts of many captures: each line names its capture (JSON: a `capture` key first).
    text += (s.json ? `{"capture":${name},${alertJson(a, host, tz).slice(1)}` : `${job.name}: ${alertText(a, tz)}`) + '\n';
    sev.set(a.priority, (sev.get(a.priority) ?? 0) + 1);
  }
  res.text = text;
  res.alerts = det.alerts.length;
  res.bySeverity = [...sev];
  res.byRule = [...det.counts];
  res.evaluated = det.evaluated;
  res.truncated = det.truncated;
  return res;
}

/** The detect job runner of a pool worker (and of -w 1): the ruleset is loaded once. */
export async function detectRunner(s: DetectSetup): Promise<{ run(job: unknown): Promise<DetectJobResult> }> {
  const ruleset = loadRuleset(s.rules, s.sel);
  return {
    async run(job) {
      const j = job as DetectJob;
      return runDetectJob(j, ruleset, s, await openCaptureFile(j.path));
    },
  };
}

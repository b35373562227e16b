// Falco rules in the Session: rules are loaded once (the built-in ruleset plus the user's files, in
// order), run over the open capture with progress, and the alerts are kept; callers page through them,
// ask for Explain trees, and filter on them through the `rule` pseudo-field and column.
import type {
  AlertRow, ExplainNode, RuleInfo, RulesFileInput, RulesLoadReport, RulesMessage, RulesRunOptions, RulesRunProgress, RulesRunSummary,
} from '../api.ts';
import type { Capture } from '../capture.ts';
import { printExpr } from '../filter/ast.ts';
import { alertJson, alertText, clockTime } from '../rules/alerts-format.ts';
import { detectOnCapture, detectOnCaptureAsync, eventModelOf, setMergeEnterParams } from '../rules/capture-run.ts';
import type { Alert, DetectResult } from '../rules/detect.ts';
import { explainRule } from '../rules/explain.ts';
import { loadRules, type LoadResult } from '../rules/loader.ts';
import { formatMessage, type LoadMessage } from '../rules/messages.ts';
import { PRIORITY_NAMES } from '../rules/model.ts';
import { buildRuleset, selectionError } from '../rules/ruleset.ts';
import type { AlertIndex } from '../rules/pseudo-fields.ts';

/** Alerts kept for the UI; a rule matching everything must not exhaust the tab's memory. */
const MAX_UI_ALERTS = 200_000;
/** Alerts one rulesAlerts call returns. */
const MAX_ALERT_PAGE = 5000;
/** Time between two progress reports of a run. */
const PROGRESS_EVERY_MS = 100;

function message(m: LoadMessage): RulesMessage {
  return {
    severity: m.severity, code: m.code, message: m.message, itemType: m.itemType, itemName: m.itemName,
    file: m.pos?.file ?? '', line: m.pos?.line ?? 0, col: m.pos?.col ?? 0, text: formatMessage(m),
  };
}

export class SessionRules {
  private loaded: LoadResult | null = null;
  private result: DetectResult | null = null;
  private resultCapture: Capture | null = null;
  private running: AbortController | null = null;

  /** `cooperative`: runs yield between rules (a worker stays responsive) and keep at most MAX_UI_ALERTS. */
  constructor(private readonly capture: () => Capture | null, private readonly cooperative: boolean) {}

  /** The load as it came from the loader (Falco-style reports for the CLI). */
  get loadResult(): LoadResult | null { return this.loaded; }

  load(files: RulesFileInput[]): RulesLoadReport {
    this.loaded = loadRules(files);
    this.result = null;
    const rules: RuleInfo[] = (this.loaded.compiled?.rules ?? []).map((r) => ({
      name: r.name, priority: PRIORITY_NAMES[r.def.priority], priorityLevel: r.def.priority, tags: r.def.tags, enabled: r.def.enabled,
      source: r.def.source, desc: r.def.desc, condition: printExpr(r.ast), output: r.def.output,
      eventTypes: r.eventTypes ? [...r.eventTypes].sort() : null,
    }));
    return { ok: this.loaded.ok, errors: this.loaded.errors.map(message), warnings: this.loaded.warnings.map(message), rules };
  }

  async run(opts: RulesRunOptions, onProgress?: (p: RulesRunProgress) => void): Promise<RulesRunSummary> {
    const cap = this.capture();
    if (!cap) throw new Error('no capture is open');
    if (!this.loaded?.ok || !this.loaded.compiled) throw new Error('no rules are loaded');
    const sel = {
      minPriority: opts.minPriority, disableTags: opts.disableTags, enableTags: opts.enableTags, disableNames: opts.disableNames,
      forceDisabled: opts.disabledRules, forceEnabled: opts.enabledRules,
    };
    const err = selectionError(sel);
    if (err) throw new Error(err);
    const ruleset = buildRuleset(this.loaded.compiled.rules, sel, null);
    let last = 0;
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    this.result = null;
    const detectOpts = {
      model: opts.model, matching: opts.matching ?? 'first', signal: abort.signal,
      onProgress: (rulesDone: number, rulesTotal: number, alerts: number) => {
        const now = performance.now();
        if (onProgress && (now - last > PROGRESS_EVERY_MS || rulesDone === rulesTotal)) { last = now; onProgress({ rulesDone, rulesTotal, alerts }); }
      },
    } as const;
    this.result = this.cooperative
      ? await detectOnCaptureAsync(cap, ruleset, { ...detectOpts, maxAlerts: MAX_UI_ALERTS })
      : detectOnCapture(cap, ruleset, detectOpts);
    if (this.running === abort) this.running = null;
    this.resultCapture = cap;
    const r = this.result;
    return {
      alerts: r.alerts.length, counts: Object.fromEntries(r.counts), evaluated: r.evaluated, ms: r.ms, model: r.model.kind, truncated: r.truncated,
      rules: ruleset.rules.length,
    };
  }

  cancel(): void {
    this.running?.abort();
    this.running = null;
  }

  private alertsOf(ruleFilter?: string | null): Alert[] {
    if (!this.result || this.resultCapture !== this.capture()) return [];
    return ruleFilter ? this.result.alerts.filter((a) => a.rule === ruleFilter) : this.result.alerts;
  }

  count(ruleFilter?: string | null): number {
    return this.alertsOf(ruleFilter).length;
  }

  alerts(start: number, count: number, ruleFilter?: string | null): AlertRow[] {
    const list = this.alertsOf(ruleFilter);
    const all = this.result?.alerts ?? [];
    const from = Math.max(0, start);
    const to = Math.min(list.length, from + Math.max(0, Math.min(count, MAX_ALERT_PAGE)));
    const out: AlertRow[] = [];
    for (let k = from; k < to; k++) {
      const a = list[k];
      out.push({
        id: ruleFilter ? all.indexOf(a) : k, index: a.event, num: a.event + 1, ts: a.ts.toString(), time: clockTime(a.ts, 0),
        rule: a.rule, priority: PRIORITY_NAMES[a.priority], priorityLevel: a.priority, output: a.message, tags: a.tags,
      });
    }
    return out;
  }

  nums(ruleFilter?: string | null): number[] {
    return [...new Set(this.alertsOf(ruleFilter).map((a) => a.event + 1))];
  }

  /** Every alert as Falco prints it: text lines, or JSON lines (json_output); with its priority level. */
  *lines(json: boolean, hostname: string, tzOffsetSec: number): Generator<{ line: string; priority: number }> {
    for (const a of this.alertsOf(null)) yield { line: json ? alertJson(a, hostname, tzOffsetSec) : alertText(a, tzOffsetSec), priority: a.priority };
  }

  /** The alerts as rows of `scapula export`'s alerts table (NDJSON). */
  async alertTable(name: string): Promise<string> {
    const { alertRows } = await import('../export/rows.ts');
    return alertRows(this.alertsOf(null), name);
  }

  /** The capture's own hostname on each JSON line (the web's download). */
  exportJson(): string {
    const host = this.capture()?.summary().machine?.hostname ?? '';
    const all = this.alertsOf(null);
    return all.map((a) => alertJson(a, host, 0)).join('\n') + (all.length ? '\n' : '');
  }

  /** The alerts of the open capture as the `rule` pseudo-field sees them (evt.num per rule). */
  alertIndex(): AlertIndex {
    const byRule = new Map<string, number[]>();
    const all = new Set<number>();
    for (const a of this.alertsOf(null)) {
      const l = byRule.get(a.rule);
      if (l) l.push(a.event + 1); else byRule.set(a.rule, [a.event + 1]);
      all.add(a.event + 1);
    }
    return { byRule, all: [...all].sort((x, y) => x - y) };
  }

  /** Rule names of the alerts on event `index` (the `rule` column). */
  rulesOfEvent(index: number): string {
    const list = this.alertsOf(null);
    let lo = 0, hi = list.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (list[m].event < index) lo = m + 1; else hi = m; }
    const names: string[] = [];
    for (let k = lo; k < list.length && list[k].event === index; k++) names.push(list[k].rule);
    return names.join(', ');
  }

  explainAlert(alertId: number): ExplainNode {
    const cap = this.capture();
    const a = this.alertsOf(null)[alertId];
    if (!cap || !a || !this.loaded?.compiled) throw new Error(`no alert ${alertId}`);
    const rule = this.loaded.compiled.rules.find((r) => r.name === a.rule);
    if (!rule) throw new Error(`rule '${a.rule}' is no longer loaded`);
    // Evaluate clauses in the event model the alert came from (exit events with their enter's params).
    const model = this.result?.model;
    return this.explain(cap, rule.name, a.event, model?.kind ?? 'legacy', model?.kind === 'current' ? model.enterOf[a.event] : -1);
  }

  explainEvent(ruleName: string, index: number, model: 'current' | 'legacy'): ExplainNode {
    const cap = this.capture();
    if (!cap) throw new Error('no capture is open');
    if (!Number.isInteger(index) || index < 0 || index >= cap.eventCount) throw new Error(`no event ${index + 1}`);
    const enter = () => (model === 'current' ? eventModelOf(cap, 'current').enterOf[index] : -1);
    return this.explain(cap, ruleName, index, model, enter);
  }

  private explain(cap: Capture, ruleName: string, index: number, model: 'current' | 'legacy', enter: number | (() => number)): ExplainNode {
    const rule = this.loaded?.compiled?.rules.find((r) => r.name === ruleName);
    if (!rule || !this.loaded?.compiled) throw new Error(`no rule named '${ruleName}' is loaded`);
    setMergeEnterParams(cap, model === 'current');
    try {
      return explainRule(cap, rule.ast, this.loaded.compiled.macroOrigin, index, typeof enter === 'number' ? enter : enter());
    } finally {
      setMergeEnterParams(cap, false);
    }
  }
}

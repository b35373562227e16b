// The rules side of the web app's worker: implements RulesApi (engine/api.ts) over whichever Capture
// the viewer service has open. Rules are loaded once (the built-in ruleset plus the user's files, in
// order), run over the capture with progress, and the alerts are kept in the worker; the UI pages
// through them and asks for Explain trees. `withRules` adds these methods to the viewer service
// object the worker exposes, so the worker entry stays one line of wiring.
import type {
  AlertRow, ExplainNode, RuleInfo, RulesApi, RulesFileInput, RulesLoadReport, RulesMessage, RulesRunOptions, RulesRunProgress,
  RulesRunSummary,
} from '../api.ts';
import type { Capture } from '../capture.ts';
import { printExpr } from '../filter/ast.ts';
import { alertJson, clockTime } from './alerts-format.ts';
import { detectOnCaptureAsync, eventModelOf, setMergeEnterParams } from './capture-run.ts';
import type { Alert, DetectResult } from './detect.ts';
import { explainRule } from './explain.ts';
import { loadRules, type LoadResult } from './loader.ts';
import { formatMessage, type LoadMessage } from './messages.ts';
import { PRIORITY_NAMES } from './model.ts';
import { buildRuleset, selectionError } from './ruleset.ts';
import { rewriteRuleField, type AlertIndex } from './pseudo-fields.ts';

function message(m: LoadMessage): RulesMessage {
  return {
    severity: m.severity, code: m.code, message: m.message, itemType: m.itemType, itemName: m.itemName,
    file: m.pos?.file ?? '', line: m.pos?.line ?? 0, col: m.pos?.col ?? 0, text: formatMessage(m),
  };
}

/** Alerts kept for the UI; a rule matching everything must not exhaust the tab's memory. */
const MAX_UI_ALERTS = 200_000;

export class RulesService implements RulesApi {
  private loaded: LoadResult | null = null;
  private result: DetectResult | null = null;
  private resultCapture: Capture | null = null;
  private running: AbortController | null = null;

  constructor(private readonly capture: () => Capture | null) {}

  async rulesLoad(files: RulesFileInput[]): Promise<RulesLoadReport> {
    this.loaded = loadRules(files);
    this.result = null;
    const rules: RuleInfo[] = (this.loaded.compiled?.rules ?? []).map((r) => ({
      name: r.name, priority: PRIORITY_NAMES[r.def.priority], priorityLevel: r.def.priority, tags: r.def.tags, enabled: r.def.enabled,
      source: r.def.source, desc: r.def.desc, condition: printExpr(r.ast), output: r.def.output,
      eventTypes: r.eventTypes ? [...r.eventTypes].sort() : null,
    }));
    return { ok: this.loaded.ok, errors: this.loaded.errors.map(message), warnings: this.loaded.warnings.map(message), rules };
  }

  async rulesRun(opts: RulesRunOptions, onProgress?: (p: RulesRunProgress) => void): Promise<RulesRunSummary> {
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
    this.result = await detectOnCaptureAsync(cap, ruleset, {
      model: opts.model, matching: opts.matching ?? 'first', signal: abort.signal, maxAlerts: MAX_UI_ALERTS,
      onProgress: (rulesDone, rulesTotal, alerts) => {
        const now = performance.now();
        if (onProgress && (now - last > 100 || rulesDone === rulesTotal)) { last = now; onProgress({ rulesDone, rulesTotal, alerts }); }
      },
    });
    if (this.running === abort) this.running = null;
    this.resultCapture = cap;
    const r = this.result;
    return { alerts: r.alerts.length, counts: Object.fromEntries(r.counts), evaluated: r.evaluated, ms: r.ms, model: r.model.kind, truncated: r.truncated };
  }

  async rulesExportJson(): Promise<string> {
    const cap = this.capture();
    const host = cap?.summary().machine?.hostname ?? '';
    return this.alertsOf(null).map((a) => alertJson(a, host, 0)).join('\n') + (this.alertsOf(null).length ? '\n' : '');
  }

  async rulesExplainEvent(ruleName: string, index: number, model: 'current' | 'legacy'): Promise<ExplainNode> {
    const cap = this.capture();
    if (!cap) throw new Error('no capture is open');
    const rule = this.loaded?.compiled?.rules.find((r) => r.name === ruleName);
    if (!rule || !this.loaded?.compiled) throw new Error(`no rule named '${ruleName}' is loaded`);
    if (!Number.isInteger(index) || index < 0 || index >= cap.eventCount) throw new Error(`no event ${index + 1}`);
    setMergeEnterParams(cap, model === 'current');
    try {
      const enter = model === 'current' ? eventModelOf(cap, 'current').enterOf[index] : -1;
      return explainRule(cap, rule.ast, this.loaded.compiled.macroOrigin, index, enter);
    } finally {
      setMergeEnterParams(cap, false);
    }
  }

  /** Stops a run in progress (it rejects with an AbortError). */
  async rulesCancel(): Promise<void> {
    this.running?.abort();
    this.running = null;
  }

  private alertsOf(ruleFilter?: string | null): Alert[] {
    if (!this.result || this.resultCapture !== this.capture()) return [];
    return ruleFilter ? this.result.alerts.filter((a) => a.rule === ruleFilter) : this.result.alerts;
  }

  async rulesAlertCount(ruleFilter?: string | null): Promise<number> {
    return this.alertsOf(ruleFilter).length;
  }

  async rulesAlerts(start: number, count: number, ruleFilter?: string | null): Promise<AlertRow[]> {
    const list = this.alertsOf(ruleFilter);
    const all = this.result?.alerts ?? [];
    const from = Math.max(0, start);
    const to = Math.min(list.length, from + Math.max(0, Math.min(count, 5000)));
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

  async rulesAlertNums(ruleFilter?: string | null): Promise<number[]> {
    return [...new Set(this.alertsOf(ruleFilter).map((a) => a.event + 1))];
  }

  /** The alerts of the open capture as the `rule` pseudo-field sees them. */
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

  /** Rule names per event index (for the `rule` column). */
  rulesOfEvent(index: number): string {
    const list = this.alertsOf(null);
    let lo = 0, hi = list.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (list[m].event < index) lo = m + 1; else hi = m; }
    const names: string[] = [];
    for (let k = lo; k < list.length && list[k].event === index; k++) names.push(list[k].rule);
    return names.join(', ');
  }

  async rulesExplain(alertId: number): Promise<ExplainNode> {
    const cap = this.capture();
    const a = this.alertsOf(null)[alertId];
    if (!cap || !a || !this.loaded?.compiled) throw new Error(`no alert ${alertId}`);
    const rule = this.loaded.compiled.rules.find((r) => r.name === a.rule);
    if (!rule) throw new Error(`rule '${a.rule}' is no longer loaded`);
    // Evaluate clauses in the event model the alert came from (exit events with their enter's params).
    const model = this.result?.model;
    setMergeEnterParams(cap, model?.kind === 'current');
    try {
      return explainRule(cap, rule.ast, this.loaded.compiled.macroOrigin, a.event, model?.kind === 'current' ? model.enterOf[a.event] : -1);
    } finally {
      setMergeEnterParams(cap, false);
    }
  }
}

const RULES_METHODS = new Set(['rulesLoad', 'rulesRun', 'rulesCancel', 'rulesAlerts', 'rulesAlertCount', 'rulesAlertNums', 'rulesExplain', 'rulesExplainEvent', 'rulesExportJson']);

/** The `rule` column's field name. */
export const RULE_COLUMN = 'rule';

type Fn = (...a: unknown[]) => unknown;

/**
 * The viewer service with the RulesApi methods added (what the worker exposes through comlink). The
 * viewer's filter entry points also understand the `rule` pseudo-field, and rows can carry a `rule` column.
 */
export function withRules<T extends object>(viewer: T, capture: () => Capture | null): T & RulesApi {
  const rules = new RulesService(capture);
  const rw = (expr: unknown) => (typeof expr === 'string' && /\brule\b/.test(expr) ? rewriteRuleField(expr, rules.alertIndex()) : expr);
  const wrap: Record<string, (orig: Fn) => Fn> = {
    setFilter: (orig) => (expr) => orig(rw(expr)),
    validateFilter: (orig) => (expr) => orig(rw(expr)),
    setColoring: (orig) => (filters) => orig(Array.isArray(filters) ? filters.map(rw) : filters),
    find: (orig) => (query, ...rest) => {
      const q = query as { kind?: string; text?: string } | null;
      return orig(q && q.kind === 'filter' ? { ...q, text: rw(q.text) } : query, ...rest);
    },
    rows: (orig) => async (start, count, extra) => {
      const fields = Array.isArray(extra) ? (extra as string[]) : undefined;
      if (!fields?.includes(RULE_COLUMN)) return orig(start, count, extra);
      const rows = (await orig(start, count, fields.filter((f) => f !== RULE_COLUMN))) as { index: number; extra?: Record<string, string> }[];
      for (const r of rows) r.extra = { ...(r.extra ?? {}), [RULE_COLUMN]: rules.rulesOfEvent(r.index) };
      return rows;
    },
  };
  return new Proxy(viewer, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && RULES_METHODS.has(prop)) {
        const f = (rules as unknown as Record<string, Fn>)[prop];
        return f.bind(rules);
      }
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      const bound = (v as Fn).bind(target);
      return typeof prop === 'string' && prop in wrap ? wrap[prop](bound) : bound;
    },
  }) as T & RulesApi;
}

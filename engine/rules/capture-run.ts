// Wires the rules engine to a loaded Capture: the event source the event model reads (type, nparams,
// tid, visibility from the WASM index), the evaluator (the filter engine's compiled plans run in the
// same WASM instance) and the field renderer (the engine's formatter in JSON mode). Used by the CLI
// `detect` command, the worker and the tests, so they all run the exact same path.
import type { Capture } from '../capture.ts';
import type { Expr } from '../filter/ast.ts';
import { printExpr } from '../filter/ast.ts';
import { compileAst, indicesToBitset, type Plan } from '../filter/index.ts';
import { PPM_SC_NAMES } from '../generated/schema.ts';
import { V_INT, V_BOOL } from '../generated/boundary.ts';
import { parseFormat, type FormatPlan, type PlanToken } from '../format/plan.ts';
import { detect, detectAsync, type DetectOptions, type DetectResult, type Evaluator, type FieldRenderer } from './detect.ts';
import type { EventModel, EventModelKind, EventSource } from './event-model.ts';
import type { Ruleset } from './ruleset.ts';
import { parseFlatJson, renderMessage, type FieldValue } from './alerts-format.ts';

export function captureEventSource(cap: Capture): EventSource & { ts(i: number): bigint; genericName(i: number): string | null } {
  const ix = cap.index;
  return {
    count: ix.count,
    type: (i) => ix.type(i),
    nparams: (i) => ix.nparams(i),
    tid: (i) => ix.tidNumber(i),
    visible: (i) => ix.visible(i),
    ts: (i) => ix.ts(i),
    // Generic events: parameter 0 is the PPM_SC syscall code (u16).
    genericName: (i) => {
      const sc = ix.firstParamU16(i);
      return sc === null ? null : PPM_SC_NAMES[sc] ?? null;
    },
  };
}

/**
 * Compiled plans by rule tree, shared by every capture: a plan is engine-independent words (copied into
 * the engine at each run), so a ruleset run over thousands of captures compiles each rule once.
 */
const plans = new WeakMap<Expr, Plan>();

/** Compiles each rule tree once (per process) and runs it over the capture. */
export function captureEvaluator(cap: Capture): Evaluator {
  const n = cap.eventCount;
  return {
    select(ast: Expr, candidates: Uint8Array): Uint8Array {
      let plan = plans.get(ast);
      if (!plan) {
        const text = printExpr(ast);
        const c = compileAst(text, ast);
        if (!c.ok) throw new Error(`rule condition does not compile: ${c.error.message}`);
        plan = c.plan.plan;
        plans.set(ast, plan);
      }
      return indicesToBitset(cap.runPlanMasked(plan, candidates), n);
    },
  };
}

/** Output fields through the engine's formatter (JSON mode: typed values, null when missing). */
export function captureRenderer(cap: Capture): FieldRenderer {
  return {
    render(fields: string[], selection: Uint8Array): string[] {
      const tokens: PlanToken[] = [];
      for (const f of fields) {
        try {
          const p = parseFormat('*%' + f);
          const t = p.tokens.find((x) => x.kind === 'field');
          if (t && t.kind === 'field' && t.name === f) tokens.push(t);
        } catch {
          // A token the formatter cannot render (transformers): Falco would print a value; we print <NA>.
        }
      }
      const plan: FormatPlan = { requireAll: false, tokens };
      const text = cap.formatText({ plan, json: true, selection, allEvents: true, tzOffsetSeconds: 0 });
      return text.split('\n').filter((l) => l.length > 0);
    },
  };
}

/** Turns the engine's "exit events carry their enter's params" switch on or off. */
export function setMergeEnterParams(cap: Capture, on: boolean): void {
  cap.setMergeEnterParams(on);
}

/** Event models per capture and kind: a capture never changes once loaded, so the converter pass runs once. */
const models = new WeakMap<Capture, Map<string, EventModel>>();

function cachedModel(cap: Capture, src: EventSource, kind: EventModelKind): EventModel {
  let m = models.get(cap);
  if (!m) models.set(cap, (m = new Map()));
  let model = m.get(kind);
  // Keyed by event count too: the web app may ask while a capture is still growing.
  if (!model || model.finalType.length !== src.count) {
    model = cap.eventModel(kind);
    m.set(kind, model);
  }
  return model;
}

/** The (cached) event model of a loaded capture. */
export function eventModelOf(cap: Capture, kind: EventModelKind): EventModel {
  return cachedModel(cap, captureEventSource(cap), kind);
}

export function detectOnCapture(cap: Capture, ruleset: Ruleset, opts: DetectOptions = {}): DetectResult {
  const current = (opts.model ?? 'current') === 'current';
  setMergeEnterParams(cap, current);
  try {
    const src = captureEventSource(cap);
    const eventModel = opts.eventModel ?? cachedModel(cap, src, opts.model ?? 'current');
    const res = detect(src, ruleset, captureEvaluator(cap), captureRenderer(cap), { ...opts, eventModel });
    if (current) fillMergedArgs(cap, ruleset, res);
    return res;
  } finally {
    setMergeEnterParams(cap, false);
  }
}

/** The cancellable form for the worker: yields between rules; aborts with opts.signal. */
export async function detectOnCaptureAsync(cap: Capture, ruleset: Ruleset, opts: DetectOptions = {}): Promise<DetectResult> {
  const current = (opts.model ?? 'current') === 'current';
  try {
    // The switch is global to the engine: set it around each rule's evaluation, not across awaits.
    const evaluator = captureEvaluator(cap);
    const switched: Evaluator = {
      select(ast, cand) {
        setMergeEnterParams(cap, current);
        try { return evaluator.select(ast, cand); } finally { setMergeEnterParams(cap, false); }
      },
    };
    const src = captureEventSource(cap);
    const eventModel = opts.eventModel ?? cachedModel(cap, src, opts.model ?? 'current');
    const res = await detectAsync(src, ruleset, switched, captureRenderer(cap), { ...opts, eventModel });
    if (current) {
      setMergeEnterParams(cap, true);
      fillMergedArgs(cap, ruleset, res);
    }
    return res;
  } finally {
    setMergeEnterParams(cap, false);
  }
}

const ARG_FIELD = /^evt\.(raw)?arg\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Output fields `%evt.arg.X` / `%evt.rawarg.X` that the formatter leaves empty on an exit event because
 * X was an enter parameter: in the current model they come from the paired enter event. `evt.arg` is
 * rendered by the formatter on that enter event (so `<f>/path`, flag names... as sysdig prints them);
 * `evt.rawarg` is the raw value.
 */
function fillMergedArgs(cap: Capture, ruleset: Ruleset, res: DetectResult): void {
  const renderer = captureRenderer(cap);
  const bytes = (cap.eventCount + 7) >> 3;
  // field -> alerts (by position) whose value must come from their enter event
  const wanted = new Map<string, number[]>();
  res.alerts.forEach((a, k) => {
    for (const f of ruleset.rules[a.slot].output.fields) {
      const m = ARG_FIELD.exec(f);
      const cur = a.fields.get(f);
      if (!m || (cur && cur.t !== 'null') || res.model.enterOf[a.event] < 0) continue;
      const l = wanted.get(f);
      if (l) l.push(k); else wanted.set(f, [k]);
    }
  });
  const touched = new Set<number>();
  for (const [f, ks] of wanted) {
    if (f.startsWith('evt.arg.')) {
      const enters = [...new Set(ks.map((k) => res.model.enterOf[res.alerts[k].event]))].sort((x, y) => x - y);
      const sel = new Uint8Array(bytes);
      for (const e of enters) sel[e >> 3] |= 1 << (e & 7);
      const lines = renderer.render([f], sel);
      const byEnter = new Map<number, FieldValue>();
      enters.forEach((e, j) => { const v = lines[j] ? parseFlatJson(lines[j]).get(f) : undefined; if (v) byEnter.set(e, v); });
      for (const k of ks) {
        const v = byEnter.get(res.model.enterOf[res.alerts[k].event]);
        if (v && v.t !== 'null') { res.alerts[k].fields.set(f, v); touched.add(k); }
      }
      continue;
    }
    const name = ARG_FIELD.exec(f)![2];
    for (const k of ks) {
      const vals = cap.extractValues('evt.rawarg', res.alerts[k].event, name);
      if (!vals.length) continue;
      const v = vals[0];
      const text = v.kind === V_INT ? BigInt.asIntN(64, v.num).toString() : v.kind === V_BOOL ? String(v.num !== 0n) : v.text || v.num.toString();
      res.alerts[k].fields.set(f, /^-?\d+$/.test(text) && v.kind !== 3 ? { t: 'num', v: text } : { t: 'str', v: text });
      touched.add(k);
    }
  }
  for (const k of touched) {
    const a = res.alerts[k];
    a.message = renderMessage(ruleset.rules[a.slot].output, a.fields);
  }
}

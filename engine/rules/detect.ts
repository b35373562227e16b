// Runs a ruleset over a loaded capture: builds the event model (current Falco or legacy), buckets
// the delivered events by the type Falco would see, evaluates each rule only on the types it can
// match (rule order; with `first` matching an event alerts for the first rule that matches only, as
// Falco's default), then renders each rule's alerts in one formatter pass. The condition evaluator is
// injected (the filter engine's WASM plan runner), so this module is only about Falco's semantics.
import { quote, type Expr } from '../filter/ast.ts';
import { parseFilter } from '../filter/parser.ts';
import { buildEventModel, type EventModel, type EventModelKind, type EventSource } from './event-model.ts';
import { typeCodes, EVENT_CODE_COUNT, GENERIC_CODES, PLUGIN_EVENT } from './evttypes.ts';
import type { Ruleset, ActiveRule } from './ruleset.ts';
import { parseFlatJson, renderMessage, type AlertRecord, type FieldValue } from './alerts-format.ts';

/** Evaluates conditions over events. */
export interface Evaluator {
  /** Bitset over all events (bit i = event i): which of `candidates` (also a bitset) match `ast`. */
  select(ast: Expr, candidates: Uint8Array): Uint8Array;
}

/** Renders output fields of many events at once (the engine's JSON formatter). */
export interface FieldRenderer {
  /** One flat JSON object per selected event, in event order: field text -> value. */
  render(fields: string[], selection: Uint8Array): string[];
}

export interface DetectOptions {
  model?: EventModelKind;
  matching?: 'first' | 'all';
  signal?: AbortSignal;
  onProgress?: (rulesDone: number, rulesTotal: number, alerts: number) => void;
  /** Stop collecting after this many alerts (protects the UI from a rule matching everything). */
  maxAlerts?: number;
  /** A model built earlier for the same capture and kind (runs after the first skip the converter pass). */
  eventModel?: EventModel;
}

export interface Alert extends AlertRecord {
  /** File index of the event (evt.num = index + 1). */
  event: number;
  /** Position of the rule in the active ruleset. */
  slot: number;
}

export interface DetectResult {
  alerts: Alert[];
  model: EventModel;
  /** Alerts per rule name. */
  counts: Map<string, number>;
  /** Events evaluated (delivered by the model) and rule evaluations done. */
  evaluated: number;
  ruleEvaluations: number;
  truncated: boolean;
  ms: number;
}

const bitSet = (b: Uint8Array, i: number) => { b[i >> 3] |= 1 << (i & 7); };
const bitGet = (b: Uint8Array, i: number) => (b[i >> 3] & (1 << (i & 7))) !== 0;

type Source = EventSource & {
  ts(i: number): bigint;
  /** Syscall name of a generic `syscall` event (from its ID parameter), or null. */
  genericName?(i: number): string | null;
};

export function detect(src: Source, ruleset: Ruleset, evaluator: Evaluator, renderer: FieldRenderer, opts: DetectOptions = {}): DetectResult {
  const steps = detectSteps(src, ruleset, evaluator, renderer, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same run, yielding to the event loop between rules so a worker can receive a cancel request
 * (opts.signal) while it works.
 */
export async function detectAsync(src: Source, ruleset: Ruleset, evaluator: Evaluator, renderer: FieldRenderer,
  opts: DetectOptions = {}): Promise<DetectResult> {
  const steps = detectSteps(src, ruleset, evaluator, renderer, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** The run as steps: one step per rule evaluated (a generator keeps the sync and async drivers identical). */
function* detectSteps(src: Source, ruleset: Ruleset, evaluator: Evaluator, renderer: FieldRenderer,
  opts: DetectOptions): Generator<void, DetectResult, void> {
  const t0 = performance.now();
  const kind = opts.model ?? 'current';
  const model = opts.eventModel?.kind === kind ? opts.eventModel : buildEventModel(src, kind);
  const n = src.count;
  const bytes = (n + 7) >> 3;
  // Delivered events bucketed by final type (counting sort keeps file order inside each bucket).
  const counts = new Uint32Array(EVENT_CODE_COUNT + 1);
  for (const i of model.delivered) counts[Math.min(model.finalType[i], EVENT_CODE_COUNT)]++;
  const starts = new Uint32Array(EVENT_CODE_COUNT + 2);
  for (let t = 0; t <= EVENT_CODE_COUNT; t++) starts[t + 1] = starts[t] + counts[t];
  const byType = new Uint32Array(model.delivered.length);
  const fill = starts.slice();
  for (const i of model.delivered) byType[fill[Math.min(model.finalType[i], EVENT_CODE_COUNT)]++] = i;
  // Generic `syscall` events carry their syscall in a parameter: bucket them by syscall name, so a rule
  // on `madvise` sees the madvise ones only (without this every rule would get all generic events).
  const genericByName = new Map<string, number[]>();
  if (src.genericName) {
    for (const code of GENERIC_CODES) {
      for (let p = starts[code]; p < starts[code + 1]; p++) {
        const i = byType[p];
        const name = src.genericName(i) ?? '';
        const l = genericByName.get(name);
        if (l) l.push(i); else genericByName.set(name, [i]);
      }
    }
  }

  const claimed = new Uint8Array(bytes);
  const first = (opts.matching ?? 'first') === 'first';
  const hits: { event: number; slot: number }[] = [];
  const perRule: number[][] = ruleset.rules.map(() => []);
  let ruleEvaluations = 0;
  let truncated = false;
  const maxAlerts = opts.maxAlerts ?? 1_000_000;
  const sourceMasks = new Map<string, Uint8Array>();
  for (const r of ruleset.rules) {
    if (opts.signal?.aborted) throw new DOMException('detection cancelled', 'AbortError');
    const cand = new Uint8Array(bytes);
    let any = false;
    const codes = r.def.source !== 'syscall' ? [PLUGIN_EVENT] : r.eventTypes === null ? null : typeCodes(r.eventTypes);
    const take = (i: number) => {
      if (first && bitGet(claimed, i)) return;
      bitSet(cand, i);
      any = true;
    };
    for (let code = 0; code <= EVENT_CODE_COUNT; code++) {
      if (codes ? !codes.includes(code) : code === PLUGIN_EVENT) continue;
      if (src.genericName && codes && GENERIC_CODES.includes(code)) continue; // by name, below
      for (let p = starts[code]; p < starts[code + 1]; p++) take(byType[p]);
    }
    if (src.genericName && codes && r.eventTypes) {
      for (const name of r.eventTypes) for (const i of genericByName.get(name) ?? []) take(i);
    }
    if (any && r.def.source !== 'syscall') {
      // Plugin events of this rule's source only (evt.source), computed once per source.
      let m = sourceMasks.get(r.def.source);
      if (!m) {
        const pluginMask = new Uint8Array(bytes);
        for (let p = starts[PLUGIN_EVENT]; p < starts[PLUGIN_EVENT + 1]; p++) bitSet(pluginMask, byType[p]);
        const check = parseFilter(`evt.source = ${quote(r.def.source)}`);
        m = check.ok ? evaluator.select(check.ast, pluginMask) : pluginMask;
        sourceMasks.set(r.def.source, m);
      }
      any = false;
      for (let k = 0; k < bytes; k++) { cand[k] &= m[k]; if (cand[k]) any = true; }
    }
    if (any) {
      const sel = evaluator.select(r.ast, cand);
      for (let k = 0; k < bytes; k++) {
        let b = sel[k] & cand[k];
        while (b) {
          const bit = 31 - Math.clz32(b & -b);
          b &= b - 1;
          const i = k * 8 + bit;
          if (hits.length >= maxAlerts) { truncated = true; break; }
          hits.push({ event: i, slot: r.slot });
          perRule[r.slot].push(i);
          if (first) bitSet(claimed, i);
        }
      }
      for (let k = 0; k < bytes; k++) ruleEvaluations += popcount(cand[k]);
    }
    opts.onProgress?.(r.slot + 1, ruleset.rules.length, hits.length);
    yield;
  }

  // Render per rule: one formatter pass over that rule's alert events.
  const rendered = new Map<string, Map<string, FieldValue>>();
  for (const r of ruleset.rules) {
    const evs = perRule[r.slot];
    if (evs.length === 0) continue;
    const sel = new Uint8Array(bytes);
    for (const i of evs) bitSet(sel, i);
    const lines = renderer.render([...new Set(['evt.time', ...r.output.fields])], sel);
    evs.forEach((ev, k) => rendered.set(`${r.slot}:${ev}`, lines[k] !== undefined ? parseFlatJson(lines[k]) : new Map()));
  }
  hits.sort((a, b) => a.event - b.event || a.slot - b.slot);
  const alerts: Alert[] = hits.map((h) => {
    const r: ActiveRule = ruleset.rules[h.slot];
    const fields = rendered.get(`${h.slot}:${h.event}`) ?? new Map<string, FieldValue>();
    // Keys in the order of first appearance in the output, as Falco's output_fields map (sorted there).
    const ordered = new Map<string, FieldValue>();
    for (const f of [...new Set(['evt.time', ...r.output.fields])].sort()) ordered.set(f, fields.get(f) ?? { t: 'null' });
    return {
      event: h.event, slot: h.slot, ts: src.ts(h.event), rule: r.name, priority: r.def.priority, source: r.def.source,
      tags: r.def.tags, message: renderMessage(r.output, ordered), fields: ordered,
    };
  });
  const countsByRule = new Map<string, number>();
  for (const a of alerts) countsByRule.set(a.rule, (countsByRule.get(a.rule) ?? 0) + 1);
  return { alerts, model, counts: countsByRule, evaluated: model.delivered.length, ruleEvaluations, truncated, ms: performance.now() - t0 };
}

function popcount(x: number): number {
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}

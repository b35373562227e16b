// The two event models rules can run in. `legacy`: every stored event is evaluated, enter and exit
// alike, as Falco did until 2023 and as sysdig 0.29 shows them. `current` (the default): the stream
// current Falco sees after libscap's savefile converter (schema/converter.json, scap-format.md §3.6):
// most enter events are stored per thread and dropped, exits gain the enter parameters, old event
// versions become the current type. This module simulates the converter over the event index
// (type, nparams, tid per event) and records, per event, whether it is delivered, its final type and
// which stored enter event it consumed, so parameters can be shown merged and rules indexed by the
// type Falco would see. Bounded: at most MAX_CONVERSIONS rounds per event.
import {
  CONVERTER_RULES, C_ADD_PARAMS, C_CHANGE_TYPE, C_PASS, C_STORE, C_STORE_AND_PASS, I_CALLBACK, I_DEFAULT, I_EMPTY, I_ENTER,
  I_OLD, MAX_CONVERSIONS, type ConvRule,
} from '../generated/converter.ts';
import { EVENT_DIRS, EVENT_FLAGS, EVENT_PARAMS, EF_UNUSED, EF_OLD_VERSION, EF_CONVERTER_MANAGED } from '../generated/schema.ts';

export type EventModelKind = 'current' | 'legacy';

/** What the model needs to know about the capture's events. */
export interface EventSource {
  count: number;
  type(i: number): number;
  nparams(i: number): number;
  /** Thread id (as a number: tids fit in 2^53). */
  tid(i: number): number;
  /** Shown by sysdig (not internal/state-only); hidden events are never evaluated. */
  visible(i: number): boolean;
}

export interface EventModel {
  kind: EventModelKind;
  /** Events rules are evaluated on, in file order. */
  delivered: Uint32Array;
  /** Type code each event has after conversion (= stored type in the legacy model). */
  finalType: Uint16Array;
  /** Index of the stored enter event whose parameters this event took, or -1. */
  enterOf: Int32Array;
  stats: { delivered: number; storedEnters: number; dropped: number; errors: number };
}

const ruleIndex = new Map<number, ConvRule>();
for (const r of CONVERTER_RULES) ruleIndex.set(r[0] * 65536 + r[1], r);
/** Per rule: does it read the stored enter event (C_INSTR_FROM_ENTER)? */
const usesEnter = new Set<ConvRule>(CONVERTER_RULES.filter((r) => r[5].some((i) => i[0] === I_ENTER)));

// Flat per-type tables: the model looks at every event, so no string compares or nested arrays there.
const N_TYPES = EVENT_FLAGS.length;
const ENTER = Uint8Array.from(EVENT_DIRS, (d) => (d === 'enter' ? 1 : 0));
const FLAGS = Int32Array.from(EVENT_FLAGS);
const NPARAMS = Int32Array.from(EVENT_PARAMS, (p) => p.length);

function isEnter(code: number): boolean {
  return ENTER[code] === 1;
}

/** Converter decision for an event of (code, nparams): 'pass' | 'drop' | 'convert' | 'error'. */
function eligibility(code: number, nparams: number): 'pass' | 'drop' | 'convert' | 'error' {
  if (code >= N_TYPES) return 'drop';
  const f = FLAGS[code];
  if (f & EF_UNUSED) return 'drop';
  const managed = (f & EF_CONVERTER_MANAGED) !== 0;
  const old = (f & EF_OLD_VERSION) !== 0;
  if (!managed) {
    if (!old) return 'pass';
    return isEnter(code) ? 'drop' : 'error';
  }
  if (isEnter(code)) return 'convert';
  const tableN = nparamsOf(code);
  if (nparams > tableN) return 'error';
  if (old || nparams !== tableN) return 'convert';
  return 'pass';
}

function nparamsOf(code: number): number {
  return code < N_TYPES ? NPARAMS[code] : 0;
}

export function buildEventModel(src: EventSource, kind: EventModelKind): EventModel {
  const n = src.count;
  const finalType = new Uint16Array(n);
  const enterOf = new Int32Array(n).fill(-1);
  const delivered = new Uint32Array(n);
  let nd = 0;
  const stats = { delivered: 0, storedEnters: 0, dropped: 0, errors: 0 };
  if (kind === 'legacy') {
    for (let i = 0; i < n; i++) {
      finalType[i] = src.type(i);
      if (src.visible(i)) delivered[nd++] = i;
    }
    stats.delivered = nd;
    return { kind, delivered: delivered.slice(0, nd), finalType, enterOf, stats };
  }
  // Pending enter event per thread: index and type code.
  const pending = new Map<number, { index: number; code: number }>();
  for (let i = 0; i < n; i++) {
    let code = src.type(i);
    let np = src.nparams(i);
    let tid: number | null = null;
    let deliver = false;
    let done = false;
    for (let round = 0; round < MAX_CONVERSIONS && !done; round++) {
      const e = eligibility(code, np);
      if (e === 'pass') { deliver = true; break; }
      if (e === 'drop') { stats.dropped++; break; }
      if (e === 'error') { stats.errors++; deliver = true; break; }
      const rule = ruleIndex.get(code * 65536 + np);
      if (!rule) {
        // No table entry: libscap reports an error; old enter events without one are dropped.
        if (isEnter(code)) stats.dropped++; else { stats.errors++; deliver = true; }
        break;
      }
      const action = rule[2];
      tid ??= src.tid(i);
      switch (action) {
        case C_STORE:
          pending.set(tid, { index: i, code });
          stats.storedEnters++;
          done = true;
          break;
        case C_STORE_AND_PASS:
          pending.set(tid, { index: i, code });
          deliver = true;
          done = true;
          break;
        case C_PASS:
          deliver = true;
          done = true;
          break;
        case C_ADD_PARAMS:
        case C_CHANGE_TYPE: {
          if (usesEnter.has(rule)) {
            const p = pending.get(tid);
            if (p && p.code === code - 1 && enterOf[i] < 0) {
              enterOf[i] = p.index;
              pending.delete(tid);
            }
          }
          if (action === C_CHANGE_TYPE) code = rule[4];
          np = rule[3];
          break;
        }
        default:
          stats.errors++;
          done = true;
      }
    }
    finalType[i] = code;
    if (deliver && src.visible(i)) delivered[nd++] = i;
  }
  stats.delivered = nd;
  return { kind, delivered: delivered.slice(0, nd), finalType, enterOf, stats };
}

/** Where one parameter of a converted event comes from. */
export type ParamSource =
  | { kind: 'event'; event: number; param: number }
  | { kind: 'empty' }
  | { kind: 'default'; type: number };

/**
 * The parameter list of event `i` as current Falco sees it: replays the conversion chain with the
 * enter event the model assigned. Parameters are references into the stored events.
 */
export function mergedParams(src: EventSource, model: EventModel, i: number): ParamSource[] {
  let code = src.type(i);
  let np = src.nparams(i);
  let params: ParamSource[] = Array.from({ length: np }, (_, k) => ({ kind: 'event', event: i, param: k }));
  if (model.kind === 'legacy') return params;
  const enter = model.enterOf[i];
  let enterUsed = false;
  for (let round = 0; round < MAX_CONVERSIONS; round++) {
    if (eligibility(code, np) !== 'convert') break;
    const rule = ruleIndex.get(code * 65536 + np);
    if (!rule || (rule[2] !== C_ADD_PARAMS && rule[2] !== C_CHANGE_TYPE)) break;
    const built: ParamSource[] = [];
    for (const [ins, param, fallbackDefault, targetType] of rule[5]) {
      if (ins === I_OLD) built.push(params[param] ?? { kind: 'empty' });
      else if (ins === I_ENTER) {
        if (enter >= 0 && !enterUsed && param < src.nparams(enter)) built.push({ kind: 'event', event: enter, param });
        else built.push(fallbackDefault ? { kind: 'default', type: targetType } : { kind: 'empty' });
      } else if (ins === I_DEFAULT) built.push({ kind: 'default', type: targetType });
      else if (ins === I_EMPTY || ins === I_CALLBACK) built.push({ kind: 'empty' });
    }
    if (rule[5].some((x) => x[0] === I_ENTER)) enterUsed = true;
    params = rule[2] === C_ADD_PARAMS ? [...params, ...built] : built;
    if (rule[2] === C_CHANGE_TYPE) code = rule[4];
    np = rule[3];
  }
  return params;
}

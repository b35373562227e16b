// Oracles (a) and (b) of the differential suite, run in-process on one loaded capture (in a worker
// thread, see worker.ts, so a hanging evaluation can be stopped by the test's watchdog).
//
// (a) self-consistency: engine result == ref-eval.ts over the printed values.
// (b) warm sequences: on ONE capture that has run many filters (caches warm), interleaved with masked
//     runs (filterRunMasked, as the rules engine does), filterCacheClear, and runs while the capture is
//     still loading, every answer equals the answer of a freshly opened Capture that ran only that filter.
// Every engine run is also checked against a work bound (filterStatVisits <= events x checks).
import { readFileSync } from 'node:fs';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { compileFilter } from '../../engine/filter/index.ts';
import { ColumnStore } from '../lib/columns.ts';
import { checksOf, checkRestatable, genFilter, nonAsciiChecks, render, type GenNode } from '../lib/filtergen.ts';
import { NotRestatable, refEval } from '../lib/ref-eval.ts';
import { Rng } from '../lib/rng.ts';

export interface Failure {
  oracle: string;
  capture: string;
  filter: string;
  detail: string;
  /** Fields worth printing next to evt.num in the repro command. */
  fields: string[];
}

export interface Stats {
  evaluations: number;
  refChecked: number;
  refSkipped: number;
  compileRejected: number;
  sequences: number;
  masked: number;
  clears: number;
  loadingRuns: number;
  maxVisitRatio: number;
  /** The capture is a raw log (plugin fields). */
  logs: boolean;
}

export function newStats(): Stats {
  return { evaluations: 0, refChecked: 0, refSkipped: 0, compileRejected: 0, sequences: 0, masked: 0, clears: 0, loadingRuns: 0, maxVisitRatio: 0, logs: false };
}

/** Heartbeat for the watchdog: the filter being evaluated right now. */
export type Beat = (capture: string, filter: string) => void;

/** Work bound of one run: leaves visit each candidate event at most once (plus slack for and/or copies). */
const VISIT_SLACK = 2;

export class Runner {
  readonly failures: Failure[] = [];
  constructor(readonly stats: Stats, readonly beat: Beat, readonly maxFailures = 40) {}

  fail(f: Failure): void {
    if (this.failures.length < this.maxFailures) this.failures.push(f);
  }

  /** Runs one compiled filter (optionally masked), checks the work bound, returns the indices. */
  run(cap: Capture, name: string, text: string, leaves: number, mask?: Uint8Array): Uint32Array | null {
    const c = compileFilter(text);
    if (!c.ok) { this.stats.compileRejected++; return null; }
    this.beat(name, text);
    let r: Uint32Array;
    try {
      r = mask ? cap.runPlanMasked(c.plan.plan, mask) : cap.runPlan(c.plan.plan);
    } catch (e) {
      this.fail({ oracle: 'engine error', capture: name, filter: text, detail: String(e), fields: [] });
      return new Uint32Array(0);
    }
    this.stats.evaluations++;
    const stats = cap.engineStats();
    const n = Math.max(1, stats.visibleEvents);
    const visits = stats.filter.visits;
    const ratio = visits / (n * Math.max(1, leaves));
    if (ratio > this.stats.maxVisitRatio) this.stats.maxVisitRatio = ratio;
    if (visits > n * Math.max(1, leaves) * VISIT_SLACK) {
      this.fail({ oracle: 'work bound', capture: name, filter: text, fields: [],
        detail: `${visits} leaf visits > ${VISIT_SLACK} x ${n} events x ${leaves} checks` });
    }
    return r;
  }
}

export function diff(got: Uint32Array, want: Uint32Array): string | null {
  if (got.length === want.length && got.every((v, i) => v === want[i])) return null;
  const g = new Set(got), w = new Set(want);
  const extra = [...got].filter((x) => !w.has(x)).map((i) => i + 1);
  const missing = [...want].filter((x) => !g.has(x)).map((i) => i + 1);
  return `engine ${got.length} events, expected ${want.length}; extra evt.num ${extra.slice(0, 8).join(' ') || '-'}` +
    `${extra.length > 8 ? ` (+${extra.length - 8})` : ''}; missing evt.num ${missing.slice(0, 8).join(' ') || '-'}${missing.length > 8 ? ` (+${missing.length - 8})` : ''}`;
}

function fieldsOf(n: GenNode): string[] {
  return [...new Set(checksOf(n).map((c) => c.field.source))];
}

/**
 * Oracle (a): `count` random filters on one capture vs the reference evaluator. A difference is re-run on a
 * fresh Capture, so the report says whether the plain evaluation or the state left by earlier runs is wrong.
 */
export async function oracleA(cap: Capture, store: ColumnStore, name: string, rng: Rng, count: number, r: Runner, path?: string): Promise<void> {
  const recent: string[] = [];
  const directed = nonAsciiChecks(store);
  for (let i = 0; i < count + directed.length; i++) {
    const node = i < directed.length ? directed[i] : genFilter(rng, store, 'engine', rng.chance(0.8));
    if (!node) continue;
    const text = render(node, rng);
    const leaves = checksOf(node).length;
    const got = r.run(cap, name, text, leaves);
    if (!got) continue;
    recent.push(text);
    if (recent.length > 4) recent.shift();
    if (!checksOf(node).every(checkRestatable)) { r.stats.refSkipped++; continue; }
    let want: Uint32Array;
    try {
      want = refEval(node, store);
    } catch (e) {
      if (e instanceof NotRestatable) { r.stats.refSkipped++; continue; }
      throw e;
    }
    r.stats.refChecked++;
    const d = diff(got, want);
    if (!d) continue;
    let where = '';
    if (path) {
      const fresh = r.run(await freshCapture(new Uint8Array(readFileSync(path))), name, text, leaves);
      where = fresh && !diff(fresh, want)
        ? `; a fresh Capture answers it right (state left by earlier runs is wrong; the runs before it: ${recent.slice(0, -1).join(' ; ')})`
        : '; a fresh Capture gives the same answer';
    }
    r.fail({ oracle: '(a) self-consistency', capture: name, filter: text, detail: d + where, fields: fieldsOf(node) });
  }
}

async function freshCapture(bytes: Uint8Array): Promise<Capture> {
  return Capture.load(await nodeEngine(), (async function* () { yield bytes; })(), { sizeHint: bytes.length });
}

/** A random mask like the rules engine's candidate sets: random bits, or every k-th event. */
function randomMask(rng: Rng, n: number): Uint8Array {
  const m = new Uint8Array((n + 7) >> 3);
  const p = rng.pick([0.05, 0.3, 0.7, 1]);
  const stride = rng.int(1, 7);
  const byStride = rng.chance(0.3);
  for (let i = 0; i < n; i++) if (byStride ? i % stride === 0 : rng.chance(p)) m[i >> 3] |= 1 << (i & 7);
  return m;
}

function masked(want: Uint32Array, mask: Uint8Array): Uint32Array {
  return want.filter((i) => (mask[i >> 3] >> (i & 7)) & 1);
}

/**
 * Oracle (b): a pool of `poolSize` filters, each answered by a fresh Capture that ran only it; then
 * `steps` random runs from the pool on one warm capture (masked runs, cache clears), then a capture
 * loaded in small steps that runs pool filters between steps and must end with the fresh answers.
 */
export async function oracleB(path: string, name: string, store: ColumnStore, rng: Rng, poolSize: number, steps: number, r: Runner): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const pool: { text: string; leaves: number; fresh: Uint32Array; fields: string[] }[] = [];
  for (let i = 0; pool.length < poolSize && i < poolSize * 4; i++) {
    const node = genFilter(rng, store, 'engine', false);
    if (!node) continue;
    const text = render(node, rng);
    if (!compileFilter(text).ok) { r.stats.compileRejected++; continue; }
    const fresh = await freshCapture(bytes);
    const leaves = checksOf(node).length;
    const ans = r.run(fresh, name, text, leaves);
    if (ans) pool.push({ text, leaves, fresh: ans, fields: fieldsOf(node) });
  }
  if (!pool.length) return;
  r.stats.sequences++;
  const warm = await freshCapture(bytes);
  const n = warm.eventCount;
  const history: string[] = [];
  for (let s = 0; s < steps; s++) {
    if (rng.chance(0.03)) { warm.clearFilterCache(); r.stats.clears++; history.push('filterCacheClear()'); continue; }
    const f = rng.pick(pool);
    const mask = rng.chance(0.25) ? randomMask(rng, n) : undefined;
    if (mask) r.stats.masked++;
    const got = r.run(warm, name, f.text, f.leaves, mask);
    history.push(mask ? `masked(${f.text})` : f.text);
    if (!got) continue;
    const d = diff(got, mask ? masked(f.fresh, mask) : f.fresh);
    if (d) {
      r.fail({ oracle: '(b) warm sequence', capture: name, filter: f.text, fields: f.fields,
        detail: `${d}${mask ? ' (masked run)' : ''}; after ${history.length - 1} earlier runs, last: ${history.slice(-4, -1).join(' ; ') || '-'}` });
      break; // later steps would repeat the same root cause
    }
  }
  // While loading: filters between walker steps (caches see a growing event count), then the full answers.
  let loading: Capture | null = null;
  const chunk = Math.max(4096, Math.ceil(bytes.length / rng.int(3, 9)));
  const input = (async function* () {
    for (let o = 0; o < bytes.length; o += chunk) yield bytes.subarray(o, Math.min(bytes.length, o + chunk));
  })();
  const full = await Capture.load(await nodeEngine(), input, {
    sizeHint: bytes.length, walkEvery: chunk,
    onCapture: (c) => { loading = c; },
    onProgress: (p) => {
      if (p.done || !loading) return;
      const seen = loading.eventCount;
      for (let k = 0; k < 2; k++) {
        const f = rng.pick(pool);
        const got = r.run(loading, name, f.text, f.leaves);
        r.stats.loadingRuns++;
        if (!got) continue;
        // Indexed events are final (their state never changes later): the prefix answer is the fresh one's prefix.
        const d = diff(got, f.fresh.filter((i) => i < seen));
        if (d) r.fail({ oracle: '(b) while loading', capture: name, filter: f.text, fields: f.fields, detail: `${d} (first ${seen} events loaded)` });
      }
    },
  });
  for (const f of pool) {
    const got = r.run(full, name, f.text, f.leaves);
    if (!got) continue;
    const d = diff(got, f.fresh);
    if (d) r.fail({ oracle: '(b) after a load with filters run while loading', capture: name, filter: f.text, detail: d, fields: f.fields });
  }
}

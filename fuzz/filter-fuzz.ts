// Filter fuzz over the corpus's unmutated captures: each round makes one random filter and checks it
// on every source capture (one filter x capture evaluation each) against an oracle. With the
// differential suite's generator and reference evaluator in the tree (test/lib/filtergen.ts and
// test/lib/ref-eval.ts) their oracles are used; otherwise the leaf oracle of leaf-oracle.ts.
import { existsSync } from 'node:fs';
import { Capture } from '../engine/capture.ts';
import { nodeEngine } from '../engine/node.ts';
import { compileFilter, runPlan } from '../engine/filter/index.ts';
import { mulberry32 } from '../engine/scap/seeded-random.ts';
import { PrintedValues, leafFilter } from './leaf-oracle.ts';
import type { Source } from './corpus.ts';
import { mix } from './cases.ts';

export interface FilterRoundResult { filters: number; evaluations: number; mismatches: FilterMismatch[] }
export interface FilterMismatch { expr: string; source: string; message: string }

async function* once(b: Uint8Array) { yield b; }

export interface FilterFuzzer {
  readonly oracle: string;
  /** Rounds return a promise (oracle (b) loads captures). */
  readonly async?: boolean;
  round(index: number): FilterRoundResult;
  roundAsync?(index: number): Promise<FilterRoundResult>;
}

/** Heartbeat with the capture and filter being evaluated (shown when a round hangs). */
export type Beat = (capture: string, filter: string) => void;

function diffSummary(expected: ArrayLike<number>, got: ArrayLike<number>): string {
  const e = new Set(Array.from(expected)), g = new Set(Array.from(got));
  const missing = [...e].filter((i) => !g.has(i)), extra = [...g].filter((i) => !e.has(i));
  return `expected ${e.size} events, got ${g.size}; missing evt.num ${missing.slice(0, 8).map((i) => i + 1).join(',') || '-'}` +
    `; extra evt.num ${extra.slice(0, 8).map((i) => i + 1).join(',') || '-'}`;
}

class LeafFilterFuzzer implements FilterFuzzer {
  readonly oracle = 'leaf oracle (fuzz/leaf-oracle.ts: per-event printed values)';
  constructor(private readonly caps: { name: string; cap: Capture; pv: PrintedValues }[], private readonly runSeed: number,
    private readonly beat: Beat) {}
  round(index: number): FilterRoundResult {
    const r = mulberry32(mix(this.runSeed ^ 0xf117e4, index));
    const from = this.caps[Math.floor(r() * this.caps.length)];
    let f = leafFilter(r, from.pv);
    for (let k = 0; !f && k < 5; k++) f = leafFilter(r, from.pv);
    const out: FilterRoundResult = { filters: 0, evaluations: 0, mismatches: [] };
    if (!f) return out;
    const c = compileFilter(f.expr);
    out.filters = 1;
    if (!c.ok) {
      out.mismatches.push({ expr: f.expr, source: from.name, message: `generated filter does not compile: ${c.error.message}` });
      return out;
    }
    for (const { name, cap, pv } of this.caps) {
      this.beat(name, f.expr);
      const got = runPlan(cap.engine, c.plan.plan);
      const want = f.expected(pv);
      out.evaluations++;
      if (got.length !== want.length || want.some((v, i) => got[i] !== v)) {
        out.mismatches.push({ expr: f.expr, source: name, message: diffSummary(want, got) });
      }
    }
    return out;
  }
}

/** Test-lib oracle files (written by the differential suite). */
export const TEST_LIB_FILES = ['test/lib/filtergen.ts', 'test/lib/ref-eval.ts'];

export async function loadSources(sources: Source[]): Promise<{ name: string; cap: Capture }[]> {
  const out: { name: string; cap: Capture }[] = [];
  for (const s of sources) out.push({ name: s.name, cap: await Capture.load(await nodeEngine(), once(s.bytes), { sizeHint: s.bytes.length }) });
  return out;
}

export async function makeFilterFuzzer(sources: Source[], runSeed: number, beat: Beat, log: (s: string) => void): Promise<FilterFuzzer> {
  // the synth capture's state makes printed-value columns slow to build; the others cover its events
  const usable = sources.filter((s) => s.bytes.length < 4_000_000);
  const loaded = await loadSources(usable);
  if (TEST_LIB_FILES.every((f) => existsSync(f))) {
    const { makeTestLibFuzzer } = await import('./testlib-oracle.ts');
    const fz = await makeTestLibFuzzer(loaded, usable, runSeed, beat);
    if (fz) return fz;
    log('the differential suite oracles did not load or run: using the leaf oracle');
  }
  return new LeafFilterFuzzer(loaded.map(({ name, cap }) => ({ name, cap, pv: new PrintedValues(cap) })), runSeed, beat);
}

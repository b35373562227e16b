// Filter fuzz over the corpus's unmutated captures with the differential suite's oracles
// (test/differential/oracles.ts, test/lib/filtergen.ts, test/lib/ref-eval.ts):
// (a) each round generates filters from one capture's printed values (genFilter) and checks every one
//     on every corpus capture: the engine's answer (Runner.run: runPlan, caches on, work bound checked)
//     must equal refEval over that capture's printed values — one filter x capture evaluation each;
// (b) every OB_EVERY-th round is a warm sequence on one capture instead (oracleB: masked runs, cache
//     clears, runs while loading, all equal to fresh answers).
// If the suite's modules do not load, setting up the filter fuzz fails (and the run with it): the
// oracles are part of the harness, not optional.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Capture } from '../engine/capture.ts';
import { nodeEngine } from '../engine/node/capture-file.ts';
import { ColumnStore } from '../test/lib/columns.ts';
import { checkRestatable, checksOf, genFilter, render } from '../test/lib/filtergen.ts';
import { NotRestatable, refEval } from '../test/lib/ref-eval.ts';
import { Rng } from '../test/lib/rng.ts';
import { Runner, diff, newStats, oracleB } from '../test/differential/oracles.ts';
import type { Source } from './corpus.ts';
import { mix } from './cases.ts';

export interface FilterMismatch { expr: string; source: string; message: string }
export interface FilterRoundResult { filters: number; evaluations: number; mismatches: FilterMismatch[] }

/** Heartbeat with the capture and filter being evaluated (shown when a round hangs). */
export type Beat = (capture: string, filter: string) => void;

/** Filters per oracle (a) round; every OB_EVERY-th round is an oracle (b) sequence. */
const A_PER_ROUND = 2;
const OB_EVERY = 12;

export const ORACLE_NAME = 'differential suite oracles (a) across all corpus captures and (b) (test/differential/oracles.ts)';

interface Entry { name: string; cap: Capture; store: ColumnStore; path: string }

async function* once(b: Uint8Array) { yield b; }

export class FilterFuzzer {
  private constructor(private readonly entries: Entry[], private readonly runSeed: number, private readonly beat: Beat) {}

  /** Loads the sources (the synth capture's megabytes of state are left out) and their printed columns. */
  static async create(sources: Source[], runSeed: number, beat: Beat): Promise<FilterFuzzer> {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-fuzz-filters-'));
    const entries: Entry[] = [];
    for (const s of sources.filter((x) => x.bytes.length < 4_000_000)) {
      beat(s.name, '(loading the capture and printing its field values)');
      const cap = await Capture.load(await nodeEngine(), once(s.bytes), { sizeHint: s.bytes.length });
      let store: ColumnStore;
      try { store = new ColumnStore(cap); } catch { continue; } // output it cannot split: the suite skips such captures too
      const path = join(dir, `${s.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.scap`);
      writeFileSync(path, s.bytes); // oracle (b) loads fresh copies from a file
      entries.push({ name: s.name, cap, store, path });
    }
    if (!entries.length) throw new Error('no corpus capture is usable by the filter oracles');
    return new FilterFuzzer(entries, runSeed, beat);
  }

  async round(index: number): Promise<FilterRoundResult> {
    const from = this.entries[index % this.entries.length];
    const rng = new Rng(mix(this.runSeed ^ 0xd1ff, index));
    const stats = newStats();
    const runner = new Runner(stats, this.beat);
    let filters = 0;
    if (Math.floor(index / this.entries.length) % OB_EVERY === OB_EVERY - 1) {
      await oracleB(from.path, from.name, from.store, rng, 4, 24, runner);
      filters = stats.refChecked + stats.refSkipped + 4;
    } else {
      for (let k = 0; k < A_PER_ROUND; k++) {
        const node = genFilter(rng, from.store, 'engine', rng.chance(0.8));
        if (!node) continue;
        const text = render(node, rng);
        const checks = checksOf(node);
        const restatable = checks.every(checkRestatable);
        filters++;
        for (const e of this.entries) {
          const got = runner.run(e.cap, e.name, text, checks.length);
          if (!got) break; // does not compile (counted by the runner)
          if (!restatable) { stats.refSkipped++; continue; }
          let want: Uint32Array;
          try { want = refEval(node, e.store); } catch (err) {
            if (err instanceof NotRestatable) { stats.refSkipped++; continue; }
            throw err;
          }
          stats.refChecked++;
          const d = diff(got, want);
          if (d) {
            runner.fail({ oracle: '(a) self-consistency', capture: e.name, filter: text, detail: d,
              fields: [...new Set(checks.map((c) => c.field.source))] });
          }
        }
      }
    }
    return {
      filters,
      evaluations: stats.evaluations,
      mismatches: runner.failures.map((f) => ({
        expr: f.filter, source: f.capture, message: `${f.oracle}: ${f.detail}${f.fields.length ? ` [fields: ${f.fields.join(' ')}]` : ''}`,
      })),
    };
  }
}

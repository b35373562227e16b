// The differential suite's oracles in the fuzzer: filters from test/lib/filtergen.ts checked by
// test/differential/oracles.ts — (a) self-consistency against test/lib/ref-eval.ts over the printed
// values, and now and then (b) warm sequences (many filters, masked runs, cache clears, runs while
// loading) against fresh captures. Imported at run time; null when they are missing or do not run,
// so the fuzzer falls back to its leaf oracle and says so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Capture } from '../engine/capture.ts';
import type { FilterFuzzer, FilterRoundResult } from './filter-fuzz.ts';
import type { Source } from './corpus.ts';
import { mix } from './cases.ts';

type Beat = (capture: string, filter: string) => void;

/** Filters per oracle (a) round; every OB_EVERY-th round on a capture is an oracle (b) sequence instead. */
const A_PER_ROUND = 4;
const OB_EVERY = 12;

export async function makeTestLibFuzzer(
  caps: { name: string; cap: Capture }[], sources: Source[], runSeed: number, beat: Beat,
): Promise<FilterFuzzer | null> {
  let o: typeof import('../test/differential/oracles.ts');
  let cols: typeof import('../test/lib/columns.ts');
  let rngMod: typeof import('../test/lib/rng.ts');
  try {
    o = await import('../test/differential/oracles.ts');
    cols = await import('../test/lib/columns.ts');
    rngMod = await import('../test/lib/rng.ts');
  } catch {
    return null;
  }
  if (typeof o.oracleA !== 'function' || typeof o.oracleB !== 'function' || typeof o.Runner !== 'function') return null;
  const dir = mkdtempSync(join(tmpdir(), 'scapula-fuzz-filters-'));
  const entries: { name: string; cap: Capture; store: InstanceType<typeof cols.ColumnStore>; path: string }[] = [];
  for (const { name, cap } of caps) {
    let store;
    try { store = new cols.ColumnStore(cap); } catch { continue; } // formatter output it cannot split: the suite skips it too
    const path = join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.scap`);
    writeFileSync(path, sources.find((s) => s.name === name)!.bytes);
    entries.push({ name, cap, store, path });
  }
  if (!entries.length) return null;

  const fuzzer: FilterFuzzer & { roundAsync(index: number): Promise<FilterRoundResult> } = {
    oracle: 'differential suite oracles (a) and (b) (test/differential/oracles.ts, test/lib/filtergen.ts, test/lib/ref-eval.ts)',
    async: true,
    round(): FilterRoundResult { throw new Error('use roundAsync'); },
    async roundAsync(index: number): Promise<FilterRoundResult> {
      const e = entries[index % entries.length];
      const rng = new rngMod.Rng(mix(runSeed ^ 0xd1ff, index));
      const stats = o.newStats();
      const runner = new o.Runner(stats, beat);
      if (Math.floor(index / entries.length) % OB_EVERY === OB_EVERY - 1) {
        await o.oracleB(e.path, e.name, e.store, rng, 4, 24, runner);
      } else {
        o.oracleA(e.cap, e.store, e.name, rng, A_PER_ROUND, runner);
      }
      return {
        filters: stats.refChecked + stats.refSkipped,
        evaluations: stats.evaluations,
        mismatches: runner.failures.map((f) => ({
          expr: f.filter, source: f.capture, message: `${f.oracle}: ${f.detail}${f.fields.length ? ` [fields: ${f.fields.join(' ')}]` : ''}`,
        })),
      };
    },
  };
  // One trial round: a suite whose exports changed shape fails here, not in the middle of a run.
  try { await fuzzer.roundAsync(0); } catch { return null; }
  return fuzzer;
}

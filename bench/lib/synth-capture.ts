// What the benchmarks share: whether the sysdig oracle is installed (for the ratios), and the large
// synthetic capture they measure on (written once by `synthesize` from the real samples, then reused
// from test-artifacts/ by every later run and every bench of the same size).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../../engine/node/scap/synth.ts';

export function haveSysdig(): boolean {
  try { execFileSync('sysdig', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Path of the synthetic capture of `events` events, written first if missing (logged under `label`). */
export async function synthCapture(events: number, label: string): Promise<string> {
  const dir = join(process.cwd(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `synth-${events}.scap`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    await synthesize({ events, seed: 1, out: file });
    console.log(`${label}: synthesized ${events} events (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

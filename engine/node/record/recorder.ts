// Locating (and if needed building) the native recorder, and running it. Why a module: both
// `scapula capture` (the recorder as a CLI command) and `scapula record` (the rule trigger) start the
// same binary; the build goes through recorder/Makefile, never a second build recipe.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const recorderDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'recorder');
export const recorderPath = join(recorderDir, 'build', 'scapula-recorder');

/** Returns the binary's path, building it with make when it is missing; throws with make's output on failure. */
export function ensureRecorder(): string {
  if (existsSync(recorderPath)) return recorderPath;
  const r = spawnSync('make', ['-s', '-C', recorderDir], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(recorderPath)) {
    throw new Error(`building the recorder failed (needs clang, bpftool, libbpf-dev, libelf-dev: see recorder/apt.txt):\n${r.stderr || r.stdout}`);
  }
  return recorderPath;
}

/** "5s", "500ms", "2m", "1.5" (seconds) -> nanoseconds. */
export function parseDuration(s: string): bigint {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration '${s}' (e.g. 5s, 500ms, 2m)`);
  const mult: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  return BigInt(Math.round(parseFloat(m[1]) * mult[m[2] ?? 's']));
}

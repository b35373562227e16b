// sysdig 0.29.3 as the tests' oracle: whether it is installed, and running it the same way everywhere
// (TZ=UTC like the suite, output large enough for whole captures). Why one module: each test file
// used to carry its own copy, some without TZ, so a time field could differ by the host's zone.
import { execFile, execFileSync, spawnSync } from 'node:child_process';

/** The environment sysdig runs in: the suite's own (vitest sets TZ=UTC), with TZ=UTC made sure. */
export const SYSDIG_ENV = { ...process.env, TZ: 'UTC' };
const MAX_BUFFER = 1 << 28;

let present: boolean | undefined;
/** True when `sysdig` runs here (checked once per process). */
export function haveSysdig(): boolean {
  present ??= spawnSync('sysdig', ['--version'], { stdio: 'ignore' }).status === 0;
  return present;
}

/** Why a sysdig comparison is skipped, for test names: `it.skipIf(!haveSysdig())(\`... (${SYSDIG_WHY})\`)`. */
export const SYSDIG_WHY = 'needs sysdig 0.29.3 as the oracle';

export interface SysdigRun { code: number | null; stdout: string; stderr: string }

/** Runs sysdig and returns its exit code and output (never throws on a failing exit). */
export function sysdig(args: string[]): SysdigRun {
  const r = spawnSync('sysdig', args, { encoding: 'utf8', maxBuffer: MAX_BUFFER, env: SYSDIG_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** sysdig's stdout; throws (with its stderr) when it fails. stderr is not echoed into the test log. */
export function sysdigOutput(args: string[]): string {
  return execFileSync('sysdig', args, { encoding: 'utf8', maxBuffer: MAX_BUFFER, env: SYSDIG_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** sysdig's stdout as bytes (for byte-for-byte comparisons). */
export function sysdigBytes(args: string[]): Buffer {
  return execFileSync('sysdig', args, { maxBuffer: MAX_BUFFER, env: SYSDIG_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The event numbers sysdig prints for `filter` on `file` (`-p '*%evt.num'`). Throws on a filter error. */
export function sysdigNums(file: string, filter: string): number[] {
  return sysdigOutput(['-r', file, '-p', '*%evt.num', filter]).split('\n').filter(Boolean).map(Number);
}

/**
 * sysdig's stdout without blocking (the differential runs it beside its workers), decoded as latin1 so
 * any byte survives; 'error' when it fails, 'timeout' when it runs longer than `timeoutMs` (then killed).
 */
export function sysdigAsync(args: string[], timeoutMs: number): Promise<string | 'error' | 'timeout'> {
  return new Promise((resolve) => {
    execFile('sysdig', args, { encoding: 'latin1', maxBuffer: MAX_BUFFER, timeout: timeoutMs, env: SYSDIG_ENV },
      (err, stdout) => resolve(err ? ((err as { killed?: boolean }).killed ? 'timeout' : 'error') : stdout));
  });
}

// Wall time of one command run to completion with its output thrown away (/dev/null), as the
// benchmarks compare scapula and sysdig end to end: process start, reading, formatting, writing.
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Milliseconds `cmd args` took (TZ=UTC, stdout to /dev/null); throws with its stderr if it failed. */
export function timeCmd(cmd: string, args: string[]): number {
  const out = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', out, 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  const ms = performance.now() - t0;
  closeSync(out);
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return ms;
}

/** Wall and CPU (user + system, via GNU time; NaN without it) milliseconds of `cmd args`, stdout to /dev/null. */
export function timeCmdCpu(cmd: string, args: string[]): { ms: number; cpu: number } {
  const TIME = '/usr/bin/time';
  if (!existsSync(TIME)) return { ms: timeCmd(cmd, args), cpu: NaN };
  const file = join(tmpdir(), `scapula-bench-cpu-${process.pid}`);
  const ms = timeCmd(TIME, ['-f', '%U %S', '-o', file, cmd, ...args]);
  const [u, s] = readFileSync(file, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(file, { force: true });
  return { ms, cpu: (u + s) * 1000 };
}

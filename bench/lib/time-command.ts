// Wall time of one command run to completion with its output thrown away (/dev/null), as the
// benchmarks compare scapula and sysdig end to end: process start, reading, formatting, writing.
import { spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

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

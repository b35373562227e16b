// The long-run fuzzer (`npm run fuzz`, fuzz/run.ts) run for a few cases so the harness cannot rot: it
// must build its corpus, mutate and check captures on its worker threads, run filter rounds against
// an oracle and print a summary with positive counts; and its watchdog and failure path must work:
// a worker forced to spin is reported as a hang, a forced trap as a failure, each with its input kept
// and a repro command, and exit status 1.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function fuzz(args: string[]): { code: number | null; out: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scapula-fuzz-smoke-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'fuzz/run.ts', '--no-record', '--out', dir, '--seed', '5', ...args],
    { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}`, dir };
}

function summary(out: string): Record<string, number> {
  const line = out.split('\n').find((l) => l.startsWith('fuzz summary:'));
  expect(line, out).toBeDefined();
  return Object.fromEntries([...line!.matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
}

describe('npm run fuzz (harness smoke test)', () => {
  it('checks mutated captures and random filters and prints positive counts', () => {
    const r = fuzz(['--cases', '60', '--filter-rounds', '8']);
    try {
      const s = summary(r.out);
      expect(r.code, r.out).toBe(0);
      expect(s.mutated_captures).toBe(60);
      expect(s.events_extracted).toBeGreaterThan(0);
      expect(s.filters).toBeGreaterThan(0);
      expect(s.filter_capture_evaluations).toBeGreaterThan(0);
      expect(s.failures).toBe(0);
      expect(s.hangs).toBe(0);
      expect(s.seed).toBe(5);
    } finally {
      rmSync(r.dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('reports a spinning worker as a hang and a trap as a failure, keeping the input and a repro line', () => {
    for (const kind of ['hang', 'throw'] as const) {
      const r = fuzz(['--cases', '4', '--only', 'captures', '--workers', '1', '--hang-seconds', '2', '--self-test', kind]);
      try {
        const s = summary(r.out);
        expect(r.code, r.out).toBe(1);
        expect(kind === 'hang' ? s.hangs : s.failures, r.out).toBe(1);
        expect(s.mutated_captures).toBe(4);
        expect(readdirSync(r.dir)).toContain('case-5-0.scap');
        const listed = readFileSync(join(r.dir, 'failures.txt'), 'utf8');
        expect(listed).toMatch(kind === 'hang' ? /^HANG case 0 seed 5 /m : /^FAIL trap case 0 seed 5 /m);
        expect(listed).toContain(`repro: npm run fuzz -- --repro ${join(r.dir, 'case-5-0.scap')} --check-seed `);
      } finally {
        rmSync(r.dir, { recursive: true, force: true });
      }
    }
  }, 240_000);
});

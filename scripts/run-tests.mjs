#!/usr/bin/env node
// Runs the whole suite (unit, golden, browser e2e, recorder) with vitest and ends with the plain
// "N passed, N failed" line that CI reads. Extra arguments go to vitest (a file filter, say).
// `--update` rewrites the stored golden expectations (test/golden/expected/) from the current output
// instead of comparing with them (UPDATE_GOLDENS=1, see test/lib/golden.ts); without a file filter it
// runs every test file that stores expectations.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './lib/gen-util.mjs';

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const out = join(root, 'test-artifacts', 'vitest.json');
const update = process.argv.includes('--update');
const args = process.argv.slice(2).filter((a) => a !== '--update');
// `--update` alone: every test file that stores expectations (imports test/lib/golden.ts).
if (update && !args.some((a) => !a.startsWith('-'))) args.push(...goldenTestFiles(join(root, 'test')));

function goldenTestFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return goldenTestFiles(p);
    return e.name.endsWith('.test.ts') && readFileSync(p, 'utf8').includes('/lib/golden.ts') ? [relative(root, p)] : [];
  });
}
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
  ...args], { stdio: 'inherit', cwd: root, env: { ...process.env, TZ: 'UTC', ...(update ? { UPDATE_GOLDENS: '1' } : {}) } });
let passed = 0, failed = 0, skipped = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests; failed = j.numFailedTests; skipped = j.numPendingTests + (j.numTodoTests ?? 0);
} catch { failed = Math.max(failed, 1); }
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);

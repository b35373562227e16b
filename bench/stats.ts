// Statistics (engine/stats/) on a 1M-event synthetic capture: the in-process pass alone, `scapula stats -j`
// end to end (load + summary + every table), and sysdig 0.29.3 running the seven chisels the tables
// reproduce in one pass (`-c topscalls -c topscalls_time ...`), measured in the same run; then the web app's
// Statistics dialog on the same file in Chromium (click to numbers on screen).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureFile } from '../engine/node/capture-file.ts';
import { computeStats } from '../engine/stats/compute.ts';
import { timeCmd } from './lib/time-command.ts';
import { startSession, waitLoaded, haveChromium } from '../test/e2e/harness.ts';

const CHISELS = ['topscalls', 'topscalls_time', 'topprocs_errors', 'topfiles_bytes', 'topconns', 'topports_server', 'topprocs_net'];

export async function run(): Promise<void> {
  const events = 1_000_000;
  const file = join(mkdtempSync(join(tmpdir(), 'scapula-bench-stats-')), 'synth.scap');
  execFileSync(process.execPath, ['bin/scapula.mjs', 'synth', '--events', String(events), '-o', file], { stdio: 'ignore' });
  const cap = await openCaptureFile(file);
  const st = computeStats(cap);
  console.log(`stats pass (in process): ${st.ms.toFixed(0)} ms for ${st.events} events (${((st.ms * 1e6) / st.events).toFixed(0)} ns/event)`);
  const ours = timeCmd(process.execPath, ['bin/scapula.mjs', 'stats', file, '-j']);
  console.log(`scapula stats -j: ${ours.toFixed(0)} ms`);
  if (spawnSync('sysdig', ['--version'], { stdio: 'ignore' }).status === 0) {
    const theirs = timeCmd('sysdig', ['-r', file, ...CHISELS.flatMap((c) => ['-c', c])]);
    console.log(`sysdig -r ${CHISELS.map((c) => `-c ${c}`).join(' ')}: ${theirs.toFixed(0)} ms (scapula ${(theirs / ours).toFixed(2)}x faster)`);
  } else console.log('sysdig not installed: no ratio');
  if (!haveChromium) return;
  const s = await startSession();
  try {
    await s.page.goto(s.url);
    await s.page.locator('scap-open-panel input[type=file]').setInputFiles(file);
    await waitLoaded(s.page);
    const t0 = performance.now();
    await s.page.locator('scap-app nav button#tb-stats').click();
    await s.page.locator('scap-stats-dialog #stats-summary').filter({ hasText: 'displayed events' }).waitFor({ timeout: 300_000 });
    const summary = await s.page.locator('scap-stats-dialog #stats-summary').textContent();
    console.log(`web: Statistics dialog ${(performance.now() - t0).toFixed(0)} ms click to numbers (${summary})`);
  } finally {
    await s.close();
  }
}

// Rules throughput: the full official ruleset (samples/rules/falco_rules.yaml) over the synthetic
// capture of >= 2M events that bench/read.ts also uses (written by `scapula synth` from the real
// samples), in both event models, in-process (load excluded, reported apart). Falco itself is not
// installed, so the peer is sysdig 0.29 running ONE filter pass (the union of the ruleset's event
// types) over the same file: a lower bound of what any rules engine built on libsinsp pays per event.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCaptureFile } from '../engine/node/capture-file.ts';
import { detectOnCapture } from '../engine/rules/capture-run.ts';
import { loadRules } from '../engine/rules/loader.ts';
import { buildRuleset } from '../engine/rules/ruleset.ts';
import { synthesize } from '../engine/node/scap/synth.ts';

const EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 2_000_000);
const dir = join(process.cwd(), 'test-artifacts');

export async function run(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `synth-${EVENTS}.scap`);
  if (!existsSync(file)) await synthesize({ events: EVENTS, seed: 1, out: file });
  const rulesPath = join(process.cwd(), 'samples', 'rules', 'falco_rules.yaml');
  const t0 = performance.now();
  const loaded = loadRules([{ name: rulesPath, text: readFileSync(rulesPath, 'utf8') }]);
  const tLoadRules = performance.now() - t0;
  if (!loaded.ok) throw new Error(loaded.errors[0].message);
  const ruleset = buildRuleset(loaded.compiled!.rules);
  console.log(`rules: loaded ${ruleset.rules.length} rules in ${tLoadRules.toFixed(0)} ms`);
  const t1 = performance.now();
  const cap = await openCaptureFile(file);
  console.log(`rules: capture ${(statSync(file).size / 1e6).toFixed(0)} MB, ${cap.eventCount} events loaded in ${(performance.now() - t1).toFixed(0)} ms`);
  let oursRate = 0;
  for (const model of ['current', 'legacy'] as const) {
    // First run includes the event-model pass (the converter simulation); later runs on the same capture reuse it.
    const timed = () => { const t = performance.now(); const res = detectOnCapture(cap, ruleset, { model }); return { res, ms: performance.now() - t }; };
    const { res: first, ms: firstMs } = timed();
    const again = Math.min(...[0, 1].map(() => timed().ms));
    const rate = cap.eventCount / (firstMs / 1000);
    if (model === 'current') oursRate = rate;
    console.log(`rules: ${model} model: first run ${(firstMs / 1000).toFixed(2)} s = ${(rate / 1e6).toFixed(2)} M events/s, ` +
      `re-run ${(again / 1000).toFixed(2)} s = ${(cap.eventCount / again / 1e3).toFixed(2)} M events/s ` +
      `(${first.evaluated} events evaluated, ${first.ruleEvaluations} rule evaluations, ${first.alerts.length} alerts)`);
  }
  let haveSysdig = true;
  try { execFileSync('sysdig', ['--version'], { stdio: 'ignore' }); } catch { haveSysdig = false; }
  if (!haveSysdig) { console.log('rules: sysdig not installed, no ratio'); return; }
  const types = [...new Set(ruleset.rules.flatMap((r) => (r.eventTypes ? [...r.eventTypes] : [])))].sort();
  const out = openSync('/dev/null', 'w');
  const t2 = performance.now();
  const r = spawnSync('sysdig', ['-r', file, '-p', '%evt.num', `evt.type in (${types.join(',')})`], { stdio: ['ignore', out, 'pipe'] });
  const sysMs = performance.now() - t2;
  closeSync(out);
  if (r.status !== 0) { console.log(`rules: sysdig failed: ${r.stderr}`); return; }
  const sysRate = cap.eventCount / (sysMs / 1000);
  console.log(`rules: sysdig one filter pass (evt.type in ${types.length} types): ${(sysMs / 1000).toFixed(2)} s, ${(sysRate / 1e6).toFixed(2)} M events/s`);
  console.log(`rules: ratio scapula full ruleset / sysdig one filter = ${(oursRate / sysRate).toFixed(2)}x`);
}

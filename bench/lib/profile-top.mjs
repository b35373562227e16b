#!/usr/bin/env node
// Top entries of a V8 CPU profile (`node --cpu-prof`): self time per function, optionally only in the
// samples whose stack holds a frame named UNDER (e.g. `load` for Capture.load, `runPlan` for filter runs).
// With the WASM build that has a name section (npm run build:wasm:profile, SCAPULA_WASM=...), WASM
// functions appear by name. Usage: node bench/lib/profile-top.mjs FILE.cpuprofile [UNDER] [N]
import { readFileSync } from 'node:fs';

const [file, under = '', n = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-top.mjs FILE.cpuprofile [UNDER] [N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const node = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const name = (id) => node.get(id).callFrame.functionName || '(anonymous)';

/** Whether a sample's stack holds UNDER, memoised per leaf node (stacks are shared by many samples). */
const holds = new Map();
function underFrame(leaf) {
  if (!under) return true;
  if (!holds.has(leaf)) {
    let hit = false;
    for (let id = leaf, depth = 0; id !== undefined && depth < 10_000; id = parent.get(id), depth++) {
      if (name(id) === under) { hit = true; break; }
    }
    holds.set(leaf, hit);
  }
  return holds.get(leaf);
}

const self = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const leaf = profile.samples[i];
  if (!underFrame(leaf)) continue;
  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + us);
}
console.log(`${under ? `under ${under}: ` : ''}${(total / 1000).toFixed(0)} ms sampled`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${k}`);
}

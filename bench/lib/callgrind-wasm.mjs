#!/usr/bin/env node
// Instructions per WASM function, from a callgrind run of Node with a perf map: deterministic where the
// sampling profiler is not (the machine is shared), so two engine builds compare to the instruction.
//   SCAPULA_WASM=build/scapula.profile.wasm valgrind --tool=callgrind --dump-instr=yes \
//     --callgrind-out-file=cg.out --smc-check=all-non-file node --perf-basic-prof --no-liftoff \
//     --single-threaded --import tsx SCRIPT &   (then /tmp/perf-<its pid>.map names the JIT code)
//   node bench/lib/callgrind-wasm.mjs cg.out /tmp/perf-PID.map [N]
// Prints the total of the WASM functions and the top N (default 30) by instructions.
import { readFileSync } from 'node:fs';

const [cgFile, mapFile, n = '30'] = process.argv.slice(2);
if (!cgFile || !mapFile) {
  process.stderr.write('usage: callgrind-wasm.mjs CALLGRIND_OUT PERF_MAP [N]\n');
  process.exit(2);
}
const ranges = readFileSync(mapFile, 'utf8').split('\n').filter(Boolean).map((l) => {
  const [a, size, ...name] = l.split(' ');
  return { start: parseInt(a, 16), end: parseInt(a, 16) + parseInt(size, 16), name: name.join(' ') };
}).sort((x, y) => x.start - y.start);
function nameAt(addr) {
  let lo = 0, hi = ranges.length - 1, hit = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid].start <= addr) { hit = mid; lo = mid + 1; } else hi = mid - 1; }
  return hit >= 0 && addr < ranges[hit].end ? ranges[hit].name : '?';
}
// Cost lines are "ADDR LINE COST" (positions: instr line); ADDR is absolute (0x..), relative (+N/-N) or "*".
const cost = new Map();
let last = 0;
let skipNext = false; // the line after calls= is the inclusive cost of a call, not the caller's own
for (const line of readFileSync(cgFile, 'utf8').split('\n')) {
  if (line.startsWith('calls=')) { skipNext = true; continue; }
  const c = line.charCodeAt(0);
  if (!(line[0] === '+' || line[0] === '-' || line[0] === '*' || (c >= 48 && c <= 57))) continue;
  const [tok, , v] = line.split(' ');
  const num = (s) => (s.startsWith('0x') ? parseInt(s, 16) : parseInt(s, 10));
  last = tok.startsWith('0x') ? parseInt(tok, 16) : tok[0] === '+' ? last + num(tok.slice(1)) : tok[0] === '-' ? last - num(tok.slice(1)) : last;
  if (skipNext) { skipNext = false; continue; }
  const name = nameAt(last).replace(/^JS:/, '').replace(/-\d+-turbofan$/, '');
  cost.set(name, (cost.get(name) ?? 0) + Number(v ?? 0));
}
const wasm = [...cost].filter(([k]) => k.startsWith('wasm/') || k.startsWith('~lib/'));
const total = wasm.reduce((s, [, v]) => s + v, 0);
console.log(`WASM functions: ${(total / 1e6).toFixed(1)} M instructions`);
for (const [k, v] of wasm.sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${(v / 1e6).toFixed(1).padStart(9)} M ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

// Log sources at scale: a >= 200 MB Kubernetes audit log (JSON lines) is generated here from the real
// samples (users, namespaces, names and timestamps varied; nothing is committed), opened like a capture
// (content detection + conversion to plugin events + block walker), then measured:
//  - extraction: ka.user.name, ka.verb, ka.target.resource, ka.req.pod.containers.image of every event,
//    with byte ranges, in the WASM engine (events/s), cold and again (per-field cache);
//  - filtering: a Falco-style ka.* condition over all events through the filter engine (events/s), on a
//    fresh copy of the capture, then the same filter again;
//  - peers in the same run: Node's JSON.parse reading the same four fields of every line, and sysdig
//    0.29.3 iterating the converted capture (it has no k8saudit plugin, so this is its read speed only).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeEngine } from '../engine/node/capture-file.ts';
import { Capture } from '../engine/capture.ts';
import { fieldId } from '../engine/logs/values.ts';
import { haveSysdig } from './lib/synth-capture.ts';

const TARGET_MB = Number(process.env.BENCH_LOGS_MB ?? 210);
const dir = join(process.cwd(), 'test-artifacts');

/** JSON lines of audit events, ~TARGET_MB, from the sample events with varied values. */
function generate(): Buffer {
  const samplesDir = 'samples/k8s_audit';
  const base: Record<string, unknown>[] = [];
  for (const f of readdirSync(samplesDir)) {
    for (const line of readFileSync(join(samplesDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const o = JSON.parse(line);
        if (o && typeof o === 'object' && o.kind === 'Event') base.push(o);
      } catch { /* not an event */ }
    }
  }
  const users = ['minikube-user', 'system:serviceaccount:kube-system:replicaset-controller', 'alice', 'bob@example.com', 'system:anonymous'];
  const parts: string[] = [];
  let bytes = 0;
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; bytes < TARGET_MB * 1e6; i++) {
    const o = structuredClone(base[i % base.length]) as Record<string, any>;
    o.auditID = `bench-${i.toString(16).padStart(8, '0')}`;
    if (o.user) o.user.username = users[i % users.length];
    if (o.objectRef?.namespace) o.objectRef.namespace = `ns-${i % 97}`;
    o.stageTimestamp = new Date(t0 + i).toISOString().replace('Z', '000Z');
    const s = JSON.stringify(o) + '\n';
    parts.push(s);
    bytes += s.length;
  }
  return Buffer.from(parts.join(''));
}

const rate = (n: number, ms: number) => `${(n / (ms / 1000) / 1e3).toFixed(0)} k events/s`;

export async function run(): Promise<void> {
  const tg = performance.now();
  const log = generate();
  const lines = log.length;
  console.log(`logs: generated a ${(log.length / 1e6).toFixed(0)} MB audit log in ${((performance.now() - tg) / 1000).toFixed(1)} s`);

  // Open it like a dropped file: detection, conversion to plugin events, walker.
  const t0 = performance.now();
  const cap = await Capture.load(await nodeEngine(), (async function* () {
    for (let o = 0; o < log.length; o += 4 << 20) yield log.subarray(o, o + (4 << 20));
  })());
  const tLoad = performance.now() - t0;
  const n = cap.eventCount;
  console.log(`logs: open (detect + convert + index) ${n} events in ${(tLoad / 1000).toFixed(2)} s, ${rate(n, tLoad)}, ${(log.length / 1e6 / (tLoad / 1000)).toFixed(0)} MB/s`);

  // Extraction of four fields per event, values and ranges into the value buffer: cold (JSON scanned),
  // then again (answered from the per-field cache of plugins/cache.ts).
  const fields = ['ka.user.name', 'ka.verb', 'ka.target.resource', 'ka.req.pod.containers.image'].map(fieldId);
  const extractAll = () => {
    let values = 0;
    for (let i = 0; i < n; i++) for (const f of fields) values += cap.countValues(f, i);
    return values;
  };
  const t1 = performance.now();
  const values = extractAll();
  const tEx = performance.now() - t1;
  console.log(`logs: extract 4 ka.* fields with byte ranges: ${(tEx / 1000).toFixed(2)} s, ${rate(n, tEx)} (${values} values)`);
  const t1b = performance.now();
  extractAll();
  const tEx2 = performance.now() - t1b;
  console.log(`logs: extract again (cached where rebuildable from the bytes): ${(tEx2 / 1000).toFixed(2)} s, ${rate(n, tEx2)}`);

  // Filtering through the filter engine, on a fresh copy of the capture (nothing cached), then again.
  const raw = cap.rawBytes(0, cap.index.rawLength);
  const cap2 = await Capture.load(await nodeEngine(), (async function* () { yield raw; })());
  const expr = 'ka.verb=create and ka.target.resource=pods and ka.req.pod.containers.privileged intersects (true) and not ka.user.name in (alice, bob@example.com)';
  const t2 = performance.now();
  const res = cap2.filter(expr);
  const tF = performance.now() - t2;
  console.log(`logs: filter "${expr}": ${res.count} matches in ${(tF / 1000).toFixed(2)} s, ${rate(n, tF)}`);
  const t2b = performance.now();
  cap2.filter(expr);
  const tF2 = performance.now() - t2b;
  console.log(`logs: the same filter again: ${(tF2 / 1000).toFixed(2)} s, ${rate(n, tF2)}`);

  // Peer 1: JSON.parse of every line, same four fields.
  const text = log.toString('utf8');
  const t3 = performance.now();
  let got = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const o = JSON.parse(text.slice(start, nl));
    if (o.user?.username) got++;
    if (o.verb) got++;
    if (o.objectRef?.resource) got++;
    const cs = o.requestObject?.spec?.containers;
    if (Array.isArray(cs)) got += cs.length;
    start = nl + 1;
  }
  const tJ = performance.now() - t3;
  console.log(`logs: peer JSON.parse + 4 fields (no byte ranges): ${(tJ / 1000).toFixed(2)} s, ${rate(n, tJ)}; ratio scapula extract / JSON.parse = ${(tJ / tEx).toFixed(2)}x`);

  // Peer 2: sysdig reading the converted capture.
  if (haveSysdig()) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bench-logs.scap');
    writeFileSync(file, raw);
    const out = openSync('/dev/null', 'w');
    const t4 = performance.now();
    const r = spawnSync('sysdig', ['-r', file, '-p', '%evt.num'], { stdio: ['ignore', out, 'pipe'] });
    const tS = performance.now() - t4;
    closeSync(out);
    rmSync(file, { force: true });
    if (r.status === 0) {
      console.log(`logs: peer sysdig -r (plugin events, no field extraction possible without the plugin): ${(tS / 1000).toFixed(2)} s, ${rate(n, tS)}; ratio scapula extract / sysdig read = ${(tS / tEx).toFixed(2)}x`);
    } else {
      console.log(`logs: sysdig failed: ${r.stderr}`);
    }
  } else {
    console.log('logs: sysdig not installed, no sysdig ratio');
  }
  void lines;
}

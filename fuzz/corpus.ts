// The fuzz corpus: real and synthetic captures made or read when a run starts, and small seeds cut out
// of them. Sources: the samples, the synthetic scenario of the golden tests, a `scapula synth` capture,
// the k8s audit and CloudTrail samples converted to plugin-event captures and, as root, fresh
// recordings of small workloads made with the recorder. Seeds keep the loop fast
// (the process lists of real captures take most of a load): SHB, machine info, interface and user
// lists as written, a process list (re-encoded as PL_V9) of only the threads of an event window and
// their ancestors, those threads' fd lists as written, and the window's event blocks as written (so
// legacy event and fd-list layouts stay). A few whole captures stay as seeds too (legacy process lists).
import { readFileSync, readdirSync, mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readMetadata, type CaptureMetadata } from '../engine/scap/metadata.ts';
import { ScapWriter, type ThreadEntry } from '../engine/scap/writer.ts';
import { synthesize } from '../engine/node/scap/synth.ts';
import { mulberry32 } from '../engine/scap/seeded-random.ts';
import { buildScenario } from '../test/golden/fields-scenario.ts';
import { splitBlocks, joinBytes, isEventBlock, SHB, EVENT_PREFIX } from './blocks.ts';

export interface Source { name: string; bytes: Uint8Array }
export interface Seed { name: string; bytes: Uint8Array; weight: number }
export interface Corpus { sources: Source[]; seeds: Seed[] }

const PL_TYPES = new Set([0x202, 0x8000abcd, 0x207, 0x8013abcd, 0x209, 0x8014abcd, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215]);
const FDL_TYPES = new Set([0x203, 0x8001abcd, 0x218]);
const MAX_SEED_THREADS = 40;

/** Workloads recorded at start (as root): files, pipes, a refused TCP connect, UDP, fork/exec, renames. */
const WORKLOADS = [
  `cd /tmp && d=$(mktemp -d) && cd $d && echo hi > a && mv a b && cat b | wc -c && ls -la /etc >/dev/null; ` +
    `(exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null; cat /nonexistent 2>/dev/null; ln -s b c; readlink c; cd / && rm -rf $d`,
  `exec 5>/tmp/scapula-fuzz-$$ && exec 7>&5 && echo x >&7 && exec 5>&- 7>&- && rm /tmp/scapula-fuzz-$$; ` +
    `(exec 3<>/dev/udp/127.0.0.1/9 && echo u >&3) 2>/dev/null; sh -c 'id; uname -a' >/dev/null; env | head -3 >/dev/null`,
];

function raw(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
}

function tidOf(block: Uint8Array): bigint {
  const v = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const at = 8 + (EVENT_PREFIX.get(v.getUint32(0, true)) ?? 2) + 8;
  return at + 8 <= block.length ? v.getBigInt64(at, true) : -1n;
}

/** A small capture: the metadata of `src` for the threads of `count` events from event `start`. */
export function cutWindow(src: Uint8Array, start: number, count: number, md: CaptureMetadata = readMetadata(src)): Uint8Array {
  const { blocks } = splitBlocks(src);
  // first section only: a second SHB ends it
  const end = blocks.findIndex((b, i) => i > 0 && b.type === SHB);
  const sec = end > 0 ? blocks.slice(0, end) : blocks;
  const events = sec.filter((b) => isEventBlock(b.type));
  const window = events.slice(start, start + count);
  const byTid = new Map(md.threads.map((t) => [t.tid, t]));
  const keep = new Set<bigint>();
  const want = (tid: bigint) => {
    for (let t = byTid.get(tid), hops = 0; t && hops < 8 && keep.size < MAX_SEED_THREADS; t = byTid.get(t.ptid), hops++) {
      keep.add(t.tid);
      keep.add(t.pid);
    }
  };
  for (const b of window) want(tidOf(b.bytes));
  const threads: ThreadEntry[] = md.threads.filter((t) => keep.has(t.tid));
  const parts: Uint8Array[] = [];
  let wrotePl = false;
  for (const b of sec) {
    if (isEventBlock(b.type)) continue;
    if (PL_TYPES.has(b.type)) {
      if (!wrotePl && threads.length) parts.push(new ScapWriter().processList(threads).result().slice());
      wrotePl = true;
    } else if (FDL_TYPES.has(b.type)) {
      const tid = new DataView(b.bytes.buffer, b.bytes.byteOffset).getBigInt64(8, true);
      if (keep.has(tid)) parts.push(b.bytes);
    } else parts.push(b.bytes);
  }
  for (const b of window) parts.push(b.bytes);
  return joinBytes(parts);
}

function record(dir: string, k: number, script: string, extra: string[]): Source | null {
  const file = join(dir, `rec${k}.scap`);
  const r = spawnSync(process.execPath, ['bin/scapula.mjs', 'capture', '-q', ...extra, '-w', file, '--', 'sh', '-c', script],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  if (r.status !== 0 || !existsSync(file)) {
    process.stderr.write(`fuzz: recording ${k} failed (${r.status}): ${String(r.stderr).slice(0, 300)}\n`);
    return null;
  }
  return { name: `rec${k}${extra.length ? extra.join('') : ''}`, bytes: new Uint8Array(readFileSync(file)) };
}

export interface CorpusOptions { seed: number; record: boolean; log?: (s: string) => void }

/** Sources (whole captures, decompressed) and seeds (mostly small windows) for a run. */
export async function buildCorpus(opts: CorpusOptions): Promise<Corpus> {
  const sources: Source[] = [];
  for (const f of readdirSync('samples/captures').filter((n) => n.endsWith('.scap')).sort()) {
    sources.push({ name: f.replace(/\.scap$/, ''), bytes: raw(new Uint8Array(readFileSync(join('samples/captures', f)))) });
  }
  sources.push({ name: 'scenario', bytes: buildScenario() });
  const dir = mkdtempSync(join(tmpdir(), 'scapula-fuzz-'));
  try {
    const synthFile = join(dir, 'synth.scap');
    await synthesize({ events: 600, seed: opts.seed, out: synthFile });
    sources.push({ name: 'synth', bytes: new Uint8Array(readFileSync(synthFile)) });
    // plugin events: the k8s audit samples as one log, and the CloudTrail sample, converted to captures
    const k8sDir = 'samples/k8s_audit';
    const logs: [string, string][] = [];
    if (existsSync(k8sDir)) {
      const lines = readdirSync(k8sDir).filter((n) => n.endsWith('.json')).sort()
        .map((n) => readFileSync(join(k8sDir, n), 'utf8').trim());
      writeFileSync(join(dir, 'k8s.json'), lines.join('\n') + '\n');
      logs.push(['k8s_audit', join(dir, 'k8s.json')]);
    }
    if (existsSync('samples/cloudtrail_alice_start_instances.json')) logs.push(['cloudtrail', 'samples/cloudtrail_alice_start_instances.json']);
    for (const [name, file] of logs) {
      const out = join(dir, `${name}.scap`);
      const r = spawnSync(process.execPath, ['bin/scapula.mjs', 'convert', file, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      if (r.status === 0 && existsSync(out)) sources.push({ name, bytes: new Uint8Array(readFileSync(out)) });
      else opts.log?.(`fuzz: converting ${file} failed (${r.status}): ${String(r.stderr).slice(0, 200)}`);
    }
    if (opts.record && process.getuid?.() === 0) {
      const recs = [record(dir, 1, WORKLOADS[0], []), record(dir, 2, WORKLOADS[1], ['--exit-only'])];
      for (const r of recs) if (r) sources.push(r);
      opts.log?.(`fuzz: ${recs.filter(Boolean).length} fresh recordings`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rand = mulberry32(opts.seed ^ 0x5eed);
  const seeds: Seed[] = [];
  for (const s of sources) {
    const nEvents = splitBlocks(s.bytes).blocks.filter((b) => isEventBlock(b.type)).length;
    // Whole captures are rare seeds (a load of their process lists costs ten small cases) but keep the
    // legacy process-list layouts under mutation; the synth capture's metadata is megabytes: windows only.
    if (s.bytes.length < 40_000) seeds.push({ name: s.name, bytes: s.bytes, weight: 4 });
    else if (s.bytes.length < 1_000_000) seeds.push({ name: s.name, bytes: s.bytes, weight: 0.05 });
    const md = readMetadata(s.bytes);
    for (let k = 0; k < 8; k++) {
      const count = 2 + Math.floor(rand() * 18);
      const start = Math.floor(rand() * Math.max(1, nEvents - count));
      seeds.push({ name: `${s.name}[${start}+${count}]`, bytes: cutWindow(s.bytes, start, count, md), weight: 1 });
    }
  }
  // a two-section capture and a gzip member of a seed
  const a = seeds[1], b = seeds[seeds.length - 1];
  seeds.push({ name: `${a.name}+${b.name}`, bytes: joinBytes([a.bytes, b.bytes]), weight: 1 });
  seeds.push({ name: `${a.name}.gz`, bytes: new Uint8Array(gzipSync(a.bytes)), weight: 0.5 });
  return { sources, seeds };
}

/** Picks a seed by weight. */
export function pickSeed(seeds: Seed[], r: () => number): Seed {
  let total = 0;
  for (const s of seeds) total += s.weight;
  let x = r() * total;
  for (const s of seeds) { x -= s.weight; if (x < 0) return s; }
  return seeds[seeds.length - 1];
}

// The differential suite's capture corpus, made during the test run (nothing stored): fresh recordings
// of seeded random workloads (workload.ts) by the real recorder, plus the samples, a `scapula synth`
// capture, a concatenated multi-section capture (two files cat'ed together), a gzip of a recording, and
// two raw logs (Kubernetes audit, CloudTrail: log-corpus.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Rng } from './rng.ts';
import { workloadProgram } from './workload.ts';
import { writeLogCorpus } from './log-corpus.ts';
import { unavailable } from '../recorder/harness.ts';

export const root = join(import.meta.dirname, '..', '..');

export interface CorpusFile {
  name: string;
  path: string;
  kind: 'live' | 'sample' | 'synth' | 'concat' | 'gzip' | 'logs';
  /** Recorded with --legacy (event types sysdig 0.29.3 knows), or a sample: sysdig can read it. */
  sysdigReadable: boolean;
  bytes: number;
  /** Uncompressed size (the cost of a filter grows with it). */
  rawBytes: number;
}

/** Why live recordings cannot be made here, or null (root, BTF, python3, the recorder's toolchain). */
export function liveUnavailable(): string | null {
  const recorder = unavailable();
  if (recorder) return recorder;
  if (spawnSync('python3', ['-c', 'pass']).status !== 0) return 'python3 missing (the workload steps are Python)';
  return null;
}

function entry(name: string, path: string, kind: CorpusFile['kind'], sysdigReadable: boolean, rawBytes?: number): CorpusFile {
  const bytes = statSync(path).size;
  return { name, path, kind, sysdigReadable, bytes, rawBytes: rawBytes ?? bytes };
}

/** Records one seeded workload; returns the capture path and the steps it ran. */
export function recordWorkload(dir: string, i: number, rng: Rng, legacy: boolean): { path: string; steps: string[] } {
  const { script, steps } = workloadProgram(rng);
  const py = join(dir, `workload-${i}.py`);
  const work = join(dir, `work-${i}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(py, script);
  const path = join(dir, `live-${i}${legacy ? '-legacy' : ''}.scap`);
  const r = spawnSync('node', [join(root, 'bin', 'scapula.mjs'), 'capture', '-q', '-w', path, ...(legacy ? ['--legacy'] : []),
    '--', 'python3', '-S', py, work], { encoding: 'utf8', timeout: 90_000, cwd: root });
  if (!existsSync(path) || statSync(path).size === 0) {
    throw new Error(`recording ${i} failed (exit ${r.status}): ${r.stderr?.slice(-500)}`);
  }
  return { path, steps };
}

/** Records varied from the samples in each log (the k8s samples hold 50 records, CloudTrail 1). */
const LOG_VARIANTS = 60;

/** Builds the corpus in `dir`. `live` = number of fresh recordings (0 when they cannot be made). */
export function buildCorpus(dir: string, seed: number, live: number, log: (s: string) => void): CorpusFile[] {
  mkdirSync(dir, { recursive: true });
  const out: CorpusFile[] = [];
  const rng = new Rng(seed);
  if (live > 0) execFileSync('make', ['-s', '-C', join(root, 'recorder')], { stdio: 'pipe' });
  for (let i = 0; i < live; i++) {
    const legacy = i % 2 === 1; // every other one in the layout sysdig 0.29.3 reads (oracle (c))
    const { path, steps } = recordWorkload(dir, i, rng.fork(i + 1), legacy);
    log(`live-${i}: ${steps.length} workload steps: ${steps.join('; ').slice(0, 300)}…`);
    out.push(entry(`live-${i}${legacy ? '-legacy' : ''}`, path, 'live', legacy));
  }
  const samplesDir = join(root, 'samples', 'captures');
  for (const f of readdirSync(samplesDir).filter((x) => x.endsWith('.scap')).sort()) {
    out.push(entry(`sample-${f.replace(/\.scap$/, '')}`, join(samplesDir, f), 'sample', true));
  }
  const synth = join(dir, 'synth.scap');
  execFileSync('node', [join(root, 'bin', 'scapula.mjs'), 'synth', '--events', '20000', '-o', synth, '--seed', String(seed % 100000)],
    { cwd: root, stdio: 'pipe', timeout: 120_000 });
  out.push(entry('synth', synth, 'synth', false));
  // Two captures back to back: the second section's state block follows the first's events.
  const lives = out.filter((c) => c.kind === 'live');
  const samples = out.filter((c) => c.kind === 'sample');
  const a = lives.length ? lives[0] : samples[0];
  const b = samples[(seed >>> 3) % samples.length];
  const concat = join(dir, 'concat.scap');
  writeFileSync(concat, Buffer.concat([readFileSync(a.path), readFileSync(b.path)]));
  out.push(entry(`concat(${a.name}+${b.name})`, concat, 'concat', false));
  const g = lives.length > 1 ? lives[1] : samples[1];
  const gz = join(dir, 'gzip.scap.gz');
  writeFileSync(gz, gzipSync(readFileSync(g.path)));
  out.push(entry(`gzip(${g.name})`, gz, 'gzip', false, g.bytes));
  // Raw logs (plugin events, ka./ct./json. fields): the samples plus seeded variants of their records.
  const logs = writeLogCorpus(root, dir, rng.fork(97), LOG_VARIANTS);
  out.push(entry('logs-k8s-audit', logs.k8s, 'logs', false));
  out.push(entry('logs-cloudtrail', logs.cloudtrail, 'logs', false));
  return out;
}

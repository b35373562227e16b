// The bench corpus: live recordings of varied workloads made with the eBPF recorder (root only), cached
// under bench/out/corpus/, and their concatenation to about BENCH_BIG_MB (default 1024) MB; the
// synthetic capture (`scapula synth`) comes after them as a second input. Recordings are made once and
// reused; a change to a workload's definition changes its file name (CORPUS_VERSION), so it is re-recorded.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthCapture } from './synth-capture.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'bench', 'out', 'corpus');
const CORPUS_VERSION = 1;
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 1024);
const SYNTH_EVENTS = Number(process.env.BENCH_SYNTH_EVENTS ?? 2_000_000);

/** One input of the bench: a capture file, what it holds, and whether it is a live recording. */
export interface BenchInput {
  name: string;
  path: string;
  live: boolean;
  what: string;
}

const sh = (script: string) => ['sh', '-c', script];
/** Each workload is sized to ~40 MB of recording on the build machine. */
const WORKLOADS: Record<string, { what: string; cmd: string[] }> = {
  file: {
    what: 'find over /usr/lib, grep -r over engine/, tar of /usr/include (opens, stats, reads)',
    cmd: sh(`for i in 1 2 3; do find /usr/lib -maxdepth 3 > /dev/null; grep -r -l import ${root}/engine > /dev/null; ` +
      'tar cf - /usr/include 2>/dev/null | wc -c > /dev/null; done'),
  },
  net: {
    what: 'HTTP server + client on loopback, 10000 POSTs on fresh TCP connections, UDP datagrams',
    cmd: [process.execPath, join(root, 'bench', 'lib', 'net-workload.mjs'), '10000'],
  },
  exec: {
    what: 'a shell loop exec\'ing true, ls, date, cat 1000 times (fork/execve/exit, mmap, libraries)',
    cmd: sh('for i in $(seq 1000); do /bin/true; ls / > /dev/null; date > /dev/null; cat /etc/hostname > /dev/null; done'),
  },
};
WORKLOADS.mixed = {
  what: 'the file, net and exec workloads at once',
  cmd: sh(['file', 'net', 'exec'].map((k) => WORKLOADS[k].cmd.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ') + ' &').join(' ') + ' wait'),
};

/** Why live recordings cannot be made here, or null. */
function recorderUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root (the recorder needs CAP_BPF/CAP_PERFMON)';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'kernel without BTF';
  return null;
}

function record(name: string, file: string): void {
  const w = WORKLOADS[name];
  const tmp = `${file}.tmp`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'capture', '-q', '-w', tmp, '--', ...w.cmd],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`recording ${name} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  renameSync(tmp, file);
  console.log(`corpus: recorded ${name} (${w.what}): ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Concatenates captures (each keeps its section header: readers reset state at each, like sysdig). */
async function concatenate(parts: string[], out: string): Promise<void> {
  const tmp = `${out}.tmp`;
  const ws = createWriteStream(tmp);
  for (const p of parts) {
    for await (const chunk of createReadStream(p, { highWaterMark: 4 << 20 })) {
      if (!ws.write(chunk)) await new Promise((r) => ws.once('drain', r));
    }
  }
  await new Promise<void>((resolve, reject) => ws.end((e?: Error) => (e ? reject(e) : resolve())));
  renameSync(tmp, out);
}

const recordingPath = (name: string) => join(outDir, `live-v${CORPUS_VERSION}-${name}.scap`);

/** Path of one live recording (mixed, file, net, exec), recorded first if missing; null without the recorder. */
export async function liveRecording(name: string): Promise<string | null> {
  const why = recorderUnavailable();
  if (why) { console.log(`corpus: no live recordings: ${why}`); return null; }
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(recordingPath(name))) record(name, recordingPath(name));
  return recordingPath(name);
}

/**
 * The inputs: the mixed live recording (the headline), the single-workload recordings, their
 * concatenation to ~BENCH_BIG_MB, then the synthetic capture. Without the recorder only the synthetic one.
 */
export async function benchInputs(opts: { singles?: boolean } = {}): Promise<BenchInput[]> {
  const inputs: BenchInput[] = [];
  let why = recorderUnavailable();
  if (!why) {
    try {
      inputs.push(...await liveInputs(opts));
    } catch (e) {
      why = (e as Error).message;
    }
  }
  if (why) console.log(`corpus: no live recordings: ${why}; the synthetic capture only`);
  inputs.push({ name: 'synthetic', path: await synthCapture(SYNTH_EVENTS, 'corpus'), live: false,
    what: `scapula synth --events ${SYNTH_EVENTS} (the samples replayed; large process lists)` });
  return inputs;
}

async function liveInputs(opts: { singles?: boolean }): Promise<BenchInput[]> {
  const inputs: BenchInput[] = [];
  mkdirSync(outDir, { recursive: true });
  const path = recordingPath;
  for (const name of ['mixed', 'file', 'net', 'exec']) if (!existsSync(path(name))) record(name, path(name));
  inputs.push({ name: 'live mixed', path: path('mixed'), live: true, what: WORKLOADS.mixed.what });
  if (opts.singles) {
    for (const name of ['file', 'net', 'exec']) inputs.push({ name: `live ${name}`, path: path(name), live: true, what: WORKLOADS[name].what });
  }
  // Cycle through the four recordings until the size is reached.
  const cycle = ['mixed', 'file', 'net', 'exec'].map(path);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < BIG_MB * 1e6; i++) {
    parts.push(cycle[i % cycle.length]);
    bytes += statSync(cycle[i % cycle.length]).size;
  }
  const big = join(outDir, `live-v${CORPUS_VERSION}-concat-${BIG_MB}MB.scap`);
  if (!existsSync(big)) {
    await concatenate(parts, big);
    console.log(`corpus: concatenated ${parts.length} recordings into ${(statSync(big).size / 1e6).toFixed(0)} MB`);
  }
  const mb = statSync(big).size / 1e6;
  inputs.push({ name: `live ${mb >= 1000 ? `${(mb / 1000).toFixed(2)} GB` : `${mb.toFixed(0)} MB`} concatenated`, path: big, live: true,
    what: `${parts.length} recordings concatenated (mixed, file, net, exec, ...)` });
  return inputs;
}

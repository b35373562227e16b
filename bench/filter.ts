// The engine on real captures: load, first-run filters, memory and summary(), each beside sysdig
// 0.29.3 measured in the same run. Inputs (bench/lib/corpus.ts): live recordings of file, network and
// exec workloads made with the recorder (root), their concatenation to ~BENCH_BIG_MB MB (default
// 1024), then the synthetic capture as a second input. For each input:
//  - load: `scapula read F "proc.name=zzz"` end to end and `openCaptureFile` in process (index +
//    state, first load of the file) vs `sysdig -r F "proc.name=zzz"`: events/s and the ratio;
//  - the suite of filters (proc.*, fd.*, user.*, evt.*) on the loaded capture: first run of each
//    (caches cleared before it; compile included), median and worst, vs sysdig re-reading the file with
//    that filter (every filter when a sysdig pass is short, else a sample: BENCH_SYSDIG_SAMPLE, default 4);
//    warm repeats of the same filter printed apart;
//  - memory per event beside the raw bytes: engine (WASM) linear memory, its resident part (smaps) and
//    the Node process's RSS growth over the load; summary() time.
// Not a test: figures only. BENCH_INPUTS=substring selects inputs by name (e.g. "mixed", "GB", "synth").
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchInputs, type BenchInput } from './lib/corpus.ts';
import type { ProbeResult } from './lib/engine-probe.ts';
import { haveSysdig } from './lib/synth-capture.ts';
import { benchTable, writeBenchmarks, type BenchRow } from './lib/report.ts';
import { loadavg } from 'node:os';

/** Filters an analyst might type next, over process, fd, user and event fields (all valid for sysdig 0.29.3). */
export const SUITE = [
  'proc.name = zzz',
  'proc.name = ls',
  'proc.name in (sh, bash, tar, find, grep, curl)',
  'proc.pname = sh',
  'proc.cmdline contains /usr/include',
  'proc.exe contains ls',
  'proc.aname = sh',
  'proc.ppid = 1',
  'fd.name startswith /etc',
  'fd.name contains /usr/include',
  'fd.directory = /etc',
  'fd.type = ipv4',
  'fd.sport = 80 or fd.cport > 40000',
  'fd.l4proto = udp',
  'fd.num = 3',
  'fd.typechar = f and evt.dir = <',
  'user.name = root',
  'user.uid != 0',
  'evt.type = openat and evt.dir = <',
  'evt.type in (read, write, readv, writev, sendto, recvfrom)',
  'evt.failed = true',
  'evt.rawres < 0',
  'evt.is_io_write = true',
  'evt.buflen > 1000',
  'not evt.type in (futex, epoll_wait, read) and proc.name != node',
  'evt.type = execve and evt.dir = < and proc.pname = sh',
];
const NOTHING = 'proc.name=zzz';
const SYSDIG_SAMPLE = Number(process.env.BENCH_SYSDIG_SAMPLE ?? 4);
/** A sysdig pass shorter than this runs for every filter; longer ones run for a sample. */
const SYSDIG_ALL_UNDER_MS = 2500;

const root = process.cwd();
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const rate = (events: number, ms: number) => `${(events / ms / 1e3).toFixed(2)} M ev/s`;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : NaN; };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** A command's wall time, its CPU time (user + system, via GNU time; NaN without it), and its stdout's line count. */
interface Timed { ms: number; cpu: number; lines: number }

/** Runs a command with stdout counted in lines (or thrown away); the machine is shared, so CPU time is kept beside wall time. */
function exec(cmd: string, args: string[], countLines = false): Timed {
  const out = countLines ? 'pipe' : openSync('/dev/null', 'w');
  const timeFile = join(tmpdir(), `scapula-bench-time-${process.pid}`);
  const [c, a] = TIME ? [TIME, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' }, cwd: root });
  const ms = performance.now() - t0;
  if (typeof out === 'number') closeSync(out);
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${String(r.stderr).slice(0, 300)}`);
  let cpu = NaN;
  if (TIME) {
    const [u, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpu = (u + sys) * 1000;
    rmSync(timeFile, { force: true });
  }
  let lines = 0;
  if (countLines) for (const b of r.stdout as Buffer) if (b === 10) lines++;
  return { ms, cpu, lines };
}

function probe(file: string): ProbeResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'lib', 'engine-probe.ts'), file, JSON.stringify(SUITE)],
    { encoding: 'utf8', maxBuffer: 1 << 26, cwd: root, env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`engine probe failed on ${file} (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ProbeResult;
}

const both = (t: { ms: number; cpu: number }) => `${fmt(t.ms)} (cpu ${fmt(t.cpu)})`;

type Row = BenchRow;

async function benchInput(input: BenchInput, sysdig: boolean): Promise<Row> {
  const mb = statSync(input.path).size / 1e6;
  console.log(`\n-- ${input.name}: ${input.path.replace(root + '/', '')} (${mb.toFixed(0)} MB; ${input.what})`);
  exec(process.execPath, ['bin/scapula.mjs', 'read', 'samples/captures/cat_write.scap']); // (re)builds a stale CLI bundle first
  const cli = exec(process.execPath, ['bin/scapula.mjs', 'read', input.path, NOTHING]);
  const sys: Timed = sysdig ? exec('sysdig', ['-r', input.path, NOTHING]) : { ms: NaN, cpu: NaN, lines: 0 };
  const p = probe(input.path);
  const n = p.events;
  const load = { ms: p.loadMs, cpu: p.loadCpu, lines: 0 };
  console.log(`load:   scapula read F "${NOTHING}" ${both(cli)}, ${rate(n, cli.ms)}; in process (index + state) ${both(load)}, ${rate(n, load.ms)}, ` +
    `${(mb / (load.ms / 1000)).toFixed(0)} MB/s`);
  if (sysdig) {
    console.log(`load:   sysdig -r F "${NOTHING}" ${both(sys)}, ${rate(n, sys.ms)}; sysdig/scapula: end to end ${(sys.ms / cli.ms).toFixed(2)}x ` +
      `(cpu ${(sys.cpu / cli.cpu).toFixed(2)}x), in process ${(sys.ms / load.ms).toFixed(2)}x (cpu ${(sys.cpu / load.cpu).toFixed(2)}x) (goal >= 3x)`);
  }
  console.log(`events: ${n} events, ${(p.fileBytes / n).toFixed(0)} B/event in the file, ${(p.rawBytes / n).toFixed(0)} B/event of raw event bytes in the engine`);

  // sysdig re-reading the file per filter: all when a pass is short, else a spread-out sample
  const every = sysdig && sys.ms < SYSDIG_ALL_UNDER_MS;
  const step = Math.max(1, Math.floor(SUITE.length / Math.max(1, SYSDIG_SAMPLE)));
  const sysFilter = new Map<string, Timed>();
  if (sysdig) for (let i = 0; i < SUITE.length; i += every ? 1 : step) sysFilter.set(SUITE[i], exec('sysdig', ['-r', input.path, '-p', '%evt.num', SUITE[i]], true));
  for (const f of p.filters) {
    const s = sysFilter.get(f.filter);
    console.log(`filter: first ${fmt(f.firstMs).padStart(8)} (cpu ${fmt(f.firstCpu).padStart(8)}, compile ${f.compileMs.toFixed(1)} ms) ${String(f.matches).padStart(9)} matches` +
      (s ? ` | sysdig ${fmt(s.ms).padStart(8)} (cpu ${fmt(s.cpu).padStart(8)}) ${String(s.lines).padStart(9)} lines, ${(s.ms / f.firstMs).toFixed(1)}x` : '') +
      `  ${f.error ? `ERROR ${f.error} ` : ''}${f.filter}`);
  }
  const ok = p.filters.filter((f) => !f.error);
  const firsts = ok.map((f) => f.firstMs);
  const warm = ok.map((f) => f.warmMs);
  const sysT = [...sysFilter.values()];
  const firstMed = median(firsts), firstWorst = Math.max(...firsts), sysMed = median(sysT.map((s) => s.ms));
  const firstCpuMed = median(ok.map((f) => f.firstCpu)), sysCpuMed = median(sysT.map((s) => s.cpu));
  console.log(`filter: ${ok.length} filters, first run median ${fmt(firstMed)} (cpu ${fmt(firstCpuMed)}), worst ${fmt(firstWorst)} (goal < 100 ms / < 300 ms at 10M events)` +
    (sysT.length ? `; sysdig re-reading the file, median of ${sysT.length}: ${fmt(sysMed)} (cpu ${fmt(sysCpuMed)}): ${(sysMed / firstMed).toFixed(1)}x ` +
      `(cpu ${(sysCpuMed / firstCpuMed).toFixed(1)}x) (goal >= 20x)` : ''));
  console.log(`warm:   repeats of the same filter (not counted): median ${fmt(median(warm))}, worst ${fmt(Math.max(...warm))}`);
  const raw = p.rawBytes / n;
  const wasm = p.wasmBytesAfterLoad / n;
  const resident = (p.wasmResidentAfterLoad - p.rawBytes) / n;
  const rss = (p.rssAfterLoad - p.rssBefore - p.rawBytes) / n;
  console.log(`memory: beside the raw bytes (${raw.toFixed(0)} B/event), per event after load (goal <= 40): engine linear memory ` +
    `${(wasm - raw).toFixed(0)} B (index and state pages ${((p.pageBytesAfterLoad - p.rawBytes) / n).toFixed(0)}, free pages grown ahead ` +
    `${(p.freePageBytesAfterLoad / n).toFixed(0)}, allocator heap ${((p.wasmBytesAfterLoad - p.pageBytesAfterLoad - p.freePageBytesAfterLoad) / n).toFixed(0)}), resident ${resident.toFixed(0)} B (smaps), Node RSS ${rss.toFixed(0)} B; ` +
    `linear memory after the suite ${((p.wasmBytesAfterFilters - p.rawBytes) / n).toFixed(0)} B; peak RSS ${(p.peakRss / 1e6).toFixed(0)} MB`);
  console.log(`summary: summary() ${fmt(p.summaryMs)} after load (goal < 300 ms at 10M events)`);
  return { input: input.name, events: n, mb, cli, load, sys, firstMed, firstWorst, firstCpuMed, sysFilterMed: sysMed, sysFilterCpuMed: sysCpuMed, nSys: sysT.length,
    warmMed: median(warm), extraPerEv: wasm - raw, residentPerEv: resident, rssPerEv: rss, peakRssMb: p.peakRss / 1e6, rawPerEv: raw, summaryMs: p.summaryMs };
}

export async function run(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const sysdig = haveSysdig();
  if (!sysdig) console.log('filter: sysdig not installed: no ratios');
  const only = process.env.BENCH_INPUTS;
  const inputs = (await benchInputs({ singles: true })).filter((i) => !only || i.name.includes(only));
  const rows: Row[] = [];
  for (const input of inputs) {
    try {
      rows.push(await benchInput(input, sysdig));
    } catch (e) {
      console.log(`filter: ${input.name} failed: ${(e as Error).message}`);
    }
  }
  // The table (markdown) and BENCHMARKS.md: "cpu" is user + system time, steadier than wall time on a shared machine.
  console.log('\n' + benchTable(rows));
  if (rows.length) console.log(`filter: wrote ${writeBenchmarks(root, rows, startedAt, loadAtStart).replace(root + '/', '')}`);
}

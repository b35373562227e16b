// `npm run fuzz -- --minutes N [--seed S] [--only filters|captures]`: the long-run fuzzer of issue 10.
// Decoder/state fuzz (mutated captures through load, every printable field of every event, filters)
// and filter fuzz (random filters over the unmutated corpus against an oracle), on worker threads
// (one per core by default) under a watchdog that turns a stalled worker into a reported hang. Every
// failing input is kept under fuzz-out/ with a one-line repro command. Ends with one summary line;
// exit status 1 on any failure or hang. Options: --cases N / --filter-rounds N (count-bounded runs),
// --workers N, --hang-seconds S, --filter-share F, --no-record, --out DIR, --nice N,
// --repro FILE [--check-seed N], --self-test hang|throw (checks the harness catches them).
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setPriority, getPriority } from 'node:os';
import { buildCorpus, type Corpus } from './corpus.ts';
import { makeCase } from './cases.ts';
import { HB, type WorkerData, type WorkerCounts, type WorkerMessage } from './protocol.ts';

interface Args {
  minutes: number; seed: number; only: 'filters' | 'captures' | null; cases: number; filterRounds: number;
  workers: number; hangSeconds: number; filterShare: number; record: boolean; out: string; nice: number;
  repro: string | null; checkSeed: number; selfTest: 'hang' | 'throw' | null;
}

function usage(msg: string): never {
  process.stderr.write(`fuzz: ${msg}\nusage: npm run fuzz -- --minutes N [--seed S] [--only filters|captures] [--cases N] ` +
    `[--filter-rounds N] [--workers N] [--hang-seconds S] [--filter-share F] [--no-record] [--out DIR] [--nice N]\n` +
    `       npm run fuzz -- --repro FILE [--check-seed N]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    minutes: 0, seed: (Date.now() ^ (process.pid << 10)) >>> 0, only: null, cases: 0, filterRounds: 0, workers: 2, hangSeconds: 30,
    filterShare: 0.25, record: true, out: 'fuzz-out', nice: 10, repro: null, checkSeed: 1, selfTest: null,
  };
  const num = (i: number) => { const v = Number(argv[i]); if (argv[i] === undefined || !Number.isFinite(v) || v < 0) usage(`${argv[i - 1]} needs a number`); return v; };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--minutes') a.minutes = num(++i);
    else if (k === '--seed') a.seed = num(++i) >>> 0;
    else if (k === '--only') { const v = argv[++i]; if (v !== 'filters' && v !== 'captures') usage('--only takes filters or captures'); a.only = v; }
    else if (k === '--cases') a.cases = Math.floor(num(++i));
    else if (k === '--filter-rounds') a.filterRounds = Math.floor(num(++i));
    else if (k === '--workers') a.workers = Math.max(1, Math.floor(num(++i)));
    else if (k === '--hang-seconds') a.hangSeconds = num(++i);
    else if (k === '--filter-share') a.filterShare = Math.min(1, num(++i));
    else if (k === '--no-record') a.record = false;
    else if (k === '--out') { a.out = argv[++i]; if (!a.out) usage('--out needs a directory'); }
    else if (k === '--nice') a.nice = Math.floor(num(++i));
    else if (k === '--repro') { a.repro = argv[++i]; if (!a.repro) usage('--repro needs a file'); }
    else if (k === '--check-seed') a.checkSeed = num(++i) >>> 0;
    else if (k === '--self-test') { const v = argv[++i]; if (v !== 'hang' && v !== 'throw') usage('--self-test takes hang or throw'); a.selfTest = v; }
    else usage(`unknown argument ${k}`);
  }
  if (!a.repro && a.minutes <= 0 && a.cases <= 0 && a.filterRounds <= 0) usage('give --minutes N (or --cases N / --filter-rounds N)');
  return a;
}

/** Failing inputs written to the output folder per run (about 20 KB each); every failure is listed regardless. */
const MAX_SAVED = 5000;

const WORKER_URL = new URL('./worker-boot.mjs', import.meta.url);

function emptyCounts(): WorkerCounts {
  return { cases: 0, refused: 0, events: 0, outputBytes: 0, caseFilterRuns: 0, filters: 0, evaluations: 0, rounds: 0 };
}
function addCounts(a: WorkerCounts, b: WorkerCounts): WorkerCounts {
  const o = { ...a };
  for (const k of Object.keys(o) as (keyof WorkerCounts)[]) o[k] += b[k];
  return o;
}

/** One lane: a worker thread and its replacements after hangs; counts of finished instances kept. */
interface Lane { worker: Worker | null; finished: WorkerCounts; current: WorkerCounts; beats: number; since: number; done: boolean }

async function repro(args: Args): Promise<number> {
  const bytes = new Uint8Array(readFileSync(args.repro!));
  const heartbeat = new SharedArrayBuffer(4 * HB.STRIDE);
  const data: WorkerData = {
    lane: 0, lanes: 1, runSeed: 0, startCase: 0, startRound: 0, deadline: 0, caseQuota: 0, roundQuota: 0, filterRounds: 0,
    filterShare: 0, only: 'captures', seeds: [], sources: [], heartbeat, heartbeatText: new SharedArrayBuffer(HB.TEXT), selfTest: null, repro: { bytes, checkSeed: args.checkSeed },
  };
  const w = new Worker(WORKER_URL, { workerData: data });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void w.terminate();
      console.log(`hang: ${args.repro} still running after ${args.hangSeconds} s`);
      resolve(1);
    }, args.hangSeconds * 1000);
    w.on('message', (m: WorkerMessage) => {
      if (m.type !== 'repro' && m.type !== 'fatal') return;
      clearTimeout(timer);
      console.log(m.type === 'repro' ? m.message : `fatal: ${m.message}`);
      void w.terminate();
      resolve(m.type === 'repro' && m.ok ? 0 : 1);
    });
    w.on('error', (e: Error) => { clearTimeout(timer); console.log(`worker error: ${e.stack ?? e}`); resolve(1); });
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Lower this thread's priority before the workers start: they inherit it (Linux nice is per thread).
  try { setPriority(0, Math.max(getPriority(0), args.nice)); } catch { /* not allowed: keep the current one */ }
  if (args.repro) return repro(args);

  const t0 = Date.now();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`fuzz: seed ${args.seed}, ${args.workers} worker(s), ${args.minutes ? `${args.minutes} min` : `${args.cases} cases / ${args.filterRounds} filter rounds`}` +
    `${args.only ? `, only ${args.only}` : ''}; building the corpus`);
  const corpus: Corpus = await buildCorpus({ seed: args.seed, record: args.record, log });
  log(`fuzz: corpus of ${corpus.sources.length} captures (${corpus.sources.map((s) => s.name).join(', ')}) and ${corpus.seeds.length} seeds` +
    ` in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  mkdirSync(args.out, { recursive: true });
  const failuresFile = join(args.out, 'failures.txt');
  appendFileSync(failuresFile, `== run seed ${args.seed} started ${new Date().toISOString()}\n`);

  const start = Date.now();
  const cpu0 = process.cpuUsage(); // all threads of the process: the workers' CPU time too
  const deadline = args.minutes > 0 ? start + args.minutes * 60_000 : 0;
  const lanesN = args.workers;
  const heartbeat = new SharedArrayBuffer(4 * HB.STRIDE * lanesN);
  const hb = new Int32Array(heartbeat);
  const heartbeatText = new SharedArrayBuffer(HB.TEXT * lanesN);
  const beatText = (lane: number) => {
    const b = new Uint8Array(heartbeatText, lane * HB.TEXT, HB.TEXT);
    const n = Math.min(HB.TEXT - 4, new DataView(heartbeatText, lane * HB.TEXT, 4).getUint32(0, true));
    return new TextDecoder().decode(b.slice(4, 4 + n)).split('\t');
  };
  const filterSources = corpus.sources.filter((s) => s.bytes.length < 4_000_000);
  const lanes: Lane[] = [];
  let failures = 0, hangs = 0, saved = 0;
  let oracle = args.only === 'captures' ? 'none' : '(not started)';
  const savedSources = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  let interrupted: string | null = null;
  const totals = (): WorkerCounts => lanes.reduce((acc, L) => addCounts(acc, addCounts(L.finished, L.current)), emptyCounts());
  const share = (total: number, lane: number) => Math.floor(total / lanesN) + (lane < total % lanesN ? 1 : 0);

  function record(line: string, detail: string): void {
    appendFileSync(failuresFile, `${line}\n${detail}\n`);
    if (failures + hangs <= 20) process.stderr.write(`${line}\n${detail}\n`);
  }

  function saveCase(index: number, bytes: Uint8Array): string {
    const file = join(args.out, `case-${args.seed}-${index}.scap`);
    if (saved++ < MAX_SAVED) writeFileSync(file, bytes);
    else if (saved === MAX_SAVED + 1) log(`fuzz: ${MAX_SAVED} failing inputs kept; later ones are listed with their operators only`);
    return file;
  }

  function saveSource(name: string): string {
    const file = join(args.out, `source-${args.seed}-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.scap`);
    if (!savedSources.has(name)) { savedSources.add(name); writeFileSync(file, corpus.sources.find((s) => s.name === name)!.bytes); }
    return file;
  }

  const finished = new Promise<void>((resolveAll) => {
    const startLane = (lane: number, startCase: number, startRound: number) => {
      const L = lanes[lane];
      const data: WorkerData = {
        lane, lanes: lanesN, runSeed: args.seed, startCase, startRound, deadline,
        caseQuota: Math.max(0, share(args.cases, lane) - (L.finished.cases)),
        roundQuota: Math.max(0, share(args.filterRounds, lane) - L.finished.rounds),
        filterRounds: args.filterRounds, filterShare: args.only === 'filters' ? 1 : args.filterShare, only: args.only,
        seeds: args.only === 'filters' ? [] : corpus.seeds, sources: args.only === 'captures' ? [] : filterSources,
        heartbeat, heartbeatText, selfTest: args.selfTest,
      };
      // the lane is idle until the new worker's first beat (starting a worker can outlast --hang-seconds)
      Atomics.store(hb, lane * HB.STRIDE + HB.KIND, HB.IDLE);
      const w = new Worker(WORKER_URL, { workerData: data });
      L.worker = w; L.current = emptyCounts(); L.beats = Atomics.load(hb, lane * HB.STRIDE + HB.BEATS); L.since = Date.now();
      w.on('message', (m: WorkerMessage) => {
        if (L.worker !== w) return;
        if (m.type === 'counts') L.current = m.counts;
        else if (m.type === 'oracle') oracle = m.name;
        else if (m.type === 'failure') {
          failures++;
          const file = saveCase(m.index, m.bytes);
          record(`FAIL ${m.kind} case ${m.index} seed ${args.seed} (${m.seedName}: ${m.ops.join(' ')}) in ${m.step}: ${m.message.slice(0, 600)}`,
            `  repro: npm run fuzz -- --repro ${file} --check-seed ${m.checkSeed}`);
        } else if (m.type === 'filter-mismatch') {
          failures++;
          const file = saveSource(m.source);
          record(`FAIL filter round ${m.round} seed ${args.seed} on ${m.source}: ${JSON.stringify(m.expr)}: ${m.message}`,
            `  repro: node bin/scapula.mjs read ${file} ${shellQuote(m.expr)} -p '%evt.num'`);
        } else if (m.type === 'fatal') {
          failures++;
          record(`FAIL fatal error in worker ${lane}: ${m.message}`, '  repro: rerun with the same --seed');
        } else if (m.type === 'done') {
          L.finished = addCounts(L.finished, L.current); L.current = emptyCounts(); L.done = true; L.worker = null;
          void w.terminate();
          if (lanes.every((x) => x.done)) resolveAll();
        }
      });
      w.on('error', (e: Error) => {
        if (L.worker !== w) return;
        failures++;
        record(`FAIL worker ${lane} crashed: ${e.stack ?? e}`, '  repro: rerun with the same --seed');
        L.finished = addCounts(L.finished, L.current); L.current = emptyCounts(); L.done = true; L.worker = null;
        if (lanes.every((x) => x.done)) resolveAll();
      });
    };
    for (let lane = 0; lane < lanesN; lane++) {
      lanes.push({ worker: null, finished: emptyCounts(), current: emptyCounts(), beats: 0, since: Date.now(), done: false });
      startLane(lane, lane, lane);
    }
    // Watchdog: a lane whose heartbeat has not moved for hangSeconds while working is hung.
    const watchdog = setInterval(() => {
      for (let lane = 0; lane < lanesN; lane++) {
        const L = lanes[lane];
        if (!L.worker || L.done) continue;
        const beats = Atomics.load(hb, lane * HB.STRIDE + HB.BEATS);
        if (beats !== L.beats) { L.beats = beats; L.since = Date.now(); continue; }
        const kind = Atomics.load(hb, lane * HB.STRIDE + HB.KIND);
        if (kind === HB.IDLE || Date.now() - L.since < args.hangSeconds * 1000) continue;
        const unit = Atomics.load(hb, lane * HB.STRIDE + HB.UNIT);
        const w = L.worker;
        L.worker = null;
        void w.terminate();
        hangs++;
        L.finished = addCounts(L.finished, L.current);
        if (kind === HB.CASE) {
          L.finished.cases++;
          const c = makeCase(corpus.seeds, args.seed, unit);
          const file = saveCase(unit, c.bytes);
          record(`HANG case ${unit} seed ${args.seed} (${c.seedName}: ${c.ops.join(' ')}): no progress for ${args.hangSeconds} s, worker terminated`,
            `  repro: npm run fuzz -- --repro ${file} --check-seed ${c.checkSeed}`);
          startLane(lane, unit + lanesN, L.finished.rounds * lanesN + lane);
        } else if (kind === HB.FILTER) {
          L.finished.rounds++;
          const [capName, expr] = beatText(lane);
          const file = capName && corpus.sources.some((s) => s.name === capName) ? saveSource(capName) : null;
          record(`HANG filter round ${unit} seed ${args.seed} on ${capName}: ${JSON.stringify(expr)}: no progress for ${args.hangSeconds} s, worker terminated`,
            file ? `  repro: timeout ${args.hangSeconds} node bin/scapula.mjs read ${file} ${shellQuote(expr ?? '')} -p '%evt.num' | wc -l`
              : `  repro: npm run fuzz -- --seed ${args.seed} --only filters --filter-rounds ${unit + 1} --workers ${lanesN} --no-record`);
          startLane(lane, L.finished.cases * lanesN + lane, unit + lanesN);
        } else {
          record(`HANG worker ${lane} setup (loading the filter corpus): no progress for ${args.hangSeconds} s`, '  repro: rerun with the same --seed');
          L.done = true;
          if (lanes.every((x) => x.done)) resolveAll();
        }
      }
    }, 250);
    let lastProgress = Date.now();
    const progress = setInterval(() => {
      if (Date.now() - lastProgress < 60_000) return;
      lastProgress = Date.now();
      const c = totals();
      const s = (Date.now() - start) / 1000;
      log(`fuzz: ${(s / 60).toFixed(1)} min: ${c.cases} mutated captures (${(c.cases / s).toFixed(1)}/s), ${c.events} events, ` +
        `${c.filters} filters, ${c.evaluations} evaluations, ${failures} failures, ${hangs} hangs`);
    }, 1000);
    timers.push(watchdog, progress);
    // SIGINT/SIGTERM end the run early but still with its summary: workers finish their current case.
    const stop = (sig: string) => {
      if (interrupted) return;
      interrupted = sig;
      log(`fuzz: ${sig}: stopping the workers after their current case`);
      for (let lane = 0; lane < lanesN; lane++) Atomics.store(hb, lane * HB.STRIDE + HB.STOP, 1);
      timers.push(setTimeout(() => {
        for (const L of lanes) { if (L.worker) void L.worker.terminate(); L.worker = null; L.done = true; }
        resolveAll();
      }, args.hangSeconds * 1000));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await finished;
  for (const t of timers) clearInterval(t);
  if (interrupted) log(`fuzz: interrupted by ${interrupted}; figures up to then`);

  const c = totals();
  const secs = (Date.now() - start) / 1000;
  log(`fuzz: filter oracle: ${oracle}; ${c.refused} captures refused cleanly, ${c.caseFilterRuns} filter runs on mutated captures, ` +
    `${(c.outputBytes / 1e6).toFixed(1)} MB of field output; failures listed in ${failuresFile}`);
  const cu = process.cpuUsage(cpu0);
  const cpuSecs = (cu.user + cu.system) / 1e6;
  log(`fuzz: ${cpuSecs.toFixed(0)} CPU seconds over ${secs.toFixed(0)} s of wall time; ${(c.cases / Math.max(1e-9, cpuSecs)).toFixed(1)} mutated captures ` +
    `per CPU second (the wall-clock rate depends on what else the machine runs)`);
  log(`fuzz summary: minutes=${(secs / 60).toFixed(2)} mutated_captures=${c.cases} captures_per_s=${(c.cases / secs).toFixed(1)} ` +
    `events_extracted=${c.events} filters=${c.filters} filter_capture_evaluations=${c.evaluations} failures=${failures} hangs=${hangs} seed=${args.seed}`);
  return failures + hangs > 0 ? 1 : 0;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

main().then((code) => process.exit(code), (e) => { process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : e}\n`); process.exit(2); });

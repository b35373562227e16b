// A fuzz worker thread: runs its lane's decoder/state cases (indices lane, lane+lanes, ...) and filter
// rounds until the deadline or its share of the case/round counts, reporting counts and failures to
// the main thread. Before each unit of work it bumps a heartbeat in shared memory; the main thread's
// watchdog terminates a worker whose heartbeat stalls and reports the unit as a hang.
import { parentPort, workerData } from 'node:worker_threads';
import { makeCase } from './cases.ts';
import { checkCapture, FuzzFailure, classify } from './check-capture.ts';
import { FilterFuzzer, ORACLE_NAME } from './filter-fuzz.ts';
import type { Seed, Source } from './corpus.ts';
import { HB, type WorkerData, type WorkerCounts, type WorkerMessage } from './protocol.ts';

const d = workerData as WorkerData;
const hb = new Int32Array(d.heartbeat);
const base = d.lane * HB.STRIDE;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

const beatText = new Uint8Array(d.heartbeatText, d.lane * HB.TEXT, HB.TEXT);
const enc = new TextEncoder();

/** The capture and filter a filter round is evaluating: the main thread prints it if the round hangs. */
function beatFilter(capture: string, filter: string): void {
  const { written } = enc.encodeInto(`${capture}\t${filter}`.slice(0, HB.TEXT - 8), beatText.subarray(4));
  new DataView(beatText.buffer, beatText.byteOffset, 4).setUint32(0, written, true);
  Atomics.add(hb, base + HB.BEATS, 1);
}

function beat(kind: number, unit: number): void {
  Atomics.store(hb, base + HB.KIND, kind);
  Atomics.store(hb, base + HB.UNIT, unit);
  Atomics.add(hb, base + HB.BEATS, 1);
}

const counts: WorkerCounts = { cases: 0, refused: 0, events: 0, outputBytes: 0, caseFilterRuns: 0, filters: 0, evaluations: 0, rounds: 0 };

async function runCase(seeds: Seed[], index: number): Promise<void> {
  const c = makeCase(seeds, d.runSeed, index);
  beat(HB.CASE, index);
  if (d.selfTest === 'hang' && index === 0) for (;;) { /* the watchdog must catch this */ }
  try {
    if (d.selfTest === 'throw' && index === 0) throw new WebAssembly.RuntimeError('self-test trap');
    const r = await checkCapture(c.bytes, c.checkSeed);
    counts.events += r.events; counts.outputBytes += r.outputBytes; counts.caseFilterRuns += r.filterRuns; counts.refused += r.refused;
  } catch (e) {
    const f = e instanceof FuzzFailure ? e : classify(e, 'case');
    post({ type: 'failure', kind: f.kind, step: f.step, message: f.message, index, seedName: c.seedName, ops: c.ops, bytes: c.bytes, checkSeed: c.checkSeed });
  }
  counts.cases++;
}

async function main(): Promise<void> {
  if (d.repro) {
    beat(HB.CASE, -1);
    try {
      const r = await checkCapture(d.repro.bytes, d.repro.checkSeed, 1000);
      post({ type: 'repro', ok: true, message: `no failure: ${r.events} events, ${r.outputBytes} output bytes, ${r.filterRuns} filter runs` });
    } catch (e) {
      const f = e instanceof FuzzFailure ? e : classify(e, 'case');
      post({ type: 'repro', ok: false, message: `${f.kind} in ${f.step}: ${f.message}` });
    }
    return;
  }
  const seeds: Seed[] = d.seeds;
  let filters: FilterFuzzer | null = null;
  if (d.only !== 'captures' && (d.filterRounds > 0 || d.deadline > 0)) {
    beat(HB.SETUP, 0);
    filters = await FilterFuzzer.create(d.sources as Source[], d.runSeed, beatFilter);
    post({ type: 'oracle', name: ORACLE_NAME });
  }
  let caseIndex = d.startCase;
  let round = d.startRound;
  let caseMs = 0, filterMs = 0;
  let lastReport = performance.now();
  const timeUp = () => Atomics.load(hb, base + HB.STOP) !== 0 || (d.deadline > 0 && Date.now() >= d.deadline);
  const casesLeft = () => d.only !== 'filters' && !timeUp() && (d.deadline > 0 || counts.cases < d.caseQuota);
  const roundsLeft = () => filters !== null && !timeUp() && (d.deadline > 0 || counts.rounds < d.roundQuota);
  while (casesLeft() || roundsLeft()) {
    const t = performance.now();
    // filter rounds get their share of the time (all of it with --only filters)
    if (roundsLeft() && (!casesLeft() || filterMs <= d.filterShare * (caseMs + filterMs))) {
      beat(HB.FILTER, round);
      try {
        const r = await filters!.round(round);
        counts.filters += r.filters; counts.evaluations += r.evaluations;
        for (const m of r.mismatches) post({ type: 'filter-mismatch', round, ...m });
      } catch (e) {
        const f = classify(e, 'filter round');
        post({ type: 'filter-mismatch', round, expr: '(see message)', source: '(round)', message: `${f.kind}: ${f.message}` });
      }
      counts.rounds++;
      round += d.lanes;
      filterMs += performance.now() - t;
    } else {
      await runCase(seeds, caseIndex);
      caseIndex += d.lanes;
      caseMs += performance.now() - t;
    }
    if (performance.now() - lastReport > 1000) { post({ type: 'counts', counts: { ...counts } }); lastReport = performance.now(); }
  }
  beat(HB.IDLE, 0);
  post({ type: 'counts', counts: { ...counts } });
  post({ type: 'done' });
}

main().catch((e) => {
  post({ type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  beat(HB.IDLE, 0);
  post({ type: 'counts', counts: { ...counts } });
  post({ type: 'done' });
});

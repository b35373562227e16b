// Worker thread of the differential suite: runs oracles (a) and (b) on its share of the corpus, one
// Capture per file, many filters on it. Before every engine run it writes a heartbeat (a counter and
// the filter text) into shared memory, so the test's watchdog can name a filter that hangs and stop
// this thread (a synchronous WASM loop cannot be interrupted any other way).
import { parentPort, workerData } from 'node:worker_threads';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { ColumnStore } from '../lib/columns.ts';
import { Rng } from '../lib/rng.ts';
import { FILTER_FIELDS, HOT } from '../lib/filtergen.ts';
import { Runner, newStats, oracleA, oracleB } from './oracles.ts';
import { sysdigCases } from './sysdig.ts';
import { BEAT_TEXT_MAX, type WorkerInput, type WorkerMessage } from './protocol.ts';

const BIG_CAPTURE = 5000;

const input = workerData as WorkerInput;
const beatInts = new Int32Array(input.heartbeat, 0, 2);
const beatBytes = new Uint8Array(input.heartbeat, 8, BEAT_TEXT_MAX);
const enc = new TextEncoder();

function beat(capture: string, filter: string): void {
  const { written } = enc.encodeInto(`${capture}\n${filter}`, beatBytes);
  Atomics.store(beatInts, 1, written);
  Atomics.add(beatInts, 0, 1);
}

for (const job of input.jobs) {
  const t0 = performance.now();
  try {
    beat(job.name, '(loading the capture and printing its field values)');
    const cap = await openCaptureFile(job.path);
    const store = new ColumnStore(cap);
    const rng = new Rng(input.seed).fork(job.salt);
    if (job.logs) store.universe = 'logs';
    if (store.visible.length > BIG_CAPTURE) {
      // Printing a field over 20k+ events costs ~50 ms: big captures use the hot fields plus a random
      // sixth of the others (a different sixth every run).
      const pick = rng.fork(3);
      store.allowed = new Set([...HOT.map((f) => f.name), ...FILTER_FIELDS.filter(() => pick.chance(0.16)).map((f) => f.name)]);
    }
    const stats = newStats();
    stats.logs = job.logs;
    const r = new Runner(stats, beat);
    if (job.sysdigFilters > 0) {
      // Oracle (c)'s engine side first, so the test can run sysdig while this thread goes on.
      const cases = sysdigCases(store, rng.fork(4), job.sysdigFilters, (text, leaves) => r.run(cap, job.name, text, leaves));
      parentPort!.postMessage({ type: 'sysdig', name: job.name, cases } satisfies WorkerMessage);
    }
    await oracleA(cap, store, job.name, rng.fork(1), job.aFilters, r, job.path);
    await oracleB(job.path, job.name, store, rng.fork(2), job.bPool, job.bSteps, r);
    parentPort!.postMessage({ type: 'job', name: job.name, stats, failures: r.failures, events: cap.eventCount, ms: performance.now() - t0 } satisfies WorkerMessage);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', name: job.name, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerMessage);
  }
}
parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);

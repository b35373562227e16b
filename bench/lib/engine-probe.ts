// In-process measurements of one capture, run in a child process of bench/filter.ts so that memory
// figures (RSS, peak RSS) belong to this capture alone: load (ingest + index + state), memory per
// event beside the raw bytes (engine linear memory, its resident part, process RSS), summary(), and
// each filter of the suite on the loaded capture: its first run (the engine's filter caches cleared before it, so an earlier filter on the same field
// does not help) and, apart, its warm repeat. argv: FILE, then the filters as one JSON array.
// Prints one JSON object (ProbeResult) on stdout.
import { statSync } from 'node:fs';
import { openCaptureFile, nodeEngine } from '../../engine/node/capture-file.ts';
import { compileFilter } from '../../engine/filter/index.ts';
import { processRss, wasmResidentBytes } from './resident.ts';

/** Times in ms; *Cpu: CPU time of this process (user + system) over the same step. */
export interface ProbeFilter { filter: string; compileMs: number; firstMs: number; firstCpu: number; warmMs: number; matches: number; error?: string }
export interface ProbeResult {
  events: number; fileBytes: number; rawBytes: number; loadMs: number; loadCpu: number; summaryMs: number;
  /** Engine linear memory (address space) after the load and after the filter suite. */
  wasmBytesAfterLoad: number; wasmBytesAfterFilters: number;
  /** Of the linear memory after load: page runs outside the allocator (raw, index, state chunks), and free
   *  page runs (grown ahead, untouched until used); the rest is the allocator's heap. */
  pageBytesAfterLoad: number; freePageBytesAfterLoad: number;
  /** Resident bytes of the engine's linear memory after load (/proc/self/smaps; NaN if not found). */
  wasmResidentAfterLoad: number;
  /** Process RSS before the load (engine module compiled and instantiated once already) and after it. */
  rssBefore: number; rssAfterLoad: number; peakRss: number;
  filters: ProbeFilter[];
}

const [file, filtersJson] = process.argv.slice(2);
const filters = JSON.parse(filtersJson ?? '[]') as string[];
const cpuMs = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
// The engine's code compiled and instantiated once first, so the RSS delta is the capture's.
await nodeEngine();
const rssBefore = processRss();
const c0 = process.cpuUsage();
const t0 = performance.now();
const cap = await openCaptureFile(file);
const loadMs = performance.now() - t0;
const loadCpu = cpuMs(c0);
const rssAfterLoad = processRss();
const wasmBytesAfterLoad = cap.memoryBytes;
const stats = cap.engineStats();
const pageBytesAfterLoad = stats.pageBytes;
const freePageBytesAfterLoad = stats.freePageBytes;
const wasmResidentAfterLoad = wasmResidentBytes(stats.memoryBytes);
const t1 = performance.now();
cap.summary();
const summaryMs = performance.now() - t1;

const results: ProbeFilter[] = [];
for (const filter of filters) {
  cap.clearFilterCache();
  const tc = performance.now();
  const c = compileFilter(filter);
  const compileMs = performance.now() - tc;
  if (!c.ok) { results.push({ filter, compileMs, firstMs: NaN, firstCpu: NaN, warmMs: NaN, matches: 0, error: c.error.message }); continue; }
  const cf = process.cpuUsage();
  const tf = performance.now();
  const matches = cap.runPlan(c.plan.plan).length;
  const firstMs = performance.now() - tf + compileMs;
  const firstCpu = cpuMs(cf) + compileMs;
  const tw = performance.now();
  cap.runPlan(c.plan.plan);
  const warmMs = performance.now() - tw;
  results.push({ filter, compileMs, firstMs, firstCpu, warmMs, matches });
}

const out: ProbeResult = {
  events: cap.eventCount, fileBytes: statSync(file).size, rawBytes: cap.index.rawLength, loadMs, loadCpu, summaryMs,
  wasmBytesAfterLoad, wasmBytesAfterFilters: cap.memoryBytes, pageBytesAfterLoad, freePageBytesAfterLoad, wasmResidentAfterLoad, rssBefore, rssAfterLoad,
  peakRss: process.resourceUsage().maxRSS * 1024, filters: results,
};
process.stdout.write(JSON.stringify(out) + '\n');

// What the Analyze menu computes over the displayed events: statistics and conversations (engine/stats/,
// the same numbers as `scapula stats`), the I/O graph's series, the timeline strip and the process tree.
import type { Capture } from '../capture.ts';
import type { Conversations, IoGraph, IoGraphRequest, ProcessInfo, Timeline, ViewStats } from '../api.ts';
import { computeStats } from '../stats/compute.ts';
import { computeConversations } from '../stats/conversations.ts';
import { seriesValues, MAX_BUCKETS, MAX_SERIES } from '../io-graph.ts';
import { EVENT_DIRS, EVENT_NAMES } from '../generated/schema.ts';
import { NA, type RowRenderer } from './rows.ts';
import type { View } from './view.ts';

/** Most buckets of the timeline strip. */
const MAX_TIMELINE_BUCKETS = 4096;

/** First and last timestamps of the events `v` (-1n when none): events stamped 0 (metadata) are skipped. */
function timeSpan(cap: Capture, v: Uint32Array): [bigint, bigint] {
  let lo = -1n, hi = -1n;
  for (const i of v) {
    const t = cap.index.ts(i);
    if (t === 0n) continue;
    if (lo < 0n || t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

export function viewStats(cap: Capture, view: View, top: number): ViewStats {
  // The view as a selection bitset: one formatter pass in the engine, no per-event calls.
  return computeStats(cap, { selection: view.selection(), top });
}

export function viewConversations(cap: Capture, view: View, top: number): Conversations {
  return computeConversations(cap, { selection: view.selection(), top });
}

export async function ioGraph(cap: Capture, view: View, req: IoGraphRequest): Promise<IoGraph> {
  const v = view.current();
  const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(req.buckets) || 1));
  const [lo, hi] = timeSpan(cap, v);
  const start = req.startNs ? BigInt(req.startNs) : lo < 0n ? 0n : lo;
  const end = req.endNs ? BigInt(req.endNs) : hi < 0n ? 0n : hi;
  const series: IoGraph['series'] = [];
  for (const s of req.series.slice(0, MAX_SERIES)) {
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    let test: ((i: number) => boolean) | null = null;
    if (s.filter.trim()) {
      const m = await view.matcher(s.filter);
      if (typeof m !== 'function') { series.push({ values: new Array(buckets).fill(0), error: m.error }); continue; }
      test = m;
    }
    for (const i of v) if (!test || test(i)) sel[i >> 3] |= 1 << (i & 7);
    series.push({ values: end >= start ? seriesValues(cap, sel, s.measure === 'bytes' ? 'bytes' : 'events', start, end, buckets) : new Array(buckets).fill(0), error: null });
  }
  return { startNs: start.toString(), endNs: end.toString(), buckets, series };
}

export function timeline(cap: Capture | null, view: View, buckets: number): Timeline {
  const n = Math.max(1, Math.min(MAX_TIMELINE_BUCKETS, Math.floor(buckets) || 1));
  const counts = new Uint32Array(n);
  const firstPosition = new Int32Array(n).fill(-1);
  const v = view.current();
  if (!cap || v.length === 0) return { startNs: '0', endNs: '0', counts, firstPosition };
  const [lo, hi] = timeSpan(cap, v);
  if (lo < 0n) return { startNs: '0', endNs: '0', counts, firstPosition };
  const span = Number(hi - lo) || 1;
  for (let p = 0; p < v.length; p++) {
    const t = cap.index.ts(v[p]);
    if (t === 0n) continue;
    const b = Math.min(n - 1, Math.floor((Number(t - lo) / span) * n));
    counts[b]++;
    if (firstPosition[b] < 0 || p < firstPosition[b]) firstPosition[b] = p;
  }
  return { startNs: lo.toString(), endNs: hi.toString(), counts, firstPosition };
}

/** Events looked at between two pauses of a cooperative process tree. */
const PROCESS_STEP = 1 << 20;

/** Events whose process fields are formatted per batch (one formatter batch each). */
const PROCESS_BATCH = 65536;
const PROCESS_FORMAT = '*%proc.pid\x1f%proc.ppid\x1f%proc.name\x1f%proc.cmdline';

interface ProcFields { pid: number; ppid: number; name: string; cmdline: string }

/** The process fields of each of `events` (any order), formatted in batches. */
function processFields(rows: RowRenderer, events: number[]): ProcFields[] {
  const out: ProcFields[] = [];
  for (let from = 0; from < events.length; from += PROCESS_BATCH) {
    const part = events.slice(from, from + PROCESS_BATCH);
    let lines: (string | null)[];
    try { lines = rows.runner.runMany(PROCESS_FORMAT, part); } catch { lines = part.map(() => null); }
    for (const line of lines) {
      const [pid, ppid, name, cmdline] = (line ?? '').split('\x1f').map((x) => (x === NA ? '' : x));
      out.push({ pid: Number(pid) || 0, ppid: Number(ppid) || 0, name: name ?? '', cmdline: cmdline ?? '' });
    }
  }
  return out;
}

/**
 * The processes of the displayed events, by first appearance. With `pause` (the worker), it is awaited
 * every million events (requests are answered meanwhile) and its true stops the walk (null).
 */
export async function processes(cap: Capture, view: View, rows: RowRenderer, pause?: () => Promise<boolean>): Promise<ProcessInfo[] | null> {
  const ix = cap.index;
  const execX = new Set(EVENT_NAMES.flatMap((name, t) => (name === 'execve' || name === 'execveat') && EVENT_DIRS[t] === 'exit' ? [t] : []));
  const v = view.current();
  // The process fields are read once per thread (and again after an execve changes them): first find
  // those events, then format them in a few batches (one event at a time set the formatter up each time).
  const lookups: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < v.length; k++) {
    if (pause && k > 0 && k % PROCESS_STEP === 0 && await pause()) return null;
    // keyed by a number: BigInt map keys hash slowly (tids fit in 2^53)
    const tid = Number(ix.tid(v[k]));
    if (!seen.has(tid) || execX.has(ix.type(v[k]))) { seen.add(tid); lookups.push(k); }
  }
  const fields = processFields(rows, lookups.map((k) => v[k]));
  if (pause && await pause()) return null;
  const byTid = new Map<number, number>();
  const procs = new Map<number, ProcessInfo>();
  for (let k = 0, next = 0; k < v.length; k++) {
    if (pause && k > 0 && k % PROCESS_STEP === 0 && await pause()) return null;
    const i = v[k];
    const tid = Number(ix.tid(i));
    let pid: number;
    if (next < lookups.length && lookups[next] === k) {
      const p = fields[next++];
      pid = p.pid || tid;
      byTid.set(tid, pid);
      const known = procs.get(pid);
      if (!known) procs.set(pid, { pid, ppid: p.ppid, name: p.name, cmdline: p.cmdline, events: 0, firstIndex: i });
      else if (p.name) { known.name = p.name; known.cmdline = p.cmdline; known.ppid = p.ppid || known.ppid; }
    } else pid = byTid.get(tid)!;
    procs.get(pid)!.events++;
  }
  return [...procs.values()].sort((a, b) => a.firstIndex - b.firstIndex);
}

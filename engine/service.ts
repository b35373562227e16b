// The web app's side of the engine: implements ViewerApi (engine/api.ts) over one Capture at a time,
// inside the worker. It owns the *view* — the visible events, narrowed by the filter and reordered by a
// sort — as a typed array of file indices, so every UI request (a page of rows, a find, a go-to) is
// one batched call answered from the index without re-reading the file.
import type {
  CaptureSummary, EventDetail, EventRow, FilterError, FilterResult, FindQuery, FindResult, LoadProgress, SortKey,
  ViewerApi, ProcessInfo, StreamChunk, StreamResult, Timeline, ViewStats, Conversations, SqlEventRows,
} from './api.ts';
import { SQL_MAX_EVENTS } from './api.ts';
import { computeStats } from './stats/compute.ts';
import { computeConversations } from './stats/conversations.ts';
import { columnsCsv, columnsJson, type ColumnSpec } from './columns-export.ts';
import { seriesValues, MAX_BUCKETS, MAX_SERIES } from './io-graph.ts';
import type { IoGraph, IoGraphRequest } from './api.ts';
import { Capture } from './capture.ts';
import { instantiateEngine } from './wasm.ts';
import { EVENT_CATEGORIES, EVENT_DIRS, EVENT_NAMES, EVENT_PARAMS } from './generated/schema.ts';
import { RowRenderer } from './service-rows.ts';
import { writeFiltered } from './scap/filtered.ts';
import { eventRows } from './export/rows.ts';
import { rowsToArrowIpc } from './export/rows-arrow.ts';
import { eventsProjection } from './export/duckdb.ts';
import { transfer } from 'comlink';


/** Chunk size read from a Blob; DecompressionStream and the walker take any size. */
const READ_CHUNK = 1 << 20;
/** Most bytes and chunks a followed stream returns (the rest is flagged as truncated). */
const MAX_STREAM_BYTES = 8 << 20;
const MAX_STREAM_CHUNKS = 100_000;

/** A filter-language quoted string (a final backslash is written \x5c, which always parses). */
function quoteFilterString(v: string): string {
  return '"' + v.replace(/\\/g, '\\x5c').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

/** Input bytes per walker step while loading (each step ends with a progress report). */
const LOAD_WALK_EVERY = 1 << 20;

/** Input (file) bytes between two turns of the worker's event loop while loading (gzip: ~1 MiB inflated). */
const YIELD_EVERY = 128 << 10;

function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(0);
  });
}

/** Longest string searched for by find, and the most events one find call scans. */
const MAX_FIND_TEXT = 4096;

async function* blobChunks(source: Blob | Uint8Array, signal: AbortSignal): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let o = 0; o < source.length; o += READ_CHUNK) yield source.subarray(o, o + READ_CHUNK);
    return;
  }
  const reader = source.stream().getReader();
  let sinceYield = 0;
  try {
    for (;;) {
      if (signal.aborted) return;
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
      // Buffered reads resolve as microtasks; give queued requests (rows for the first screen) a turn.
      sinceYield += r.value.length;
      if (sinceYield >= YIELD_EVERY) { sinceYield = 0; await macrotask(); }
    }
  } finally {
    reader.releaseLock();
  }
}

function filterErrorOf(e: unknown, text = ''): FilterError {
  const x = e as { pos?: number; line?: number; col?: number; reason?: string; message?: string; span?: { start: number } };
  const pos = x.pos ?? x.span?.start ?? 0;
  const before = text.slice(0, pos).split('\n');
  return {
    pos, line: x.line ?? before.length, col: x.col ?? before[before.length - 1].length + 1,
    message: x.reason ?? x.message ?? String(e),
  };
}

export class CaptureService implements ViewerApi {
  private cap: Capture | null = null;
  private loading: AbortController | null = null;
  private loadDone = false;
  private fileName = '';
  /** Visible events in file order (grows while loading). */
  private base: Uint32Array = new Uint32Array(0);
  private baseCount = 0;
  /** Events already looked at by refreshBase. */
  private scanned = 0;
  /** Current filter result (file indices, sorted) or null for "no filter". */
  private filtered: Uint32Array | null = null;
  private filterExpr = '';
  /** The running setFilter, which cancelFilter or a newer setFilter aborts. */
  private filtering: AbortController | null = null;
  /** The view: `base` narrowed by `filtered`, optionally sorted. */
  private view: Uint32Array | null = null;
  private sort: { key: SortKey; descending: boolean } | null = null;
  /** Per-event coloring rule + 1 (0 = none). */
  private colors: Uint8Array | null = null;
  private coloringExprs: string[] = [];
  private matchCache = new Map<string, Uint8Array>();

  private rowsOf: RowRenderer | null = null;

  constructor(private readonly module: Promise<WebAssembly.Module>) {}

  async ready(): Promise<{ engineVersion: number }> {
    const engine = await instantiateEngine(await this.module);
    return { engineVersion: engine.exports.engineVersion() };
  }

  async open(source: Blob | Uint8Array, name: string, onProgress?: (p: LoadProgress) => void): Promise<CaptureSummary> {
    this.cancel();
    const abort = new AbortController();
    this.loading = abort;
    this.reset();
    this.fileName = name;
    const engine = await instantiateEngine(await this.module);
    const size = source instanceof Uint8Array ? source.length : source.size;
    const raw = source instanceof Uint8Array ? source : null;
    const gz = raw ? raw[0] === 0x1f && raw[1] === 0x8b : false;
    const t0 = performance.now();
    try {
      const cap = await Capture.load(engine, blobChunks(source, abort.signal), {
        bytesTotal: size,
        sizeHint: gz ? undefined : size,
        signal: abort.signal,
        onCapture: (c) => { if (this.loading === abort) this.setCapture(c as Capture); },
        // Small walker steps keep the worker answering row requests while it loads.
        walkEvery: LOAD_WALK_EVERY,
        yieldToHost: macrotask,
        onProgress: (p) => {
          if (this.loading !== abort) return;
          this.refreshBase();
          onProgress?.(p);
        },
      });
      if (this.loading !== abort) throw new DOMException('load cancelled', 'AbortError');
      this.setCapture(cap as Capture);
      this.loadDone = true;
      this.refreshBase();
      if (this.filterExpr) await this.setFilter(this.filterExpr);
      if (this.coloringExprs.length) await this.setColoring(this.coloringExprs);
      const s = this.summaryNow()!;
      s.loadMs = performance.now() - t0;
      return s;
    } catch (e) {
      if (this.loading === abort) { this.setCapture(null); this.reset(); }
      // Cancelled: what was indexed stays browsable, up to the last event walked.
      else if (abort.signal.aborted && this.cap) this.refreshBase();
      throw e;
    } finally {
      if (this.loading === abort) this.loading = null;
    }
  }

  cancel(): void {
    this.loading?.abort();
    this.loading = null;
  }

  async summary(): Promise<CaptureSummary | null> {
    return this.summaryNow();
  }

  async viewSize(): Promise<number> {
    return this.currentView().length;
  }

  async viewPosition(index: number): Promise<number> {
    const v = this.currentView();
    if (!this.sort) {
      let lo = 0, hi = v.length;
      while (lo < hi) { const m = (lo + hi) >>> 1; if (v[m] < index) lo = m + 1; else hi = m; }
      return lo < v.length && v[lo] === index ? lo : -1;
    }
    return v.indexOf(index);
  }

  async rows(start: number, count: number, extraFields?: string[]): Promise<EventRow[]> {
    const v = this.currentView();
    const out: EventRow[] = [];
    const end = Math.min(v.length, Math.max(0, start) + Math.max(0, Math.min(count, 10_000)));
    for (let p = Math.max(0, start); p < end; p++) {
      const row = this.row(v[p], extraFields);
      const c = this.colors?.[v[p]] ?? 0;
      row.color = c - 1;
      out.push(row);
    }
    return out;
  }

  async detail(index: number): Promise<EventDetail> {
    const cap = this.need();
    if (index < 0 || index >= cap.eventCount) throw new Error(`no event at index ${index}`);
    return this.rowsOf!.detail(index, this.partnerOf(index));
  }

  async validateFilter(expr: string): Promise<FilterError | null> {
    if (!expr.trim()) return null;
    return this.need().validateFilter(expr);
  }

  async setFilter(expr: string): Promise<FilterResult> {
    const t0 = performance.now();
    this.cancelFilter();
    const text = expr.trim();
    if (!text) {
      this.filterExpr = '';
      this.filtered = null;
      this.view = null;
      return { ok: true, count: this.currentView().length, error: null, ms: performance.now() - t0 };
    }
    const abort = new AbortController();
    this.filtering = abort;
    try {
      const m = await this.matches(text, abort.signal);
      if (abort.signal.aborted) return { ok: false, cancelled: true, count: 0, error: null, ms: performance.now() - t0 };
      if ('error' in m) return { ok: false, count: 0, error: m.error, ms: performance.now() - t0 };
      this.filterExpr = text;
      this.filtered = m.indices;
      this.view = null;
      return { ok: true, count: this.currentView().length, error: null, ms: performance.now() - t0 };
    } finally {
      if (this.filtering === abort) this.filtering = null;
    }
  }

  cancelFilter(): void {
    this.filtering?.abort();
    this.filtering = null;
  }

  async setColoring(filters: string[]): Promise<(FilterError | null)[]> {
    this.coloringExprs = filters.slice(0, 255);
    const cap = this.cap;
    if (!cap) return filters.map(() => null);
    const colors = new Uint8Array(cap.eventCount);
    const errors: (FilterError | null)[] = [];
    // Last rule first, so earlier rules overwrite: first match wins.
    for (let r = this.coloringExprs.length - 1; r >= 0; r--) {
      const expr = this.coloringExprs[r].trim();
      if (!expr) { errors[r] = null; continue; }
      const m = await this.matches(expr);
      if ('error' in m) { errors[r] = m.error; continue; }
      errors[r] = null;
      for (const i of m.indices) if (i < colors.length) colors[i] = r + 1;
    }
    this.colors = colors;
    return errors;
  }

  async sortView(key: SortKey | null, descending: boolean): Promise<void> {
    this.sort = key ? { key, descending } : null;
    this.view = null;
  }

  async memory(): Promise<{ wasmBytes: number; viewBytes: number; events: number }> {
    const cap = this.cap;
    if (!cap) return { wasmBytes: 0, viewBytes: 0, events: 0 };
    const view = this.currentView();
    const viewBytes = this.base.byteLength + (this.filtered?.byteLength ?? 0) + (view !== this.base ? view.byteLength : 0)
      + (this.colors?.byteLength ?? 0) + [...this.matchCache.values()].reduce((n, b) => n + b.byteLength, 0);
    return { wasmBytes: cap.wasm.memory.buffer.byteLength, viewBytes, events: cap.eventCount };
  }

  async exportView(json: boolean): Promise<Blob> {
    const cap = this.need();
    const v = this.currentView();
    // The view as a selection bitset: the formatter then prints exactly what `scapula read` would.
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    for (const i of v) sel[i >> 3] |= 1 << (i & 7);
    const parts: Uint8Array[] = [];
    for (const chunk of cap.formatChunks({ json, selection: sel })) parts.push(chunk.slice());
    return new Blob(parts as BlobPart[], { type: json ? 'application/x-ndjson' : 'text/plain' });
  }

  async sqlEventRows(): Promise<SqlEventRows> {
    const cap = this.need();
    const v = this.currentView();
    const rows = Math.min(v.length, SQL_MAX_EVENTS);
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    // The first SQL_MAX_EVENTS displayed events in file order (the view may be sorted).
    const idx = v.length > rows ? Uint32Array.from(v).sort().subarray(0, rows) : v;
    for (const i of idx) sel[i >> 3] |= 1 << (i & 7);
    const ipc = rowsToArrowIpc(eventRows(cap, this.fileName, sel));
    return transfer({ ipc, projection: eventsProjection(), rows, displayed: v.length }, [ipc.buffer]);
  }

  async exportScap(): Promise<{ blob: Blob; events: number; stateOnly: number }> {
    const cap = this.need();
    const v = this.currentView();
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    for (const i of v) sel[i >> 3] |= 1 << (i & 7);
    const parts: Uint8Array[] = [];
    const r = writeFiltered(cap, { selection: sel, fat: true, sink: (b) => parts.push(b.slice()) });
    return { blob: new Blob(parts as BlobPart[], { type: 'application/octet-stream' }), events: r.events, stateOnly: r.stateOnly };
  }

  async exportColumns(kind: 'csv' | 'json', columns: ColumnSpec[]): Promise<Blob> {
    const cap = this.need();
    const v = this.currentView();
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    for (const i of v) sel[i >> 3] |= 1 << (i & 7);
    const cols = columns.slice(0, 64).filter((c) => typeof c.field === 'string' && /^[A-Za-z][\w.]*(\[[^\]\n]*\])?$/.test(c.field));
    if (!cols.length) throw new Error('no columns to export');
    const parts: BlobPart[] = kind === 'csv' ? [...columnsCsv(cap, cols, sel)] : [...columnsJson(cap, cols, sel)] as BlobPart[];
    return new Blob(parts, { type: kind === 'csv' ? 'text/csv' : 'application/x-ndjson' });
  }

  async ioGraph(req: IoGraphRequest): Promise<IoGraph> {
    const cap = this.need();
    const w = cap.wasm;
    const v = this.currentView();
    const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(req.buckets) || 1));
    const [lo, hi] = timeSpan(w, v);
    const start = req.startNs ? BigInt(req.startNs) : lo < 0n ? 0n : lo;
    const end = req.endNs ? BigInt(req.endNs) : hi < 0n ? 0n : hi;
    const series: IoGraph['series'] = [];
    for (const s of req.series.slice(0, MAX_SERIES)) {
      const sel = new Uint8Array((cap.eventCount + 7) >> 3);
      let test: ((i: number) => boolean) | null = null;
      if (s.filter.trim()) {
        const m = await this.matches(s.filter);
        if ('error' in m) { series.push({ values: new Array(buckets).fill(0), error: m.error }); continue; }
        const bits = this.bitmap(s.filter, m.indices);
        test = (i) => bits[i] === 1;
      }
      for (const i of v) if (!test || test(i)) sel[i >> 3] |= 1 << (i & 7);
      series.push({ values: end >= start ? seriesValues(cap, sel, s.measure === 'bytes' ? 'bytes' : 'events', start, end, buckets) : new Array(buckets).fill(0), error: null });
    }
    return { startNs: start.toString(), endNs: end.toString(), buckets, series };
  }

  async viewConversations(top = 100): Promise<Conversations> {
    const cap = this.need();
    const v = this.currentView();
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    for (const i of v) sel[i >> 3] |= 1 << (i & 7);
    return computeConversations(cap, { selection: sel, top });
  }

  async viewStats(top = 100): Promise<ViewStats> {
    const cap = this.need();
    const v = this.currentView();
    // The view as a selection bitset (as exportView): one formatter pass in the engine, no per-event calls.
    const sel = new Uint8Array((cap.eventCount + 7) >> 3);
    for (const i of v) sel[i >> 3] |= 1 << (i & 7);
    return computeStats(cap, { selection: sel, top });
  }

  async followStream(index: number): Promise<StreamResult> {
    const cap = this.need();
    const rows = this.rowsOf;
    const none = (error: string): StreamResult => ({ fdName: '', pid: 0, filter: '', chunks: [], truncated: false, error });
    if (!rows || index < 0 || index >= cap.eventCount) return none('no event');
    const fdName = rows.field(index, 'fd.name');
    const pid = Number(rows.field(index, 'proc.pid'));
    if (!fdName) return none('this event has no file descriptor');
    const filter = `fd.name = ${quoteFilterString(fdName)}${pid ? ` and proc.pid = ${pid}` : ''}`;
    const m = await this.matches(filter);
    if ('error' in m) return { ...none(m.error.message), fdName, pid, filter };
    const w = cap.wasm;
    const chunks: StreamChunk[] = [];
    let total = 0;
    let truncated = false;
    for (const i of m.indices) {
      const type = w.evType(i);
      const k = (EVENT_PARAMS[type] ?? []).indexOf('data');
      if (k < 0 || EVENT_DIRS[type] !== 'exit') continue;
      const r = cap.paramRanges(i)[k];
      if (!r || r[1] === 0) continue;
      if (total + r[1] > MAX_STREAM_BYTES || chunks.length >= MAX_STREAM_CHUNKS) { truncated = true; break; }
      const cat = (EVENT_CATEGORIES[type] ?? 0) & 0xff;
      chunks.push({ index: i, direction: cat === 32 ? 'read' : cat === 33 ? 'write' : 'other', bytes: cap.rawBytes(r[0], r[1]), length: transferred(cap, i, type) });
      total += r[1];
    }
    return { fdName, pid, filter, chunks, truncated, error: null };
  }

  async timeline(buckets: number): Promise<Timeline> {
    const n = Math.max(1, Math.min(4096, Math.floor(buckets) || 1));
    const counts = new Uint32Array(n);
    const firstPosition = new Int32Array(n).fill(-1);
    const cap = this.cap;
    const v = this.currentView();
    if (!cap || v.length === 0) return { startNs: '0', endNs: '0', counts, firstPosition };
    const w = cap.wasm;
    const [lo, hi] = timeSpan(w, v);
    if (lo < 0n) return { startNs: '0', endNs: '0', counts, firstPosition };
    const span = Number(hi - lo) || 1;
    for (let p = 0; p < v.length; p++) {
      const t = w.evTs(v[p]);
      if (t === 0n) continue;
      const b = Math.min(n - 1, Math.floor((Number(t - lo) / span) * n));
      counts[b]++;
      if (firstPosition[b] < 0 || p < firstPosition[b]) firstPosition[b] = p;
    }
    return { startNs: lo.toString(), endNs: hi.toString(), counts, firstPosition };
  }

  async processes(): Promise<ProcessInfo[]> {
    const cap = this.need();
    const w = cap.wasm;
    const rows = this.rowsOf;
    const v = this.currentView();
    // Format the process fields once per thread (and again after an execve changes them).
    const byTid = new Map<bigint, number>();
    const procs = new Map<number, ProcessInfo>();
    const execX = new Set(EVENT_NAMES.flatMap((n, t) => (n === 'execve' || n === 'execveat') && EVENT_DIRS[t] === 'exit' ? [t] : []));
    for (const i of v) {
      const tid = w.evTid(i);
      let pid = byTid.get(tid);
      if (pid === undefined || execX.has(w.evType(i))) {
        const p = rows!.process(i);
        pid = p.pid || Number(tid);
        byTid.set(tid, pid);
        const known = procs.get(pid);
        if (!known) procs.set(pid, { pid, ppid: p.ppid, name: p.name, cmdline: p.cmdline, events: 0, firstIndex: i });
        else if (p.name) { known.name = p.name; known.cmdline = p.cmdline; known.ppid = p.ppid || known.ppid; }
      }
      procs.get(pid)!.events++;
    }
    return [...procs.values()].sort((a, b) => a.firstIndex - b.firstIndex);
  }

  async find(query: FindQuery, fromPosition: number, backwards: boolean): Promise<FindResult> {
    const v = this.currentView();
    const text = query.text.slice(0, MAX_FIND_TEXT);
    if (!text || v.length === 0) return { position: -1, error: null };
    let test: (i: number) => boolean;
    if (query.kind === 'filter') {
      const m = await this.matches(text);
      if ('error' in m) return { position: -1, error: m.error };
      const bits = this.bitmap(text, m.indices);
      test = (i) => bits[i] === 1;
    } else if (query.kind === 'info') {
      // The Info text as the list shows it (only that field is formatted per event).
      const needle = text.toLowerCase();
      const rows = this.rowsOf;
      test = (i) => rows!.info(i).toLowerCase().includes(needle);
    } else {
      // Search the event's bytes in place (a view on engine memory, no copy).
      const needle = new TextEncoder().encode(text);
      const cap = this.need();
      const w = cap.wasm;
      test = (i) => indexOfBytes(cap.engine.bytes(w.rawPtr() + (w.evBlockOffset(i) >>> 0), w.evBlockLength(i) >>> 0), needle) >= 0;
    }
    const step = backwards ? -1 : 1;
    for (let n = 1, p = fromPosition + step; n <= v.length; n++, p += step) {
      if (p >= v.length) p = 0;
      if (p < 0) p = v.length - 1;
      if (test(v[p])) return { position: p, error: null };
    }
    return { position: -1, error: null };
  }

  async positionOfNum(num: number): Promise<number> {
    const v = this.currentView();
    if (!this.sort) {
      let lo = 0, hi = v.length;
      while (lo < hi) { const m = (lo + hi) >>> 1; if (this.numOf(v[m]) < num) lo = m + 1; else hi = m; }
      return lo < v.length ? lo : -1;
    }
    // Sorted: the event itself, or else the displayed event with the next higher number (as in file order).
    let best = -1;
    let bestNum = Infinity;
    for (let p = 0; p < v.length; p++) {
      const n = this.numOf(v[p]);
      if (n === num) return p;
      if (n > num && n < bestNum) { best = p; bestNum = n; }
    }
    return best;
  }

  async sameThread(position: number, backwards: boolean): Promise<number> {
    const v = this.currentView();
    if (position < 0 || position >= v.length) return -1;
    const w = this.need().wasm;
    const tid = w.evTid(v[position]);
    for (let p = position + (backwards ? -1 : 1); p >= 0 && p < v.length; p += backwards ? -1 : 1) {
      if (w.evTid(v[p]) === tid) return p;
    }
    return -1;
  }

  // ---- internals

  private setCapture(cap: Capture | null) {
    if (cap === this.cap) return;
    this.cap = cap;
    this.rowsOf = cap ? new RowRenderer(cap) : null;
  }

  private need(): Capture {
    if (!this.cap) throw new Error('no capture is open');
    return this.cap;
  }

  private reset() {
    this.base = new Uint32Array(0);
    this.baseCount = 0;
    this.scanned = 0;
    this.filtered = null;
    this.view = null;
    this.colors = null;
    this.matchCache.clear();
    this.loadDone = false;
  }

  private summaryNow(): CaptureSummary | null {
    const cap = this.cap;
    if (!cap) return null;
    const s = cap.summary();
    return { ...s, visibleEvents: this.base.length === this.baseCount ? this.baseCount : s.visibleEvents };
  }

  /** Brings `base` up to the events indexed so far (only the new events are looked at). */
  private refreshBase() {
    const cap = this.cap;
    if (!cap) return;
    const n = cap.eventCount;
    if (n > this.scanned) {
      const w = cap.wasm;
      const out = new Uint32Array(this.baseCount + (n - this.scanned));
      out.set(this.base.subarray(0, this.baseCount));
      let k = this.baseCount;
      for (let i = this.scanned; i < n; i++) if (w.evVisible(i)) out[k++] = i;
      this.base = out.subarray(0, k);
      this.scanned = n;
    }
    this.baseCount = this.base.length;
    this.view = null;
  }

  private currentView(): Uint32Array {
    if (this.view) return this.view;
    let v = this.base;
    if (this.filtered) v = intersectSorted(this.base, this.filtered);
    if (this.sort) v = this.sorted(v, this.sort.key, this.sort.descending);
    this.view = v;
    return v;
  }

  /** The view reordered by one key; ties keep file order. Keys go into a typed array first. */
  private sorted(v: Uint32Array, key: SortKey, descending: boolean): Uint32Array {
    const w = this.need().wasm;
    const n = v.length;
    const keys = new Float64Array(n);
    // Text keys: rank the distinct strings once (few distinct values, many rows).
    const collator = new Intl.Collator('en');
    const ranked = (keyOf: (i: number) => string) => {
      const text: string[] = new Array(n);
      for (let k = 0; k < n; k++) text[k] = keyOf(v[k]);
      const distinct = [...new Set(text)].sort(collator.compare);
      const rank = new Map(distinct.map((t, r) => [t, r]));
      for (let k = 0; k < n; k++) keys[k] = rank.get(text[k])!;
    };
    const rowText = (f: (r: EventRow) => string) =>
      ranked((i) => f(this.row(i, key.startsWith('field:') ? [key.slice(6)] : undefined)));
    const first = n ? w.evTs(v[0]) : 0n;
    switch (key) {
      case 'num': for (let k = 0; k < n; k++) keys[k] = v[k]; break;
      case 'time': for (let k = 0; k < n; k++) keys[k] = Number(w.evTs(v[k]) - first); break;
      case 'cpu': for (let k = 0; k < n; k++) keys[k] = w.evCpu(v[k]); break;
      case 'tid': for (let k = 0; k < n; k++) keys[k] = Number(w.evTid(v[k])); break;
      case 'latency': {
        // Exit minus enter timestamp from the state engine's pairing; formatting only without it.
        const partner = w.evPartner as ((ev: number) => number) | undefined;
        for (let k = 0; k < n; k++) {
          const i = v[k];
          if (!partner) { keys[k] = this.row(i).latencyNs ?? -1; continue; }
          const p = EVENT_DIRS[w.evType(i)] === 'exit' ? partner(i) : -1;
          keys[k] = p >= 0 ? Number(w.evTs(i) - w.evTs(p)) : -1;
        }
        break;
      }
      case 'type':
        // Names from the schema table, no formatting per event — except generic and unknown events,
        // whose shown type comes from their parameters.
        ranked((i) => {
          const name = EVENT_NAMES[w.evType(i)];
          return name && name !== 'NA' && name !== 'syscall' ? name : this.row(i).type;
        });
        break;
      case 'proc': rowText((r) => r.proc); break;
      case 'info': rowText((r) => r.info); break;
      default: rowText((r) => r.extra?.[key.slice(6)] ?? ''); break;
    }
    const perm = new Uint32Array(n);
    for (let k = 0; k < n; k++) perm[k] = k;
    perm.sort(descending ? (a, b) => keys[b] - keys[a] || a - b : (a, b) => keys[a] - keys[b] || a - b);
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++) out[k] = v[perm[k]];
    return out;
  }

  private async matches(expr: string, signal?: AbortSignal): Promise<{ indices: Uint32Array } | { error: FilterError }> {
    const cap = this.need();
    const err = cap.validateFilter(expr);
    if (err) return { error: err };
    try {
      const r = signal ? await cap.filterCancellable(expr, { signal, yieldToHost: macrotask }) : cap.filter(expr);
      return r.ok ? { indices: r.indices } : { error: r.error };
    } catch (e) {
      return { error: filterErrorOf(e, expr) };
    }
  }

  private bitmap(expr: string, indices: Uint32Array): Uint8Array {
    const key = `${this.cap?.eventCount}:${expr}`;
    let b = this.matchCache.get(key);
    if (!b) {
      b = new Uint8Array(this.need().eventCount);
      for (const i of indices) if (i < b.length) b[i] = 1;
      if (this.matchCache.size > 8) this.matchCache.clear();
      this.matchCache.set(key, b);
    }
    return b;
  }

  private numOf(i: number): number {
    return i + 1; // evt.num counts every stored event
  }

  private row(i: number, extra?: string[]): EventRow {
    this.need();
    return this.rowsOf!.row(i, extra);
  }

  /** The exit of an enter event or the enter of an exit, as the state engine paired them. */
  private partnerOf(i: number): number | null {
    const p = this.need().wasm.evPartner(i);
    return p >= 0 ? p : null;
  }
}

/** First and last timestamps of the events `v` (-1n when none): events stamped 0 (metadata) are skipped. */
function timeSpan(w: Capture['wasm'], v: Uint32Array): [bigint, bigint] {
  let lo = -1n, hi = -1n;
  for (const i of v) {
    const t = w.evTs(i);
    if (t === 0n) continue;
    if (lo < 0n || t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/** The byte count an I/O exit event reports (its `res` parameter when it is >= 0), or null. */
function transferred(cap: Capture, i: number, type: number): number | null {
  const k = (EVENT_PARAMS[type] ?? []).indexOf('res');
  const r = k < 0 ? undefined : cap.paramRanges(i)[k];
  if (!r || r[1] !== 8) return null;
  const b = cap.rawBytes(r[0], 8);
  const res = new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
  return res >= 0n && res <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(res) : null;
}

/** Elements of sorted `a` that are also in sorted `b`. */
function intersectSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else { out[k++] = a[i]; i++; j++; }
  }
  return out.slice(0, k);
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0 || needle.length > hay.length) return -1;
  const first = needle[0];
  for (let i = hay.indexOf(first); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    let ok = true;
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle[k]) { ok = false; break; }
    if (ok) return i;
  }
  return -1;
}

// The Capture: one loaded .scap in one WASM engine instance. Feeds chunks to the block walker as they
// arrive (so the first rows exist before the file is read), and exposes what every host needs: the index
// and diagnostics, sysdig-identical output (formatChunks / liveFormatter / formatEvent, formatted in the
// engine in batches), field values with their byte ranges or state origins (fieldValues), the summary,
// and filters. Host-agnostic: the web worker, the CLI and the benchmarks share it.
import { scratchWriter } from './scratch.ts';
import type { ByteRange, CaptureSummary, Diagnostic, FieldValue, LoadProgress, MachineInfo, StateOrigin } from './api.ts';
import { EVENT_PARAMS } from './generated/schema.ts';
import { readMachineInfo } from './scap/machine-info.ts';
import { readEngineStats, type EngineStats } from './engine-stats.ts';
import { scanJsonTape, type JsonTapeResult } from './logs/json-tape.ts';
import {
  FMT_REQUIRE_ALL, FMT_JSON, FMT_SHOW_ALL, FMT_VERBOSE, FMT_BUFFER_SHIFT, FMT_TIME_SHIFT, BUFFER_FORMATS, TIME_STYLES,
  ORIGIN_NONE, NO_RANGE, CONVERT_STAT_STORED_ENTERS, CONVERT_STAT_DROPPED, CONVERT_STAT_ERRORS, SEV_ERROR,
} from './generated/boundary.ts';
import { Engine } from './wasm.ts';
import { EventIndex, originOf } from './event-index.ts';
import { extractValues, type ExtractedValue } from './logs/values.ts';
import type { EventModel, EventModelKind } from './rules/event-model.ts';
import { inflateIfGzip, InflateState } from './ingest/inflate.ts';
import { logsToCapture, LogState } from './logs/convert.ts';
import type { FilterError } from './api.ts';
import { compileFilter, runPlan, runPlanMasked, runPlanCancellable, type CompileOptions, type FilterRun, type Plan } from './filter/index.ts';
import { parseFormat, jsonFieldOrder, DEFAULT_FORMAT, DEFAULT_PLUGIN_FORMAT, type FormatPlan, type PlanField } from './format/plan.ts';

export interface FormatOptions {
  /** sysdig `-p` format; default: sysdig's default line. */
  format?: string;
  /** Parsed plan (instead of `format`). */
  plan?: FormatPlan;
  /** sysdig `-j`. */
  json?: boolean;
  /** Also print events sysdig hides (internal, state-only, container). */
  allEvents?: boolean;
  /** sysdig `-v`: byte buffers in full instead of cut to 80 bytes. */
  verbose?: boolean;
  /** Byte buffers as sysdig -A (ascii), -x (hex), -X (hexascii), -b (base64); default: printable with dots. */
  bufferFormat?: 'ascii' | 'hex' | 'hexascii' | 'base64';
  /** evt.outputtime style, sysdig -t: h (clock, default), a (absolute), r (since first event), d (latency), D (delta). */
  timeStyle?: 'h' | 'a' | 'r' | 'd' | 'D';
  /** sysdig `-n`: stop after this many delivered events (0 = all). */
  maxCount?: number;
  /** Filter result: bit i set = event i matches (null = all). */
  selection?: Uint8Array | null;
  /** Time zone offset in seconds east of UTC; default: the host's current offset (as sysdig). */
  tzOffsetSeconds?: number;
  /** Output bytes per yielded chunk (approximate). */
  chunkBytes?: number;
}

export interface LoadOptions {
  /** Expected decompressed size, to reserve memory once (the file size for raw captures). */
  sizeHint?: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** File size, for progress. */
  bytesTotal?: number | null;
  /** Checked as chunks arrive: true stops reading (e.g. `read -n` has printed enough); the capture keeps what was read. */
  stop?: () => boolean;
  /** Receives the Capture as soon as it exists, so a viewer can show rows while the rest loads. */
  onCapture?: (cap: Capture) => void;
  /** Input bytes between two walker runs (and progress reports); default 4 MiB. Viewers use less. */
  walkEvery?: number;
  /**
   * Awaited after each walker step. The worker passes a macrotask here so that a cancel or a row request
   * arriving while buffered (already decompressed) data is indexed is served before the load ends.
   */
  yieldToHost?: () => Promise<void>;
}

/** How often (in input bytes) to run the walker and report progress while loading. */
const WALK_EVERY = 4 << 20;
/** The first walker step (then doubling up to walkEvery): a viewer's first rows need only the first events. */
const FIRST_WALK = 64 << 10;

/**
 * A plain capture (not gzip, not a log) that can be read straight into the engine's raw store, e.g. a
 * .scap file (engine/node/capture-file.ts): one copy fewer than a stream of chunks. `readInto` fills `dst` from the
 * current position and resolves to the bytes read (0 at the end); `size` is the expected total.
 */
export interface DirectSource {
  readonly size: number;
  readInto(dst: Uint8Array): Promise<number>;
}

function isDirectSource(x: AsyncIterable<Uint8Array> | DirectSource): x is DirectSource {
  return typeof (x as DirectSource).readInto === 'function';
}

/** Largest decompression ratio trusted from a gzip trailer; a claim beyond it (hostile, or a member's
 *  size wrapped at 4 GiB) falls back to the file size. */
const GZIP_HINT_MAX_RATIO = 16;

/**
 * The raw size to reserve for a capture file of `size` bytes starting with `head` and ending with `tail`
 * (its last 4 bytes): for gzip, the trailer's ISIZE (the last member's decompressed size mod 2^32, exact
 * for a single member), so the raw region, the allocator's heap and the index are sized once as for a
 * plain capture; otherwise the file size.
 */
export function rawSizeHint(size: number, head: Uint8Array, tail: Uint8Array): number {
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b || tail.length < 4 || size < 18) return size;
  const isize = (tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24)) >>> 0;
  return isize > size && isize <= size * GZIP_HINT_MAX_RATIO ? isize : size;
}

/** Bytes of events (past the first event) read before the index rows of the whole capture are reserved
 *  from the event density seen. */
const INDEX_ESTIMATE_AFTER = 2 << 20;
/** Margin over the estimate: at 2 MiB of events the density predicts the live recordings' counts within 7%. */
const INDEX_MARGIN = 1.2;

/**
 * Reserves the event index once, for `sizeHint` raw bytes at the density of events seen in the first
 * INDEX_ESTIMATE_AFTER bytes after the first event, with a margin: the index then takes one run per column
 * instead of moving at each 1.5x growth (each a memory.grow, and the pages a column leaves were touched:
 * resident for good), and far less than an upper bound (one event per 40 bytes, 2-4 times the real count)
 * would hold. The bytes before the first event (the process and fd tables, up to 1.4 MB on the live
 * recordings) have no events: counting them made the estimate 1.4-1.8x short, so the columns moved twice.
 * A capture denser further on grows its columns past the reserve.
 */
function indexReserver(w: Engine['exports'], sizeHint: number): () => void {
  let done = sizeHint <= 0;
  return () => {
    if (done || w.eventCount() === 0) return;
    const first = w.evOffset(0) >>> 0;
    const seen = w.rawLength() - first;
    if (seen < Math.min(INDEX_ESTIMATE_AFTER, sizeHint - first)) return;
    done = true;
    const perByte = w.eventCount() / Math.max(1, seen);
    const upperBound = Math.ceil(sizeHint / 40);
    w.indexReserve(Math.min(Math.ceil(Math.max(0, sizeHint - first) * perByte * INDEX_MARGIN) + 4096, upperBound, 100_000_000));
  };
}

/** Bytes per read of a DirectSource; past its expected size, reads of DIRECT_EXTRA go through a copy. */
const DIRECT_CHUNK = 1 << 20;
const DIRECT_EXTRA = 64 << 10;

export class Capture {
  readonly inflate = new InflateState();
  /** Set when the input was a raw Kubernetes audit / CloudTrail log, converted to plugin events on load. */
  readonly logs = new LogState();
  loadMs = 0;
  /** Loading was stopped on purpose (LoadOptions.stop) before the end of the input. */
  stoppedEarly = false;
  private hostDiagnostics: Diagnostic[] = [];

  /** The event index: typed per-event reads (type, time, thread, block, origins) and raw views. */
  readonly index: EventIndex;

  private constructor(private readonly engine: Engine) {
    this.index = new EventIndex(engine);
  }

  /** The engine's exports: only this class talks to them (callers use its methods and `index`). */
  private get wasm() {
    return this.engine.exports;
  }

  static async load(engine: Engine, input: AsyncIterable<Uint8Array> | DirectSource, opts: LoadOptions = {}): Promise<Capture> {
    const t0 = performance.now();
    const cap = new Capture(engine);
    opts.onCapture?.(cap);
    const w = engine.exports;
    // evt.time / evt.datetime values for filters are local time, like sysdig's (and the formatter's).
    w.setFieldTimezone(-new Date().getTimezoneOffset() * 60);
    if (opts.sizeHint) {
      w.rawReserve(opts.sizeHint);
    }
    const reserveIndex = indexReserver(w, opts.sizeHint ?? 0);
    let bytesRead = 0;
    let sinceWalk = 0;
    const walkEvery = opts.walkEvery ?? WALK_EVERY;
    let walkAt = Math.min(FIRST_WALK, walkEvery);
    /** Commits `n` bytes placed in the raw store; runs the walker every `walkAt` bytes (true then). */
    const commit = (n: number): boolean => {
      w.rawCommit(n);
      sinceWalk += n;
      if (sinceWalk < walkAt) return false;
      sinceWalk = 0;
      walkAt = Math.min(walkAt * 2, walkEvery);
      w.walk(0);
      reserveIndex();
      opts.onProgress?.({ bytesRead, bytesTotal: opts.bytesTotal ?? null, events: w.eventCount(), done: false });
      return true;
    };
    const stopped = (): boolean => {
      if (opts.signal?.aborted) throw new DOMException('load cancelled', 'AbortError');
      if (opts.stop?.()) { cap.stoppedEarly = true; return true; }
      return false;
    };
    const noMemory = (n: number) => new Error(`capture too large: no memory for ${n} more bytes after ${w.rawLength()}`);
    if (isDirectSource(input)) {
      // Read straight into the raw store: no intermediate buffers to allocate, copy and collect.
      while (!stopped()) {
        const want = Math.min(DIRECT_CHUNK, input.size - bytesRead);
        let n: number;
        if (want > 0) {
          const ptr = w.rawReserve(want);
          if (!ptr) throw noMemory(want);
          n = await input.readInto(engine.bytes(ptr, want));
        } else {
          // Past the expected size (the file grew, or this is its end): read into a scratch buffer, so
          // that reserving room for nothing never moves the raw store.
          const extra = new Uint8Array(DIRECT_EXTRA);
          n = await input.readInto(extra);
          if (n <= 0) break;
          const ptr = w.rawReserve(n);
          if (!ptr) throw noMemory(n);
          engine.bytes(ptr, n).set(extra.subarray(0, n));
        }
        if (n <= 0) break;
        bytesRead += n;
        if (commit(n) && opts.yieldToHost) await opts.yieldToHost();
      }
    } else {
      const counted = (async function* () {
        for await (const c of input) {
          bytesRead += c.length;
          yield c;
        }
      })();
      for await (const chunk of logsToCapture(inflateIfGzip(counted, cap.inflate), cap.logs)) {
        if (stopped()) break;
        const ptr = w.rawReserve(chunk.length);
        if (!ptr) throw noMemory(chunk.length);
        engine.bytes(ptr, chunk.length).set(chunk);
        if (commit(chunk.length) && opts.yieldToHost) await opts.yieldToHost();
      }
    }
    // A deliberate stop leaves a partial block behind: that is not truncation.
    w.walk(cap.stoppedEarly ? 0 : 1);
    if (cap.inflate.error && !cap.stoppedEarly) {
      cap.hostDiagnostics.push({
        severity: 'warning', offset: w.rawLength(),
        message: `gzip stream ended early (${cap.inflate.error}): the capture is truncated; every complete event before it was read`,
      });
    }
    // Problems in a raw log: their offsets are in the log, named in the message (the capture is generated).
    for (const d of cap.logs.diagnostics) cap.hostDiagnostics.push({ ...d, offset: 0 });
    cap.loadMs = performance.now() - t0;
    opts.onProgress?.({ bytesRead, bytesTotal: opts.bytesTotal ?? null, events: w.eventCount(), done: true });
    return cap;
  }

  /** Events matching a filter (file indices in file order), or a positioned error; never re-reads the file. */
  filter(expr: string, opts?: CompileOptions): FilterRun {
    const t0 = performance.now();
    const c = compileFilter(expr, opts);
    if (!c.ok) return { ok: false, indices: new Uint32Array(0), count: 0, error: c.error, ms: performance.now() - t0 };
    const indices = runPlan(this.engine, c.plan.plan);
    return { ok: true, indices, count: indices.length, ms: performance.now() - t0 };
  }

  /** Runs a compiled plan (engine/filter/index.ts): matching event indices, file order. */
  runPlan(plan: Plan): Uint32Array {
    return runPlan(this.engine, plan);
  }

  /** Runs a compiled plan on the events whose bit is set in `mask` only. */
  runPlanMasked(plan: Plan, mask: Uint8Array): Uint32Array {
    return runPlanMasked(this.engine, plan, mask);
  }

  /** runPlan window by window, yielding to the host in between (see engine/filter/index.ts). */
  runPlanCancellable(plan: Plan, run: { signal?: AbortSignal; yieldToHost?: () => Promise<void>; windowEvents?: number } = {}): Promise<Uint32Array> {
    return runPlanCancellable(this.engine, plan, run);
  }

  /** The values of a field (name or id, with an index or key argument) of event `ev`, with their byte ranges. */
  extractValues(field: string | number, ev: number, arg?: number | string): ExtractedValue[] {
    return extractValues(this.engine, field, ev, arg);
  }

  /** How many values field `id` (no argument) has on event `ev`, without reading them (benchmarks). */
  countValues(id: number, ev: number): number {
    return this.wasm.extractField(id, -1n, 0, 0, ev);
  }

  /**
   * The event model computed in the engine (wasm/src/convert/model.ts): which events a rules engine sees,
   * their final types and the enter event each exit took its parameters from.
   */
  eventModel(kind: EventModelKind): EventModel {
    const w = this.wasm;
    const nd = w.convertRun(kind === 'current' ? 1 : 0);
    const n = this.eventCount;
    const buf = w.memory.buffer;
    return {
      kind,
      delivered: new Uint32Array(buf, w.convertDeliveredPtr(), nd).slice(),
      finalType: new Uint16Array(buf, w.convertFinalTypePtr(), n).slice(),
      enterOf: new Int32Array(buf, w.convertEnterOfPtr(), n).slice(),
      stats: {
        delivered: nd, storedEnters: w.convertStat(CONVERT_STAT_STORED_ENTERS), dropped: w.convertStat(CONVERT_STAT_DROPPED),
        errors: w.convertStat(CONVERT_STAT_ERRORS),
      },
    };
  }

  /** The engine's switch "exit events carry their enter's parameters" (the current event model's view). */
  setMergeEnterParams(on: boolean): void {
    this.wasm.setMergeEnterParams(on ? 1 : 0);
  }

  /** Bytes of linear memory the engine holds (the capture, its index and state). */
  get memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  /** Scans the capture's bytes [off, off + len) with the engine's JSON scanner (engine/logs/json-tape.ts). */
  jsonTape(off: number, len: number): JsonTapeResult {
    return scanJsonTape(this.engine, off, len);
  }

  /** Memory, state and filter counters of the engine (benchmarks, fuzzers, bound tests). */
  engineStats(): EngineStats {
    return readEngineStats(this.engine);
  }

  /** Drops the filter's per-field value cache (the next run starts cold). */
  clearFilterCache(): void {
    this.wasm.filterCacheClear();
  }

  /**
   * Like filter, window by window, awaiting `yieldToHost` between windows: aborting `signal` stops it
   * (it rejects with an AbortError) within one window's work.
   */
  async filterCancellable(expr: string, run: { signal?: AbortSignal; yieldToHost?: () => Promise<void>; windowEvents?: number },
    opts?: CompileOptions): Promise<FilterRun> {
    const t0 = performance.now();
    const c = compileFilter(expr, opts);
    if (!c.ok) return { ok: false, indices: new Uint32Array(0), count: 0, error: c.error, ms: performance.now() - t0 };
    const indices = await runPlanCancellable(this.engine, c.plan.plan, run);
    return { ok: true, indices, count: indices.length, ms: performance.now() - t0 };
  }

  /** Compiles without running (syntax, fields, values, types): the filter bar's as-you-type check. */
  validateFilter(expr: string, opts?: CompileOptions): FilterError | null {
    const c = compileFilter(expr, opts);
    return c.ok ? null : c.error;
  }

  get eventCount(): number {
    return this.wasm.eventCount();
  }

  /** Diagnostics from the walker and from the host (gzip), in input order. */
  diagnostics(): Diagnostic[] {
    const w = this.wasm;
    const out: Diagnostic[] = [];
    for (let i = 0, n = w.diagCount(); i < n; i++) {
      out.push({
        severity: w.diagSeverity(i) === SEV_ERROR ? 'error' : 'warning',
        offset: w.diagOffset(i) >>> 0,
        message: this.engine.asString(w.diagMessage(i)),
      });
    }
    const suppressed = w.diagSuppressed();
    if (suppressed) out.push({ severity: 'warning', offset: w.rawLength(), message: `${suppressed} more problems not listed` });
    return [...out, ...this.hostDiagnostics].sort((a, b) => a.offset - b.offset);
  }

  /** True when nothing could be read (not a capture, unsupported section). */
  get unreadable(): boolean {
    return !!this.wasm.walkerFatal() && this.eventCount === 0;
  }

  /** The capture's bytes in [start, start+length) (copied, safe to keep). */
  rawBytes(start: number, length: number): Uint8Array {
    const w = this.wasm;
    const end = Math.min(start + length, w.rawLength());
    return this.engine.bytes(w.rawPtr() + start, Math.max(0, end - start)).slice();
  }

  /** Parameter byte ranges of event i: [absolute offset, length] pairs. */
  paramRanges(i: number): Array<[number, number]> {
    const w = this.wasm;
    const n = w.locateParams(i);
    const off = this.engine.u32(w.paramOffPtr(), n);
    const len = this.engine.u32(w.paramLenPtr(), n);
    const out: Array<[number, number]> = [];
    for (let k = 0; k < n; k++) out.push([off[k], len[k]]);
    return out;
  }

  /**
   * Formats the capture as sysdig prints it (text lines or JSON objects, each ending in \n), yielding
   * UTF-8 chunks. A chunk is a view on engine memory: consume it before asking for the next one.
   */
  *formatChunks(opts: FormatOptions = {}): Generator<Uint8Array> {
    const w = this.wasm;
    let allocs: number[] = [];
    let selPtr = 0;
    try {
      allocs = this.installPlan(opts);
      if (opts.selection) {
        selPtr = w.scratchAlloc(opts.selection.length);
        this.engine.bytes(selPtr, opts.selection.length).set(opts.selection);
      }
      w.fmtSetSelection(selPtr, opts.selection?.length ?? 0);
      w.fmtResetCount();
      w.outReset();
      const budget = opts.chunkBytes ?? (1 << 20);
      const max = BigInt(opts.maxCount ?? 0);
      const n = w.eventCount();
      // Nothing before the first selected event is formatted or counted: start there (a page of rows
      // deep in a large capture does not scan its beginning; the engine stops after the selection's end).
      let ev = opts.selection ? firstSetBit(opts.selection) : 0;
      while (ev < n) {
        ev = w.formatBatch(ev, budget, max);
        const len = w.outLength();
        if (len > 0) yield this.engine.bytes(w.outPtr(), len);
        w.outReset();
        if (max !== 0n && w.fmtCountedValue() >= max) break;
      }
    } finally {
      w.fmtSetSelection(0, 0);
      for (const p of allocs) w.scratchFree(p);
      if (selPtr) w.scratchFree(selPtr);
    }
  }

  /** Compiles `opts`' format into the engine's formatter; returns the scratch blocks to free afterwards. */
  private installPlan(opts: FormatOptions): number[] {
    const w = this.wasm;
    const plan = opts.plan ?? parseFormat(opts.format ?? DEFAULT_FORMAT);
    const tz = opts.tzOffsetSeconds ?? -new Date().getTimezoneOffset() * 60;
    const bf = opts.bufferFormat ? BUFFER_FORMATS[opts.bufferFormat] : 0;
    const flags = (plan.requireAll ? FMT_REQUIRE_ALL : 0) | (opts.json ? FMT_JSON : 0) | (opts.allEvents ? FMT_SHOW_ALL : 0) |
      (opts.verbose ? FMT_VERBOSE : 0) | (bf << FMT_BUFFER_SHIFT) | ((TIME_STYLES[opts.timeStyle ?? 'h'] ?? 0) << FMT_TIME_SHIFT);
    const allocs: number[] = [];
    const put = scratchWriter(this.engine, allocs);
    w.planReset(flags, tz);
    const add = (p: FormatPlan) => {
      for (const t of opts.json ? jsonFieldOrder(p) : p.tokens) {
        if (t.kind === 'literal') {
          const [lp, l] = put(t.text);
          w.planLiteral(lp, l);
        } else {
          const f = t as PlanField;
          const [ap, al] = f.argStr ? put(f.argStr) : [0, 0];
          const [np, nl] = put(f.name);
          w.planField(f.field.id, BigInt(f.argNum), ap, al, f.width, np, nl);
        }
      }
    };
    add(plan);
    // Without -p, sysdig prints plugin events with its plugin line.
    if (!opts.plan && !opts.format) {
      w.planBeginPlugin();
      add(parseFormat(DEFAULT_PLUGIN_FORMAT));
    }
    return allocs;
  }

  /** One event formatted with `opts` (hidden events too), without the newline; null when a required field is missing. */
  formatEvent(i: number, opts: FormatOptions = {}): string | null {
    const w = this.wasm;
    const allocs = this.installPlan({ ...opts, allEvents: true });
    try {
      w.outReset();
      const ok = w.formatOne(i);
      const s = ok ? new TextDecoder().decode(this.engine.bytes(w.outPtr(), w.outLength())) : null;
      w.outReset();
      return s === null ? null : s.replace(/\n$/, '');
    } finally {
      for (const p of allocs) w.scratchFree(p);
    }
  }

  /**
   * Field values of event i for the detail view: the text sysdig would print (`evt.arg.fd` -> `<f>/etc/passwd`)
   * and where it came from: the exact bytes in the capture, or the metadata block / earlier event that set
   * the state it was read from. Fields without a value are left out.
   */
  fieldValues(i: number, names: string[]): FieldValue[] {
    const SEP = '\x1f';
    const plans = names.map((n) => {
      try { return parseFormat('%' + n).tokens[0] as PlanField; } catch { return null; }
    });
    const ok = plans.filter((p): p is PlanField => !!p);
    if (!ok.length) return [];
    const line = this.formatEvent(i, { format: '*' + ok.map((p) => '%' + p.name).join(SEP) }) ?? '';
    const texts = line.split(SEP);
    const w = this.wasm;
    const out: FieldValue[] = [];
    const enc = new TextEncoder();
    ok.forEach((p, k) => {
      const text = texts[k];
      if (text === undefined || text === '<NA>') return;
      let range: ByteRange | null = null;
      let origin: StateOrigin | null = null;
      const arg = p.argStr ? enc.encode(p.argStr) : null;
      const ap = arg ? w.scratchAlloc(arg.length) : 0;
      try {
        if (arg) this.engine.bytes(ap, arg.length).set(arg);
        const nv = w.extractField(p.field.id, BigInt(p.argNum), ap, arg?.length ?? 0, i);
        if (nv > 0) {
          const start = this.engine.u32(w.valuesRangeStarts(), 1)[0];
          const len = this.engine.u32(w.valuesRangeLens(), 1)[0];
          const o = this.engine.bytes(w.valuesOrigins(), 1)[0];
          const ref = this.engine.u32(w.valuesOriginRefs(), 1)[0];
          if (o === ORIGIN_NONE && start !== NO_RANGE) range = { start, length: len };
          else origin = originOf(o, ref);
        }
      } finally {
        if (ap) w.scratchFree(ap);
      }
      // Event parameters: the param's own bytes.
      if (!range && (p.field.name === 'evt.arg' || p.field.name === 'evt.rawarg')) {
        const idx = p.argNum >= 0 ? p.argNum : this.paramIndex(i, p.argStr);
        const r = this.paramRanges(i)[idx];
        if (r) { range = { start: r[0], length: r[1] }; origin = null; }
      }
      out.push({ field: p.name, label: p.name, value: text, range, origin });
    });
    return out;
  }

  /** Index of the parameter named `name` in event i (by the schema of its type), or -1. */
  paramIndex(i: number, name: string): number {
    const names = EVENT_PARAMS[this.wasm.evType(i)] ?? [];
    return names.indexOf(name);
  }

  /**
   * A formatter that follows the load: `drain()` formats the events indexed since the last call (their
   * state is final once indexed), so output starts before the file is read and `-n` can stop the load.
   * Not for filtered output (a filter needs the whole capture). Call close() when done.
   */
  liveFormatter(opts: FormatOptions = {}): LiveFormatter {
    const w = this.wasm;
    const allocs = this.installPlan(opts);
    w.fmtSetSelection(0, 0);
    w.fmtResetCount();
    w.outReset();
    const max = BigInt(opts.maxCount ?? 0);
    const budget = opts.chunkBytes ?? (1 << 20);
    const engine = this.engine;
    let next = 0;
    let closed = false;
    return {
      get finished() { return closed || (max !== 0n && w.fmtCountedValue() >= max); },
      *drain(): Generator<Uint8Array> {
        const n = w.eventCount();
        while (next < n && !this.finished) {
          next = w.formatBatch(next, budget, max);
          const len = w.outLength();
          if (len > 0) yield engine.bytes(w.outPtr(), len);
          w.outReset();
        }
      },
      close() {
        if (closed) return;
        closed = true;
        for (const p of allocs) w.scratchFree(p);
      },
    };
  }

  /** Formatted output as one string (small captures, tests). */
  formatText(opts: FormatOptions = {}): string {
    const dec = new TextDecoder();
    let s = '';
    for (const c of this.formatChunks(opts)) s += dec.decode(c, { stream: true });
    return s + dec.decode();
  }

  summary(): CaptureSummary {
    const w = this.wasm;
    const n = this.eventCount;
    const diags = this.diagnostics();
    const fatal = diags.find((d) => d.severity === 'error' && this.unreadable) ?? null;
    // one engine pass (wasm/src/format/summary.ts): time span and visible events per type key, each key
    // named by formatting one representative event, so the names are what %evt.type prints
    const keys = w.summaryScan();
    const first = w.summaryFirstTs(), last = w.summaryLastTs();
    const byName = new Map<string, number>();
    let visible = 0;
    for (let k = 0; k < keys; k++) {
      const name = this.formatEvent(w.summaryKeyEvent(k), { format: '%evt.type' }) ?? '<NA>';
      const c = w.summaryKeyCount(k);
      byName.set(name, (byName.get(name) ?? 0) + c);
      visible += c;
    }
    const counts: Record<string, number> = {};
    for (const [t, c] of [...byName].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) counts[t] = c;
    return {
      totalEvents: n,
      visibleEvents: visible,
      bytes: w.rawLength(),
      firstTs: first === 0n ? null : first.toString(),
      lastTs: last === 0n ? null : last.toString(),
      machine: this.machineInfo(),
      sections: w.walkerSections(),
      eventTypeCounts: counts,
      diagnostics: diags,
      error: fatal,
      loadMs: this.loadMs,
    };
  }

  /** The lines formatChunks prints, one by one, without their newline (JSON mode: one object per event). */
  *formatLines(opts: FormatOptions = {}): Generator<string> {
    const dec = new TextDecoder();
    let rest = '';
    for (const chunk of this.formatChunks(opts)) {
      const lines = (rest + dec.decode(chunk, { stream: true })).split('\n');
      rest = lines.pop() ?? '';
      yield* lines;
    }
    if (rest) yield rest;
  }

  /** How many shown events print each distinct line of `format` (e.g. `%proc.name`), most frequent first. */
  tally(format: string, opts: FormatOptions = {}): [string, number][] {
    const counts = new Map<string, number>();
    for (const l of this.formatLines({ ...opts, format })) counts.set(l, (counts.get(l) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** The machine info block of the first section, if any (it precedes the first event). */
  machineInfo(): MachineInfo | null {
    return readMachineInfo((o, n) => this.rawBytes(o, n), this.wasm.rawLength());
  }
}

/** Index of the first set bit of a selection bitset (bit i&7 of byte i>>3), or its bit count when none is set. */
function firstSetBit(sel: Uint8Array): number {
  for (let k = 0; k < sel.length; k++) {
    const b = sel[k];
    if (b) return k * 8 + (31 - Math.clz32(b & -b));
  }
  return sel.length * 8;
}

/** See Capture.liveFormatter. */
export interface LiveFormatter {
  readonly finished: boolean;
  drain(): Generator<Uint8Array>;
  close(): void;
}

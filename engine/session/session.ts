// The Session: one open capture in one engine instance and everything done with it — the view (filter,
// sort, colors), rows and detail, navigation, analyses, exports and Falco rules. It implements
// ScapulaApi (engine/api.ts): the web worker exposes one Session through comlink (engine/worker.ts), the
// CLI commands and the tests construct one in-process (engine/node/session.ts opens files). The work is
// in the modules next to this one; this class holds the state and routes each call.
import type {
  AlertRow, CaptureSummary, Conversations, Diagnostic, EventDetail, EventRow, ExplainNode, FilterError, FilterResult, FindQuery, FindResult,
  IoGraph, IoGraphRequest, LoadProgress, ProcessInfo, RulesFileInput, RulesLoadReport, RulesRunOptions, RulesRunProgress,
  RulesRunSummary, ScapulaApi, SortKey, SqlEventRows, StreamResult, Timeline, ViewStats,
} from '../api.ts';
import { Capture, rawSizeHint, type LiveFormatter, type LoadOptions } from '../capture.ts';
import type { ColumnSpec } from '../columns-export.ts';
import { instantiateEngine } from '../wasm.ts';
import { transfer } from 'comlink';
import { blobChunks, macrotask, WORKER_WALK_EVERY, type CaptureInput, type LivePrint, type SessionOptions } from './load.ts';
export type { CaptureInput, LivePrint, SessionOptions };
import { View, type FilterCheck } from './view.ts';
import { SessionOutput } from './output.ts';
import { RowRenderer } from './rows.ts';
import { DetailRenderer } from './detail.ts';
import { find, positionOfNum, sameThread } from './navigate.ts';
import type { SessionRules } from './rules.ts';
import { rewriteRuleField } from '../rules/pseudo-fields.ts';

/** Most rows one rows() call returns. */
const MAX_ROWS = 10_000;
/** The `rule` column's field name: the names of the rules alerting on the event. */
export const RULE_COLUMN = 'rule';

// Loaded on first use, so that a plain `scapula read` does not load Arrow, the rules loader or the
// statistics (and the worker's first screen does not wait for them).
const analyses = () => import('./analyses.ts');
const exporters = () => import('./exports.ts');
const streams = () => import('./stream.ts');
const rulesModule = () => import('./rules.ts');

export class Session implements ScapulaApi {
  private cap: Capture | null = null;
  private rowsOf: RowRenderer | null = null;
  private details: DetailRenderer | null = null;
  private loading: AbortController | null = null;
  private fileName = '';
  private readonly cooperative: boolean;
  /** Falco rules, from the first rulesLoad on. */
  private rules: SessionRules | null = null;
  private readonly view: View;
  /** Counts finds: a running find stops when a newer one (or cancelFind) bumps it. */
  private findSeq = 0;
  /** Counts process-tree requests: a newer one stops a running one. */
  private processesSeq = 0;

  constructor(private readonly module: Promise<WebAssembly.Module> | WebAssembly.Module, opts: SessionOptions = {}) {
    this.cooperative = opts.cooperative ?? true;
    const ruleField = opts.ruleField ?? true;
    // the `rule` pseudo-field as evt.num checks over the current alerts
    this.view = new View((expr) => (/\brule\b/.test(expr) && (ruleField || this.rules)
      ? rewriteRuleField(expr, this.rules?.alertIndex() ?? { byRule: new Map(), all: [] }) : expr), this.cooperative);
  }

  async ready(): Promise<{ engineVersion: number }> {
    const engine = await instantiateEngine(await this.module);
    return { engineVersion: engine.exports.engineVersion() };
  }

  // ---- loading

  async open(source: Blob | Uint8Array, name: string, onProgress?: (p: LoadProgress) => void): Promise<CaptureSummary> {
    const size = source instanceof Uint8Array ? source.length : source.size;
    // The raw size to reserve: the file's, or a gzip trailer's (its first 2 and last 4 bytes read first).
    const bytes = async (from: number, to: number) => source instanceof Uint8Array ? source.subarray(from, to)
      : new Uint8Array(await source.slice(from, to).arrayBuffer());
    const sizeHint = rawSizeHint(size, await bytes(0, 2), await bytes(Math.max(0, size - 4), size));
    return this.load(name, (signal) => blobChunks(source, signal), { bytesTotal: size, sizeHint, onProgress });
  }

  /** Opens a capture from any host's input (a Blob, the Node file reader), replacing the open one. */
  async load(name: string, input: CaptureInput, opts: LoadOptions = {}): Promise<CaptureSummary> {
    const t0 = performance.now();
    await this.loadCapture(name, input, opts);
    const s = this.summaryNow()!;
    s.loadMs = performance.now() - t0;
    return s;
  }

  /**
   * Like load, without computing the summary. With `print`, events are formatted as they are indexed
   * (their state is final then), so output starts before the file is read; the load stops once
   * `print.format.maxCount` events are out or `print.write` returns false (the reader left).
   */
  async loadCapture(name: string, input: CaptureInput, opts: LoadOptions = {}, print?: LivePrint): Promise<void> {
    this.cancel();
    const abort = new AbortController();
    this.loading = abort;
    this.setCapture(null);
    this.fileName = name;
    const engine = await instantiateEngine(await this.module);
    const out: { live: LiveFormatter | null; readerGone: boolean } = { live: null, readerGone: false };
    const pump = () => {
      if (!out.live || out.readerGone) return;
      for (const chunk of out.live.drain()) if (!print!.write(chunk)) { out.readerGone = true; break; }
    };
    try {
      const cap = await Capture.load(engine, input(abort.signal), {
        ...opts,
        signal: abort.signal,
        onCapture: (c) => {
          if (this.loading === abort) this.setCapture(c);
          if (print) out.live = c.liveFormatter(print.format);
          opts.onCapture?.(c);
        },
        // Small walker steps keep the worker answering row requests while it loads.
        ...(this.cooperative ? { walkEvery: WORKER_WALK_EVERY, yieldToHost: macrotask } : {}),
        onProgress: (p) => {
          if (this.loading !== abort) return;
          pump();
          opts.onProgress?.(this.cooperative ? { ...p, shown: this.view.current().length } : p);
        },
        stop: () => out.readerGone || !!out.live?.finished || !!opts.stop?.(),
      });
      if (this.loading !== abort) throw new DOMException('load cancelled', 'AbortError');
      this.setCapture(cap);
      this.view.settle();
      pump();
      if (this.view.filterText) await this.view.setFilter(this.view.filterText);
      if (this.view.coloring.length) await this.view.setColoring(this.view.coloring);
    } catch (e) {
      // Cancelled: what was indexed stays browsable, up to the last event walked.
      if (this.loading === abort) this.setCapture(null);
      throw e;
    } finally {
      out.live?.close();
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

  async memory(): Promise<{ wasmBytes: number; viewBytes: number; events: number }> {
    const cap = this.cap;
    if (!cap) return { wasmBytes: 0, viewBytes: 0, events: 0 };
    return { wasmBytes: cap.memoryBytes, viewBytes: this.view.bytes(), events: cap.eventCount };
  }

  // ---- the view

  async viewSize(): Promise<number> {
    return this.view.current().length;
  }

  async viewPosition(index: number): Promise<number> {
    return this.view.position(index);
  }

  async setFilter(expr: string): Promise<FilterResult> {
    return this.view.setFilter(expr);
  }

  cancelFilter(): void {
    this.view.cancelFilter();
  }

  async validateFilter(expr: string): Promise<FilterError | null> {
    if (!expr.trim()) return null;
    this.need();
    return this.view.validate(expr);
  }

  async setColoring(filters: string[]): Promise<(FilterError | null)[]> {
    return this.view.setColoring(filters);
  }

  async sortView(key: SortKey | null, descending: boolean): Promise<void> {
    await this.view.setSort(key, descending);
  }

  // ---- rows and detail

  async rows(start: number, count: number, extraFields?: string[]): Promise<EventRow[]> {
    const v = this.view.current();
    const from = Math.max(0, start);
    const end = Math.min(v.length, from + Math.max(0, Math.min(count, MAX_ROWS)));
    if (end <= from) return [];
    const rows = this.needRows();
    const extra = extraFields?.filter((f) => f !== RULE_COLUMN);
    const out = rows.rows(v.subarray(from, end), extraFields ? extra : undefined);
    const ruleColumn = extraFields?.includes(RULE_COLUMN);
    for (const row of out) {
      row.color = this.view.colorOf(row.index);
      if (ruleColumn) row.extra = { ...(row.extra ?? {}), [RULE_COLUMN]: this.rules?.rulesOfEvent(row.index) ?? '' };
    }
    return out;
  }

  async detail(index: number): Promise<EventDetail> {
    const cap = this.need();
    if (index < 0 || index >= cap.eventCount) throw new Error(`no event at index ${index}`);
    const p = cap.index.partner(index);
    return this.details!.detail(index, p >= 0 ? p : null);
  }

  // ---- navigation

  async find(query: FindQuery, fromPosition: number, backwards: boolean): Promise<FindResult> {
    const seq = ++this.findSeq;
    // The worker yields between batches (a find through every row takes seconds on a big capture).
    return find(this.cap, this.view, this.rowsOf, query, fromPosition, backwards,
      this.cooperative ? { yieldToHost: macrotask, cancelled: () => seq !== this.findSeq } : {});
  }

  cancelFind(): void {
    this.findSeq++;
  }

  async positionOfNum(num: number): Promise<number> {
    return positionOfNum(this.view, num);
  }

  async sameThread(position: number, backwards: boolean): Promise<number> {
    return sameThread(this.cap, this.view, position, backwards);
  }

  // ---- analyses

  async viewStats(top = 100): Promise<ViewStats> {
    const cap = this.need();
    return (await analyses()).viewStats(cap, this.view, top);
  }

  async viewConversations(top = 100): Promise<Conversations> {
    const cap = this.need();
    return (await analyses()).viewConversations(cap, this.view, top);
  }

  async ioGraph(req: IoGraphRequest): Promise<IoGraph> {
    const cap = this.need();
    return (await analyses()).ioGraph(cap, this.view, req);
  }

  async timeline(buckets: number): Promise<Timeline> {
    return (await analyses()).timeline(this.cap, this.view, buckets);
  }

  async processes(): Promise<ProcessInfo[]> {
    const rows = this.needRows();
    const seq = ++this.processesSeq;
    // The worker yields every million events; a newer call stops this one, which answers [] (its caller
    // is gone or about to get the newer answer).
    const pause = this.cooperative ? async () => { await macrotask(); return seq !== this.processesSeq; } : undefined;
    return (await (await analyses()).processes(this.need(), this.view, rows, pause)) ?? [];
  }

  async followStream(index: number): Promise<StreamResult> {
    const rows = this.needRows();
    return (await streams()).followStream(this.need(), this.view, rows, index);
  }

  // ---- exports

  async exportView(json: boolean): Promise<Blob> {
    const cap = this.need();
    return (await exporters()).exportText(cap, this.view.selection(), json);
  }

  async exportScap(): Promise<{ blob: Blob; events: number; stateOnly: number }> {
    const cap = this.need();
    return (await exporters()).exportScap(cap, this.view.selection());
  }

  async exportColumns(kind: 'csv' | 'json', columns: ColumnSpec[]): Promise<Blob> {
    const cap = this.need();
    return (await exporters()).exportColumns(cap, this.view.selection(), kind, columns);
  }

  async sqlEventRows(): Promise<SqlEventRows> {
    const cap = this.need();
    const r = (await exporters()).sqlEventRows(cap, this.view.current(), this.fileName);
    return transfer(r, [r.ipc.buffer]);
  }

  // ---- rules

  async rulesLoad(files: RulesFileInput[]): Promise<RulesLoadReport> {
    if (!this.rules) {
      const { SessionRules } = await rulesModule();
      this.rules ??= new SessionRules(() => this.cap, this.cooperative);
    }
    return this.rules.load(files);
  }

  async rulesRun(opts: RulesRunOptions, onProgress?: (p: RulesRunProgress) => void): Promise<RulesRunSummary> {
    if (!this.rules) throw new Error('no rules are loaded');
    return this.rules.run(opts, onProgress);
  }

  async rulesCancel(): Promise<void> {
    this.rules?.cancel();
  }

  async rulesAlerts(start: number, count: number, ruleFilter?: string | null): Promise<AlertRow[]> {
    return this.rules?.alerts(start, count, ruleFilter) ?? [];
  }

  async rulesAlertCount(ruleFilter?: string | null): Promise<number> {
    return this.rules?.count(ruleFilter) ?? 0;
  }

  async rulesAlertNums(ruleFilter?: string | null): Promise<number[]> {
    return this.rules?.nums(ruleFilter) ?? [];
  }

  async rulesExplain(alertId: number): Promise<ExplainNode> {
    if (!this.rules) throw new Error(`no alert ${alertId}`);
    return this.rules.explainAlert(alertId);
  }

  async rulesExplainEvent(rule: string, index: number, model: 'current' | 'legacy'): Promise<ExplainNode> {
    if (!this.rules) throw new Error(`no rule named '${rule}' is loaded`);
    return this.rules.explainEvent(rule, index, model);
  }

  async rulesExportJson(): Promise<string> {
    return this.rules?.exportJson() ?? '';
  }

  // ---- for in-process hosts (the CLI): streaming output, beyond what crosses a worker boundary

  /** Output of the open capture and the current filter (engine/session/output.ts). */
  output(): SessionOutput {
    return new SessionOutput(this.need(), this.view, this.fileName);
  }

  /** Compiles `expr` without running it (no capture needed): its normalised text and warnings, or the error. */
  checkFilter(expr: string): FilterCheck {
    return this.view.check(expr);
  }

  /** Problems found reading the capture (walker and gzip), in input order. */
  diagnostics(): Diagnostic[] {
    return this.need().diagnostics();
  }

  /** Events stored in the capture (every block, hidden ones included). */
  get eventCount(): number {
    return this.need().eventCount;
  }

  /** True when nothing could be read (not a capture, unsupported section). */
  get unreadable(): boolean {
    return this.need().unreadable;
  }

  /** The alerts of the last rules run as Falco prints them, each with its priority level. */
  *rulesAlertLines(json: boolean, hostname: string, tzOffsetSec: number): Generator<{ line: string; priority: number }> {
    if (this.rules) yield* this.rules.lines(json, hostname, tzOffsetSec);
  }

  /** The alerts of the last rules run as rows of `scapula export`'s alerts table (NDJSON, `capture` = name). */
  async rulesAlertTable(name: string): Promise<string> {
    return this.rules ? this.rules.alertTable(name) : '';
  }

  /** The last rules load as the loader gave it (Falco-style reports), or null before any. */
  rulesLoadResult(): SessionRules['loadResult'] {
    return this.rules?.loadResult ?? null;
  }

  // ---- internals

  private setCapture(cap: Capture | null) {
    if (cap === this.cap) return;
    this.cap = cap;
    this.rowsOf = cap ? new RowRenderer(cap) : null;
    this.details = cap && this.rowsOf ? new DetailRenderer(cap, this.rowsOf) : null;
    this.view.attach(cap, this.rowsOf);
    this.view.reset();
  }

  private need(): Capture {
    if (!this.cap) throw new Error('no capture is open');
    return this.cap;
  }

  private needRows(): RowRenderer {
    this.need();
    return this.rowsOf!;
  }

  private summaryNow(): CaptureSummary | null {
    const cap = this.cap;
    if (!cap) return null;
    return { ...cap.summary(), visibleEvents: this.view.visibleCount() };
  }
}

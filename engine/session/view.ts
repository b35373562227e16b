// The view: the visible events of the open capture, narrowed by the filter and reordered by a sort, as
// a typed array of file indices, so every request (a page of rows, a find, a go-to) is answered from
// it without re-reading the file. Also the coloring rules' per-event colors, and the filter runs behind
// them: each expression is compiled once and run in the engine (cancellable for the filter bar).
import type { Capture } from '../capture.ts';
import type { FilterError, FilterResult, SortKey } from '../api.ts';
import { compileFilter } from '../filter/index.ts';
import { printExpr } from '../filter/ast.ts';
import { macrotask } from './load.ts';
import type { RowRenderer } from './rows.ts';
import { sortEvents, sortEventsInSteps } from './sort.ts';

export type Matches = { indices: Uint32Array } | { error: FilterError };
export type FilterCheck = { ok: true; normalized: string; warnings: FilterError[] } | { ok: false; error: FilterError };

/** Most coloring rules (a color is stored in one byte per event). */
const MAX_COLORING = 255;
/** Match bitmaps kept for find and the I/O graph. */
const MAX_CACHED_MATCHES = 8;

function filterErrorOf(e: unknown, text = ''): FilterError {
  const x = e as { pos?: number; line?: number; col?: number; reason?: string; message?: string; span?: { start: number } };
  const pos = x.pos ?? x.span?.start ?? 0;
  const before = text.slice(0, pos).split('\n');
  return {
    pos, line: x.line ?? before.length, col: x.col ?? before[before.length - 1].length + 1,
    message: x.reason ?? x.message ?? String(e),
  };
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

export class View {
  private cap: Capture | null = null;
  private rows: RowRenderer | null = null;
  /** Visible events in file order (grows while loading), and how many events were looked at for it. */
  private base: Uint32Array = new Uint32Array(0);
  /** `base`'s storage, grown by doubling: a load refreshes `base` at every step, without copying it all each time. */
  private baseStore: Uint32Array = new Uint32Array(0);
  private scanned = 0;
  /** Current filter result (file indices, sorted) or null for "no filter". */
  private filtered: Uint32Array | null = null;
  private filterExpr = '';
  /** The running setFilter, which cancelFilter or a newer setFilter aborts. */
  private filtering: AbortController | null = null;
  /** `base` narrowed by `filtered`, optionally sorted; null = to be computed. */
  private view: Uint32Array | null = null;
  private sort: { key: SortKey; descending: boolean } | null = null;
  /** The running cooperative sort, which a newer setSort stops. */
  private sorting: AbortController | null = null;
  /** Per-event coloring rule + 1 (0 = none). */
  private colors: Uint8Array | null = null;
  private coloringExprs: string[] = [];
  private matchCache = new Map<string, Uint8Array>();

  /**
   * `rewrite` turns pseudo-fields (the `rule` field) into plain filter text before compiling;
   * `cooperative`: setFilter runs window by window, yielding to the host (cancelFilter can stop it).
   */
  constructor(private readonly rewrite: (expr: string) => string, private readonly cooperative: boolean) {}

  attach(cap: Capture | null, rows: RowRenderer | null): void {
    this.cap = cap;
    this.rows = rows;
  }

  /** Forgets the capture's view (a new capture is opening); the filter and coloring texts stay. */
  reset(): void {
    this.base = new Uint32Array(0);
    this.baseStore = new Uint32Array(0);
    this.scanned = 0;
    this.filtered = null;
    this.view = null;
    this.colors = null;
    this.matchCache.clear();
  }

  get filterText(): string { return this.filterExpr; }
  get coloring(): string[] { return this.coloringExprs; }
  get sorted(): boolean { return this.sort !== null; }

  /** The view; brings `base` up to the events indexed so far (only the new events are looked at). */
  current(): Uint32Array {
    const cap = this.cap;
    if (cap && cap.eventCount !== this.scanned) this.refreshBase(cap);
    if (this.view) return this.view;
    let v = this.base;
    if (this.filtered) v = intersectSorted(this.base, this.filtered);
    if (this.sort && cap && this.rows) v = sortEvents(cap, this.rows, v, this.sort.key, this.sort.descending);
    this.view = v;
    return v;
  }

  /** Visible events so far (unfiltered). */
  visibleCount(): number {
    this.current();
    return this.base.length;
  }

  /** After a load: brings `base` up to date and gives back its storage's unused room. */
  settle(): void {
    this.current();
    if (this.baseStore.length === this.base.length) return;
    if (this.view === this.base) this.view = null;
    this.base = this.base.slice();
    this.baseStore = this.base;
  }

  private refreshBase(cap: Capture): void {
    const n = cap.eventCount;
    const ix = cap.index;
    if (n < this.scanned) this.reset();
    let k = this.base.length;
    const need = k + (n - this.scanned);
    if (need > this.baseStore.length) {
      const grown = new Uint32Array(Math.max(need, this.baseStore.length * 2));
      grown.set(this.base);
      this.baseStore = grown;
    }
    const out = this.baseStore;
    for (let i = this.scanned; i < n; i++) if (ix.visible(i)) out[k++] = i;
    this.base = out.subarray(0, k);
    this.scanned = n;
    this.view = null;
  }

  /** Position of event `index` in the view, or -1. */
  position(index: number): number {
    const v = this.current();
    if (!this.sort) {
      let lo = 0, hi = v.length;
      while (lo < hi) { const m = (lo + hi) >>> 1; if (v[m] < index) lo = m + 1; else hi = m; }
      return lo < v.length && v[lo] === index ? lo : -1;
    }
    return v.indexOf(index);
  }

  /** The view as the formatter's selection bitset (bit i = event i is displayed). */
  selection(): Uint8Array {
    const sel = new Uint8Array(((this.cap?.eventCount ?? 0) + 7) >> 3);
    for (const i of this.current()) sel[i >> 3] |= 1 << (i & 7);
    return sel;
  }

  /** The current filter's matches as a selection bitset (hidden events included), or null when none. */
  filterSelection(): Uint8Array | null {
    if (!this.filtered) return null;
    const sel = new Uint8Array(((this.cap?.eventCount ?? 0) + 7) >> 3);
    for (const i of this.filtered) sel[i >> 3] |= 1 << (i & 7);
    return sel;
  }

  /** Index of the first coloring rule event `i` matches, or -1. */
  colorOf(i: number): number {
    return (this.colors?.[i] ?? 0) - 1;
  }

  /**
   * Orders the view by `key`. Cooperative: the new order is computed in steps, requests meanwhile get
   * the current one, and a newer setSort stops it; otherwise the view is sorted when next asked for.
   */
  async setSort(key: SortKey | null, descending: boolean): Promise<void> {
    this.sorting?.abort();
    this.sorting = null;
    const sort = key ? { key, descending } : null;
    const cap = this.cap;
    const rows = this.rows;
    if (!this.cooperative || !sort || !cap || !rows) {
      this.sort = sort;
      this.view = null;
      return;
    }
    this.current();
    const { scanned, filtered } = this;
    const unsorted = filtered ? intersectSorted(this.base, filtered) : this.base;
    const abort = new AbortController();
    this.sorting = abort;
    try {
      const sorted = await sortEventsInSteps(cap, rows, unsorted, sort.key, sort.descending, async () => {
        await macrotask();
        return abort.signal.aborted;
      });
      if (!sorted || abort.signal.aborted) return;
      this.sort = sort;
      // The view moved on meanwhile (events loaded, another filter or capture): sorted when next asked for.
      this.view = this.cap === cap && this.scanned === scanned && this.filtered === filtered ? sorted : null;
    } finally {
      if (this.sorting === abort) this.sorting = null;
    }
  }

  /** Narrows the view to `expr`'s matches (compiled once); a positioned error leaves the view as it was. */
  async setFilter(expr: string): Promise<FilterResult> {
    const t0 = performance.now();
    this.cancelFilter();
    const text = expr.trim();
    if (!text) {
      this.filterExpr = '';
      this.filtered = null;
      this.view = null;
      return { ok: true, count: this.current().length, error: null, ms: performance.now() - t0 };
    }
    const abort = new AbortController();
    this.filtering = abort;
    try {
      // compiled as given, so an error's position counts in the caller's text
      const m = await this.matches(expr, this.cooperative ? abort.signal : undefined);
      if (abort.signal.aborted) return { ok: false, cancelled: true, count: 0, error: null, ms: performance.now() - t0 };
      if ('error' in m) return { ok: false, count: 0, error: m.error, ms: performance.now() - t0 };
      this.filterExpr = expr;
      this.filtered = m.indices;
      this.view = null;
      return { ok: true, count: this.current().length, matched: m.indices.length, error: null, ms: performance.now() - t0 };
    } finally {
      if (this.filtering === abort) this.filtering = null;
    }
  }

  cancelFilter(): void {
    this.filtering?.abort();
    this.filtering = null;
  }

  /** Coloring rules, first match wins; each rule's compile error. Without a capture only kept. */
  async setColoring(filters: string[]): Promise<(FilterError | null)[]> {
    this.coloringExprs = filters.slice(0, MAX_COLORING);
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

  /** Compiles without running: the filter bar's as-you-type check. */
  validate(expr: string): FilterError | null {
    const c = this.check(expr);
    return c.ok ? null : c.error;
  }

  /** Compiles without running: the expression as the compiler understood it, and its warnings. */
  check(expr: string): FilterCheck {
    const c = compileFilter(this.rewrite(expr));
    return c.ok ? { ok: true, normalized: printExpr(c.plan.ast), warnings: c.plan.warnings } : { ok: false, error: c.error };
  }

  /** The events (all, file order) matching `expr`, compiled once; with a signal, window by window. */
  async matches(expr: string, signal?: AbortSignal): Promise<Matches> {
    const cap = this.need();
    const text = this.rewrite(expr);
    const c = compileFilter(text);
    if (!c.ok) return { error: c.error };
    try {
      const indices = signal
        ? await cap.runPlanCancellable(c.plan.plan, { signal, yieldToHost: macrotask })
        : cap.runPlan(c.plan.plan);
      return { indices };
    } catch (e) {
      return { error: filterErrorOf(e, text) };
    }
  }

  /** A test for "event i matches `expr`" (a bitmap, cached for repeated finds), or the compile error. */
  async matcher(expr: string): Promise<((i: number) => boolean) | { error: FilterError }> {
    const key = `${this.cap?.eventCount}:${this.rewrite(expr)}`;
    let b = this.matchCache.get(key);
    if (!b) {
      const m = await this.matches(expr);
      if ('error' in m) return m;
      b = new Uint8Array(this.need().eventCount);
      for (const i of m.indices) if (i < b.length) b[i] = 1;
      if (this.matchCache.size > MAX_CACHED_MATCHES) this.matchCache.clear();
      this.matchCache.set(key, b);
    }
    const bits = b;
    return (i) => bits[i] === 1;
  }

  /** Bytes held by the view's typed arrays. */
  bytes(): number {
    const view = this.current();
    return this.baseStore.byteLength + (this.filtered?.byteLength ?? 0) + (view !== this.base ? view.byteLength : 0)
      + (this.colors?.byteLength ?? 0) + [...this.matchCache.values()].reduce((n, b) => n + b.byteLength, 0);
  }

  private need(): Capture {
    if (!this.cap) throw new Error('no capture is open');
    return this.cap;
  }
}

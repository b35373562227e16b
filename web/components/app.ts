/**
 * `<scap-app>`: the application shell. Holds the session state (open capture, view, selection, filter,
 * columns, coloring), lays out the panes (filter bar, event list, detail tree, hex view, status bar),
 * routes the components' events to the engine worker, and owns the global interactions: drop a file
 * anywhere, keyboard shortcuts (Ctrl-F find, Ctrl-G go to, Alt-Up/Down same thread, Alt-Right
 * enter/exit partner, Ctrl-O open).
 */
import { LitElement, html, css, nothing } from 'lit';
import type { CaptureSummary, EventDetail, FilterError, LoadProgress, SortKey } from '../../engine/api.ts';
import { engine, engineReady, proxy } from '../engine-client.ts';
import { combine } from '../filter-text.ts';
import { exportField, fieldColumn, fieldOf, restoreColumns, type Column, type TimeFormat } from '../columns.ts';
import { restoreRules, type ColoringRule } from '../coloring.ts';
import { loadSetting, rememberCapture, storeSetting } from '../store.ts';
import { fetchSamples, openSample, type SampleInfo } from './open-panel.ts';
import { styleProp } from '../style-prop.ts';
import { applyUpdate } from '../pwa.ts';
import { OPEN_ACCEPT } from '../open-types.ts';
import type { ScapEventList } from './event-list.ts';
import type { ScapFilterBar } from './filter-bar.ts';
import type { ScapFindBar } from './find-bar.ts';
import type { ScapGotoBar } from './goto-bar.ts';
import type { ScapPropertiesDialog } from './properties-dialog.ts';
import type { ScapColoringDialog } from './coloring-dialog.ts';
import type { ScapProcessTree } from './process-tree.ts';
import type { ScapStatsDialog } from './stats-dialog.ts';
import type { ScapStreamView } from './stream-view.ts';
import './open-panel.ts';
import './filter-bar.ts';
import './event-list.ts';
import './detail-tree.ts';
import './hex-view.ts';
import './json/json-view.ts';
import './status-bar.ts';
import './load-progress.ts';
import './properties-dialog.ts';
import './find-bar.ts';
import './goto-bar.ts';
import './coloring-dialog.ts';
import './process-tree.ts';
import './stats-dialog.ts';
import './stream-view.ts';
import './timeline.ts';
import './alerts/alerts-panel.ts';
import './rule-dialog.ts';
import './conversations-dialog.ts';
import './io-graph.ts';
import './sql-console.ts';
import type { ScapSqlConsole } from './sql-console.ts';
import type { ScapIoGraph } from './io-graph.ts';
import type { ScapConversationsDialog } from './conversations-dialog.ts';
import type { ScapRuleDialog } from './rule-dialog.ts';
import type { ScapAlertsPanel } from './alerts/alerts-panel.ts';

export class ScapApp extends LitElement {
  static properties = {
    _open: { state: true },
    _fileName: { state: true },
    _fileSize: { state: true },
    _summary: { state: true },
    _loading: { state: true },
    _progress: { state: true },
    _viewSize: { state: true },
    _viewVersion: { state: true },
    _filter: { state: true },
    _filterMs: { state: true },
    _selIndex: { state: true },
    _selPos: { state: true },
    _selNum: { state: true },
    _detail: { state: true },
    _selKey: { state: true },
    _columns: { state: true },
    _timeFormat: { state: true },
    _rules: { state: true },
    _ruleErrors: { state: true },
    _sortKey: { state: true },
    _sortDesc: { state: true },
    _find: { state: true },
    _goto: { state: true },
    _findMsg: { state: true },
    _gotoMsg: { state: true },
    _message: { state: true },
    _dragging: { state: true },
    _samples: { state: true },
    _samplesMenu: { state: true },
    _split: { state: true },
    _updateReady: { state: true },
    _exportMenu: { state: true },
    _analyzeMenu: { state: true },
    _keptFilter: { state: true },
  };

  declare _open: boolean;
  declare _fileName: string;
  declare _fileSize: number;
  declare _summary: CaptureSummary | null;
  declare _loading: boolean;
  declare _progress: LoadProgress | null;
  declare _viewSize: number;
  declare _viewVersion: number;
  declare _filter: string;
  declare _filterMs: number | null;
  declare _selIndex: number;
  declare _selPos: number;
  declare _selNum: number;
  declare _detail: EventDetail | null;
  declare _selKey: string | null;
  declare _columns: Column[];
  declare _timeFormat: TimeFormat;
  declare _rules: ColoringRule[];
  declare _ruleErrors: (FilterError | null)[];
  declare _sortKey: string | null;
  declare _sortDesc: boolean;
  declare _find: boolean;
  declare _goto: boolean;
  declare _findMsg: string;
  declare _gotoMsg: string;
  declare _message: string;
  declare _dragging: boolean;
  declare _samples: SampleInfo[];
  declare _samplesMenu: boolean;
  declare _split: number;
  declare _updateReady: boolean;
  declare _exportMenu: boolean;
  declare _analyzeMenu: boolean;
  /** A filter applied before this file was opened and still applied to it (shown until changed or dismissed). */
  declare _keptFilter: string;
  private detailSeq = 0;
  /** Why the last open failed outright (set before _message, which triggers the render). */
  private openError = '';
  private openSeq = 0;

  constructor() {
    super();
    this._open = false;
    this._fileName = '';
    this._fileSize = 0;
    this._summary = null;
    this._loading = false;
    this._progress = null;
    this._viewSize = 0;
    this._viewVersion = 0;
    this._filter = '';
    this._filterMs = null;
    this._selIndex = -1;
    this._selPos = -1;
    this._selNum = -1;
    this._detail = null;
    this._selKey = null;
    this._columns = restoreColumns(undefined);
    this._timeFormat = 'absolute';
    this._rules = restoreRules(undefined);
    this._ruleErrors = [];
    this._sortKey = null;
    this._sortDesc = false;
    this._find = false;
    this._goto = false;
    this._findMsg = '';
    this._gotoMsg = '';
    this._message = '';
    this._dragging = false;
    this._samples = [];
    this._samplesMenu = false;
    this._split = 55;
    this._updateReady = false;
    this._exportMenu = false;
    this._analyzeMenu = false;
    this._keptFilter = '';
  }

  // lifecycle
  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('scap-update-ready', () => { this._updateReady = true; });
    this.addEventListener('scap-open', (e) => void this.openCapture(e.detail.blob, e.detail.name, e.detail.remember));
    this.addEventListener('scap-select-event', (e) => void this.selectEvent(e.detail.index, e.detail.position));
    this.addEventListener('scap-select-field', (e) => { this._selKey = e.detail.key; });
    this.addEventListener('scap-apply-filter', (e) => void this.applyFilter(e.detail.expr));
    this.addEventListener('scap-filter', (e) => this.onFilterFromField(e.detail.expr, e.detail.mode, e.detail.apply));
    this.addEventListener('scap-add-column', (e) => this.addColumn(e.detail.field));
    this.addEventListener('scap-goto-index', (e) => void this.gotoIndex(e.detail.index));
    this.addEventListener('scap-cancel-load', () => engine.cancel());
    this.addEventListener('scap-show-properties', async () => {
      const dlg = this.q<ScapPropertiesDialog>('scap-properties-dialog');
      if (!dlg) return;
      dlg.memory = await engine.memory().catch(() => null);
      dlg.show();
    });
    this.addEventListener('scap-sort', (e) => void this.sortBy(e.detail.key, e.detail.descending));
    this.addEventListener('scap-columns', (e) => this.setColumns(e.detail.columns));
    this.addEventListener('scap-time-format', (e) => { this._timeFormat = e.detail.format; void storeSetting('timeFormat', e.detail.format); });
    this.addEventListener('scap-find', (e) => void this.find(e.detail.query, e.detail.backwards));
    this.addEventListener('scap-goto-num', (e) => void this.gotoNum(e.detail.num));
    this.addEventListener('scap-coloring', (e) => void this.setRules(e.detail.rules));
    this.addEventListener('scap-follow', (e) => void this.follow(e.detail.index));
    this.addEventListener('scap-show-rule', () => this.showRuleDialog());
    this.addEventListener('scap-try-rule', (e) => {
      const panel = this.q<ScapAlertsPanel>('scap-alerts-panel');
      if (!panel) return;
      panel.removeAttribute('hidden');
      void panel.tryRule(e.detail.name, e.detail.text);
    });
    void this.restoreSettings();
    void fetchSamples().then((s) => { this._samples = s; });
    engineReady.catch((e) => { this._message = `The engine failed to start: ${e?.message ?? e}`; });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
    window.removeEventListener('keydown', this.onKey);
  }

  private async restoreSettings() {
    const [cols, tf, rules, split] = await Promise.all([
      loadSetting<Column[]>('columns'), loadSetting<TimeFormat>('timeFormat'), loadSetting<ColoringRule[]>('coloring'), loadSetting<number>('split'),
    ]);
    this._columns = restoreColumns(cols);
    if (tf === 'absolute' || tf === 'relative' || tf === 'delta') this._timeFormat = tf;
    if (rules) this._rules = restoreRules(rules);
    if (typeof split === 'number' && split >= 15 && split <= 90) this._split = split;
  }

  // engine actions
  /** Opens a capture: streams it into the worker, shows rows as they are indexed. */
  async openCapture(blob: Blob, name: string, remember: boolean): Promise<void> {
    const seq = ++this.openSeq;
    if (this._loading) engine.cancel();
    this._open = true;
    this._loading = true;
    this._progress = { bytesRead: 0, bytesTotal: blob.size, events: 0, done: false };
    this._fileName = name;
    this._fileSize = blob.size;
    this._summary = null;
    this._detail = null;
    this._selIndex = this._selPos = this._selNum = -1;
    this._selKey = null;
    this._viewSize = 0;
    this._viewVersion++;
    this._sortKey = null;
    this._message = '';
    this._keptFilter = '';
    this.openError = '';
    try {
      await engineReady;
      // The applied filter stays; the worker re-applies it when the new capture is indexed.
      await engine.sortView(null, false);
      const onProgress = proxy((p: LoadProgress) => {
        if (seq !== this.openSeq) return;
        this._progress = p;
        // Rows already shown stay; the list only grows (no new view version while loading).
        void engine.viewSize().then((n) => { if (seq === this.openSeq && this._loading) this._viewSize = n; });
      });
      const summary = await engine.open(blob, name, onProgress);
      if (seq !== this.openSeq) return;
      this._summary = summary;
      this._ruleErrors = await engine.setColoring(this.enabledRuleFilters());
      this._viewSize = await engine.viewSize();
      this._viewVersion++;
      if (summary.error) this._message = `Could not read ${name}: ${summary.error.message} (byte 0x${summary.error.offset.toString(16)})`;
      // The filter stays (as in Wireshark), but the user is told, with a way out.
      else if (this._filter) this._keptFilter = this._filter;
      if (remember && !summary.error) void rememberCapture(blob, name);
      document.title = `${name} — Scapula`;
    } catch (e) {
      if (seq !== this.openSeq) return;
      const err = e as Error;
      this.openError = err?.name === 'AbortError' ? '' : String(err?.message ?? e);
      this._message = err?.name === 'AbortError' ? `Loading ${name} was cancelled.` : `Could not open ${name}: ${err?.message ?? e}`;
      this._summary = await engine.summary().catch(() => null);
      this._viewSize = this._summary ? await engine.viewSize().catch(() => 0) : 0;
      this._viewVersion++;
    } finally {
      if (seq === this.openSeq) { this._loading = false; this._progress = null; }
    }
  }

  async selectEvent(index: number, position: number): Promise<void> {
    this._selIndex = index;
    this._selPos = position;
    this._selNum = this.q<ScapEventList>('scap-event-list')?.rowAt(position)?.num ?? index + 1;
    const seq = ++this.detailSeq;
    try {
      const d = await engine.detail(index);
      if (seq !== this.detailSeq) return;
      this._detail = d;
      this._selKey = null;
    } catch (e) {
      if (seq === this.detailSeq) this._message = `Event ${index + 1}: ${(e as Error)?.message ?? e}`;
    }
  }

  private async selectPosition(pos: number) {
    await this.q<ScapEventList>('scap-event-list')?.selectPosition(pos);
  }

  async applyFilter(expr: string): Promise<void> {
    this.filterRunning = true;
    const slow = setTimeout(() => { if (this.filterRunning) this._message = 'Filtering… (Esc cancels)'; }, 300);
    const r = await engine.setFilter(expr).finally(() => { this.filterRunning = false; clearTimeout(slow); });
    if (r.cancelled) {
      this._message = 'Filter cancelled: the view is unchanged.';
      return;
    }
    if (!r.ok) {
      this._message = r.error ? `Filter error at column ${r.error.pos + 1}: ${r.error.message}` : 'Filter error';
      return;
    }
    this._filter = expr;
    this._keptFilter = '';
    this._filterMs = expr ? r.ms : null;
    this._viewSize = r.count;
    this._viewVersion++;
    this._message = '';
    const bar = this.q<ScapFilterBar>('scap-filter-bar');
    if (bar && bar.value.trim() !== expr.trim()) bar.setExpression(expr, false);
    await this.relocateSelection();
  }

  private async relocateSelection() {
    if (this._selIndex < 0) return;
    const pos = await engine.viewPosition(this._selIndex);
    this._selPos = pos;
    await this.updateComplete;
    if (pos >= 0) this.q<ScapEventList>('scap-event-list')?.reveal(pos);
  }

  private onFilterFromField(check: string, mode: Parameters<typeof combine>[2], apply: boolean) {
    const bar = this.q<ScapFilterBar>('scap-filter-bar');
    const base = mode === 'replace' ? '' : (bar?.value || this._filter);
    const expr = combine(base, check, mode);
    bar?.setExpression(expr, apply);
  }

  private addColumn(field: string) {
    if (this._columns.some((c) => c.id === `field:${field}`)) {
      this.setColumns(this._columns.map((c) => (c.id === `field:${field}` ? { ...c, visible: true } : c)));
      return;
    }
    const cols = [...this._columns];
    const info = cols.findIndex((c) => c.id === 'info');
    cols.splice(info < 0 ? cols.length : info, 0, fieldColumn(field));
    this.setColumns(cols);
  }

  private setColumns(cols: Column[]) {
    this._columns = cols;
    void storeSetting('columns', cols);
  }

  private async sortBy(key: string | null, descending: boolean) {
    this._sortKey = key;
    this._sortDesc = descending;
    this._message = key ? 'Sorting…' : '';
    const t0 = performance.now();
    await engine.sortView(key as SortKey | null, descending);
    await engine.viewSize();
    this._viewVersion++;
    this._message = key ? `Sorted by ${key.replace(/^field:/, '')} (${descending ? 'descending' : 'ascending'}) in ${(performance.now() - t0).toFixed(0)} ms` : '';
    await this.relocateSelection();
  }

  private enabledRuleFilters(): string[] {
    // Disabled rules keep their slot (as an empty filter) so rule indices stay stable.
    return this._rules.map((r) => (r.enabled ? r.filter : ''));
  }

  private async setRules(rules: ColoringRule[]) {
    this._rules = rules;
    void storeSetting('coloring', rules);
    if (this._open) {
      this._ruleErrors = await engine.setColoring(this.enabledRuleFilters());
      this._viewVersion++;
    }
  }

  private async gotoIndex(index: number) {
    const pos = await engine.viewPosition(index);
    if (pos < 0) { this._message = `Event #${index + 1} is not displayed (hidden or filtered out).`; return; }
    await this.selectPosition(pos);
  }

  private async gotoNum(num: number) {
    const pos = await engine.positionOfNum(num);
    if (pos < 0) { this._gotoMsg = `no displayed event at or after ${num}`; return; }
    this._gotoMsg = '';
    await this.selectPosition(pos);
    this._goto = false;
    if (this._selNum !== num) this._message = `Event ${num} is not displayed; went to ${this._selNum}, the next displayed one.`;
  }

  private async find(query: Parameters<typeof engine.find>[0], backwards: boolean) {
    this._findMsg = 'searching…';
    const r = await engine.find(query, this._selPos, backwards);
    if (r.error) { this._findMsg = `column ${r.error.pos + 1}: ${r.error.message}`; return; }
    if (r.position < 0) { this._findMsg = 'not found'; return; }
    this._findMsg = '';
    await this.selectPosition(r.position);
  }

  private async sameThread(backwards: boolean) {
    if (this._selPos < 0) return;
    const pos = await engine.sameThread(this._selPos, backwards);
    if (pos < 0) { this._message = `No ${backwards ? 'earlier' : 'later'} displayed event of this thread.`; return; }
    await this.selectPosition(pos);
  }

  private partner() {
    if (this._detail?.partner !== null && this._detail?.partner !== undefined) void this.gotoIndex(this._detail.partner);
  }

  /** Saves the displayed events (file order) through a local download; nothing leaves the machine. */
  private async exportView(json: boolean) {
    this._exportMenu = false;
    this._message = 'Exporting…';
    try {
      const blob = await engine.exportView(json);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${this._fileName.replace(/(\.scap)?(\.gz)?$/, '')}${this._filter ? '-filtered' : ''}.${json ? 'json' : 'txt'}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this._message = `Exported ${this._viewSize.toLocaleString('en-US')} events`;
    } catch (e) {
      this._message = `Export failed: ${(e as Error)?.message ?? e}`;
    }
  }

  /** Saves the visible columns of the displayed events (in the list's order) as CSV or JSON lines. */
  private async exportColumns(kind: 'csv' | 'json') {
    this._exportMenu = false;
    this._message = 'Exporting…';
    try {
      const columns = this._columns.filter((c) => c.visible && c.id !== 'field:rule')
        .map((c) => ({ title: c.title, field: exportField(c) })).filter((c): c is { title: string; field: string } => !!c.field);
      const blob = await engine.exportColumns(kind, columns);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${this._fileName.replace(/(\.scap)?(\.gz)?$/, '')}${this._filter ? '-filtered' : ''}-columns.${kind === 'csv' ? 'csv' : 'jsonl'}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this._message = `Exported ${columns.length} columns of ${this._viewSize.toLocaleString('en-US')} events`;
    } catch (e) {
      this._message = `Export failed: ${(e as Error)?.message ?? e}`;
    }
  }

  /** Saves the displayed events as a capture sysdig reads, keeping the state they need; a local download. */
  private async exportScap() {
    this._exportMenu = false;
    this._message = 'Exporting…';
    try {
      const r = await engine.exportScap();
      const url = URL.createObjectURL(r.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${this._fileName.replace(/(\.scap)?(\.gz)?$/, '')}${this._filter ? '-filtered' : ''}.scap`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this._message = `Exported ${r.events.toLocaleString('en-US')} events (+ ${r.stateOnly.toLocaleString('en-US')} state-only) as .scap`;
    } catch (e) {
      this._message = `Export failed: ${(e as Error)?.message ?? e}`;
    }
  }

  /** Follow stream: the data through the selected event's file descriptor. */
  private async follow(index: number) {
    const dlg = this.q<ScapStreamView>('scap-stream-view');
    if (!dlg || index < 0) return;
    this._message = 'Following the stream…';
    dlg.stream = await engine.followStream(index).catch((e) => ({ fdName: '', pid: 0, filter: '', chunks: [], truncated: false, error: String(e?.message ?? e) }));
    this._message = '';
    await dlg.updateComplete;
    dlg.show();
  }

  private showStats = async () => {
    const dlg = this.q<ScapStatsDialog>('scap-stats-dialog');
    if (!dlg) return;
    dlg.stats = null;
    dlg.error = '';
    dlg.show();
    // Computed in the worker over the current view, in one pass.
    try { dlg.stats = await engine.viewStats(); } catch (e) { dlg.error = String((e as Error)?.message ?? e); }
  };

  private showConversations = async () => {
    const dlg = this.q<ScapConversationsDialog>('scap-conversations-dialog');
    if (!dlg) return;
    dlg.data = null;
    dlg.error = '';
    dlg.show();
    try { dlg.data = await engine.viewConversations(); } catch (e) { dlg.error = String((e as Error)?.message ?? e); }
  };

  private showRuleDialog = () => {
    const dlg = this.q<ScapRuleDialog>('scap-rule-dialog');
    if (!dlg) return;
    dlg.filter = this._filter;
    // The field columns on show become output fields of the rule.
    dlg.extraFields = this._columns.filter((c) => c.visible).map(fieldOf).filter((f): f is string => !!f && f !== 'rule');
    dlg.show();
  };

  private showProcesses = async () => {
    const dlg = this.q<ScapProcessTree>('scap-process-tree');
    if (!dlg) return;
    this._message = 'Collecting processes…';
    dlg.processes = await engine.processes().catch((e) => { this._message = String(e?.message ?? e); return []; });
    this._message = '';
    await dlg.updateComplete;
    dlg.show();
  };

  private closeCapture() {
    if (this._loading) engine.cancel();
    this.openSeq++;
    this._open = false;
    this._summary = null;
    this._detail = null;
    this._viewSize = 0;
    this._loading = false;
    document.title = 'Scapula';
  }

  // event handlers
  private isFileDrag(e: DragEvent): boolean {
    return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  }

  private onDragOver = (e: DragEvent) => {
    if (!this.isFileDrag(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  };

  private onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this._dragging = false;
  };

  private onDrop = (e: DragEvent) => {
    if (!this.isFileDrag(e)) return;
    e.preventDefault();
    this._dragging = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) void this.openCapture(file, file.name, true);
  };

  /** A setFilter is running in the worker (Esc cancels it). */
  private filterRunning = false;

  private onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'f' && this._open) {
      e.preventDefault();
      this._find = true;
      this.updateComplete.then(() => this.q<ScapFindBar>('scap-find-bar')?.focusInput());
    } else if (mod && e.key.toLowerCase() === 'g' && this._open) {
      e.preventDefault();
      this._goto = true;
      this.updateComplete.then(() => this.q<ScapGotoBar>('scap-goto-bar')?.focusInput());
    } else if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault();
      this.pickFile();
    } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && this._open) {
      e.preventDefault();
      void this.sameThread(e.key === 'ArrowUp');
    } else if (e.altKey && e.key === 'ArrowRight' && this._open) {
      e.preventDefault();
      this.partner();
    } else if (e.key === 'Escape' && this.filterRunning) {
      engine.cancelFilter();
    }
  };

  private pickFile() {
    const input = this.q<HTMLInputElement>('input.picker');
    input?.click();
  }

  private onPicked(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.openCapture(file, file.name, true);
    input.value = '';
  }

  private onSplitStart(e: PointerEvent) {
    e.preventDefault();
    const main = this.q<HTMLElement>('.main');
    if (!main) return;
    const box = main.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      this._split = Math.max(15, Math.min(90, ((ev.clientY - box.top) / box.height) * 100));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      void storeSetting('split', this._split);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  private q<T extends Element>(sel: string): T | null {
    return this.renderRoot?.querySelector<T>(sel) ?? null;
  }

  // render
  private renderToolbar() {
    return html`<nav class="toolbar">
      <span class="brand">Scapula</span>
      <button id="tb-open" @click=${this.pickFile} title="Open a capture or an audit/CloudTrail log (Ctrl-O)">Open…</button>
      <span class="dropdown">
        <button id="tb-samples" @click=${() => { this._samplesMenu = !this._samplesMenu; }}>Open sample ▾</button>
        ${this._samplesMenu ? html`<div class="menu">${this._samples.map((s) => html`<button data-sample=${s.name}
            @click=${() => { this._samplesMenu = false; void openSample(this, s.name).catch((e) => { this._message = String(e?.message ?? e); }); }}>${s.name}</button>`)}</div>` : nothing}
      </span>
      ${this._open ? html`
        <span class="sep"></span>
        <button @click=${() => { this._find = !this._find; this.updateComplete.then(() => this.q<ScapFindBar>('scap-find-bar')?.focusInput()); }} title="Find (Ctrl-F)">Find</button>
        <button @click=${() => { this._goto = !this._goto; this.updateComplete.then(() => this.q<ScapGotoBar>('scap-goto-bar')?.focusInput()); }} title="Go to event (Ctrl-G)">Go to</button>
        <button ?disabled=${this._selPos < 0} @click=${() => this.sameThread(true)} title="Previous event of this thread (Alt-Up)">◂ Thread</button>
        <button ?disabled=${this._selPos < 0} @click=${() => this.sameThread(false)} title="Next event of this thread (Alt-Down)">Thread ▸</button>
        <button ?disabled=${this._detail?.partner === null || !this._detail} @click=${this.partner} title="Jump between enter and exit (Alt-Right)">Enter ⇄ Exit</button>
        <span class="sep"></span>
        <span class="dropdown">
          <button id="tb-export" @click=${() => { this._exportMenu = !this._exportMenu; }} title="Save the displayed events">Export ▾</button>
          ${this._exportMenu ? html`<div class="menu">
            <button data-export="text" @click=${() => this.exportView(false)}>Displayed events as text (scapula read)</button>
            <button data-export="json" @click=${() => this.exportView(true)}>Displayed events as JSON lines (scapula read -j)</button>
            <button data-export="scap" @click=${() => this.exportScap()}>Displayed events as .scap, with their state (scapula write -F)</button>
            <button data-export="csv" @click=${() => this.exportColumns('csv')}>Columns shown, as CSV</button>
            <button data-export="columns-json" @click=${() => this.exportColumns('json')}>Columns shown, as JSON lines</button></div>` : nothing}
        </span>
        <button @click=${this.showProcesses} title="Process tree of the displayed events">Processes…</button>
        <span class="dropdown">
          <button id="tb-analyze" @click=${() => { this._analyzeMenu = !this._analyzeMenu; }} title="Views over the displayed events">Analyze ▾</button>
          ${this._analyzeMenu ? html`<div class="menu">
            <button id="tb-io" @click=${() => { this._analyzeMenu = false; void this.q<ScapIoGraph>('scap-io-graph')?.show(); }}
              title="Events or I/O bytes over time, several series with their own filters; drag to zoom or filter">I/O graph…</button>
            <button id="tb-conv" @click=${() => { this._analyzeMenu = false; void this.showConversations(); }}
              title="Processes, threads, containers, file descriptors, server address:port; container I/O tree">Conversations and container I/O…</button>
            <button id="tb-sql" @click=${() => { this._analyzeMenu = false; this.q<ScapSqlConsole>('scap-sql-console')?.show(); }}
              title="DuckDB SQL over the displayed events (the columns of scapula export); results select events or become the filter">SQL console…</button></div>` : nothing}
        </span>
        <button id="tb-stats" @click=${this.showStats} title="Statistics of the displayed events: processes, syscalls, latency, errors, files, connections, ports">Statistics…</button>
        <button id="tb-follow" ?disabled=${!this._detail?.sections.some((x) => x.title === 'File descriptor')}
          @click=${() => this.follow(this._detail?.index ?? -1)} title="Data read and written through the selected event's file descriptor">Follow stream</button>
        <button @click=${() => this.q<ScapColoringDialog>('scap-coloring-dialog')?.show()}>Coloring…</button>
        <button id="tb-alerts" @click=${() => this.q('scap-alerts-panel')?.toggleAttribute('hidden')} title="Falco rules: alerts and Explain">Alerts</button>
        <button @click=${() => this.closeCapture()} title="Close the capture">Close</button>` : nothing}
      ${this._updateReady ? html`<button class="update" @click=${applyUpdate} title="A new version of Scapula is ready; reloading closes the open capture">Update ready — reload</button>` : nothing}
      <input class="picker" type="file" accept=${OPEN_ACCEPT} hidden @change=${this.onPicked}>
    </nav>`;
  }

  private renderKeptFilter() {
    const total = this._summary?.visibleEvents ?? 0;
    return html`<div class="kept-filter" id="kept-filter" role="status">
      The filter <code>${this._keptFilter}</code> from before this file was opened is applied:
      <b>${this._viewSize.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}</b> events displayed.
      <button id="kept-clear" @click=${() => void this.applyFilter('')}>Clear filter</button>
      <button id="kept-keep" @click=${() => { this._keptFilter = ''; }}>Keep it</button>
    </div>`;
  }

  /** Why a loaded file shows no events at all (unreadable, empty, or a capture without shown events), or null. */
  private loadProblem(): { title: string; details: string[]; error: boolean } | null {
    if (this._loading || this._viewSize > 0) return null;
    const s = this._summary;
    const name = this._fileName;
    if (!s) return this.openError ? { title: `${name} could not be read`, details: [this.openError], error: true } : null;
    if (s.visibleEvents > 0) return null;
    const at = (d: { offset: number }) => `at byte ${d.offset} (0x${d.offset.toString(16)})`;
    if (s.error) return { title: `${name} could not be read`, details: [`${s.error.message} (${at(s.error)})`], error: true };
    if (s.diagnostics.length) {
      return { title: `Nothing could be read from ${name}`, details: s.diagnostics.map((d) => `${d.severity} ${at(d)}: ${d.message}`), error: true };
    }
    if (this._fileSize === 0) return { title: `${name} is empty (0 bytes)`, details: [], error: true };
    return {
      title: `${name} holds no events to show`,
      details: [`${s.totalEvents.toLocaleString('en-US')} events are stored, all of them hidden ones (internal, state-only, process lists).`],
      error: false,
    };
  }

  private renderLoadProblem() {
    const p = this.loadProblem()!;
    return html`<div class="problem ${p.error ? 'error' : ''}" id="load-problem" role=${p.error ? 'alert' : 'status'}>
      <h2>${p.title}</h2>
      ${p.details.map((d) => html`<p class="detail">${d}</p>`)}
      ${p.error ? html`<p>Scapula reads <code>.scap</code> captures (sysdig, Falco, Scapula; gzipped or not) and Kubernetes audit
        or CloudTrail logs (<code>.json</code>, <code>.jsonl</code>).</p>` : nothing}
      <button id="problem-open" @click=${this.pickFile}>Open another file…</button>
    </div>`;
  }

  private renderWorkspace() {
    return html`
      <scap-filter-bar .applied=${this._filter}></scap-filter-bar>
      ${this._find ? html`<scap-find-bar .message=${this._findMsg} @close=${() => { this._find = false; }}></scap-find-bar>` : nothing}
      ${this._goto ? html`<scap-goto-bar .message=${this._gotoMsg} @close=${() => { this._goto = false; }}></scap-goto-bar>` : nothing}
      ${this._keptFilter && !this._loading ? this.renderKeptFilter() : nothing}
      ${this._loading ? html`<scap-load-progress .progress=${this._progress} .name=${this._fileName}></scap-load-progress>` : nothing}
      <scap-timeline .viewVersion=${this._viewVersion} .rowCount=${this._viewSize}
        @timeline-select=${(e: CustomEvent<{ position: number }>) => void this.selectPosition(e.detail.position)}></scap-timeline>
      ${this.loadProblem() ? this.renderLoadProblem() : html`<div class="main" ${styleProp('--split', `${this._split}%`)}>
        <scap-event-list .rowCount=${this._viewSize} .viewVersion=${this._viewVersion} .columns=${this._columns}
          .timeFormat=${this._timeFormat} .firstTs=${this._summary?.firstTs ?? null} .selectedPosition=${this._selPos}
          .selectedIndex=${this._selIndex} .ruleColors=${this._rules.map((r) => (r.enabled ? r.color : null))}
          .sortKey=${this._sortKey} .sortDesc=${this._sortDesc}></scap-event-list>
        <div class="splitter" @pointerdown=${this.onSplitStart} role="separator" aria-orientation="horizontal"></div>
        <div class="bottom">
          <scap-detail-tree .detail=${this._detail} .selectedKey=${this._selKey}></scap-detail-tree>
          <div class="bytes">
            <scap-hex-view .detail=${this._detail} .selectedKey=${this._selKey}></scap-hex-view>
            ${this._detail?.payload ? html`<scap-json-view .detail=${this._detail} .selectedKey=${this._selKey}></scap-json-view>` : nothing}
          </div>
        </div>
      </div>`}
      <scap-alerts-panel hidden .captureVersion=${this.openSeq}></scap-alerts-panel>`;
  }

  render() {
    return html`<div class="app">
      ${this.renderToolbar()}
      ${this._open ? this.renderWorkspace() : html`<scap-open-panel class="start"></scap-open-panel>`}
      <scap-status-bar .fileName=${this._fileName} .summary=${this._summary} .displayed=${this._viewSize}
        .selectedNum=${this._selNum} .filterMs=${this._filterMs} .filter=${this._filter} .message=${this._message}></scap-status-bar>
      <scap-properties-dialog .summary=${this._summary} .fileName=${this._fileName} .fileSize=${this._fileSize}></scap-properties-dialog>
      <scap-coloring-dialog .rules=${this._rules} .errors=${this._ruleErrors}></scap-coloring-dialog>
      <scap-process-tree></scap-process-tree>
      <scap-stats-dialog></scap-stats-dialog>
      <scap-stream-view></scap-stream-view>
      <scap-rule-dialog></scap-rule-dialog>
      <scap-conversations-dialog></scap-conversations-dialog>
      <scap-io-graph></scap-io-graph>
      <scap-sql-console .viewVersion=${this._viewVersion}></scap-sql-console>
      ${this._dragging ? html`<div class="dropzone">Drop the capture to open it</div>` : nothing}
    </div>`;
  }

  static styles = css`
    :host { display: block; height: 100%; }
    .app { display: flex; flex-direction: column; height: 100%; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px 8px; background: var(--scap-accent); color: var(--scap-accent-fg); }
    .toolbar button { font: 13px var(--scap-sans); cursor: pointer; }
    .update { margin-left: auto; font-weight: 600; }
    .brand { font-weight: 700; margin-right: 10px; letter-spacing: 0.5px; }
    .sep { width: 1px; height: 18px; background: rgb(255 255 255 / 35%); margin: 0 4px; }
    .dropdown { position: relative; }
    .dropdown .menu { position: absolute; z-index: 50; top: 100%; left: 0; display: flex; flex-direction: column; background: var(--scap-bg);
      border: 1px solid var(--scap-border); box-shadow: 0 4px 16px rgb(0 0 0 / 25%); min-width: 220px; }
    .dropdown .menu button { all: unset; padding: 4px 12px; color: var(--scap-fg); font: 12px var(--scap-mono); cursor: pointer; }
    .dropdown .menu button:hover { background: var(--scap-select); color: var(--scap-select-fg); }
    .start { flex: 1; }
    .problem { flex: 1; padding: 32px; overflow: auto; font: 14px var(--scap-sans); }
    .problem h2 { margin: 0 0 12px; font-size: 18px; }
    .problem.error h2 { color: #c62828; }
    .problem .detail { font: 13px var(--scap-mono); white-space: pre-wrap; word-break: break-word; }
    .problem code { font-family: var(--scap-mono); }
    .kept-filter { padding: 4px 10px; background: var(--scap-warn-bg, #fff4d6); color: #5a4300; border-bottom: 1px solid var(--scap-border); font: 12px var(--scap-sans); }
    .kept-filter code { font: 12px var(--scap-mono); }
    .kept-filter button { font: 12px var(--scap-sans); margin-left: 6px; cursor: pointer; }
    .main { flex: 1; min-height: 0; display: grid; grid-template-rows: var(--split, 55%) 5px 1fr; }
    scap-event-list { min-height: 0; }
    .splitter { cursor: row-resize; background: var(--scap-bg-panel); border-top: 1px solid var(--scap-border); border-bottom: 1px solid var(--scap-border); }
    .bottom { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); min-height: 0; }
    scap-detail-tree { border-right: 1px solid var(--scap-border); min-height: 0; }
    scap-hex-view { min-height: 0; }
    .bytes { display: flex; flex-direction: column; min-height: 0; }
    .bytes > * { flex: 1 1 0; min-height: 0; overflow: auto; }
    scap-json-view { border-top: 1px solid var(--scap-border); }
    scap-alerts-panel { height: 38vh; border-top: 2px solid var(--scap-border); }
    scap-alerts-panel[hidden] { display: none; }
    .dropzone { position: fixed; inset: 12px; border: 3px dashed var(--scap-accent); border-radius: 16px; background: rgb(45 91 138 / 12%);
      display: flex; align-items: center; justify-content: center; font: 600 22px var(--scap-sans); color: var(--scap-accent); pointer-events: none; z-index: 100; }
  `;
}

customElements.define('scap-app', ScapApp);
declare global { interface HTMLElementTagNameMap { 'scap-app': ScapApp } }

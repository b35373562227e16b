/**
 * `<scap-event-list>`: the virtualized event list. Only the rows in view exist in the DOM; rows come
 * from the worker a page at a time (pages in view only, a few requests in flight, stale generations
 * dropped), so millions of rows scroll smoothly. Past the browser's maximum element height the
 * scrollbar is scaled. Column headers resize, reorder (drag), sort (click) and open the column menu
 * (right click). Keyboard: arrows, Page Up/Down, Home/End. Right click on a row: copy it as text, CSV,
 * JSON (the columns shown, as shown) or as a filter (evt.num = N).
 *
 * Fires: scap-select-event, scap-columns, scap-sort, scap-time-format (through the column menu).
 */
import { LitElement, html, css, unsafeCSS, nothing, type PropertyValues } from 'lit';
import type { EventRow } from '../../engine/api.ts';
import { engine } from '../engine-client.ts';
import { fire } from '../events.ts';
import { cellText, fieldOf, gridTemplate, MIN_WIDTH, type Column, type TimeFormat } from '../columns.ts';
import { MAX_RULES, textColorFor } from '../coloring.ts';
import { styleProp } from '../style-prop.ts';
import './column-menu.ts';
import './context-menu.ts';
import type { MenuItem } from './context-menu.ts';
import { copyText, type CopyKind } from '../copy-formats.ts';

const ROW_H = 22;
const PAGE = 200;
const MAX_PAGES = 60;
const MAX_IN_FLIGHT = 3;
/** Taller spacers than this break scrolling in browsers; past it the scrollbar is scaled. */
const MAX_PX = 8_000_000;

export class ScapEventList extends LitElement {
  static properties = {
    rowCount: { type: Number },
    viewVersion: { type: Number },
    columns: { attribute: false },
    timeFormat: { attribute: false },
    firstTs: { attribute: false },
    selectedPosition: { type: Number },
    selectedIndex: { type: Number },
    ruleColors: { attribute: false },
    sortKey: { attribute: false },
    sortDesc: { type: Boolean },
    _scrollTop: { state: true },
    _viewportH: { state: true },
    _menu: { state: true },
    _rowMenu: { state: true },
  };

  // properties
  declare rowCount: number;
  declare viewVersion: number;
  declare columns: Column[];
  declare timeFormat: TimeFormat;
  declare firstTs: string | null;
  declare selectedPosition: number;
  declare selectedIndex: number;
  declare ruleColors: (string | null)[];
  declare sortKey: string | null;
  declare sortDesc: boolean;

  // state
  declare _scrollTop: number;
  declare _viewportH: number;
  declare _menu: { x: number; y: number } | null;
  declare _rowMenu: { x: number; y: number; items: MenuItem[] } | null;
  private pages = new Map<number, EventRow[]>();
  private pending = new Set<number>();
  private generation = 0;
  private resizeObs?: ResizeObserver;
  private dragCol: string | null = null;
  /**
   * Scaled scrolling: the first row that reveal() chose for the scroll offset it set (the browser rounds
   * scrollTop, and one pixel spans several rows, so the mapping back could land a row off).
   */
  private pinned: { top: number; first: number } | null = null;

  constructor() {
    super();
    this.rowCount = 0;
    this.viewVersion = 0;
    this.columns = [];
    this.timeFormat = 'absolute';
    this.firstTs = null;
    this.selectedPosition = -1;
    this.selectedIndex = -1;
    this.ruleColors = [];
    this.sortKey = null;
    this.sortDesc = false;
    this._scrollTop = 0;
    this._viewportH = 400;
    this._menu = null;
    this._rowMenu = null;
  }

  // lifecycle
  connectedCallback(): void {
    super.connectedCallback();
    this.resizeObs = new ResizeObserver(() => {
      const vp = this.viewport;
      if (vp) this._viewportH = vp.clientHeight;
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObs?.disconnect();
  }

  firstUpdated(): void {
    if (this.viewport) this.resizeObs?.observe(this.viewport);
  }

  willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('viewVersion') || changed.has('columns') && this.extraFieldsChanged(changed.get('columns'))) {
      this.pages.clear();
      this.pending.clear();
      this.generation++;
    }
    if (changed.has('rowCount')) {
      // Short pages at the old end grow while the capture loads.
      for (const [p, rows] of this.pages) if (rows.length < PAGE && p * PAGE + rows.length < this.rowCount) this.pages.delete(p);
    }
  }

  updated(changed: PropertyValues<this>): void {
    if (changed.has('columns')) this.style.setProperty('--scap-cols', gridTemplate(this.columns));
    if (changed.has('ruleColors')) {
      this.ruleColors.forEach((c, i) => {
        if (!c) return;
        this.style.setProperty(`--rule-${i}`, c);
        this.style.setProperty(`--rule-${i}-fg`, textColorFor(c));
      });
    }
    this.fetchVisible();
  }

  /** Scrolls so the row at `pos` is visible (used by selection, find and go-to). */
  reveal(pos: number): void {
    const vp = this.viewport;
    if (!vp || pos < 0) return;
    const { first, visible, scaled, virt, fit } = this.geometry();
    const bodyH = vp.clientHeight - ROW_H;
    if (scaled) {
      // The rows that fit entirely are first .. first + fit - 1; the last one may be the capture's last.
      const target = pos < first ? pos : pos > first + fit - 1 ? pos - fit + 1 : first;
      if (target === first) return;
      const span = Math.max(1, this.rowCount - fit);
      vp.scrollTop = Math.max(0, (target / span) * (virt - bodyH));
      this._scrollTop = vp.scrollTop;
      this.pinned = { top: this._scrollTop, first: target };
      return;
    } else if (pos < first + 1) {
      vp.scrollTop = pos * ROW_H;
    } else if (pos > first + visible - 3) {
      vp.scrollTop = (pos - visible + 3) * ROW_H;
    }
    this._scrollTop = vp.scrollTop;
  }

  /** The row at a view position if it is loaded. */
  rowAt(pos: number): EventRow | undefined {
    return this.pages.get(Math.floor(pos / PAGE))?.[pos % PAGE];
  }

  // event handlers
  private onScroll = (e: Event) => {
    this._scrollTop = (e.target as HTMLElement).scrollTop;
  };

  private onRowClick = (e: MouseEvent) => {
    const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (!rowEl) return;
    const pos = Number(rowEl.dataset.pos);
    const index = Number(rowEl.dataset.index);
    fire(this, 'scap-select-event', { index, position: pos });
  };

  /** Right click on a row: copy it (the visible cells as shown) as text, CSV, JSON, or as a filter. */
  private onRowMenu = (e: MouseEvent) => {
    const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row[data-num]');
    if (!rowEl) return;
    e.preventDefault();
    const pos = Number(rowEl.dataset.pos);
    const row = this.rowAt(pos);
    if (!row) return;
    const cols = this.columns.filter((c) => c.visible);
    const prevTs = pos > 0 ? this.rowAt(pos - 1)?.ts ?? null : null;
    const pairs = cols.map((c) => ({ name: c.title, value: cellText(row, c, this.timeFormat, this.firstTs, prevTs) }));
    const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => {});
    const item = (label: string, kind: Exclude<CopyKind, 'filter'>) => ({ label, action: () => copy(copyText(pairs, kind)) });
    // The menu is positioned inside this element (its containment makes it the containing block); near the
    // bottom it opens upwards.
    const box = this.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    this._rowMenu = {
      x, y: y + 140 > box.height ? Math.max(0, y - 140) : y, items: [
        item('Copy row as text', 'text'), item('Copy row as CSV', 'csv'), item('Copy row as JSON', 'json'),
        { label: 'Copy row as filter', action: () => copy(`evt.num = ${row.num}`) },
      ],
    };
  };

  private onKey = async (e: KeyboardEvent) => {
    if (this.rowCount === 0) return;
    const { visible } = this.geometry();
    const cur = this.selectedPosition;
    const moves: Record<string, number> = {
      ArrowDown: cur + 1, ArrowUp: cur - 1, PageDown: cur + visible - 1, PageUp: cur - visible + 1,
      Home: 0, End: this.rowCount - 1,
    };
    if (!(e.key in moves) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const absolute = e.key === 'Home' || e.key === 'End';
    const pos = Math.max(0, Math.min(this.rowCount - 1, cur < 0 && !absolute ? 0 : moves[e.key]));
    await this.selectPosition(pos);
  };

  /** Selects the row at a view position (fetching it if it is not loaded). */
  async selectPosition(pos: number): Promise<void> {
    let row = this.rowAt(pos);
    if (!row) [row] = await engine.rows(pos, 1);
    if (!row) return;
    this.reveal(pos);
    fire(this, 'scap-select-event', { index: row.index, position: pos });
  }

  private onHeaderClick(col: Column) {
    const key = fieldOf(col) ? col.id : col.id;
    if (col.id === 'dir') return;
    let next: { key: string | null; descending: boolean };
    if (this.sortKey !== key) next = { key, descending: false };
    else if (!this.sortDesc) next = { key, descending: true };
    else next = { key: null, descending: false };
    fire(this, 'scap-sort', next);
  }

  private onResizeStart(e: PointerEvent, col: Column) {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = col.width;
    const move = (ev: PointerEvent) => {
      const width = Math.max(MIN_WIDTH, Math.round(startW + ev.clientX - startX));
      this.columns = this.columns.map((c) => (c.id === col.id ? { ...c, width } : c));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      fire(this, 'scap-columns', { columns: this.columns });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  private onDragStart(e: DragEvent, col: Column) {
    this.dragCol = col.id;
    e.dataTransfer?.setData('text/x-scap-column', col.id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private onDragOver(e: DragEvent) {
    if (this.dragCol) { e.preventDefault(); e.stopPropagation(); }
  }

  private onDrop(e: DragEvent, target: Column) {
    if (!this.dragCol) return;
    e.preventDefault();
    e.stopPropagation();
    const moving = this.columns.find((c) => c.id === this.dragCol);
    this.dragCol = null;
    if (!moving || moving.id === target.id) return;
    const rest = this.columns.filter((c) => c.id !== moving.id);
    rest.splice(rest.findIndex((c) => c.id === target.id), 0, moving);
    fire(this, 'scap-columns', { columns: rest });
  }

  private onHeaderMenu(e: MouseEvent) {
    e.preventDefault();
    const box = this.getBoundingClientRect();
    this._menu = { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  // render
  private get viewport(): HTMLElement | null {
    return this.renderRoot?.querySelector('.viewport') ?? null;
  }

  private geometry() {
    const bodyH = Math.max(ROW_H, this._viewportH - ROW_H);
    const visible = Math.ceil(bodyH / ROW_H) + 1;
    /** Rows that fit entirely under the header. */
    const fit = Math.max(1, Math.floor(bodyH / ROW_H));
    const total = this.rowCount * ROW_H;
    const scaled = total > MAX_PX;
    const virt = scaled ? MAX_PX : total;
    let first: number;
    if (!scaled) first = Math.floor(this._scrollTop / ROW_H);
    else if (this.pinned && this.pinned.top === this._scrollTop) first = this.pinned.first;
    else {
      // The scroll range maps onto first rows 0 .. rowCount - fit: at the bottom, the last row shows whole.
      const ratio = Math.min(1, this._scrollTop / Math.max(1, virt - bodyH));
      first = Math.floor(ratio * Math.max(0, this.rowCount - fit));
    }
    first = Math.max(0, Math.min(first, scaled ? Math.max(0, this.rowCount - fit) : Math.max(0, this.rowCount - 1)));
    return { first, visible, scaled, virt, bodyH, fit };
  }

  private extraFields(): string[] {
    return this.columns.filter((c) => c.visible).map(fieldOf).filter((f): f is string => f !== null);
  }

  private extraFieldsChanged(old: Column[] | undefined): boolean {
    const a = (old ?? []).filter((c) => c.visible).map(fieldOf).filter(Boolean).join('\n');
    return a !== this.extraFields().join('\n');
  }

  private fetchVisible() {
    if (this.rowCount === 0) return;
    const { first, visible } = this.geometry();
    const lo = Math.floor(first / PAGE);
    const hi = Math.floor(Math.min(this.rowCount - 1, first + visible) / PAGE);
    // The page before the first row feeds the "since previous" time of the first visible row.
    const wanted = [];
    for (let p = Math.max(0, lo - (first % PAGE === 0 ? 1 : 0)); p <= hi; p++) wanted.push(p);
    for (const p of wanted) {
      if (this.pages.has(p) || this.pending.has(p) || this.pending.size >= MAX_IN_FLIGHT) continue;
      const gen = this.generation;
      this.pending.add(p);
      const count = Math.min(PAGE, this.rowCount - p * PAGE);
      engine.rows(p * PAGE, count, this.extraFields()).then((rows) => {
        if (gen !== this.generation) return;
        this.pending.delete(p);
        this.pages.set(p, rows);
        this.evict(lo);
        this.requestUpdate();
      }, (err) => {
        if (gen === this.generation) this.pending.delete(p);
        console.warn('scapula: rows failed', err);
      });
    }
  }

  private evict(around: number) {
    if (this.pages.size <= MAX_PAGES) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
    for (const p of far.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }

  private renderHeader(cols: Column[]) {
    return html`<div class="header row" role="row" @contextmenu=${this.onHeaderMenu}>
      ${cols.map((c) => html`<div class="cell hcell ${c.align ?? ''}" role="columnheader" draggable="true"
          title=${c.title + (c.id.startsWith('field:') ? ' (field column)' : '') + ' — click to sort, drag to move, right-click for columns'}
          data-col=${c.id}
          aria-sort=${this.sortKey === c.id ? (this.sortDesc ? 'descending' : 'ascending') : 'none'}
          @click=${() => this.onHeaderClick(c)}
          @dragstart=${(e: DragEvent) => this.onDragStart(e, c)}
          @dragover=${this.onDragOver}
          @drop=${(e: DragEvent) => this.onDrop(e, c)}>
          <span class="htext">${c.title}</span>${this.sortKey === c.id ? html`<span class="sort">${this.sortDesc ? '▼' : '▲'}</span>` : nothing}
          <span class="resizer" @pointerdown=${(e: PointerEvent) => this.onResizeStart(e, c)} @click=${(e: Event) => e.stopPropagation()}></span>
        </div>`)}
    </div>`;
  }

  private renderRows(cols: Column[], first: number, count: number) {
    const out = [];
    const end = Math.min(this.rowCount, first + count);
    for (let pos = first; pos < end; pos++) {
      const row = this.rowAt(pos);
      if (!row) {
        out.push(html`<div class="row loading" data-pos=${pos}><div class="cell dim">…</div></div>`);
        continue;
      }
      const prevTs = pos > 0 ? this.rowAt(pos - 1)?.ts ?? null : null;
      const rule = row.color !== undefined && row.color >= 0 && row.color < MAX_RULES ? `rule-${row.color}` : '';
      const sel = pos === this.selectedPosition && row.index === this.selectedIndex ? 'sel' : '';
      out.push(html`<div class="row ${rule} ${sel}" role="row" data-pos=${pos} data-index=${row.index} data-num=${row.num}
          aria-selected=${sel ? 'true' : 'false'}>
        ${cols.map((c) => html`<div class="cell ${c.align ?? ''} c-${c.id.startsWith('field:') ? 'field' : c.id}">${cellText(row, c, this.timeFormat, this.firstTs, prevTs)}</div>`)}
      </div>`);
    }
    return out;
  }

  render() {
    const cols = this.columns.filter((c) => c.visible);
    const { first, visible, scaled, virt } = this.geometry();
    const minWidth = cols.reduce((s, c) => s + c.width, 0);
    const offset = scaled ? this._scrollTop : first * ROW_H;
    return html`
      <div class="viewport" tabindex="0" role="grid" aria-rowcount=${this.rowCount}
          @scroll=${this.onScroll} @keydown=${this.onKey}>
        <div class="inner" ${setMinWidth(minWidth)}>
          ${this.renderHeader(cols)}
          <div class="body" ${setHeight(virt)}>
            <div class="rows" ${setOffset(offset)} @click=${this.onRowClick} @contextmenu=${this.onRowMenu}>
              ${this.renderRows(cols, first, visible)}
            </div>
          </div>
        </div>
      </div>
      ${this.rowCount === 0 ? html`<div class="empty">No events to show</div>` : nothing}
      ${this._menu ? html`<scap-column-menu .columns=${this.columns} .timeFormat=${this.timeFormat}
          .x=${this._menu.x} .y=${this._menu.y} @close=${() => { this._menu = null; }}></scap-column-menu>` : nothing}
      ${this._rowMenu ? html`<scap-context-menu .items=${this._rowMenu.items} .x=${this._rowMenu.x} .y=${this._rowMenu.y}
          @close=${() => { this._rowMenu = null; }}></scap-context-menu>` : nothing}
    `;
  }

  // styles
  static styles = [css`
    :host { display: block; position: relative; min-height: 0; font: 12px/1 var(--scap-mono); contain: strict; }
    .viewport { position: absolute; inset: 0; overflow: auto; outline: none; }
    .viewport:focus-visible { box-shadow: inset 0 0 0 2px var(--scap-accent); }
    .inner { position: relative; min-width: 100%; }
    .row { display: grid; grid-template-columns: var(--scap-cols); height: ${ROW_H}px; align-items: center;
      border-bottom: 1px solid color-mix(in srgb, var(--scap-border) 40%, transparent); box-sizing: border-box; cursor: default; }
    .header { position: sticky; top: 0; z-index: 2; background: var(--scap-bg-panel); font: 600 12px var(--scap-sans);
      border-bottom: 1px solid var(--scap-border); }
    .body { position: relative; }
    .rows { position: absolute; left: 0; right: 0; top: 0; will-change: transform; }
    .cell { overflow: hidden; white-space: pre; text-overflow: ellipsis; padding: 0 6px; line-height: ${ROW_H - 1}px; }
    .right { text-align: right; }
    .hcell { position: relative; height: 100%; display: flex; align-items: center; gap: 4px; cursor: pointer; user-select: none;
      border-right: 1px solid var(--scap-border); }
    .hcell.right { justify-content: flex-end; }
    .htext { overflow: hidden; text-overflow: ellipsis; }
    .sort { font-size: 9px; color: var(--scap-accent); }
    .resizer { position: absolute; right: -3px; top: 0; bottom: 0; width: 7px; cursor: col-resize; z-index: 1; }
    .dim { color: var(--scap-fg-dim); }
    .row.sel { background: var(--scap-select) !important; color: var(--scap-select-fg) !important; }
    .c-dir { text-align: center; }
    .empty { position: absolute; top: 40%; width: 100%; text-align: center; color: var(--scap-fg-dim); font: 14px var(--scap-sans); pointer-events: none; }
  `, unsafeCSS(Array.from({ length: MAX_RULES }, (_, i) =>
    `.rule-${i} { background: var(--rule-${i}); color: var(--rule-${i}-fg); }`).join('\n'))];
}

const setHeight = (px: number) => styleProp('height', `${px}px`);
const setMinWidth = (px: number) => styleProp('min-width', `${px}px`);
const setOffset = (px: number) => styleProp('transform', `translateY(${px}px)`);

customElements.define('scap-event-list', ScapEventList);

declare global {
  interface HTMLElementTagNameMap { 'scap-event-list': ScapEventList }
}

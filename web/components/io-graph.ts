/**
 * `<scap-io-graph>`: the I/O graph of the displayed events: several series, each a filter (empty = every
 * displayed event) and a measure (events, or bytes moved by I/O calls), as lines over time buckets with a
 * time axis (seconds since the graph's start) and a value axis. Drag across the plot to select a time
 * range, then zoom to it or filter on it (`evt.rawtime >= A and evt.rawtime < B`, the buckets' exact
 * bounds). The numbers come from the worker (engine/io-graph.ts); a table under the plot lists them.
 *
 * Fires: scap-filter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { dialogFrame } from './dialog-styles.ts';
import type { IoGraph } from '../../engine/api.ts';
import { engine } from '../engine-client.ts';
import { fire } from '../events.ts';
import { axisTicks } from '../timeline-axis.ts';
import { styleProp } from '../style-prop.ts';
import { seconds } from '../columns.ts';

interface Series { filter: string; measure: 'events' | 'bytes' }
const COLORS = ['#2d5b8a', '#c2410c', '#2e7d32', '#8e24aa', '#b8860b', '#00838f'];
const BUCKETS = 200;
const W = 900, H = 260;

/** First timestamp of bucket b (as engine/io-graph.ts bucketStart). */
function bucketStart(b: number, start: bigint, end: bigint, buckets: number): bigint {
  const span = end - start + 1n;
  const n = BigInt(buckets);
  return start + (BigInt(b) * span + n - 1n) / n;
}

export class ScapIoGraph extends LitElement {
  static properties = {
    _series: { state: true }, _graph: { state: true }, _zoom: { state: true }, _sel: { state: true }, _busy: { state: true },
  };

  declare _series: Series[];
  declare _graph: IoGraph | null;
  declare _zoom: { startNs: string; endNs: string } | null;
  /** Selected buckets [first, last]. */
  declare _sel: [number, number] | null;
  declare _busy: boolean;
  private dragFrom = -1;

  constructor() {
    super();
    this._series = [{ filter: '', measure: 'events' }, { filter: 'evt.is_io = true', measure: 'bytes' }];
    this._graph = null;
    this._zoom = null;
    this._sel = null;
    this._busy = false;
  }

  async show(): Promise<void> {
    this._zoom = null;
    this._sel = null;
    this.renderRoot.querySelector('dialog')?.showModal();
    await this.refresh();
  }

  private close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  async refresh(): Promise<void> {
    this._busy = true;
    try {
      this._graph = await engine.ioGraph({ series: this._series, buckets: BUCKETS, ...(this._zoom ?? {}) });
      this._sel = null;
    } finally {
      this._busy = false;
    }
    await this.updateComplete;
    this.draw();
  }

  private max(): number {
    let m = 0;
    for (const s of this._graph?.series ?? []) for (const v of s.values) m = Math.max(m, v);
    return m;
  }

  private draw() {
    const c = this.renderRoot.querySelector('canvas');
    const g = c?.getContext('2d');
    const d = this._graph;
    if (!c || !g || !d) return;
    g.clearRect(0, 0, c.width, c.height);
    const max = this.max() || 1;
    const bw = c.width / d.buckets;
    d.series.forEach((s, k) => {
      if (s.error) return;
      g.strokeStyle = COLORS[k % COLORS.length];
      g.lineWidth = 1.5;
      g.beginPath();
      s.values.forEach((v, b) => {
        const x = (b + 0.5) * bw;
        const y = c.height - 1 - (v / max) * (c.height - 4);
        if (b === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    });
  }

  private bucketAt(e: PointerEvent): number {
    const c = this.renderRoot.querySelector('canvas')!;
    const r = c.getBoundingClientRect();
    const n = this._graph?.buckets ?? BUCKETS;
    return Math.max(0, Math.min(n - 1, Math.floor(((e.clientX - r.left) / r.width) * n)));
  }

  private onDown(e: PointerEvent) {
    if (!this._graph) return;
    (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
    this.dragFrom = this.bucketAt(e);
    this._sel = [this.dragFrom, this.dragFrom];
  }

  private onMove(e: PointerEvent) {
    if (this.dragFrom < 0) return;
    const b = this.bucketAt(e);
    this._sel = [Math.min(this.dragFrom, b), Math.max(this.dragFrom, b)];
  }

  private onUp() {
    this.dragFrom = -1;
  }

  /** The selected buckets' time range: [first ns, first ns after it). */
  private selRange(): [bigint, bigint] | null {
    const d = this._graph;
    if (!d || !this._sel) return null;
    const s = BigInt(d.startNs), e = BigInt(d.endNs);
    return [bucketStart(this._sel[0], s, e, d.buckets), bucketStart(this._sel[1] + 1, s, e, d.buckets)];
  }

  private zoom() {
    const r = this.selRange();
    if (!r) return;
    this._zoom = { startNs: r[0].toString(), endNs: (r[1] - 1n).toString() };
    void this.refresh();
  }

  private filterOnSelection() {
    const r = this.selRange();
    if (!r) return;
    fire(this, 'scap-filter', { expr: `evt.rawtime >= ${r[0]} and evt.rawtime < ${r[1]}`, mode: 'replace', apply: true });
    this.close();
  }

  private setSeries(k: number, patch: Partial<Series>) {
    this._series = this._series.map((s, i) => (i === k ? { ...s, ...patch } : s));
  }

  private renderAxes(d: IoGraph) {
    const span = BigInt(d.endNs) - BigInt(d.startNs);
    const max = this.max();
    return html`
      <div class="xaxis">${axisTicks(span, W).map((t) => html`<span class="tick" data-ns=${t.ns.toString()} ${styleProp('left', `${t.pct}%`)}>${t.label}</span>`)}</div>
      <div class="yaxis"><span class="ymax" data-max=${max}>${max.toLocaleString('en-US')}</span><span class="ymid">${(max / 2).toLocaleString('en-US')}</span><span class="y0">0</span></div>`;
  }

  private renderData(d: IoGraph) {
    const s = BigInt(d.startNs), e = BigInt(d.endNs);
    return html`<details class="data"><summary>Values per bucket</summary>
      <table id="io-data" data-start=${d.startNs} data-end=${d.endNs} data-buckets=${d.buckets}>
        <thead><tr><th>Bucket start (s)</th>${d.series.map((_, k) => html`<th>Series ${k + 1}</th>`)}</tr></thead>
        <tbody>${d.series[0]?.values.map((_, b) => html`<tr><td>+${seconds(bucketStart(b, s, e, d.buckets) - s)}</td>
          ${d.series.map((x) => html`<td class="n">${x.values[b]}</td>`)}</tr>`) ?? nothing}</tbody>
      </table></details>`;
  }

  render() {
    const d = this._graph;
    const sel = this._sel;
    const n = d?.buckets ?? BUCKETS;
    return html`<dialog aria-label="I/O graph">
      <header><h2>I/O graph</h2><span class="dim" id="io-status">${this._busy ? 'Computing…' : d ? `${seconds(BigInt(d.endNs) - BigInt(d.startNs))} s in ${n} buckets` : ''}</span>
        <button @click=${this.close} aria-label="Close">✕</button></header>
      <div class="series">${this._series.map((s, k) => html`<div class="s" data-series=${k}>
        <span class="swatch" ${styleProp('background', COLORS[k % COLORS.length])}></span>
        <input class="filter" placeholder="filter (empty: every displayed event)" .value=${s.filter}
          @change=${(e: Event) => this.setSeries(k, { filter: (e.target as HTMLInputElement).value })}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { this.setSeries(k, { filter: (e.target as HTMLInputElement).value }); void this.refresh(); } }}>
        <select class="measure" @change=${(e: Event) => this.setSeries(k, { measure: (e.target as HTMLSelectElement).value as Series['measure'] })}>
          <option value="events" ?selected=${s.measure === 'events'}>events</option><option value="bytes" ?selected=${s.measure === 'bytes'}>I/O bytes</option></select>
        ${d?.series[k]?.error ? html`<span class="err">column ${d.series[k].error!.pos + 1}: ${d.series[k].error!.message}</span>` : nothing}
        <button class="remove" ?disabled=${this._series.length <= 1} @click=${() => { this._series = this._series.filter((_, i) => i !== k); void this.refresh(); }}>✕</button>
      </div>`)}
        <div class="actions">
          <button class="add" ?disabled=${this._series.length >= COLORS.length} @click=${() => { this._series = [...this._series, { filter: '', measure: 'events' }]; }}>Add series</button>
          <button class="draw" @click=${() => this.refresh()}>Draw</button>
          <button class="zoom" ?disabled=${!sel} @click=${this.zoom}>Zoom to selection</button>
          <button class="unzoom" ?disabled=${!this._zoom} @click=${() => { this._zoom = null; void this.refresh(); }}>Reset zoom</button>
          <button class="filter-sel" ?disabled=${!sel} @click=${this.filterOnSelection}>Filter on selection</button>
        </div>
      </div>
      <div class="plot">
        ${d ? this.renderAxes(d) : nothing}
        <div class="area">
          <canvas width=${W} height=${H} @pointerdown=${this.onDown} @pointermove=${this.onMove} @pointerup=${this.onUp}></canvas>
          ${sel ? html`<div class="sel" id="io-sel" data-b0=${sel[0]} data-b1=${sel[1]}
            ${styleProp('left', `${(sel[0] / n) * 100}%`)} ${styleProp('width', `${((sel[1] - sel[0] + 1) / n) * 100}%`)}></div>` : nothing}
        </div>
      </div>
      ${d ? this.renderData(d) : nothing}
    </dialog>`;
  }

  static styles = [dialogFrame, css`
    dialog { width: min(1040px, 96vw); max-height: 92vh; }
    .series { padding: 6px 14px; font: 12px var(--scap-sans); }
    .s { display: flex; gap: 6px; align-items: center; margin: 2px 0; }
    .swatch { width: 14px; height: 4px; display: inline-block; }
    .filter { flex: 1; font: 12px var(--scap-mono); }
    .err { color: #c62828; }
    .actions { display: flex; gap: 6px; margin-top: 4px; }
    .plot { position: relative; margin: 4px 14px 0 70px; }
    .area { position: relative; }
    canvas { display: block; width: 100%; aspect-ratio: ${W} / ${H}; background: var(--scap-bg-alt); cursor: crosshair; touch-action: none; }
    .sel { position: absolute; top: 0; bottom: 0; background: rgb(45 91 138 / 20%); border: 1px solid var(--scap-accent); pointer-events: none; }
    .xaxis { position: absolute; left: 0; right: 0; bottom: -16px; height: 15px; font: 10px var(--scap-sans); }
    .tick { position: absolute; padding-left: 3px; border-left: 1px solid var(--scap-fg-dim); white-space: nowrap; }
    .yaxis { position: absolute; left: -66px; width: 60px; top: 0; bottom: 0; font: 10px var(--scap-sans); text-align: right; }
    .ymax { position: absolute; right: 0; top: 0; }
    .ymid { position: absolute; right: 0; top: 50%; transform: translateY(-50%); }
    .y0 { position: absolute; right: 0; bottom: 0; }
    .data { margin: 22px 14px 12px; font: 12px var(--scap-sans); }
    .data table { border-collapse: collapse; }
    .data td, .data th { padding: 0 10px 0 0; font: 11px var(--scap-mono); text-align: right; }
  `];
}

customElements.define('scap-io-graph', ScapIoGraph);
declare global { interface HTMLElementTagNameMap { 'scap-io-graph': ScapIoGraph } }

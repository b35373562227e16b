/**
 * `<scap-timeline>`: a strip above the event list showing how many displayed events fall in each slice
 * of the capture's time span (drawn on a canvas, so a million events cost one worker pass), bars linear
 * in the count, with a time axis (seconds since the first displayed event) and the fullest slice's count.
 * Hovering shows a tooltip at the pointer with the slice's time range and count; clicking selects the
 * slice's first event.
 *
 * Fires: `timeline-select` (detail: { position }, the view position to select).
 */
import { LitElement, html, css, type PropertyValues } from 'lit';
import type { Timeline } from '../../engine/api.ts';
import { engine } from '../engine-client.ts';
import { seconds } from '../columns.ts';
import { axisTicks, barHeight, type Tick } from '../timeline-axis.ts';
import { styleProp } from '../style-prop.ts';

export class ScapTimeline extends LitElement {
  static properties = {
    viewVersion: { type: Number }, rowCount: { type: Number }, _tip: { state: true }, _tipX: { state: true },
    _ticks: { state: true }, _max: { state: true },
  };

  declare viewVersion: number;
  declare rowCount: number;
  declare _tip: string;
  declare _tipX: number;
  declare _ticks: Tick[];
  declare _max: number;
  private data: Timeline | null = null;
  private seq = 0;
  private resizeObs?: ResizeObserver;
  /** The canvas's width as last laid out: render reads this, not clientWidth (a forced layout at every load step). */
  private plotWidth = 0;

  constructor() {
    super();
    this.viewVersion = 0;
    this.rowCount = 0;
    this._tip = '';
    this._tipX = 0;
    this._ticks = [];
    this._max = 0;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.resizeObs = new ResizeObserver((entries) => {
      this.plotWidth = entries[entries.length - 1]?.contentRect.width ?? this.plotWidth;
      void this.refresh();
    });
    this.resizeObs.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObs?.disconnect();
  }

  updated(changed: PropertyValues<this>): void {
    // Only a new view (load end, filter, sort) redraws: while loading, rows arrive every MiB.
    if (changed.has('viewVersion')) void this.refresh();
  }

  private get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  private async refresh() {
    const c = this.canvas;
    if (!c) return;
    const width = Math.max(1, Math.floor(c.clientWidth));
    const seq = ++this.seq;
    const data = this.rowCount > 0 ? await engine.timeline(Math.min(width, 2048)).catch(() => null) : null;
    if (seq !== this.seq) return;
    this.data = data;
    this._ticks = data ? axisTicks(BigInt(data.endNs) - BigInt(data.startNs), c.clientWidth) : [];
    this.draw();
  }

  private draw() {
    const c = this.canvas;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.floor(c.clientWidth * dpr));
    c.height = Math.max(1, Math.floor(c.clientHeight * dpr));
    const g = c.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, c.width, c.height);
    const d = this.data;
    if (!d || d.counts.length === 0) return;
    let max = 0;
    for (const v of d.counts) max = Math.max(max, v);
    this._max = max;
    if (!max) return;
    const bw = c.width / d.counts.length;
    g.fillStyle = getComputedStyle(this).getPropertyValue('--scap-accent').trim() || '#2d5b8a';
    d.counts.forEach((v, b) => {
      // Linear: equal rates give equal bars, a burst twice as busy is twice as tall (>= 1 px if not empty).
      const h = barHeight(v, max, c.height - 2);
      if (h) g.fillRect(Math.round(b * bw), c.height - h, Math.max(1, Math.round((b + 1) * bw) - Math.round(b * bw) - (bw > 3 ? 1 : 0)), h);
    });
  }

  private bucketAt(e: MouseEvent): number {
    const c = this.canvas;
    const d = this.data;
    if (!c || !d) return -1;
    const x = e.clientX - c.getBoundingClientRect().left;
    return Math.max(0, Math.min(d.counts.length - 1, Math.floor((x / c.clientWidth) * d.counts.length)));
  }

  private onMove(e: MouseEvent) {
    const d = this.data;
    const b = this.bucketAt(e);
    if (!d || b < 0) { this._tip = ''; return; }
    const span = BigInt(d.endNs) - BigInt(d.startNs);
    const from = (span * BigInt(b)) / BigInt(d.counts.length);
    const to = (span * BigInt(b + 1)) / BigInt(d.counts.length);
    this._tip = `+${seconds(from)} … +${seconds(to)} s: ${d.counts[b].toLocaleString('en-US')} events`;
    this._tipX = e.clientX - this.canvas!.getBoundingClientRect().left;
  }

  private onClick(e: MouseEvent) {
    const d = this.data;
    const b = this.bucketAt(e);
    if (!d || b < 0) return;
    // The nearest non-empty slice at or after the click.
    let k = b;
    while (k < d.counts.length && d.firstPosition[k] < 0) k++;
    if (k >= d.counts.length) return;
    this.dispatchEvent(new CustomEvent('timeline-select', { detail: { position: d.firstPosition[k] }, bubbles: true, composed: true }));
  }

  render() {
    const w = this.plotWidth;
    // The tooltip sits next to the pointer, flipped to its left in the right half.
    const tipSide = this._tipX > w / 2 ? styleProp('right', `${Math.max(0, w - this._tipX + 8)}px`) : styleProp('left', `${this._tipX + 8}px`);
    return html`<div class="wrap">
      <div class="plot">
        <canvas @mousemove=${this.onMove} @mouseleave=${() => { this._tip = ''; }} @click=${this.onClick}
          aria-label="Displayed events over time — click to go there"></canvas>
        ${this._max ? html`<span class="ymax" id="timeline-max" data-max=${this._max}>${this._max.toLocaleString('en-US')} / slice</span>` : ''}
      </div>
      <div class="axis">${this._ticks.map((t) => html`<span class="tick" data-ns=${t.ns.toString()} ${styleProp('left', `${t.pct}%`)}>${t.label}</span>`)}</div>
      ${this._tip ? html`<div class="tip" role="tooltip" ${tipSide}>${this._tip}</div>` : ''}
    </div>`;
  }

  static styles = css`
    :host { display: block; height: 50px; border-bottom: 1px solid var(--scap-border); background: var(--scap-bg-alt); }
    .wrap { position: relative; height: 100%; display: flex; flex-direction: column; }
    .plot { position: relative; flex: 1; min-height: 0; }
    canvas { display: block; width: 100%; height: 100%; cursor: pointer; }
    .ymax { position: absolute; left: 4px; top: 1px; padding: 0 3px; font: 10px var(--scap-sans); color: var(--scap-fg); background: color-mix(in srgb, var(--scap-bg-alt) 85%, transparent); pointer-events: none; }
    .axis { position: relative; height: 15px; border-top: 1px solid var(--scap-border); font: 10px var(--scap-sans); color: var(--scap-fg); overflow: hidden; }
    .tick { position: absolute; top: 0; padding-left: 3px; border-left: 1px solid var(--scap-fg-dim); line-height: 14px; white-space: nowrap; }
    .tip { position: absolute; top: 4px; z-index: 30; padding: 3px 8px; font: 12px var(--scap-sans); color: var(--scap-fg);
      background: var(--scap-bg); border: 1px solid var(--scap-border); border-radius: 4px; box-shadow: 0 2px 8px rgb(0 0 0 / 25%);
      pointer-events: none; white-space: nowrap; }
  `;
}

customElements.define('scap-timeline', ScapTimeline);
declare global { interface HTMLElementTagNameMap { 'scap-timeline': ScapTimeline } }

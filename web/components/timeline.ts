/**
 * `<scap-timeline>`: a strip above the event list showing how many displayed events fall in each slice
 * of the capture's time span (drawn on a canvas, so a million events cost one worker pass). Hovering
 * names the slice's time and count; clicking selects the slice's first event.
 *
 * Fires: `timeline-select` (detail: { position }, the view position to select).
 */
import { LitElement, html, css, type PropertyValues } from 'lit';
import type { Timeline } from '../../engine/api.ts';
import { engine } from '../engine-client.ts';
import { seconds } from '../columns.ts';

export class ScapTimeline extends LitElement {
  static properties = { viewVersion: { type: Number }, rowCount: { type: Number }, _tip: { state: true } };

  declare viewVersion: number;
  declare rowCount: number;
  declare _tip: string;
  private data: Timeline | null = null;
  private seq = 0;
  private resizeObs?: ResizeObserver;

  constructor() {
    super();
    this.viewVersion = 0;
    this.rowCount = 0;
    this._tip = '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.resizeObs = new ResizeObserver(() => void this.refresh());
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
    if (!max) return;
    const bw = c.width / d.counts.length;
    g.fillStyle = getComputedStyle(this).getPropertyValue('--scap-accent').trim() || '#2d5b8a';
    d.counts.forEach((v, b) => {
      if (!v) return;
      // Square root keeps quiet slices visible next to bursts.
      const h = Math.max(1, Math.sqrt(v / max) * (c.height - 2));
      g.fillRect(b * bw, c.height - h, Math.max(1, bw - (bw > 3 ? 1 : 0)), h);
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
    this._tip = `+${seconds(from)} s: ${d.counts[b].toLocaleString('en-US')} events`;
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
    return html`<div class="wrap" title="Displayed events over time — click to go there">
      <canvas @mousemove=${this.onMove} @mouseleave=${() => { this._tip = ''; }} @click=${this.onClick}></canvas>
      <span class="tip">${this._tip}</span>
    </div>`;
  }

  static styles = css`
    :host { display: block; height: 34px; border-bottom: 1px solid var(--scap-border); background: var(--scap-bg-alt); }
    .wrap { position: relative; height: 100%; }
    canvas { display: block; width: 100%; height: 100%; cursor: pointer; }
    .tip { position: absolute; right: 6px; top: 2px; font: 11px var(--scap-sans); color: var(--scap-fg-dim); pointer-events: none; }
  `;
}

customElements.define('scap-timeline', ScapTimeline);
declare global { interface HTMLElementTagNameMap { 'scap-timeline': ScapTimeline } }

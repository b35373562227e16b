/**
 * `<scap-status-bar>`: events total / displayed, the selected event, load time, warnings from the
 * capture (truncation, unknown blocks), and the button for the capture's properties.
 *
 * Fires: scap-show-properties.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { CaptureSummary } from '../../engine/api.ts';
import { fire } from '../events.ts';

export class ScapStatusBar extends LitElement {
  static properties = {
    fileName: { type: String },
    summary: { attribute: false },
    displayed: { type: Number },
    selectedNum: { type: Number },
    filterMs: { attribute: false },
    filter: { type: String },
    message: { type: String },
    _showDiags: { state: true },
  };

  declare fileName: string;
  declare summary: CaptureSummary | null;
  declare displayed: number;
  declare selectedNum: number;
  declare filterMs: number | null;
  /** The applied filter (exposed as data-filter for tools and tests). */
  declare filter: string;
  declare message: string;
  declare _showDiags: boolean;

  constructor() {
    super();
    this.fileName = '';
    this.summary = null;
    this.displayed = 0;
    this.selectedNum = -1;
    this.filterMs = null;
    this.filter = '';
    this.message = '';
    this._showDiags = false;
  }

  render() {
    const s = this.summary;
    const diags = s?.diagnostics ?? [];
    const total = s?.visibleEvents ?? 0;
    const pct = total ? ((this.displayed / total) * 100).toFixed(1) : '0';
    return html`<div class="bar">
      <span class="file" title=${this.fileName}>${this.fileName || 'No capture'}</span>
      ${s ? html`
        <span id="count-total" data-total=${total}>Events: ${total.toLocaleString('en-US')}</span>
        <span id="count-displayed" data-displayed=${this.displayed} data-filter=${this.filter}>Displayed: ${this.displayed.toLocaleString('en-US')} (${pct}%)</span>
        ${this.selectedNum >= 0 ? html`<span>Selected: ${this.selectedNum}</span>` : nothing}
        <span>Loaded in ${(s.loadMs / 1000).toFixed(s.loadMs < 10_000 ? 2 : 1)} s</span>
        ${this.filterMs !== null ? html`<span>Filter: ${this.filterMs.toFixed(1)} ms</span>` : nothing}
        ${diags.length ? html`<button class="warn" id="warnings" @click=${() => { this._showDiags = !this._showDiags; }}>
          ⚠ ${diags.length} ${diags.length === 1 ? 'warning' : 'warnings'}</button>` : nothing}
        <button id="properties" @click=${() => fire(this, 'scap-show-properties', {})}>Properties</button>` : nothing}
      <span class="msg">${this.message}</span>
    </div>
    ${this._showDiags && diags.length ? html`<ul class="diags">
      ${diags.map((d) => html`<li class=${d.severity}>${d.severity} at byte 0x${d.offset.toString(16)}: ${d.message}</li>`)}</ul>` : nothing}`;
  }

  static styles = css`
    :host { display: block; position: relative; background: var(--scap-bg-panel); border-top: 1px solid var(--scap-border); font: 12px var(--scap-sans); }
    .bar { display: flex; gap: 16px; align-items: center; padding: 3px 8px; white-space: nowrap; overflow: hidden; }
    .file { font-weight: 600; max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
    .msg { margin-left: auto; color: var(--scap-fg-dim); overflow: hidden; text-overflow: ellipsis; }
    button { font: 12px var(--scap-sans); padding: 0 6px; cursor: pointer; }
    .warn { color: var(--scap-warn); font-weight: 600; }
    .diags { position: absolute; bottom: 100%; left: 0; right: 0; max-height: 200px; overflow: auto; margin: 0; padding: 6px 20px;
      background: var(--scap-bg); border-top: 1px solid var(--scap-border); font: 12px var(--scap-mono); }
    .error { color: #c62828; }
    .warning { color: var(--scap-warn); }
  `;
}

customElements.define('scap-status-bar', ScapStatusBar);
declare global { interface HTMLElementTagNameMap { 'scap-status-bar': ScapStatusBar } }

/**
 * `<scap-properties-dialog>`: the capture's properties in a modal dialog: file, sizes, time span,
 * machine, sections, event-type counts (most frequent first) and every diagnostic with its offset.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { CaptureSummary } from '../../engine/api.ts';
import { clockTime, seconds } from '../columns.ts';
import { humanBytes } from './open-panel.ts';

export class ScapPropertiesDialog extends LitElement {
  static properties = { summary: { attribute: false }, fileName: { type: String }, fileSize: { type: Number }, memory: { attribute: false } };

  declare summary: CaptureSummary | null;
  declare fileName: string;
  declare fileSize: number;
  /** Engine memory for this capture (WASM linear memory, view arrays), when known. */
  declare memory: { wasmBytes: number; viewBytes: number; events: number } | null;

  constructor() {
    super();
    this.summary = null;
    this.fileName = '';
    this.fileSize = 0;
    this.memory = null;
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private renderBody(s: CaptureSummary) {
    const span = s.firstTs && s.lastTs ? seconds(BigInt(s.lastTs) - BigInt(s.firstTs)) : null;
    const counts = Object.entries(s.eventTypeCounts).sort((a, b) => b[1] - a[1]);
    const m = s.machine;
    return html`
      <table class="kv">
        <tr><th>File</th><td>${this.fileName}</td></tr>
        <tr><th>File size</th><td>${humanBytes(this.fileSize)} (${this.fileSize.toLocaleString('en-US')} bytes)</td></tr>
        <tr><th>Capture size</th><td>${humanBytes(s.bytes)} decompressed</td></tr>
        <tr><th>Events</th><td>${s.totalEvents.toLocaleString('en-US')} in the file, ${s.visibleEvents.toLocaleString('en-US')} shown by default</td></tr>
        <tr><th>Sections</th><td>${s.sections}</td></tr>
        <tr><th>First event</th><td>${s.firstTs ? `${new Date(Number(BigInt(s.firstTs) / 1_000_000n)).toISOString()} (${clockTime(s.firstTs)})` : '—'}</td></tr>
        <tr><th>Last event</th><td>${s.lastTs ? `${new Date(Number(BigInt(s.lastTs) / 1_000_000n)).toISOString()} (${clockTime(s.lastTs)})` : '—'}</td></tr>
        <tr><th>Time span</th><td>${span ? `${span} s` : '—'}</td></tr>
        <tr><th>Load time</th><td>${(s.loadMs / 1000).toFixed(3)} s</td></tr>
        ${this.memory ? html`<tr><th>Engine memory</th><td id="memory" data-wasm=${this.memory.wasmBytes} data-view=${this.memory.viewBytes}>
          ${humanBytes(this.memory.wasmBytes)} WASM + ${humanBytes(this.memory.viewBytes)} view${this.memory.events ? html`
          (per event: ${(s.bytes / this.memory.events).toFixed(0)} bytes of the capture + ${((this.memory.wasmBytes + this.memory.viewBytes - s.bytes) / this.memory.events).toFixed(0)} beside them)` : nothing}</td></tr>` : nothing}
        ${m ? html`
          <tr><th>Host name</th><td>${m.hostname}</td></tr>
          <tr><th>CPUs</th><td>${m.numCpus}</td></tr>
          <tr><th>Memory</th><td>${humanBytes(m.memoryBytes)}</td></tr>
          <tr><th>Boot time</th><td>${m.bootTimeNs}</td></tr>` : html`<tr><th>Machine</th><td>not recorded</td></tr>`}
      </table>
      ${s.diagnostics.length ? html`<h3>Diagnostics</h3><ul class="diags">${s.diagnostics.map((d) =>
        html`<li class=${d.severity}>${d.severity} at byte 0x${d.offset.toString(16)}: ${d.message}</li>`)}</ul>` : nothing}
      <h3>Event types</h3>
      <table class="counts"><tr><th>Type</th><th>Events</th></tr>
        ${counts.map(([t, n]) => html`<tr><td>${t}</td><td class="n">${n.toLocaleString('en-US')}</td></tr>`)}</table>`;
  }

  render() {
    return html`<dialog aria-label="Capture properties">
      <header><h2>Capture properties</h2><button @click=${this.close} aria-label="Close">✕</button></header>
      <div class="body">${this.summary ? this.renderBody(this.summary) : 'No capture open.'}</div>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(720px, 92vw); max-height: 85vh; padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
    dialog::backdrop { background: rgb(0 0 0 / 35%); }
    header { display: flex; justify-content: space-between; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); position: sticky; top: 0; }
    h2 { font-size: 16px; margin: 0; }
    h3 { font-size: 14px; margin: 14px 0 6px; }
    .body { padding: 8px 14px 16px; font: 13px var(--scap-sans); }
    .kv th { text-align: left; padding-right: 16px; color: var(--scap-fg-dim); font-weight: 500; vertical-align: top; }
    .kv td { font-family: var(--scap-mono); font-size: 12px; word-break: break-all; }
    .counts td, .counts th { padding: 1px 12px 1px 0; text-align: left; font-size: 12px; }
    .counts td { font-family: var(--scap-mono); }
    .n { text-align: right; }
    .diags { font: 12px var(--scap-mono); padding-left: 18px; }
    .error { color: #c62828; }
    .warning { color: var(--scap-warn); }
  `;
}

customElements.define('scap-properties-dialog', ScapPropertiesDialog);
declare global { interface HTMLElementTagNameMap { 'scap-properties-dialog': ScapPropertiesDialog } }

/**
 * `<scap-stream-view>`: "follow stream" for a file descriptor: the data every read and write on it
 * carried (same fd.name, same process), in capture order, reads and writes in two colors, as text
 * (non-printable bytes as dots) or hex. Capture data is attacker-controlled: it is only ever set as
 * text. Clicking a chunk goes to its event; the stream's filter can be applied. A chunk the capture
 * holds only in part (the call moved more bytes than the capture's snap length kept) says so.
 *
 * Fires: scap-filter, scap-goto-index.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { StreamChunk, StreamResult } from '../../engine/api.ts';
import { fire } from '../events.ts';

/** Bytes rendered at most (the rest is summarized). */
const MAX_SHOWN = 2 << 20;

function printable(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c === 10 || c === 9 || (c >= 0x20 && c < 0x7f) ? String.fromCharCode(c) : '.';
  return s;
}

/** The call moved more bytes than the capture kept. */
function isCut(c: StreamChunk): boolean {
  return c.length !== null && c.length > c.bytes.length;
}

function hex(b: Uint8Array): string {
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const line = Array.from(b.subarray(o, o + 16), (c) => c.toString(16).padStart(2, '0')).join(' ');
    out.push(`${o.toString(16).padStart(6, '0')}  ${line.padEnd(47)}  ${printable(b.subarray(o, o + 16)).replace(/[\n\t]/g, '.')}`);
  }
  return out.join('\n');
}

export class ScapStreamView extends LitElement {
  static properties = { stream: { attribute: false }, _hex: { state: true } };

  declare stream: StreamResult | null;
  declare _hex: boolean;

  constructor() {
    super();
    this.stream = null;
    this._hex = false;
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private renderChunks(st: StreamResult) {
    let shown = 0;
    const out = [];
    for (const c of st.chunks) {
      if (shown >= MAX_SHOWN) { out.push(html`<div class="more">… ${st.chunks.length - out.length} more events not shown</div>`); break; }
      const b = c.bytes.subarray(0, MAX_SHOWN - shown);
      shown += b.length;
      out.push(html`<pre class="chunk ${c.direction}" data-index=${c.index} title="event #${c.index + 1} (${c.direction}, ${c.bytes.length} bytes) — click to go there"
        @click=${() => { fire(this, 'scap-goto-index', { index: c.index }); this.close(); }}>${this._hex ? hex(b) : printable(b)}</pre>`);
      if (isCut(c)) {
        out.push(html`<div class="cut" data-index=${c.index} data-captured=${c.bytes.length} data-length=${c.length}>✂ ${c.bytes.length} of ${c.length} bytes
          captured: the rest was cut at the capture's snap length</div>`);
      }
    }
    return out;
  }

  render() {
    const st = this.stream;
    const read = st?.chunks.filter((c) => c.direction === 'read').reduce((n, c) => n + c.bytes.length, 0) ?? 0;
    const written = st?.chunks.filter((c) => c.direction === 'write').reduce((n, c) => n + c.bytes.length, 0) ?? 0;
    const cut = st?.chunks.filter(isCut) ?? [];
    const snap = cut.reduce((m, c) => Math.max(m, c.bytes.length), 0);
    return html`<dialog aria-label="Follow stream">
      <header>
        <h2>Stream</h2>
        ${st ? html`<span class="what">${st.fdName}${st.pid ? ` · pid ${st.pid}` : ''}</span>
          <span class="dim" id="stream-summary" data-events=${st.chunks.length} data-read=${read} data-written=${written}>
            ${st.chunks.length} events · <span class="read">${read} bytes read</span> · <span class="write">${written} bytes written</span>${st.truncated ? ' · truncated' : ''}</span>
          ${cut.length ? html`<span class="snapped" id="stream-snapped" data-cut=${cut.length}>✂ ${cut.length} of ${st.chunks.length} events cut at the
            capture's snap length (${snap} bytes kept of each): the byte counts are what was captured</span>` : nothing}` : nothing}
        <span class="grow"></span>
        <label><input type="checkbox" .checked=${this._hex} @change=${(e: Event) => { this._hex = (e.target as HTMLInputElement).checked; }}> Hex</label>
        ${st?.filter ? html`<button @click=${() => { fire(this, 'scap-filter', { expr: st.filter, mode: 'replace', apply: true }); this.close(); }}>Filter on this stream</button>` : nothing}
        <button @click=${this.close} aria-label="Close">✕</button>
      </header>
      <div class="body">${!st ? 'Nothing to show.' : st.error ? html`<p class="error">${st.error}</p>`
        : st.chunks.length === 0 ? html`<p class="dim">No data was read or written through this file descriptor in the capture.</p>`
        : this.renderChunks(st)}</div>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(1000px, 94vw); height: 80vh; padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
    dialog[open] { display: flex; flex-direction: column; }
    dialog::backdrop { background: rgb(0 0 0 / 35%); }
    header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); }
    h2 { font-size: 16px; margin: 0; }
    .what { font: 12px var(--scap-mono); max-width: 40%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .dim { color: var(--scap-fg-dim); font-size: 12px; }
    .grow { flex: 1; }
    .body { flex: 1; overflow: auto; padding: 8px 14px; }
    pre.chunk { margin: 0 0 2px; padding: 2px 6px; font: 12px/1.4 var(--scap-mono); white-space: pre-wrap; word-break: break-all; cursor: pointer; border-left: 3px solid; }
    pre.read, span.read { color: #1a5fb4; }
    pre.write, span.write { color: #a51d2d; }
    pre.read { border-color: #1a5fb4; background: color-mix(in srgb, #1a5fb4 7%, transparent); }
    pre.write { border-color: #a51d2d; background: color-mix(in srgb, #a51d2d 7%, transparent); }
    pre.other { border-color: var(--scap-border); }
    .more, .error { color: var(--scap-fg-dim); }
    .cut { margin: -2px 0 4px; padding: 0 6px; font: italic 11px var(--scap-sans); color: var(--scap-warn); }
    .snapped { font-size: 12px; color: var(--scap-warn); font-weight: 600; }
  `;
}

customElements.define('scap-stream-view', ScapStreamView);
declare global { interface HTMLElementTagNameMap { 'scap-stream-view': ScapStreamView } }

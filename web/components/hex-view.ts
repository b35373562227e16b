/**
 * `<scap-hex-view>`: the selected event's bytes as offset / hex / ASCII. Offsets are positions in the
 * decompressed capture, so they match the CLI's JSON byte ranges. The selected field's bytes are
 * highlighted exactly; clicking a byte selects the (innermost) field that owns it. Very large events
 * show their first bytes until asked for all.
 *
 * Fires: scap-select-field.
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import type { EventDetail } from '../../engine/api.ts';
import { fire } from '../events.ts';
import { fieldKey } from './detail-tree.ts';

const PER_LINE = 16;
const INITIAL_LIMIT = 16 * 1024;

interface OwnedRange { key: string; start: number; end: number }

export class ScapHexView extends LitElement {
  static properties = { detail: { attribute: false }, selectedKey: { attribute: false }, _all: { state: true } };

  declare detail: EventDetail | null;
  declare selectedKey: string | null;
  declare _all: boolean;
  private ranges: OwnedRange[] = [];

  constructor() {
    super();
    this.detail = null;
    this.selectedKey = null;
    this._all = false;
  }

  willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('detail')) {
      this._all = false;
      this.ranges = [];
      this.detail?.sections.forEach((s, si) => s.fields.forEach((f, fi) => {
        if (f.range && f.range.length >= 0) this.ranges.push({ key: fieldKey(si, fi), start: f.range.start, end: f.range.start + f.range.length });
      }));
    }
  }

  updated(): void {
    this.renderRoot.querySelector('.hl')?.scrollIntoView({ block: 'nearest' });
  }

  /** The innermost field range containing an absolute offset. */
  ownerOf(off: number): string | null {
    let best: OwnedRange | null = null;
    for (const r of this.ranges) {
      if (off >= r.start && off < r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
    }
    return best?.key ?? null;
  }

  /** Hovering a byte names its offset and owning field in the caption (no re-render of the dump). */
  private onHover(e: MouseEvent) {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-off]');
    // .hover has no Lit parts inside, so writing its text is safe.
    const cap = this.renderRoot.querySelector('.caption .hover');
    if (!el || !cap) return;
    const off = Number(el.dataset.off);
    const key = this.ownerOf(off);
    const [si, fi] = key ? key.split(':').map(Number) : [-1, -1];
    const f = key ? this.detail?.sections[si]?.fields[fi] : undefined;
    cap.textContent = `· byte 0x${off.toString(16)} (${off})${f ? `: ${f.label} — ${f.field}` : ''}`;
  }

  private onClick(e: MouseEvent) {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-off]');
    if (!el) return;
    fire(this, 'scap-select-field', { key: this.ownerOf(Number(el.dataset.off)) });
  }

  render() {
    const d = this.detail;
    if (!d) return html`<div class="empty">No event selected.</div>`;
    const sel = this.ranges.find((r) => r.key === this.selectedKey);
    const base = d.block.start;
    const shown = this._all ? d.bytes.length : Math.min(d.bytes.length, INITIAL_LIMIT);
    const owned = new Uint8Array(shown);
    for (const r of this.ranges) for (let o = Math.max(r.start, base); o < Math.min(r.end, base + shown); o++) owned[o - base] = 1;
    const lines = [];
    for (let l = 0; l < shown; l += PER_LINE) {
      const hex = [];
      const asc = [];
      for (let k = l; k < Math.min(shown, l + PER_LINE); k++) {
        const off = base + k;
        const b = d.bytes[k];
        const cls = `${sel && off >= sel.start && off < sel.end ? 'hl' : ''} ${owned[k] ? 'own' : ''}`;
        hex.push(html`<span class="b ${cls}" data-off=${off}>${b.toString(16).padStart(2, '0')}</span>`);
        asc.push(html`<span class="a ${cls}" data-off=${off}>${b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}</span>`);
      }
      lines.push(html`<div class="line"><span class="off">${(base + l).toString(16).padStart(8, '0')}</span><span class="hex">${hex}</span><span class="ascii">${asc}</span></div>`);
    }
    return html`<div class="caption"><span>${d.bytes.length} bytes at 0x${base.toString(16)}</span> <span class="hover" aria-live="polite"></span></div>
      <div class="dump" @click=${this.onClick} @mouseover=${this.onHover} aria-label="Event bytes">${lines}</div>
      ${shown < d.bytes.length ? html`<button class="more" @click=${() => { this._all = true; }}>Show all ${d.bytes.length} bytes</button>` : nothing}`;
  }

  static styles = css`
    :host { display: block; overflow: auto; font: 12px/1.45 var(--scap-mono); padding: 4px 8px; box-sizing: border-box; }
    .line { white-space: pre; display: flex; gap: 14px; }
    .caption { position: sticky; top: -4px; background: var(--scap-bg); color: var(--scap-fg-dim); font: 11px var(--scap-sans);
      padding: 2px 0 4px; }
    .off { color: var(--scap-fg-dim); }
    .hex { display: inline-grid; grid-template-columns: repeat(16, 2.6ch); }
    .hex .b:nth-child(8) { margin-right: 0.6ch; }
    .ascii { display: inline-grid; grid-template-columns: repeat(16, 1ch); }
    .b, .a { cursor: pointer; }
    .own { color: var(--scap-fg); }
    .b:not(.own), .a:not(.own) { color: var(--scap-fg-dim); }
    .hl { background: var(--scap-hl); color: #000 !important; }
    .empty { color: var(--scap-fg-dim); padding: 12px; font-family: var(--scap-sans); }
    .more { margin: 6px 0; }
  `;
}

customElements.define('scap-hex-view', ScapHexView);
declare global { interface HTMLElementTagNameMap { 'scap-hex-view': ScapHexView } }

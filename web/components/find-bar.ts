/**
 * `<scap-find-bar>`: Ctrl-F. Finds the next / previous event matching a filter, or containing a string
 * in its info column or in its raw bytes, starting after the selected row (wrapping around).
 * Enter = next, Shift-Enter = previous, Escape closes.
 *
 * Fires: scap-find, and a plain `close` event.
 */
import { LitElement, html, css } from 'lit';
import type { FindQuery } from '../../engine/api.ts';
import { fire } from '../events.ts';

export class ScapFindBar extends LitElement {
  static properties = { message: { type: String }, _kind: { state: true } };

  declare message: string;
  declare _kind: FindQuery['kind'];

  constructor() {
    super();
    this.message = '';
    this._kind = 'info';
  }

  focusInput(): void {
    const i = this.renderRoot.querySelector<HTMLInputElement>('input');
    i?.focus();
    i?.select();
  }

  private go(backwards: boolean) {
    const text = this.renderRoot.querySelector<HTMLInputElement>('input')?.value ?? '';
    if (!text) return;
    fire(this, 'scap-find', { query: { kind: this._kind, text }, backwards });
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Enter') { e.preventDefault(); this.go(e.shiftKey); }
    if (e.key === 'Escape') this.dispatchEvent(new Event('close'));
  }

  render() {
    return html`<div class="bar" role="search">
      <label>Find
        <select .value=${this._kind} @change=${(e: Event) => { this._kind = (e.target as HTMLSelectElement).value as FindQuery['kind']; }}>
          <option value="info">string in Info</option>
          <option value="bytes">string in bytes</option>
          <option value="filter">filter</option>
        </select></label>
      <input class="text" spellcheck="false" placeholder=${this._kind === 'filter' ? 'proc.name = bash' : 'text'} @keydown=${this.onKey}>
      <button @click=${() => this.go(true)} title="Previous (Shift+Enter)">▲</button>
      <button @click=${() => this.go(false)} title="Next (Enter)">▼</button>
      <span class="msg">${this.message}</span>
      <button class="close" @click=${() => this.dispatchEvent(new Event('close'))} title="Close (Escape)">✕</button>
    </div>`;
  }

  static styles = css`
    :host { display: block; background: var(--scap-bg-panel); border-bottom: 1px solid var(--scap-border); }
    .bar { display: flex; gap: 6px; align-items: center; padding: 3px 8px; font: 12px var(--scap-sans); }
    .text { flex: 0 1 420px; font: 12px var(--scap-mono); padding: 3px 6px; }
    .msg { color: var(--scap-fg-dim); }
    .close { margin-left: auto; }
  `;
}

customElements.define('scap-find-bar', ScapFindBar);
declare global { interface HTMLElementTagNameMap { 'scap-find-bar': ScapFindBar } }

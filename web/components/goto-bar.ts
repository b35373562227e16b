/**
 * `<scap-goto-bar>`: Ctrl-G. Goes to an event by its number (the No. column, sysdig's evt.num); when
 * that event is filtered out, to the first displayed one after it.
 *
 * Fires: scap-goto-num, and a plain `close` event.
 */
import { LitElement, html, css } from 'lit';
import { fire } from '../events.ts';

export class ScapGotoBar extends LitElement {
  static properties = { message: { type: String } };

  declare message: string;

  constructor() {
    super();
    this.message = '';
  }

  focusInput(): void {
    const i = this.renderRoot.querySelector<HTMLInputElement>('input');
    i?.focus();
    i?.select();
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') { this.dispatchEvent(new Event('close')); return; }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const num = Number((e.target as HTMLInputElement).value.trim());
    if (Number.isSafeInteger(num) && num > 0) fire(this, 'scap-goto-num', { num });
    else this.message = 'enter an event number';
  }

  render() {
    return html`<div class="bar">
      <label>Go to event number <input class="num" inputmode="numeric" @keydown=${this.onKey}></label>
      <span class="msg">${this.message}</span>
      <button class="close" @click=${() => this.dispatchEvent(new Event('close'))} title="Close (Escape)">✕</button>
    </div>`;
  }

  static styles = css`
    :host { display: block; background: var(--scap-bg-panel); border-bottom: 1px solid var(--scap-border); }
    .bar { display: flex; gap: 8px; align-items: center; padding: 3px 8px; font: 12px var(--scap-sans); }
    .num { width: 120px; font: 12px var(--scap-mono); padding: 3px 6px; }
    .msg { color: var(--scap-fg-dim); }
    .close { margin-left: auto; }
  `;
}

customElements.define('scap-goto-bar', ScapGotoBar);
declare global { interface HTMLElementTagNameMap { 'scap-goto-bar': ScapGotoBar } }

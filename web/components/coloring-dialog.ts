/**
 * `<scap-coloring-dialog>`: edit the event list's coloring rules (name, filter, color, on/off, order;
 * first match wins). Shows each rule's filter error as reported by the engine.
 *
 * Fires: scap-coloring.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { FilterError } from '../../engine/api.ts';
import { fire } from '../events.ts';
import { DEFAULT_RULES, MAX_RULES, type ColoringRule } from '../coloring.ts';

export class ScapColoringDialog extends LitElement {
  static properties = { rules: { attribute: false }, errors: { attribute: false }, _draft: { state: true } };

  declare rules: ColoringRule[];
  declare errors: (FilterError | null)[];
  declare _draft: ColoringRule[];

  constructor() {
    super();
    this.rules = [];
    this.errors = [];
    this._draft = [];
  }

  show(): void {
    this._draft = this.rules.map((r) => ({ ...r }));
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private edit(i: number, patch: Partial<ColoringRule>) {
    this._draft = this._draft.map((r, k) => (k === i ? { ...r, ...patch } : r));
  }

  private move(i: number, d: number) {
    const j = i + d;
    if (j < 0 || j >= this._draft.length) return;
    const next = [...this._draft];
    [next[i], next[j]] = [next[j], next[i]];
    this._draft = next;
  }

  private apply(close: boolean) {
    fire(this, 'scap-coloring', { rules: this._draft.map((r) => ({ ...r })) });
    if (close) this.renderRoot.querySelector('dialog')?.close();
  }

  render() {
    return html`<dialog aria-label="Coloring rules">
      <header><h2>Coloring rules</h2><span class="dim">First matching rule colors the row.</span></header>
      <div class="rules">
        ${this._draft.map((r, i) => html`<div class="rule">
          <input type="checkbox" .checked=${r.enabled} title="Enabled" @change=${(e: Event) => this.edit(i, { enabled: (e.target as HTMLInputElement).checked })}>
          <input type="color" .value=${r.color} @input=${(e: Event) => this.edit(i, { color: (e.target as HTMLInputElement).value })}>
          <input class="name" .value=${r.name} @input=${(e: Event) => this.edit(i, { name: (e.target as HTMLInputElement).value })}>
          <input class="filter ${this.errors[i] ? 'bad' : ''}" spellcheck="false" .value=${r.filter}
            @input=${(e: Event) => this.edit(i, { filter: (e.target as HTMLInputElement).value })}>
          <button title="Up" @click=${() => this.move(i, -1)}>▲</button>
          <button title="Down" @click=${() => this.move(i, 1)}>▼</button>
          <button title="Delete" @click=${() => { this._draft = this._draft.filter((_, k) => k !== i); }}>✕</button>
          ${this.errors[i] ? html`<div class="err">column ${this.errors[i]!.pos + 1}: ${this.errors[i]!.message}</div>` : nothing}
        </div>`)}
      </div>
      <footer>
        <button ?disabled=${this._draft.length >= MAX_RULES} @click=${() => { this._draft = [...this._draft, { name: 'New rule', filter: '', color: '#e0e0e0', enabled: true }]; }}>Add rule</button>
        <button @click=${() => { this._draft = DEFAULT_RULES.map((r) => ({ ...r })); }}>Defaults</button>
        <span class="grow"></span>
        <button @click=${() => this.apply(false)}>Apply</button>
        <button class="primary" @click=${() => this.apply(true)}>OK</button>
        <button @click=${() => this.renderRoot.querySelector('dialog')?.close()}>Cancel</button>
      </footer>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(900px, 94vw); padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
    dialog::backdrop { background: rgb(0 0 0 / 35%); }
    header, footer { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); }
    h2 { font-size: 16px; margin: 0; }
    .dim { color: var(--scap-fg-dim); font-size: 12px; }
    .rules { padding: 8px 14px; max-height: 60vh; overflow: auto; }
    .rule { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 3px 0; }
    .name { width: 170px; }
    .filter { flex: 1; font: 12px var(--scap-mono); min-width: 300px; }
    .filter.bad { background: var(--scap-bad); }
    .err { width: 100%; color: #c62828; font-size: 12px; padding-left: 60px; }
    .grow { flex: 1; }
  `;
}

customElements.define('scap-coloring-dialog', ScapColoringDialog);
declare global { interface HTMLElementTagNameMap { 'scap-coloring-dialog': ScapColoringDialog } }

/**
 * `<scap-filter-bar>`: the display filter. Validates as you type (green / red, with the error's position
 * and message, checked by the engine in the worker), completes field names with their descriptions,
 * operators and event type names, and keeps history and saved filters (IndexedDB).
 * Enter applies what is typed (even with the completion list open); Tab or a click accepts a completion;
 * Escape closes the completion list; Ctrl-Space opens it.
 *
 * "→ Rule…" opens Filter → Falco rule for the applied filter.
 *
 * Fires: scap-apply-filter, scap-show-rule.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { FilterError } from '../../engine/api.ts';
import { engine } from '../engine-client.ts';
import { fire } from '../events.ts';
import { complete, type CompletionResult } from '../completion.ts';
import { addToHistory, deleteSavedFilter, filterHistory, saveFilter, savedFilters, type SavedFilter } from '../store.ts';

type Validity = 'empty' | 'checking' | 'valid' | 'invalid';

export class ScapFilterBar extends LitElement {
  static properties = {
    value: { type: String },
    applied: { type: String },
    _validity: { state: true },
    _error: { state: true },
    _completion: { state: true },
    _active: { state: true },
    _menu: { state: true },
    _history: { state: true },
    _saved: { state: true },
    _naming: { state: true },
  };

  declare value: string;
  declare applied: string;
  declare _validity: Validity;
  declare _error: FilterError | null;
  declare _completion: CompletionResult | null;
  declare _active: number;
  declare _menu: boolean;
  declare _history: string[];
  declare _saved: SavedFilter[];
  declare _naming: boolean;
  private validateSeq = 0;
  private validateTimer = 0;

  constructor() {
    super();
    this.value = '';
    this.applied = '';
    this._validity = 'empty';
    this._error = null;
    this._completion = null;
    this._active = 0;
    this._menu = false;
    this._history = [];
    this._saved = [];
    this._naming = false;
  }

  /** Puts an expression in the bar, and applies it if asked (validated then by the apply's own compile). */
  setExpression(expr: string, apply: boolean): void {
    this.value = expr;
    if (apply) { this.apply(); return; }
    this.validateSoon(0);
    this.input?.focus();
  }

  /**
   * The outcome of applying `expr` (the engine's setFilter compiled it once): shown as the bar's state,
   * with the error's position, without compiling it again. A successful filter applied from elsewhere
   * (a menu, the alerts) also replaces the bar's text.
   */
  showApplied(expr: string, error: FilterError | null): void {
    if (this.value.trim() !== expr.trim()) {
      if (error) return;
      this.value = expr;
      this.input?.focus();
    }
    clearTimeout(this.validateTimer);
    this.validateSeq++;
    // the applied text is the bar's without its leading blanks: count the position in the bar's text
    const lead = (this.value.length - this.value.trimStart().length) - (expr.length - expr.trimStart().length);
    this._error = error && lead && error.line === 1 ? { ...error, pos: error.pos + lead, col: error.col + lead } : error;
    this._validity = !expr.trim() ? 'empty' : error ? 'invalid' : 'valid';
  }

  /** Checks the bar's text again (after a cancelled apply, whose outcome is unknown). */
  revalidate(): void {
    this.validateSoon(0);
  }

  focusInput(): void {
    this.input?.focus();
    this.input?.select();
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot?.querySelector('input.expr') ?? null;
  }

  private validateSoon(delay = 120) {
    clearTimeout(this.validateTimer);
    const expr = this.value;
    if (!expr.trim()) { this._validity = 'empty'; this._error = null; return; }
    this._validity = 'checking';
    const seq = ++this.validateSeq;
    this.validateTimer = window.setTimeout(async () => {
      const err = await engine.validateFilter(expr);
      if (seq !== this.validateSeq) return;
      this._error = err;
      this._validity = err ? 'invalid' : 'valid';
    }, delay);
  }

  /** Closes the completion list once focus has really left the input (a click on an item blurs it first;
   *  a timer of an earlier blur must not close a list reopened after the input got focus back). */
  private onBlur = () => {
    setTimeout(() => {
      if ((this.renderRoot as ShadowRoot).activeElement !== this.input) this._completion = null;
    }, 150);
  };

  private updateCompletion(force = false) {
    const input = this.input;
    if (!input) return;
    const caret = input.selectionStart ?? this.value.length;
    const r = complete(this.value, caret);
    const word = this.value.slice(r.from, caret);
    const show = r.items.length > 0 && (force || word.length > 0) && !(r.items.length === 1 && r.items[0].insert.trim() === word);
    this._completion = show ? r : null;
    this._active = 0;
  }

  private accept(i: number) {
    const c = this._completion;
    if (!c || !c.items[i]) return;
    const item = c.items[i];
    this.value = this.value.slice(0, c.from) + item.insert + this.value.slice(c.to);
    const caret = c.from + item.insert.length;
    this._completion = null;
    this.validateSoon();
    this.updateComplete.then(() => {
      const input = this.input;
      if (!input) return;
      input.focus();
      input.setSelectionRange(caret, caret);
    });
  }

  private apply() {
    this._completion = null;
    const expr = this.value.trim();
    // the apply compiles the filter: its outcome comes back through showApplied, no separate check
    clearTimeout(this.validateTimer);
    this.validateSeq++;
    this._validity = expr ? 'checking' : 'empty';
    fire(this, 'scap-apply-filter', { expr });
    if (expr) void addToHistory(expr);
  }

  private onInput(e: Event) {
    this.value = (e.target as HTMLInputElement).value;
    this.validateSoon();
    this.updateCompletion();
  }

  private onKey(e: KeyboardEvent) {
    const c = this._completion;
    if (e.key === ' ' && e.ctrlKey) { e.preventDefault(); this.updateCompletion(true); return; }
    if (c && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const n = c.items.length;
      this._active = (this._active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      return;
    }
    // Tab (or a click) accepts a completion; Enter always applies what is typed, popup or not.
    if (c && e.key === 'Tab' && c.items.length > 0) {
      e.preventDefault();
      this.accept(this._active);
      return;
    }
    if (e.key === 'Escape') { this._completion = null; this._menu = false; return; }
    if (e.key === 'Enter') { e.preventDefault(); this.apply(); }
  }

  private async toggleMenu() {
    this._menu = !this._menu;
    if (this._menu) [this._history, this._saved] = await Promise.all([filterHistory(), savedFilters()]);
  }

  private choose(expr: string) {
    this._menu = false;
    this.setExpression(expr, true);
  }

  private async onSave(e: Event) {
    e.preventDefault();
    const name = (this.renderRoot.querySelector('input.name') as HTMLInputElement | null)?.value.trim();
    this._naming = false;
    if (!name || !this.value.trim()) return;
    await saveFilter({ name, expr: this.value.trim() });
  }

  private async onDeleteSaved(name: string) {
    await deleteSavedFilter(name);
    this._saved = await savedFilters();
  }

  private renderError() {
    const err = this._error;
    if (!err || this._validity !== 'invalid') return nothing;
    const pos = Math.max(0, Math.min(err.pos, this.value.length));
    return html`<div class="error" role="alert" data-error-pos=${pos}>
      <span class="where">column ${pos + 1}:</span> <span class="msg">${err.message}</span>
      <div class="echo"><span>${this.value.slice(0, pos)}</span><mark>${this.value.slice(pos, pos + 1) || ' '}</mark><span>${this.value.slice(pos + 1)}</span></div>
    </div>`;
  }

  private renderCompletion() {
    const c = this._completion;
    if (!c) return nothing;
    return html`<ul class="completion" role="listbox">
      ${c.items.map((it, i) => html`<li role="option" aria-selected=${i === this._active ? 'true' : 'false'} class=${i === this._active ? 'active' : ''}
          @pointerdown=${(e: Event) => { e.preventDefault(); this.accept(i); }}>
        <span class="label">${it.label}</span><span class="detail">${it.detail}</span></li>`)}
    </ul>`;
  }

  private renderMenu() {
    if (!this._menu) return nothing;
    return html`<div class="menu">
      <div class="title">Saved filters</div>
      ${this._saved.length === 0 ? html`<div class="dim">None yet: write a filter and press ★.</div>` : nothing}
      ${this._saved.map((s) => html`<div class="entry"><button class="link" @click=${() => this.choose(s.expr)}>
        <b>${s.name}</b> <span class="mono">${s.expr}</span></button><button class="x" title="Delete" @click=${() => this.onDeleteSaved(s.name)}>✕</button></div>`)}
      <div class="title">History</div>
      ${this._history.length === 0 ? html`<div class="dim">Filters you apply appear here.</div>` : nothing}
      ${this._history.map((h) => html`<div class="entry"><button class="link mono" @click=${() => this.choose(h)}>${h}</button></div>`)}
    </div>`;
  }

  render() {
    const changed = this.value.trim() !== this.applied.trim();
    return html`<div class="bar">
      <button class="icon" title="History and saved filters" @click=${this.toggleMenu}>▾</button>
      <div class="field">
        <input class="expr ${this._validity}" data-state=${this._validity} spellcheck="false" autocomplete="off"
          placeholder="Display filter, e.g. evt.type = open and fd.name contains /etc"
          aria-label="Display filter" aria-invalid=${this._validity === 'invalid' ? 'true' : 'false'}
          .value=${this.value} @input=${this.onInput} @keydown=${this.onKey}
          @blur=${this.onBlur}>
        ${this.renderCompletion()}
      </div>
      ${this.value ? html`<button class="icon" title="Clear filter" @click=${() => this.setExpression('', true)}>✕</button>` : nothing}
      <button class="apply ${changed ? 'changed' : ''}" @click=${this.apply} title="Apply (Enter)">Apply</button>
      ${this._naming
        ? html`<form @submit=${this.onSave}><input class="name" placeholder="Name" required><button>Save</button></form>`
        : html`<button class="icon" title="Save this filter" ?disabled=${!this.value.trim()} @click=${() => { this._naming = true; }}>★</button>`}
      <button id="tb-rule" ?disabled=${!this.applied.trim()} @click=${() => fire(this, 'scap-show-rule', {})}
        title="Turn the applied filter into a Falco rule: run it in the Alerts panel, copy it as YAML">→ Rule…</button>
      ${this.renderMenu()}
    </div>
    ${this.renderError()}`;
  }

  static styles = css`
    :host { display: block; position: relative; padding: 4px 8px; background: var(--scap-bg-panel); border-bottom: 1px solid var(--scap-border); }
    .bar { display: flex; gap: 6px; align-items: center; }
    .field { flex: 1; position: relative; }
    input.expr { width: 100%; box-sizing: border-box; font: 13px var(--scap-mono); padding: 5px 8px; border: 1px solid var(--scap-border);
      border-radius: 4px; background: var(--scap-bg); color: var(--scap-fg); outline: none; }
    input.expr.valid { background: var(--scap-ok); }
    input.expr.invalid { background: var(--scap-bad); }
    input.expr:focus { border-color: var(--scap-accent); }
    button { font: 13px var(--scap-sans); cursor: pointer; }
    .apply.changed { font-weight: 600; }
    .icon { min-width: 28px; }
    .error { font: 12px var(--scap-sans); color: #c62828; padding: 3px 2px 0 38px; }
    .echo { font: 12px var(--scap-mono); color: var(--scap-fg); white-space: pre; overflow: hidden; text-overflow: ellipsis; }
    mark { background: #ff8a80; color: #000; }
    .completion { position: absolute; left: 0; top: 100%; z-index: 40; list-style: none; margin: 2px 0 0; padding: 2px 0; max-height: 320px;
      overflow: auto; min-width: 100%; background: var(--scap-bg); border: 1px solid var(--scap-border); box-shadow: 0 4px 16px rgb(0 0 0 / 25%); }
    .completion li { display: flex; gap: 12px; padding: 2px 8px; cursor: pointer; white-space: nowrap; }
    .completion li.active { background: var(--scap-select); color: var(--scap-select-fg); }
    .completion .label { font: 12px var(--scap-mono); min-width: 180px; }
    .completion .detail { font-size: 12px; opacity: 0.75; overflow: hidden; text-overflow: ellipsis; }
    .menu { position: absolute; left: 8px; top: 100%; z-index: 40; background: var(--scap-bg); border: 1px solid var(--scap-border);
      box-shadow: 0 4px 16px rgb(0 0 0 / 25%); padding: 6px; width: min(720px, 90vw); max-height: 420px; overflow: auto; }
    .title { font-weight: 600; color: var(--scap-fg-dim); margin: 6px 0 2px; }
    .entry { display: flex; justify-content: space-between; }
    .link { all: unset; cursor: pointer; padding: 2px 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .link:hover { background: var(--scap-bg-alt); }
    .mono { font-family: var(--scap-mono); font-size: 12px; }
    .x { all: unset; cursor: pointer; padding: 0 6px; color: var(--scap-fg-dim); }
    .dim { color: var(--scap-fg-dim); font-size: 12px; }
    form { display: flex; gap: 4px; }
  `;
}

customElements.define('scap-filter-bar', ScapFilterBar);
declare global { interface HTMLElementTagNameMap { 'scap-filter-bar': ScapFilterBar } }

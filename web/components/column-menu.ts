/**
 * `<scap-column-menu>`: the event list's column menu (right click on a header): show/hide each column,
 * move it left/right, remove "applied" field columns, choose the time format, reset to defaults.
 *
 * Fires: scap-columns, scap-time-format, and a plain `close` event when dismissed.
 */
import { LitElement, html, css } from 'lit';
import { fire } from '../events.ts';
import { BUILTIN_COLUMNS, fieldColumn, fieldOf, type Column, type TimeFormat } from '../columns.ts';
import { FIELDS } from '../../engine/generated/fields.ts';

const FIELD_NAMES = new Set(FIELDS.map((f) => f.name));
import { styleProp } from '../style-prop.ts';

export class ScapColumnMenu extends LitElement {
  static properties = {
    columns: { attribute: false },
    timeFormat: { attribute: false },
    x: { type: Number },
    y: { type: Number },
  };

  declare columns: Column[];
  declare timeFormat: TimeFormat;
  declare x: number;
  declare y: number;

  constructor() {
    super();
    this.columns = [];
    this.timeFormat = 'absolute';
    this.x = 0;
    this.y = 0;
  }

  connectedCallback(): void {
    super.connectedCallback();
    setTimeout(() => window.addEventListener('pointerdown', this.onOutside), 0);
    window.addEventListener('keydown', this.onEsc);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pointerdown', this.onOutside);
    window.removeEventListener('keydown', this.onEsc);
  }

  private onOutside = (e: PointerEvent) => {
    if (!e.composedPath().includes(this)) this.close();
  };

  private onEsc = (e: KeyboardEvent) => {
    if (e.key === 'Escape') this.close();
  };

  private close() {
    this.dispatchEvent(new Event('close'));
  }

  private update_(cols: Column[]) {
    this.columns = cols;
    fire(this, 'scap-columns', { columns: cols });
  }

  private toggle(id: string) {
    const visibleCount = this.columns.filter((c) => c.visible).length;
    this.update_(this.columns.map((c) => (c.id === id ? { ...c, visible: !c.visible || visibleCount <= 1 } : c)));
  }

  private move(id: string, d: number) {
    const cols = [...this.columns];
    const i = cols.findIndex((c) => c.id === id);
    const j = i + d;
    if (i < 0 || j < 0 || j >= cols.length) return;
    [cols[i], cols[j]] = [cols[j], cols[i]];
    this.update_(cols);
  }

  private removeColumn(id: string) {
    this.update_(this.columns.filter((c) => c.id !== id));
  }

  private addField(e: Event) {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('input.add');
    const name = input?.value.trim() ?? '';
    // A known field, optionally with an argument: proc.aname[2], evt.arg.fd.
    const base = name.replace(/\[[^\]]*\]$/, '');
    const known = FIELD_NAMES.has(base) || [...FIELD_NAMES].some((f) => base.startsWith(f + '.'));
    if (!known) { input?.setCustomValidity('unknown field'); input?.reportValidity(); return; }
    if (!this.columns.some((c) => c.id === `field:${name}`)) this.update_([...this.columns, fieldColumn(name)]);
    if (input) input.value = '';
  }

  private setTime(f: TimeFormat) {
    this.timeFormat = f;
    fire(this, 'scap-time-format', { format: f });
  }

  render() {
    const times: [TimeFormat, string][] = [['absolute', 'Time of day'], ['relative', 'Seconds since start'], ['delta', 'Seconds since previous']];
    return html`<div class="menu" role="menu" ${styleProp('left', `${this.x}px`)} ${styleProp('top', `${this.y}px`)}>
      <div class="title">Columns</div>
      ${this.columns.map((c) => html`<div class="item">
        <label><input type="checkbox" .checked=${c.visible} @change=${() => this.toggle(c.id)}> ${c.title}</label>
        <span class="tools">
          <button title="Move left" @click=${() => this.move(c.id, -1)}>◀</button>
          <button title="Move right" @click=${() => this.move(c.id, 1)}>▶</button>
          ${fieldOf(c) ? html`<button title="Remove column" @click=${() => this.removeColumn(c.id)}>✕</button>` : ''}
        </span>
      </div>`)}
      <form class="item" @submit=${this.addField}>
        <input class="add" list="scap-field-names" placeholder="Add a field column, e.g. fd.name" spellcheck="false"
          @input=${(e: Event) => (e.target as HTMLInputElement).setCustomValidity('')}>
        <button>Add</button>
        <datalist id="scap-field-names">${FIELDS.filter((f) => !f.flags.includes('hidden')).map((f) => html`<option value=${f.name}></option>`)}</datalist>
      </form>
      <div class="title">Time column</div>
      ${times.map(([f, label]) => html`<label class="item"><input type="radio" name="tf" .checked=${this.timeFormat === f} @change=${() => this.setTime(f)}> ${label}</label>`)}
      <div class="item"><button @click=${() => this.update_(BUILTIN_COLUMNS.map((c) => ({ ...c })))}>Reset columns</button>
        <button @click=${() => this.close()}>Close</button></div>
    </div>`;
  }

  static styles = css`
    .menu { position: absolute; z-index: 20; background: var(--scap-bg); color: var(--scap-fg); border: 1px solid var(--scap-border);
      box-shadow: 0 4px 16px rgb(0 0 0 / 25%); padding: 6px 0; min-width: 240px; font: 13px var(--scap-sans); }
    .title { font-weight: 600; padding: 4px 10px; color: var(--scap-fg-dim); }
    .item { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 2px 10px; }
    .tools button, .item button { font-size: 11px; }
    input.add { flex: 1; font: 12px var(--scap-mono); }
  `;
}

customElements.define('scap-column-menu', ScapColumnMenu);
declare global { interface HTMLElementTagNameMap { 'scap-column-menu': ScapColumnMenu } }

/**
 * `<scap-context-menu>`: a small popup menu at a point, used by the detail tree (apply as filter,
 * prepare filter, copy value, apply as column...). Items are plain data; choosing one calls its action.
 *
 * Fires: a plain `close` event when dismissed or after an item ran.
 */
import { LitElement, html, css } from 'lit';
import { styleProp } from '../style-prop.ts';

export interface MenuItem {
  label: string;
  action?: () => void;
  /** Renders a separator instead of an item. */
  separator?: boolean;
}

export class ScapContextMenu extends LitElement {
  static properties = { items: { attribute: false }, x: { type: Number }, y: { type: Number } };

  declare items: MenuItem[];
  declare x: number;
  declare y: number;

  constructor() {
    super();
    this.items = [];
    this.x = 0;
    this.y = 0;
  }

  connectedCallback(): void {
    super.connectedCallback();
    setTimeout(() => window.addEventListener('pointerdown', this.onOutside), 0);
    window.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pointerdown', this.onOutside);
    window.removeEventListener('keydown', this.onKey);
  }

  firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  private onOutside = (e: PointerEvent) => {
    if (!e.composedPath().includes(this)) this.close();
  };

  private onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') this.close();
  };

  private close() {
    this.dispatchEvent(new Event('close'));
  }

  private run(item: MenuItem) {
    this.close();
    item.action?.();
  }

  render() {
    return html`<div class="menu" role="menu" ${styleProp('left', `${this.x}px`)} ${styleProp('top', `${this.y}px`)}>
      ${this.items.map((it) => it.separator ? html`<hr>` : html`<button role="menuitem" @click=${() => this.run(it)}>${it.label}</button>`)}
    </div>`;
  }

  static styles = css`
    .menu { position: fixed; z-index: 30; display: flex; flex-direction: column; background: var(--scap-bg); color: var(--scap-fg);
      border: 1px solid var(--scap-border); box-shadow: 0 4px 16px rgb(0 0 0 / 25%); padding: 4px 0; min-width: 200px; }
    button { all: unset; padding: 4px 14px; font: 13px var(--scap-sans); cursor: pointer; }
    button:hover, button:focus { background: var(--scap-select); color: var(--scap-select-fg); }
    hr { border: none; border-top: 1px solid var(--scap-border); margin: 4px 0; }
  `;
}

customElements.define('scap-context-menu', ScapContextMenu);
declare global { interface HTMLElementTagNameMap { 'scap-context-menu': ScapContextMenu } }

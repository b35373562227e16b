/**
 * `<scap-detail-tree>`: the selected event as a tree: sections (Event, Arguments, Process with lineage,
 * Thread, File descriptor, User and Group, Container — whatever the engine provides), each node with
 * its filter field name. Selecting a node highlights its bytes in the hex view; values learned from
 * state say where they came from and link there. Right click: apply/prepare as filter, apply as
 * column, copy value / field name / filter / JSON; on a section title: copy the section as text, CSV,
 * JSON or a filter.
 *
 * Fires: scap-select-field, scap-filter, scap-add-column, scap-goto-index, scap-follow.
 */
import { LitElement, html, css, nothing } from 'lit';
import type { DetailSection, EventDetail, FieldValue, StateOrigin } from '../../engine/api.ts';
import { fire, type PrepareMode } from '../events.ts';
import { checkFor } from '../filter-text.ts';
import { copyText, type CopyKind } from '../copy-formats.ts';
import type { MenuItem } from './context-menu.ts';
import './context-menu.ts';

export function fieldKey(section: number, field: number): string {
  return `${section}:${field}`;
}

function originText(o: StateOrigin): string {
  switch (o.kind) {
    case 'process-list': return 'from the process list';
    case 'fd-list': return 'from the fd list';
    case 'user-list': return 'from the user list';
    case 'event': return o.eventIndex !== undefined ? 'set by event' : 'set by an event';
    default: return 'inferred';
  }
}

/** The origin every field of a section shares (shown once on the section), or null. */
function shared(fields: FieldValue[]): StateOrigin | null {
  const o = fields[0]?.origin;
  if (!o) return null;
  const key = JSON.stringify(o);
  return fields.every((f) => JSON.stringify(f.origin) === key) ? o : null;
}

export class ScapDetailTree extends LitElement {
  static properties = {
    detail: { attribute: false },
    selectedKey: { attribute: false },
    _collapsed: { state: true },
    _menu: { state: true },
  };

  declare detail: EventDetail | null;
  declare selectedKey: string | null;
  declare _collapsed: Set<string>;
  declare _menu: { x: number; y: number; items: MenuItem[] } | null;

  constructor() {
    super();
    this.detail = null;
    this.selectedKey = null;
    this._collapsed = new Set();
    this._menu = null;
  }

  updated(): void {
    const sel = this.renderRoot.querySelector('.node.sel');
    sel?.scrollIntoView({ block: 'nearest' });
  }

  private toggle(title: string) {
    const s = new Set(this._collapsed);
    if (s.has(title)) s.delete(title); else s.add(title);
    this._collapsed = s;
  }

  /** Arrow keys move the field selection through the visible nodes. */
  private onKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const keys = Array.from(this.renderRoot.querySelectorAll<HTMLElement>('.node')).map((n) => n.dataset.key!);
    if (!keys.length) return;
    e.preventDefault();
    const i = this.selectedKey ? keys.indexOf(this.selectedKey) : -1;
    const next = e.key === 'ArrowDown' ? Math.min(keys.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
    this.select(keys[next]);
  }

  private select(key: string) {
    fire(this, 'scap-select-field', { key });
  }

  private filter(f: FieldValue, mode: PrepareMode, apply: boolean) {
    fire(this, 'scap-filter', { expr: checkFor(f.field, f.value), mode, apply });
  }

  private copy(text: string) {
    void navigator.clipboard?.writeText(text).catch(() => {});
  }

  private onMenu(e: MouseEvent, key: string, f: FieldValue) {
    e.preventDefault();
    this.select(key);
    this._menu = {
      x: e.clientX, y: e.clientY, items: [
        { label: 'Apply as filter', action: () => this.filter(f, 'replace', true) },
        { label: 'Prepare as filter', action: () => this.filter(f, 'replace', false) },
        { label: '…and selected', action: () => this.filter(f, 'and', true) },
        { label: '…or selected', action: () => this.filter(f, 'or', true) },
        { label: '…and not selected', action: () => this.filter(f, 'and not', true) },
        { label: '…or not selected', action: () => this.filter(f, 'or not', true) },
        { label: '', separator: true },
        { label: 'Apply as column', action: () => fire(this, 'scap-add-column', { field: f.field }) },
        ...(f.field.startsWith('fd.') && this.detail ? [{ label: 'Follow stream', action: () => fire(this, 'scap-follow', { index: this.detail!.index }) }] : []),
        { label: '', separator: true },
        { label: 'Copy value', action: () => this.copy(f.value) },
        { label: 'Copy field name', action: () => this.copy(f.field) },
        { label: 'Copy as filter', action: () => this.copy(checkFor(f.field, f.value)) },
        { label: 'Copy as JSON', action: () => this.copy(copyText([{ name: f.field, value: f.value }], 'json')) },
      ],
    };
  }

  /** A section's fields (those with a value) copied as text, CSV, JSON or a filter. */
  private onSectionMenu(e: MouseEvent, s: DetailSection) {
    e.preventDefault();
    const pairs = s.fields.filter((f) => f.value !== '').map((f) => ({ name: f.field, value: f.value }));
    const item = (label: string, kind: CopyKind) => ({ label, action: () => this.copy(copyText(pairs, kind)) });
    this._menu = {
      x: e.clientX, y: e.clientY, items: [
        item(`Copy ${s.title} as text`, 'text'), item(`Copy ${s.title} as CSV`, 'csv'),
        item(`Copy ${s.title} as JSON`, 'json'), item(`Copy ${s.title} as filter`, 'filter'),
      ],
    };
  }

  private renderOrigin(o: StateOrigin | null) {
    if (!o) return nothing;
    const text = originText(o);
    if (o.kind === 'event' && o.eventIndex !== undefined) {
      const idx = o.eventIndex;
      return html`<button class="origin link" title="Go to the event that set this value"
        @click=${(e: Event) => { e.stopPropagation(); fire(this, 'scap-goto-index', { index: idx }); }}>${text} #${idx + 1}</button>`;
    }
    return html`<span class="origin">${text}${o.blockOffset !== undefined ? ` (block at 0x${o.blockOffset.toString(16)})` : ''}</span>`;
  }

  render() {
    const d = this.detail;
    if (!d) return html`<div class="empty">Select an event to see its details.</div>`;
    return html`<div class="tree" role="tree" tabindex="0" @keydown=${this.onKey}>
      ${d.partner !== null ? html`<div class="partner"><button class="link" id="goto-partner"
          @click=${() => fire(this, 'scap-goto-index', { index: d.partner! })}>Go to the matching enter/exit event (#${d.partner + 1})</button></div>` : nothing}
      ${d.sections.map((s, si) => html`<div class="section" role="group">
        <div class="stitle" role="treeitem" data-section=${s.title} aria-expanded=${this._collapsed.has(s.title) ? 'false' : 'true'}
          @click=${() => this.toggle(s.title)} @contextmenu=${(e: MouseEvent) => this.onSectionMenu(e, s)}>
          <span class="arrow">${this._collapsed.has(s.title) ? '▸' : '▾'}</span> ${s.title}${shared(s.fields) ? this.renderOrigin(shared(s.fields)) : nothing}</div>
        ${this._collapsed.has(s.title) ? nothing : s.fields.map((f, fi) => {
          const key = fieldKey(si, fi);
          return html`<div class="node ${key === this.selectedKey ? 'sel' : ''} ${f.range ? 'has-bytes' : ''}" role="treeitem"
              data-key=${key} data-field=${f.field} tabindex="-1"
              @click=${() => this.select(key)} @contextmenu=${(e: MouseEvent) => this.onMenu(e, key, f)}>
            <span class="label">${f.label}:</span> <span class="value">${f.value}</span>
            <span class="fname">${f.field}</span>${shared(s.fields) ? nothing : this.renderOrigin(f.origin)}
          </div>`;
        })}
      </div>`)}
    </div>
    ${this._menu ? html`<scap-context-menu .items=${this._menu.items} .x=${this._menu.x} .y=${this._menu.y}
        @close=${() => { this._menu = null; }}></scap-context-menu>` : nothing}`;
  }

  static styles = css`
    :host { display: block; overflow: auto; font: 12px/1.5 var(--scap-sans); }
    .tree { padding: 4px 0; outline: none; }
    .tree:focus-visible { box-shadow: inset 0 0 0 2px var(--scap-accent); }
    .stitle .origin { font-weight: 400; }
    .stitle { font-weight: 600; padding: 1px 6px; cursor: pointer; user-select: none; background: var(--scap-bg-alt); }
    .arrow { display: inline-block; width: 12px; }
    .node { padding: 0 6px 0 24px; cursor: default; white-space: nowrap; }
    .node:hover { background: var(--scap-bg-alt); }
    .node.sel { background: var(--scap-select); color: var(--scap-select-fg); }
    .label { color: inherit; opacity: 0.8; }
    .value { font-family: var(--scap-mono); white-space: pre; }
    .fname { font: 11px var(--scap-mono); opacity: 0.55; margin-left: 8px; }
    .origin { font-size: 11px; opacity: 0.7; margin-left: 8px; font-style: italic; }
    .link { all: unset; cursor: pointer; color: var(--scap-accent); text-decoration: underline; }
    .node.sel .link { color: inherit; }
    .partner { padding: 2px 6px 4px; }
    .empty { padding: 16px; color: var(--scap-fg-dim); }
  `;
}

customElements.define('scap-detail-tree', ScapDetailTree);
declare global { interface HTMLElementTagNameMap { 'scap-detail-tree': ScapDetailTree } }

/**
 * `<scap-json-view>`: the JSON payload of a plugin event (Kubernetes audit event, CloudTrail record)
 * shown formatted, one member per line, with the original text of every key and value (nothing
 * re-encoded). The structure comes from the engine's scanner (EventDetail.payload.nodes), so the app
 * parses nothing itself. The selected field's bytes are highlighted exactly, as in the hex view (a
 * sub-range such as an image repository inside an image string is highlighted alone); clicking a value
 * selects the field that has exactly that value's bytes. Right click on any value: filter on it as
 * `json.value[/json/pointer]` (apply, prepare, and/or), add it as a column, copy the pointer or the value,
 * so every value of the payload is usable even when no named field covers it.
 *
 * Fires: scap-select-field, scap-filter, scap-add-column.
 */
import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { EventDetail, JsonNode } from '../../../engine/api.ts';
import { J_ARRAY, J_NUMBER, J_OBJECT, J_STRING } from '../../../engine/generated/boundary.ts';
import { fire, type PrepareMode } from '../../events.ts';
import { checkFor } from '../../filter-text.ts';
import { fieldKey } from '../detail-tree.ts';
import type { MenuItem } from '../context-menu.ts';
import '../context-menu.ts';

const MAX_LINES = 20_000;

interface Line { depth: number; key: [number, number] | null; node: number; close: boolean; comma: boolean }

export class ScapJsonView extends LitElement {
  static properties = { detail: { attribute: false }, selectedKey: { attribute: false }, _menu: { state: true } };

  declare detail: EventDetail | null;
  declare selectedKey: string | null;
  declare _menu: { x: number; y: number; items: MenuItem[] } | null;
  private lines: Line[] = [];
  /** JSON pointer of each node, or null when a key on its path has escapes (not offered as a filter). */
  private pointers: (string | null)[] = [];
  private truncated = false;
  private readonly dec = new TextDecoder();

  constructor() {
    super();
    this.detail = null;
    this.selectedKey = null;
    this._menu = null;
  }

  willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('detail')) this.layout();
  }

  updated(): void {
    this.renderRoot.querySelector('.hl')?.scrollIntoView({ block: 'nearest' });
  }

  /** One line per value (and per closing bracket), walking the node list with an explicit stack. */
  private layout(): void {
    this.lines = [];
    this.pointers = [];
    this.truncated = false;
    const nodes = this.detail?.payload?.nodes;
    if (!nodes || nodes.length === 0) return;
    this.computePointers(nodes);
    const push = (l: Line): boolean => {
      if (this.lines.length >= MAX_LINES) { this.truncated = true; return false; }
      this.lines.push(l);
      return true;
    };
    // Depth first over the tape: a container's children are i+1 .. next-1; `ends` holds where each open
    // container's subtree ends, so its closing bracket is emitted when the walk reaches that index.
    const ends: number[] = [];
    const opens: { node: number; comma: boolean }[] = [];
    const closeTop = (): boolean => {
      ends.pop();
      const o = opens.pop()!;
      return push({ depth: ends.length, key: null, node: o.node, close: true, comma: o.comma });
    };
    for (let i = 0; i < nodes.length; i++) {
      while (ends.length && i >= ends[ends.length - 1]) if (!closeTop()) return;
      const n = nodes[i];
      const parentEnd = ends.length ? ends[ends.length - 1] : nodes.length;
      const comma = n.next < parentEnd;
      const isOpen = (n.kind === J_OBJECT || n.kind === J_ARRAY) && n.next > i + 1;
      const key: [number, number] | null = n.keyStart >= 0 ? [n.keyStart, n.keyEnd] : null;
      if (!push({ depth: ends.length, key, node: i, close: false, comma: isOpen ? false : comma })) return;
      if (isOpen) { ends.push(n.next); opens.push({ node: i, comma }); }
    }
    while (ends.length) if (!closeTop()) return;
  }

  /** RFC 6901 pointers: parent's pointer + '/' + key (escaped ~0 ~1) or array index. */
  private computePointers(nodes: JsonNode[]): void {
    const ptr: (string | null)[] = new Array(nodes.length).fill(null);
    ptr[0] = '';
    const ends: number[] = [];
    const parents: number[] = [];
    const counters: number[] = [];
    for (let i = 1; i < nodes.length; i++) {
      while (ends.length && i >= ends[ends.length - 1]) { ends.pop(); parents.pop(); counters.pop(); }
      const pi = parents.length ? parents[parents.length - 1] : 0;
      const parentPtr = ptr[pi];
      const n = nodes[i];
      let seg: string | null;
      if (n.keyStart >= 0) {
        const raw = this.text(n.keyStart + 1, n.keyEnd - 1);
        seg = raw.includes('\\') ? null : raw.replace(/~/g, '~0').replace(/\//g, '~1');
      } else {
        seg = String(counters.length ? counters[counters.length - 1] : 0);
      }
      if (counters.length) counters[counters.length - 1]++;
      ptr[i] = parentPtr === null || seg === null ? null : `${parentPtr}/${seg}`;
      if ((n.kind === J_OBJECT || n.kind === J_ARRAY) && n.next > i + 1) { ends.push(n.next); parents.push(i); counters.push(0); }
    }
    // The root's direct children: counters start empty, so fix array roots' indices.
    if (nodes[0].kind === J_ARRAY) {
      let k = 0;
      for (let c = 1; c < nodes.length; c = nodes[c].next) ptr[c] = `/${k++}`;
    }
    this.pointers = ptr;
  }

  /** The value as json.value renders it: a plain string's characters, a number's or literal's text. */
  private filterText(n: JsonNode): string | null {
    if (n.kind === J_OBJECT || n.kind === J_ARRAY) return null;
    const t = this.text(n.start, n.end);
    if (n.kind !== J_STRING) return t;
    return t.includes('\\') ? null : t.slice(1, -1);
  }

  private onMenu(e: MouseEvent) {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-node]');
    const nodes = this.detail?.payload?.nodes;
    if (!el || !nodes) return;
    const i = Number(el.dataset.node);
    const ptr = this.pointers[i];
    if (i === 0 || ptr === null || ptr === undefined) return;
    e.preventDefault();
    const field = `json.value[${ptr}]`;
    const value = this.filterText(nodes[i]);
    const filter = (mode: PrepareMode, apply: boolean) => { if (value !== null) fire(this, 'scap-filter', { expr: checkFor(field, value), mode, apply }); };
    const copy = (t: string) => { void navigator.clipboard?.writeText(t).catch(() => {}); };
    const items: MenuItem[] = value === null ? [] : [
      { label: 'Apply as filter', action: () => filter('replace', true) },
      { label: 'Prepare as filter', action: () => filter('replace', false) },
      { label: '…and selected', action: () => filter('and', true) },
      { label: '…or selected', action: () => filter('or', true) },
      { label: '…and not selected', action: () => filter('and not', true) },
      { label: '', separator: true },
    ];
    items.push(
      { label: 'Apply as column', action: () => fire(this, 'scap-add-column', { field }) },
      { label: '', separator: true },
      { label: 'Copy JSON pointer', action: () => copy(ptr) },
      { label: 'Copy field name', action: () => copy(field) },
    );
    if (value !== null) items.push({ label: 'Copy value', action: () => copy(value) });
    this._menu = { x: e.clientX, y: e.clientY, items };
  }

  private text(start: number, end: number): string {
    const d = this.detail!;
    return this.dec.decode(d.bytes.subarray(start - d.block.start, end - d.block.start));
  }

  private selectedRange(): { start: number; end: number } | null {
    if (!this.selectedKey || !this.detail) return null;
    const [s, f] = this.selectedKey.split(':').map(Number);
    const r = this.detail.sections[s]?.fields[f]?.range;
    return r ? { start: r.start, end: r.start + r.length } : null;
  }

  /** A value's text with the selected sub-range marked. */
  private value(start: number, end: number, sel: { start: number; end: number } | null): TemplateResult {
    if (!sel || sel.end <= start || sel.start >= end || sel.end === sel.start) return html`${this.text(start, end)}`;
    const a = Math.max(start, sel.start);
    const b = Math.min(end, sel.end);
    return html`${this.text(start, a)}<mark class="hl">${this.text(a, b)}</mark>${this.text(b, end)}`;
  }

  private onClick(e: MouseEvent) {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-node]');
    const d = this.detail;
    if (!el || !d?.payload?.nodes) return;
    const n = d.payload.nodes[Number(el.dataset.node)];
    let key: string | null = null;
    d.sections.forEach((s, si) => s.fields.forEach((f, fi) => {
      if (!key && f.range && f.range.start === n.start && f.range.length === n.end - n.start) key = fieldKey(si, fi);
    }));
    fire(this, 'scap-select-field', { key });
  }

  private renderLine(l: Line, nodes: JsonNode[], sel: { start: number; end: number } | null): TemplateResult {
    const n = nodes[l.node];
    const pad = '  '.repeat(l.depth);
    if (l.close) {
      const inSel = !!sel && n.start >= sel.start && n.end <= sel.end;
      return html`<div class="ln ${inSel ? 'in' : ''}">${pad}${n.kind === J_OBJECT ? '}' : ']'}${l.comma ? ',' : ''}</div>`;
    }
    const key = l.key ? html`<span class="k">${this.text(l.key[0], l.key[1])}</span>: ` : nothing;
    const container = n.kind === J_OBJECT || n.kind === J_ARRAY;
    // Lines inside a selected container (e.g. ka.req.configmap.obj) get a background; a value that is
    // itself the selection is marked precisely instead.
    const inside = !!sel && n.start >= sel.start && n.end <= sel.end && (sel.start < n.start || n.end < sel.end || container);
    if (container) {
      const open = n.next > l.node + 1 ? (n.kind === J_OBJECT ? '{' : '[') : (n.kind === J_OBJECT ? '{}' : '[]');
      return html`<div class="ln ${inside ? 'in' : ''}">${pad}${key}<span class="v" data-node=${l.node}>${open}</span>${open.length === 2 && l.comma ? ',' : ''}</div>`;
    }
    const cls = n.kind === J_STRING ? 's' : n.kind === J_NUMBER ? 'n' : 'l';
    return html`<div class="ln ${inside ? 'in' : ''}">${pad}${key}<span class="v ${cls}" data-node=${l.node}>${this.value(n.start, n.end, sel)}</span>${l.comma ? ',' : ''}</div>`;
  }

  render() {
    const p = this.detail?.payload;
    if (!p) return nothing;
    const head = html`<div class="head">${p.plugin ?? 'unknown plugin'} (id ${p.pluginId}) · ${p.source} · ${p.range.length} bytes</div>`;
    if (!p.nodes) return html`${head}<div class="err">${p.error ?? 'payload is not JSON'}</div>`;
    const sel = this.selectedRange();
    const nodes = p.nodes;
    return html`${head}<div class="json" @click=${this.onClick} @contextmenu=${this.onMenu}>${this.lines.map((l) => this.renderLine(l, nodes, sel))}${this.truncated ? html`<div class="err">… (first ${MAX_LINES} lines)</div>` : nothing}</div>
      ${this._menu ? html`<scap-context-menu .items=${this._menu.items} .x=${this._menu.x} .y=${this._menu.y}
        @close=${() => { this._menu = null; }}></scap-context-menu>` : nothing}`;
  }

  static styles = css`
    :host { display: block; overflow: auto; font-family: var(--scap-mono, monospace); font-size: 12px; }
    .head { position: sticky; top: 0; background: var(--scap-bg-alt, #eee); padding: 1px 6px; font-family: var(--scap-sans, sans-serif); }
    .json { padding: 2px 6px; white-space: pre; }
    .ln.in { background: var(--scap-select-soft, #dbe7f5); }
    .k { color: var(--scap-json-key, #7a3e9d); }
    .s { color: var(--scap-json-string, #22863a); }
    .n { color: var(--scap-json-number, #005cc5); }
    .l { color: var(--scap-json-literal, #d73a49); }
    .v { cursor: pointer; }
    mark.hl { background: var(--scap-select, #ffd54f); color: var(--scap-select-fg, inherit); }
    .err { color: var(--scap-error, #b00); padding: 2px 6px; }
  `;
}

customElements.define('scap-json-view', ScapJsonView);

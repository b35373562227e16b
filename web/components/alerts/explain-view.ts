/**
 * `<scap-explain-view>`: why an alert fired. Shows the rule's condition after macro and list
 * expansion as a tree; each clause is marked true / false / missing (field without a value on this
 * event) with the field values used, and sub-trees that came from a macro are labelled with it.
 * Capture strings are rendered as text only (never as HTML).
 *
 * Fires: nothing (read-only).
 */
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import type { ExplainNode } from '../../../engine/api.ts';

export class ScapExplainView extends LitElement {
  static properties = { tree: { attribute: false }, rule: {}, error: {} };

  declare tree: ExplainNode | null;
  declare rule: string;
  declare error: string;

  constructor() {
    super();
    this.tree = null;
    this.rule = '';
    this.error = '';
  }

  private mark(r: ExplainNode['result']) {
    return html`<span class="mark ${r}" title=${r === 'missing' ? 'the field has no value on this event, so the check is false' : r}>${r === 'true' ? '✔' : r === 'false' ? '✘' : '∅'} ${r}</span>`;
  }

  private node(n: ExplainNode, depth: number): TemplateResult {
    const label = n.kind === 'check' ? html`<code>${n.text}</code>` : html`<b>${n.kind}</b>`;
    const values = n.values.length
      ? html`<span class="vals">${n.values.map((v) => html`<span class="val"><span class="f">${v.field}</span> = ${v.value === null ? html`<i>&lt;NA&gt;</i>` : html`<q>${v.value}</q>`}</span>`)}</span>`
      : nothing;
    const body = html`<div class="row ${n.result}">${this.mark(n.result)} ${n.macro ? html`<span class="macro" title="expanded from this macro">macro ${n.macro}</span>` : nothing} ${label} ${values}</div>`;
    if (!n.children.length) return html`<li>${body}</li>`;
    // Collapse deep false branches of `or` groups by default: the analyst mostly wants the true path.
    const open = depth < 2 || n.result === 'true';
    return html`<li><details ?open=${open}><summary>${body}</summary><ul>${n.children.map((c) => this.node(c, depth + 1))}</ul></details></li>`;
  }

  render() {
    if (this.error) return html`<div class="err">${this.error}</div>`;
    if (!this.tree) return html`<div class="dim">Select an alert and press Explain.</div>`;
    const verdict = this.tree.result === 'true' ? 'matches' : 'does not match';
    return html`<div class="head"><b>${this.rule}</b> ${verdict} this event</div><ul class="tree">${this.node(this.tree, 0)}</ul>`;
  }

  static styles = css`
    :host { display: block; font: 12px var(--scap-sans); overflow: auto; }
    .head { padding: 4px 6px; border-bottom: 1px solid var(--scap-border); }
    ul { list-style: none; margin: 0; padding-left: 16px; }
    ul.tree { padding-left: 4px; }
    summary { cursor: pointer; list-style: none; }
    summary::-webkit-details-marker { display: none; }
    details > summary::before { content: '▸ '; color: var(--scap-dim, #888); }
    details[open] > summary::before { content: '▾ '; }
    .row { display: inline; line-height: 1.7; }
    code { font: 12px var(--scap-mono); word-break: break-word; }
    .mark { font-weight: 600; margin-right: 4px; }
    .mark.true { color: #1a7f37; }
    .mark.false { color: #b42318; }
    .mark.missing { color: #9a6700; }
    .macro { background: var(--scap-bg-panel); border: 1px solid var(--scap-border); border-radius: 3px; padding: 0 4px; font-size: 11px; }
    .vals { margin-left: 6px; color: var(--scap-dim, #666); }
    .val { margin-right: 8px; font: 11px var(--scap-mono); }
    .val .f { color: var(--scap-accent); }
    .err { color: #b42318; padding: 6px; }
    .dim { color: var(--scap-dim, #888); padding: 6px; }
  `;
}

customElements.define('scap-explain-view', ScapExplainView);
declare global { interface HTMLElementTagNameMap { 'scap-explain-view': ScapExplainView } }

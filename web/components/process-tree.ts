/**
 * `<scap-process-tree>`: the processes of the current view as a parent/child tree (a dialog): name,
 * pid, command line and event count; each process can become the filter (`proc.pid = N`, or the
 * process and its descendants with `proc.apid`) or jump to its first event. Cycles and very deep trees
 * are cut, so a hostile capture cannot hang the page.
 *
 * Fires: scap-filter, scap-goto-index.
 */
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import type { ProcessInfo } from '../../engine/api.ts';
import { fire } from '../events.ts';

const MAX_DEPTH = 64;

export class ScapProcessTree extends LitElement {
  static properties = { processes: { attribute: false } };

  declare processes: ProcessInfo[];

  constructor() {
    super();
    this.processes = [];
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private filter(expr: string) {
    fire(this, 'scap-filter', { expr, mode: 'replace', apply: true });
    this.close();
  }

  private goto(index: number) {
    fire(this, 'scap-goto-index', { index });
    this.close();
  }

  private renderNode(p: ProcessInfo, children: Map<number, ProcessInfo[]>, seen: Set<number>, depth: number): TemplateResult {
    seen.add(p.pid);
    const kids = (children.get(p.pid) ?? []).filter((c) => !seen.has(c.pid));
    const label = html`<span class="name">${p.name || '?'}</span> <span class="pid">(${p.pid})</span>
      <span class="count">${p.events.toLocaleString('en-US')} events</span>
      <button class="link" data-pid=${p.pid} @click=${() => this.filter(`proc.pid = ${p.pid}`)}>filter</button>
      ${kids.length ? html`<button class="link" @click=${() => this.filter(`proc.pid = ${p.pid} or proc.apid = ${p.pid}`)}>with children</button>` : nothing}
      <button class="link" @click=${() => this.goto(p.firstIndex)}>first event</button>
      <div class="cmd">${p.cmdline}</div>`;
    if (!kids.length || depth >= MAX_DEPTH) return html`<li class="proc" data-pid=${p.pid}>${label}</li>`;
    return html`<li class="proc" data-pid=${p.pid}><details open><summary>${label}</summary>
      <ul>${kids.map((c) => this.renderNode(c, children, seen, depth + 1))}</ul></details></li>`;
  }

  render() {
    const pids = new Set(this.processes.map((p) => p.pid));
    const children = new Map<number, ProcessInfo[]>();
    for (const p of this.processes) {
      if (p.ppid && pids.has(p.ppid) && p.ppid !== p.pid) {
        if (!children.has(p.ppid)) children.set(p.ppid, []);
        children.get(p.ppid)!.push(p);
      }
    }
    const seen = new Set<number>();
    const roots = this.processes.filter((p) => !p.ppid || !pids.has(p.ppid) || p.ppid === p.pid);
    const trees = roots.map((r) => this.renderNode(r, children, seen, 0));
    // Whatever a cycle left out is listed at the top level.
    const rest = this.processes.filter((p) => !seen.has(p.pid)).map((p) => this.renderNode(p, new Map(), seen, 0));
    return html`<dialog aria-label="Process tree">
      <header><h2>Processes (${this.processes.length})</h2><span class="dim">of the displayed events</span>
        <button @click=${this.close} aria-label="Close">✕</button></header>
      <ul class="tree">${trees}${rest}</ul>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(900px, 94vw); max-height: 85vh; padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
    dialog::backdrop { background: rgb(0 0 0 / 35%); }
    header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); position: sticky; top: 0; }
    header button { margin-left: auto; }
    h2 { font-size: 16px; margin: 0; }
    .dim { color: var(--scap-fg-dim); font-size: 12px; }
    ul { list-style: none; padding-left: 18px; margin: 0; }
    .tree { padding: 8px 14px 16px; font: 13px var(--scap-sans); }
    li { padding: 1px 0; }
    summary { cursor: pointer; }
    .name { font-weight: 600; font-family: var(--scap-mono); }
    .pid, .count { color: var(--scap-fg-dim); font-size: 12px; }
    .cmd { font: 11px var(--scap-mono); color: var(--scap-fg-dim); white-space: pre-wrap; word-break: break-all; padding-left: 14px; }
    .link { all: unset; cursor: pointer; color: var(--scap-accent); font-size: 12px; margin-left: 6px; }
    .link:hover { text-decoration: underline; }
  `;
}

customElements.define('scap-process-tree', ScapProcessTree);
declare global { interface HTMLElementTagNameMap { 'scap-process-tree': ScapProcessTree } }

/**
 * `<scap-conversations-dialog>`: Conversations and endpoints of the displayed events (Stratoshark's
 * Statistics › Conversations for system calls): tabs for processes, threads, containers, file
 * descriptors and server endpoints (address:port), each row with its events, bytes read and written,
 * duration and first time; and Container I/O, a container → process → fd tree of the bytes moved. Numbers come from the worker in one pass (engine/stats/conversations.ts, the
 * same code as `scapula stats --conversations -j`). Clicking a row (or Enter on it) applies its filter.
 *
 * Fires: scap-filter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { dialogFrame, tabbedTables } from './dialog-styles.ts';
import type { ConversationTable, Conversations, IoTreeNode } from '../../engine/api.ts';
import { fire } from '../events.ts';
import { clockTime } from '../columns.ts';
import { humanBytes } from './open-panel.ts';
import { humanNs } from './stats-dialog.ts';

interface Tab { id: keyof Pick<Conversations, 'processes' | 'threads' | 'containers' | 'fds' | 'endpoints'>; label: string; key: string }

const TABS: Tab[] = [
  { id: 'processes', label: 'Processes', key: 'Process (pid)' },
  { id: 'threads', label: 'Threads', key: 'Thread (tid)' },
  { id: 'containers', label: 'Containers', key: 'Container' },
  { id: 'fds', label: 'File descriptors', key: 'fd.name' },
  { id: 'endpoints', label: 'Endpoints', key: 'Server address:port' },
];

const int = (n: number) => n.toLocaleString('en-US');

export class ScapConversationsDialog extends LitElement {
  static properties = { data: { attribute: false }, error: { type: String }, _tab: { state: true } };

  declare data: Conversations | null;
  declare error: string;
  declare _tab: Tab['id'] | 'containerIo';

  constructor() {
    super();
    this.data = null;
    this.error = '';
    this._tab = 'processes';
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private apply(r: { filter: string }) {
    fire(this, 'scap-filter', { expr: r.filter, mode: 'replace', apply: true });
    this.close();
  }

  private renderTable(tab: Tab, t: ConversationTable) {
    if (!t.rows.length) return html`<p class="empty">Nothing in the displayed events.</p>`;
    return html`
      <p class="dim">${t.distinct > t.rows.length ? `Top ${t.rows.length} of ${int(t.distinct)} by events. ` : ''}Bytes are those of read and write
        calls (their results). Click a row to filter on it.</p>
      <table data-tab=${tab.id}>
        <thead><tr><th>Events</th><th>Read</th><th>Written</th><th>Duration</th><th>First</th><th class="key">${tab.key}</th></tr></thead>
        <tbody>${t.rows.map((r) => html`<tr class="row" tabindex="0" role="button" title=${r.filter}
            data-key=${r.key} data-filter=${r.filter} data-events=${r.events} data-read=${r.read} data-written=${r.written} data-duration=${r.durationNs}
            @click=${() => this.apply(r)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') this.apply(r); }}>
          <td class="n">${int(r.events)}</td>
          <td class="n" title=${int(r.read)}>${humanBytes(r.read)}</td>
          <td class="n" title=${int(r.written)}>${humanBytes(r.written)}</td>
          <td class="n" title=${`${r.durationNs} ns`}>${humanNs(Number(r.durationNs))}</td>
          <td class="n">${clockTime(r.firstNs)}</td>
          <td class="key">${r.key}</td></tr>`)}</tbody>
      </table>`;
  }

  private renderTree(nodes: IoTreeNode[]) {
    if (!nodes.length) return html`<p class="empty">No I/O in the displayed events.</p>`;
    const rows: unknown[] = [];
    const walk = (list: IoTreeNode[], level: number) => {
      for (const n of list) {
        rows.push(html`<tr class="row lvl${level}" tabindex="0" role="button" title=${n.filter} data-level=${level} data-key=${n.key}
            data-filter=${n.filter} data-events=${n.events} data-read=${n.read} data-written=${n.written}
            @click=${() => this.apply(n)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') this.apply(n); }}>
          <td class="key tree">${['▣ ', '⚙ ', '· '][level] ?? ''}${n.key}</td>
          <td class="n" title=${int(n.read)}>${humanBytes(n.read)}</td><td class="n" title=${int(n.written)}>${humanBytes(n.written)}</td>
          <td class="n">${int(n.events)}</td></tr>`);
        if (n.children) walk(n.children, level + 1);
      }
    };
    walk(nodes, 0);
    return html`<p class="dim">Bytes moved by read and write calls, by container, process and file descriptor (largest first). Click a
        line to filter on it.</p>
      <table data-tab="containerIo"><thead><tr><th class="key">Container / process / fd</th><th>Read</th><th>Written</th><th>I/O calls</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
  }

  render() {
    const d = this.data;
    const io = this._tab === 'containerIo';
    const tab = TABS.find((t) => t.id === this._tab) ?? TABS[0];
    return html`<dialog aria-label="Conversations">
      <header><h2>Conversations and endpoints</h2>
        <span class="dim" id="conv-summary">${d ? `${int(d.events)} displayed events, computed in ${d.ms.toFixed(0)} ms` : ''}</span>
        <button @click=${this.close} aria-label="Close">✕</button></header>
      <div class="tabs" role="tablist">${TABS.map((t) => html`<button role="tab" data-tab=${t.id} aria-selected=${t.id === tab.id ? 'true' : 'false'}
        class=${t.id === tab.id && !io ? 'on' : ''} @click=${() => { this._tab = t.id; }}>${t.label}${d ? html` <span class="cnt">${int(d[t.id].distinct)}</span>` : nothing}</button>`)}
        <button role="tab" data-tab="containerIo" aria-selected=${io ? 'true' : 'false'} class=${io ? 'on' : ''} @click=${() => { this._tab = 'containerIo'; }}>Container I/O</button></div>
      <div class="body">${this.error ? html`<p class="error">${this.error}</p>` : d ? (io ? this.renderTree(d.containerIo) : this.renderTable(tab, d[tab.id])) : 'Computing…'}</div>
    </dialog>`;
  }

  static styles = [dialogFrame, tabbedTables, css`
    dialog { width: min(1000px, 94vw); height: min(640px, 85vh); }
    td.key { width: 45%; }
    tr.row { cursor: pointer; }
    td.tree { width: 60%; }
    tr.lvl1 td.tree { padding-left: 22px; }
    tr.lvl2 td.tree { padding-left: 44px; }
    tr.lvl0 td { font-weight: 600; }
    tr.row:hover, tr.row:focus { background: var(--scap-bg-panel); outline: none; }
    .error { color: #c62828; }
    .empty { color: var(--scap-fg-dim); }
  `];
}

customElements.define('scap-conversations-dialog', ScapConversationsDialog);
declare global { interface HTMLElementTagNameMap { 'scap-conversations-dialog': ScapConversationsDialog } }

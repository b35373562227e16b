/**
 * `<scap-stats-dialog>`: Statistics of the displayed events (the current view), as Stratoshark's
 * Statistics menu and sysdig's top* chisels give them: tabs for processes, syscalls by count and by
 * latency, failed syscalls by errno and process, files by bytes, network connections, server ports and
 * processes by network bytes. The numbers come from the worker in one pass (engine/stats/, the same code
 * as `scapula stats FILTER -j`). Clicking a row makes "field = value" the filter (Enter too: rows are
 * buttons). Capture strings are rendered as text only; bar widths are set through the CSSOM (strict CSP).
 *
 * Fires: scap-filter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { dialogFrame, tabbedTables } from './dialog-styles.ts';
import type { StatsRow, StatsTable, ViewStats } from '../../engine/api.ts';
import { fire } from '../events.ts';
import { checkFor } from '../filter-text.ts';
import { styleProp } from '../style-prop.ts';
import { humanBytes } from './open-panel.ts';

type Unit = 'events' | 'bytes' | 'ns';
interface Tab { id: string; label: string; key: string; title: string; table: (s: ViewStats) => StatsTable; unit: Unit; sort?: 'total' | 'events' }

const TABS: Tab[] = [
  { id: 'processes', key: 'Process', label: 'Processes', title: 'Events per process name', table: (s) => s.processes, unit: 'events' },
  { id: 'syscalls', key: 'Syscall', label: 'Syscalls', title: 'Events per type (enter + exit, as sysdig topscalls)', table: (s) => s.syscalls, unit: 'events', sort: 'events' },
  { id: 'latency', key: 'Syscall', label: 'Latency', title: 'Time spent per syscall (exit latency summed, as topscalls_time)', table: (s) => s.syscalls, unit: 'ns', sort: 'total' },
  { id: 'errnos', key: 'Errno', label: 'Errors', title: 'Failed events per errno', table: (s) => s.errnos, unit: 'events' },
  { id: 'errorProcesses', key: 'Process (pid)', label: 'Failing processes', title: 'Failed events per process (topprocs_errors)', table: (s) => s.errorProcesses, unit: 'events' },
  { id: 'errorFiles', key: 'File', label: 'Failing files', title: 'Failed events per file (topfiles_errors)', table: (s) => s.errorFiles, unit: 'events' },
  { id: 'files', key: 'File', label: 'Files', title: 'Bytes read and written per file (topfiles_bytes)', table: (s) => s.files, unit: 'bytes' },
  { id: 'connections', key: 'Connection', label: 'Connections', title: 'Bytes per network connection (topconns)', table: (s) => s.connections, unit: 'bytes' },
  { id: 'ports', key: 'Server port', label: 'Ports', title: 'Bytes per server port (topports_server)', table: (s) => s.ports, unit: 'bytes' },
  { id: 'netProcesses', key: 'Process (pid)', label: 'Net by process', title: 'Network bytes per process (topprocs_net)', table: (s) => s.netProcesses, unit: 'bytes' },
];

/** Nanoseconds with a unit, 3 significant digits. */
export function humanNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(ns >= 1e10 ? 1 : 2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(ns >= 1e7 ? 1 : 2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(ns >= 1e4 ? 1 : 2)} µs`;
  return `${ns} ns`;
}

const int = (n: number) => n.toLocaleString('en-US');

export class ScapStatsDialog extends LitElement {
  static properties = { stats: { attribute: false }, error: { type: String }, _tab: { state: true }, _byAvg: { state: true } };

  declare stats: ViewStats | null;
  declare error: string;
  declare _tab: string;
  /** Latency tab: rank by average latency instead of total time. */
  declare _byAvg: boolean;

  constructor() {
    super();
    this.stats = null;
    this.error = '';
    this._tab = 'processes';
    this._byAvg = false;
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private apply(r: StatsRow) {
    fire(this, 'scap-filter', { expr: checkFor(r.field, r.value), mode: 'replace', apply: true });
    this.close();
  }

  private renderTable(tab: Tab, s: ViewStats) {
    const t = tab.table(s);
    let rows = t.rows;
    if (tab.sort === 'events') rows = [...rows].sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1));
    const avg = (r: StatsRow) => (r.calls ? r.total / r.calls : 0);
    if (tab.sort === 'total') rows = rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
    if (tab.sort === 'total' && this._byAvg) rows = rows.sort((a, b) => avg(b) - avg(a) || (a.key < b.key ? -1 : 1));
    if (!rows.length) return html`<p class="empty">Nothing in the displayed events.</p>`;
    const measure = (r: StatsRow) => (tab.sort === 'events' ? r.events : r.total);
    const max = Math.max(1, ...rows.map(measure));
    const sum = tab.sort === 'events' ? s.events : t.total;
    const fmt = (n: number) => (tab.unit === 'bytes' ? humanBytes(n) : tab.unit === 'ns' ? humanNs(n) : int(n));
    const sortBtn = (label: string, byAvg: boolean) => html`<button class="sort ${this._byAvg === byAvg ? 'on' : ''}" data-sort=${byAvg ? 'avg' : 'total'}
      title="Rank by ${label.toLowerCase()}" @click=${() => { this._byAvg = byAvg; }}>${label}${this._byAvg === byAvg ? ' ▾' : ''}</button>`;
    const extra = tab.unit === 'ns' ? html`<th>Calls</th><th>${sortBtn('Average', true)}</th>` : tab.unit === 'bytes' ? html`<th>Read</th><th>Written</th><th>I/O events</th>` : nothing;
    return html`
      <p class="dim">${tab.title}. ${t.distinct > t.rows.length ? `Top ${t.rows.length} of ${int(t.distinct)}. ` : ''}Click a row to filter on it.</p>
      <table class="stats" data-tab=${tab.id}>
        <thead><tr><th>${tab.unit === 'events' ? 'Events' : tab.unit === 'bytes' ? 'Bytes' : sortBtn('Time', false)}</th><th class="pct">%</th>${extra}<th class="key">${tab.key}</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr class="row" tabindex="0" role="button" title=${checkFor(r.field, r.value)}
            data-key=${r.key} data-events=${r.events} data-total=${r.total} data-field=${r.field}
            @click=${() => this.apply(r)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') this.apply(r); }}>
          <td class="n" title=${int(measure(r))}>${fmt(measure(r))}</td>
          <td class="pct"><span class="bar" ${styleProp('width', `${((measure(r) / max) * 100).toFixed(1)}%`)}></span>${sum ? ((measure(r) / sum) * 100).toFixed(1) : '0'}</td>
          ${tab.unit === 'ns' ? html`<td class="n">${int(r.calls ?? 0)}</td><td class="n">${r.calls ? humanNs(Math.round(r.total / r.calls)) : '—'}</td>` : nothing}
          ${tab.unit === 'bytes' ? html`<td class="n" title=${int(r.read ?? 0)}>${humanBytes(r.read ?? 0)}</td><td class="n" title=${int(r.written ?? 0)}>${humanBytes(r.written ?? 0)}</td><td class="n">${int(r.events)}</td>` : nothing}
          <td class="key">${r.key}</td></tr>`)}</tbody>
      </table>`;
  }

  render() {
    const s = this.stats;
    const tab = TABS.find((t) => t.id === this._tab) ?? TABS[0];
    return html`<dialog aria-label="Statistics">
      <header><h2>Statistics</h2>
        <span class="dim" id="stats-summary">${s ? `${int(s.events)} displayed events, computed in ${s.ms.toFixed(0)} ms` : ''}</span>
        <button @click=${this.close} aria-label="Close">✕</button></header>
      <div class="tabs" role="tablist">${TABS.map((t) => html`<button role="tab" data-tab=${t.id} aria-selected=${t.id === tab.id ? 'true' : 'false'}
        class=${t.id === tab.id ? 'on' : ''} @click=${() => { this._tab = t.id; }}>${t.label}${s ? html` <span class="cnt">${int(t.table(s).distinct)}</span>` : nothing}</button>`)}</div>
      <div class="body">${this.error ? html`<p class="error">${this.error}</p>` : s ? this.renderTable(tab, s) : 'Computing…'}</div>
    </dialog>`;
  }

  static styles = [dialogFrame, tabbedTables, css`
    dialog { width: min(960px, 94vw); height: min(640px, 85vh); }
    td.key { width: 60%; }
    .pct { position: relative; width: 90px; text-align: right; }
    .bar { position: absolute; left: 0; top: 3px; bottom: 3px; background: var(--scap-accent); opacity: 0.25; }
    tr.row { cursor: pointer; }
    tr.row:hover, tr.row:focus { background: var(--scap-bg-panel); outline: none; }
    .sort { all: unset; cursor: pointer; color: var(--scap-fg-dim); }
    .sort.on { color: var(--scap-fg); font-weight: 600; }
    .error { color: #c62828; }
    .empty { color: var(--scap-fg-dim); }
  `];
}

customElements.define('scap-stats-dialog', ScapStatsDialog);
declare global { interface HTMLElementTagNameMap { 'scap-stats-dialog': ScapStatsDialog } }

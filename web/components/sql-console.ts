/**
 * `<scap-sql-console>`: SQL over the displayed events (Analyze ▾ → SQL console…). On first open it loads
 * DuckDB (duckdb-wasm, web/sql/database.ts, imported only then) and fills an `events` table with the
 * displayed events as `scapula export` writes them (the worker makes the rows with engine/export/rows.ts);
 * the table is refilled when the view changed since. Results show as text only (never HTML), the first
 * MAX_SHOWN_ROWS rows; a row with an `evt_num` selects that event; "Use as filter" makes the result's
 * event numbers the view's filter, `evt.num in (…)`.
 *
 * Fires: scap-goto-index, scap-filter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { dialogFrame } from './dialog-styles.ts';
import { engine } from '../engine-client.ts';
import { fire } from '../events.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { MAX_FILTER_EVENTS, MAX_SHOWN_ROWS, type SqlResult } from '../sql/result.ts';

const int = (n: number) => n.toLocaleString('en-US');

export class ScapSqlConsole extends LitElement {
  static properties = {
    viewVersion: { type: Number },
    _status: { state: true },
    _error: { state: true },
    _result: { state: true },
    _busy: { state: true },
    _runs: { state: true },
  };

  /** Changes whenever the displayed events change (the app's view version). */
  declare viewVersion: number;
  declare _status: string;
  declare _error: string;
  declare _result: SqlResult | null;
  declare _busy: boolean;
  /** Queries finished (with a result or an error); exposed as data-runs for tools and tests. */
  declare _runs: number;
  private db: Promise<SqlDatabase> | null = null;
  /** The view version the `events` table holds, and the running load of it. */
  private loadedVersion = -1;
  private loading: Promise<void> | null = null;

  constructor() {
    super();
    this.viewVersion = 0;
    this._status = '';
    this._error = '';
    this._result = null;
    this._busy = false;
    this._runs = 0;
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
    void this.ensureEvents().catch(() => {});
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** Loads DuckDB once, and the displayed events into `events` when the view changed since the last load. */
  private ensureEvents(): Promise<void> {
    if (this.loadedVersion === this.viewVersion && !this.loading) return Promise.resolve();
    if (this.loading) return this.loading;
    const version = this.viewVersion;
    this.loading = (async () => {
      this._busy = true;
      this._error = '';
      try {
        if (!this.db) {
          this._status = 'Loading DuckDB…';
          this.db = import('../sql/database.ts').then((m) => m.openDatabase());
          this.db.catch(() => { this.db = null; });
        }
        const db = await this.db;
        this._status = 'Loading the displayed events…';
        const rows = await engine.sqlEventRows();
        await db.loadEvents(rows);
        this.loadedVersion = version;
        this._status = rows.rows < rows.displayed
          ? `events: the first ${int(rows.rows)} of ${int(rows.displayed)} displayed events`
          : `events: ${int(rows.rows)} displayed events`;
      } catch (e) {
        this._status = '';
        this._error = `Could not load the events: ${(e as Error)?.message ?? e}`;
        throw e;
      } finally {
        this._busy = false;
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private async run() {
    const sql = this.renderRoot.querySelector('textarea')?.value ?? '';
    if (!sql.trim() || this._busy) return;
    try {
      await this.ensureEvents();
    } catch {
      return;
    }
    this._busy = true;
    this._error = '';
    try {
      this._result = await (await this.db!).run(sql);
    } catch (e) {
      this._result = null;
      this._error = String((e as Error)?.message ?? e);
    } finally {
      this._busy = false;
      this._runs++;
    }
  }

  private select(num: number | null) {
    if (num !== null) fire(this, 'scap-goto-index', { index: num - 1 });
  }

  private useAsFilter() {
    const ev = this._result?.events;
    if (!ev?.length) return;
    if (ev.length > MAX_FILTER_EVENTS) {
      this._error = `The result has more than ${int(MAX_FILTER_EVENTS)} event numbers; narrow the query to use it as a filter.`;
      return;
    }
    fire(this, 'scap-filter', { expr: `evt.num in (${ev.join(', ')})`, mode: 'replace', apply: true });
    this.close();
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.run(); }
  }

  private renderResult(r: SqlResult) {
    return html`
      <p class="dim" id="sql-summary" data-total=${r.total}>${r.total > r.rows.length
        ? `${int(r.total)} rows, the first ${int(r.rows.length)} shown` : `${int(r.total)} row${r.total === 1 ? '' : 's'}`}${r.events
        ? '. Click a row to select its event.' : ''}</p>
      <table class="result">
        <thead><tr>${r.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
        <tbody>${r.rows.map((row, i) => {
          const num = r.rowEvents[i];
          return html`<tr class=${num !== null ? 'row link' : 'row'} data-evt=${num ?? ''} tabindex=${num !== null ? '0' : '-1'}
            @click=${() => this.select(num)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') this.select(num); }}>
            ${row.map((v) => html`<td>${v}</td>`)}</tr>`;
        })}</tbody>
      </table>`;
  }

  render() {
    const r = this._result;
    return html`<dialog aria-label="SQL console">
      <header><h2>SQL console</h2>
        <span class="dim" id="sql-status">${this._status}</span>
        <button @click=${this.close} aria-label="Close">✕</button></header>
      <div class="editor">
        <textarea spellcheck="false" rows="4" aria-label="SQL" maxlength="100000" @keydown=${this.onKey}
          placeholder="SELECT proc_name, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"></textarea>
        <div class="actions">
          <button id="sql-run" ?disabled=${this._busy} @click=${() => void this.run()} title="Run (Ctrl-Enter)">Run</button>
          <button id="sql-filter" ?disabled=${!r?.events?.length} @click=${this.useAsFilter}
            title="Display only the events of the result's evt_num column (evt.num in (…), at most ${int(MAX_FILTER_EVENTS)})">Use as filter</button>
          <span class="dim">DuckDB SQL over <code>events</code> (the columns of <code>scapula export</code>); at most ${int(MAX_SHOWN_ROWS)} rows shown.</span>
        </div>
      </div>
      <div class="body" data-runs=${this._runs}>
        ${this._error ? html`<pre class="error" id="sql-error" role="alert">${this._error}</pre>` : nothing}
        ${r && !this._error ? this.renderResult(r) : nothing}
      </div>
    </dialog>`;
  }

  static styles = [dialogFrame, css`
    dialog { width: min(1100px, 94vw); height: min(720px, 88vh); }
    dialog[open] { display: flex; flex-direction: column; }
    .editor { padding: 8px 14px; border-bottom: 1px solid var(--scap-border); }
    textarea { width: 100%; box-sizing: border-box; font: 13px var(--scap-mono); resize: vertical; background: var(--scap-bg); color: var(--scap-fg); }
    .actions { display: flex; gap: 8px; align-items: center; margin-top: 6px; }
    .actions button { font: 13px var(--scap-sans); cursor: pointer; }
    code { font-family: var(--scap-mono); }
    .body { padding: 6px 14px 16px; overflow: auto; flex: 1; font: 13px var(--scap-sans); }
    table { border-collapse: collapse; }
    th { text-align: left; font-weight: 500; color: var(--scap-fg-dim); padding: 2px 12px 2px 0; position: sticky; top: 0; background: var(--scap-bg); white-space: nowrap; }
    td { padding: 1px 12px 1px 0; font: 12px var(--scap-mono); white-space: pre; max-width: 480px; overflow: hidden; text-overflow: ellipsis; }
    tr.link { cursor: pointer; }
    tr.link:hover, tr.link:focus { background: var(--scap-bg-panel); outline: none; }
    .error { color: #c62828; white-space: pre-wrap; font: 12px var(--scap-mono); }
  `];
}

customElements.define('scap-sql-console', ScapSqlConsole);
declare global { interface HTMLElementTagNameMap { 'scap-sql-console': ScapSqlConsole } }

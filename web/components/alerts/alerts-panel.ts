/**
 * `<scap-alerts-panel>`: Falco rules over the open capture. Loads the rules (built-in ruleset plus
 * the user's files), runs them in the worker with progress, and lists the alerts (priority, rule,
 * time, output). Selecting an alert selects its event in the event list; an alert's rule can become
 * the display filter; Explain shows why the rule fired on that event (`<scap-explain-view>`).
 * Counts per rule are clickable to narrow the list. Output text is shown as text, never as HTML.
 * tryRule() runs one rules file alone (Filter → rule) until "Back to all rules".
 *
 * The `rule` pseudo-field (`rule = "Name"`, `rule exists`) works in the filter bar, in coloring rules
 * and as a column (`rule`), through the worker.
 *
 * Fires: scap-goto-index (select the alert's event), scap-filter (show a rule's events), scap-add-column
 * (the `rule` column), scap-coloring (color alerting events).
 */
import { LitElement, html, css, nothing } from 'lit';
import type { AlertRow, ExplainNode, RulesLoadReport, RulesRunProgress, RulesRunSummary } from '../../../engine/api.ts';
import { fire } from '../../events.ts';
import { engine, proxy } from '../../engine-client.ts';
import { loadRulesSettings, rulesFiles, storeRulesSettings, DEFAULT_SETTINGS, type RulesSettings } from './rules-client.ts';
import type { ScapRulesManager } from './rules-manager.ts';
import './rules-manager.ts';
import { loadSetting } from '../../store.ts';
import { restoreRules, MAX_RULES, type ColoringRule } from '../../coloring.ts';
import './explain-view.ts';

const PAGE = 500;
/** Longest `evt.num in (...)` filter the panel builds for "show these events". */
const MAX_FILTER_NUMS = 5000;
/** The coloring rule for alerting events (the `rule` pseudo-field, see engine/rules/pseudo-fields.ts). */
const ALERT_COLORING: ColoringRule = { name: 'Falco alert', filter: 'rule exists', color: '#ff9e9e', enabled: true };
const PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];

export class ScapAlertsPanel extends LitElement {
  static properties = {
    /** Bumped by the app when a capture finished loading (results of an older capture are dropped). */
    captureVersion: { type: Number },
    _settings: { state: true },
    _report: { state: true },
    _summary: { state: true },
    _rows: { state: true },
    _total: { state: true },
    _rule: { state: true },
    _sel: { state: true },
    _explain: { state: true },
    _explainErr: { state: true },
    _busy: { state: true },
    _msg: { state: true },
    _whyRule: { state: true },
    _selEvent: { state: true },
    _trialName: { state: true },
  };

  declare captureVersion: number;
  declare _settings: RulesSettings;
  declare _report: RulesLoadReport | null;
  declare _summary: RulesRunSummary | null;
  declare _rows: AlertRow[];
  declare _total: number;
  declare _rule: string | null;
  declare _sel: number;
  declare _explain: ExplainNode | null;
  declare _explainErr: string;
  declare _busy: string;
  declare _msg: string;
  declare _whyRule: string;
  declare _selEvent: number;
  declare _trialName: string;
  private loadedKey = '';
  /** A rules file run alone instead of the configured ones (Filter → rule), or null. */
  private trial: { name: string; text: string } | null = null;
  private explainedRule = '';

  constructor() {
    super();
    this.captureVersion = 0;
    this._settings = DEFAULT_SETTINGS;
    this._report = null;
    this._summary = null;
    this._rows = [];
    this._total = 0;
    this._rule = null;
    this._sel = -1;
    this._explain = null;
    this._explainErr = '';
    this._busy = '';
    this._msg = '';
    this._whyRule = '';
    this._selEvent = -1;
    this._trialName = '';
  }

  /** Runs one rules file alone over the capture (its rules only, every match alerts). */
  async tryRule(name: string, text: string): Promise<void> {
    this.trial = { name, text };
    this._trialName = name;
    await this.run();
  }

  private async endTrial() {
    this.trial = null;
    this._trialName = '';
    this._summary = null; this._rows = []; this._total = 0;
    await this.loadRules();
  }

  // lifecycle
  connectedCallback(): void {
    super.connectedCallback();
    void loadRulesSettings().then((s) => { this._settings = s; void this.loadRules(); });
    this.addEventListener('scap-rules-changed', (e) => void this.onSettings((e as CustomEvent<RulesSettings>).detail));
    window.addEventListener('scap-select-event', this.onSelectEvent);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('scap-select-event', this.onSelectEvent);
  }

  /** Tracks the event selected in the event list, for "why not?" explanations. */
  private onSelectEvent = (e: Event) => {
    this._selEvent = (e as CustomEvent<{ index: number }>).detail.index;
  };

  updated(changed: Map<string, unknown>): void {
    if (changed.has('captureVersion') && changed.get('captureVersion') !== undefined) {
      this._summary = null; this._rows = []; this._total = 0; this._sel = -1; this._explain = null; this._selEvent = -1;
    }
  }

  // actions
  private async onSettings(s: RulesSettings) {
    this._settings = s;
    await storeRulesSettings(s);
    await this.loadRules();
  }

  private async loadRules(): Promise<boolean> {
    const files = this.trial ? [this.trial] : rulesFiles(this._settings);
    const key = files.map((f) => `${f.name}:${f.text.length}`).join('|');
    if (key === this.loadedKey && this._report?.ok) return true;
    this._busy = 'Loading rules…';
    try {
      this._report = await engine.rulesLoad(files);
      this.loadedKey = key;
      this._msg = this._report.ok ? '' : `Rules do not load: ${this._report.errors[0]?.message ?? 'error'}`;
      return this._report.ok;
    } catch (e) {
      this._msg = `Rules do not load: ${(e as Error).message}`;
      return false;
    } finally {
      this._busy = '';
    }
  }

  async run(): Promise<void> {
    if (!(await this.loadRules())) return;
    this._busy = 'Running rules…';
    this._msg = '';
    this._explain = null;
    this._sel = -1;
    try {
      const s = this._settings;
      // A trial rule runs as written: no priority floor, no toggles from the configured rules.
      this._summary = await engine.rulesRun(this.trial ? { model: s.model, matching: 'all', minPriority: 7, disableTags: [], disabledRules: [], enabledRules: [] } : {
        model: s.model, matching: s.matching ?? 'first', minPriority: s.minPriority, disableTags: s.disableTags,
        disabledRules: s.disabledRules, enabledRules: s.enabledRules,
      }, proxy((p: RulesRunProgress) => { this._busy = `Running rules… ${p.rulesDone}/${p.rulesTotal} rules, ${p.alerts} alerts`; }));
      this._rule = null;
      await this.page(0);
      await this.refreshColoring();
    } catch (e) {
      this._msg = (e as Error)?.name === 'AbortError' ? 'Rules run cancelled.' : (e as Error).message;
    } finally {
      this._busy = '';
    }
  }

  private async page(start: number) {
    this._total = await engine.rulesAlertCount(this._rule);
    const rows = await engine.rulesAlerts(start, PAGE, this._rule);
    this._rows = start === 0 ? rows : [...this._rows, ...rows];
  }

  private async narrow(rule: string | null) {
    this._rule = rule;
    this._sel = -1;
    this._explain = null;
    await this.page(0);
  }

  private select(a: AlertRow) {
    this._sel = a.id;
    this._explain = null;
    this._explainErr = '';
    fire(this, 'scap-goto-index', { index: a.index });
  }

  /** Why does (or doesn't) the chosen rule match the event selected in the event list? */
  private async explainSelected() {
    if (this._selEvent < 0 || !this._whyRule) return;
    this._busy = 'Explaining…';
    try {
      this._explain = await engine.rulesExplainEvent(this._whyRule, this._selEvent, this._settings.model);
      this.explainedRule = this._whyRule;
      this._explainErr = '';
    } catch (e) {
      this._explainErr = (e as Error).message;
    } finally {
      this._busy = '';
    }
  }

  private async explain() {
    if (this._sel < 0) return;
    this._busy = 'Explaining…';
    try {
      this._explain = await engine.rulesExplain(this._sel);
      this.explainedRule = this._rows.find((r) => r.id === this._sel)?.rule ?? '';
      this._explainErr = '';
    } catch (e) {
      this._explainErr = (e as Error).message;
    } finally {
      this._busy = '';
    }
  }

  /** Filters the event list with the `rule` pseudo-field (the worker rewrites it to the alerting events). */
  private async showEvents(rule: string | null) {
    const nums = await engine.rulesAlertNums(rule);
    if (nums.length === 0) return;
    if (nums.length > MAX_FILTER_NUMS) { this._msg = `${nums.length} events: too many for a filter; narrow to one rule.`; return; }
    const expr = rule === null ? 'rule exists' : `rule = ${rule.includes('"') ? `'${rule}'` : `"${rule}"`}`;
    fire(this, 'scap-filter', { expr, mode: 'replace', apply: true });
  }

  /** Puts the alerting events first in the coloring rules (`rule exists`), re-applied after each run. */
  private async colorAlerts() {
    const current = restoreRules(await loadSetting<ColoringRule[]>('coloring'));
    const others = current.filter((r) => r.filter !== ALERT_COLORING.filter);
    fire(this, 'scap-coloring', { rules: [{ ...ALERT_COLORING }, ...others].slice(0, MAX_RULES) });
  }

  private async refreshColoring() {
    const current = restoreRules(await loadSetting<ColoringRule[]>('coloring'));
    if (current.some((r) => r.filter === ALERT_COLORING.filter && r.enabled)) fire(this, 'scap-coloring', { rules: current });
  }

  /** Downloads the alerts as Falco JSON lines (no network: a local Blob). */
  private async exportJson() {
    const text = await engine.rulesExportJson();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'falco-alerts.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private set(patch: Partial<RulesSettings>) {
    void this.onSettings({ ...this._settings, ...patch });
  }

  // render
  private renderCounts() {
    const c = this._summary?.counts ?? {};
    const names = Object.keys(c).sort((a, b) => c[b] - c[a]);
    if (!names.length) return nothing;
    return html`<div class="counts">${names.map((n) => html`<button class="count ${this._rule === n ? 'on' : ''}" title="Show only this rule's alerts"
      @click=${() => this.narrow(this._rule === n ? null : n)}>${n} <b>${c[n]}</b></button>`)}</div>`;
  }

  render() {
    const s = this._settings;
    const sel = this._rows.find((r) => r.id === this._sel);
    return html`
      <div class="bar">
        <button class="run" ?disabled=${!!this._busy} @click=${() => this.run()}>Run rules</button>
        ${this._busy.startsWith('Running') ? html`<button class="cancel" @click=${() => engine.rulesCancel()}>Cancel</button>` : nothing}
        <label title="current: events as Falco ≥ 0.42 sees them (old captures converted); legacy: every stored event, enter and exit, as Falco until 2023 and sysdig">
          Events <select @change=${(e: Event) => this.set({ model: (e.target as HTMLSelectElement).value as 'current' | 'legacy' })}>
            <option value="current" ?selected=${s.model === 'current'}>current Falco</option>
            <option value="legacy" ?selected=${s.model === 'legacy'}>legacy (enter+exit)</option>
          </select></label>
        <label>Min priority <select @change=${(e: Event) => this.set({ minPriority: Number((e.target as HTMLSelectElement).value) })}>
          ${PRIORITIES.map((p, i) => html`<option value=${i} ?selected=${s.minPriority === i}>${p}</option>`)}</select></label>
        <label title="Falco's rule_matching: by default an event alerts for the first matching rule only"><input type="checkbox"
          .checked=${s.matching === 'all'} @change=${(e: Event) => this.set({ matching: (e.target as HTMLInputElement).checked ? 'all' : 'first' })}> All matches</label>
        <button @click=${() => this.renderRoot.querySelector<ScapRulesManager>('scap-rules-manager')?.show()}>Rules… ${this._report ? html`(${this._report.rules.length})` : nothing}</button>
        <span class="status">${this._busy || this._msg || (this._summary ? `${this._summary.alerts} alerts${this._summary.truncated ? ' (stopped at this many: narrow the rules)' : ''}, ${this._summary.evaluated} events evaluated in ${this._summary.ms.toFixed(0)} ms (${this._summary.model})` : '')}</span>
      </div>
      ${this._trialName ? html`<div class="trial" id="trial">Running <b>${this._trialName}</b> alone (from the filter).
        <button @click=${() => this.endTrial()}>Back to all rules</button></div>` : nothing}
      ${this.renderCounts()}
      <div class="split">
        <div class="list" role="listbox" aria-label="Alerts">
          ${this._rows.map((a) => html`<div class="alert ${a.id === this._sel ? 'sel' : ''}" role="option" aria-selected=${a.id === this._sel}
              @click=${() => this.select(a)} @dblclick=${() => { this.select(a); void this.explain(); }}>
            <span class="p p${a.priorityLevel}">${a.priority}</span><span class="t">${a.time}</span><span class="n">#${a.num}</span>
            <span class="r">${a.rule}</span><span class="o">${a.output}</span></div>`)}
          ${this._rows.length < this._total ? html`<button class="more" @click=${() => this.page(this._rows.length)}>Show more (${this._total - this._rows.length} left)</button>` : nothing}
          ${this._summary && this._total === 0 ? html`<div class="dim">No alerts.</div>` : nothing}
        </div>
        <div class="side">
          <div class="actions">
            <button ?disabled=${!sel} @click=${() => this.explain()}>Explain</button>
            <button ?disabled=${!sel} @click=${() => sel && this.showEvents(sel.rule)} title="Filter the event list to this rule's alerts">Filter to rule</button>
            <button ?disabled=${!this._summary?.alerts} @click=${() => this.showEvents(null)} title="Filter the event list to every alerting event (rule exists)">Filter to all alerts</button>
            <button ?disabled=${!this._summary} @click=${() => fire(this, 'scap-add-column', { field: 'rule' })} title="A column with the rules each event raised">Rule column</button>
            <button ?disabled=${!this._summary} @click=${() => this.colorAlerts()} title="Color alerting events in the event list">Color alerts</button>
            <button ?disabled=${!this._summary?.alerts} @click=${() => this.exportJson()} title="Download the alerts as Falco JSON lines">Export JSON</button>
          </div>
          <div class="why">
            <input list="rule-names" placeholder="rule name" .value=${this._whyRule} aria-label="Rule to explain on the selected event"
              @input=${(e: Event) => { this._whyRule = (e.target as HTMLInputElement).value; }}>
            <datalist id="rule-names">${(this._report?.rules ?? []).map((r) => html`<option value=${r.name}></option>`)}</datalist>
            <button ?disabled=${this._selEvent < 0 || !this._whyRule} @click=${() => this.explainSelected()}
              title="Explain this rule on the event selected in the event list (why it did not fire)">Why not? (event ${this._selEvent >= 0 ? `#${this._selEvent + 1}` : '—'})</button>
          </div>
          <scap-explain-view .tree=${this._explain} .rule=${this.explainedRule} .error=${this._explainErr}></scap-explain-view>
        </div>
      </div>
      <scap-rules-manager .settings=${s} .report=${this._report}></scap-rules-manager>`;
  }

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; font: 12px var(--scap-sans); background: var(--scap-bg); color: var(--scap-fg); }
    .bar { display: flex; gap: 8px; align-items: center; padding: 4px 6px; border-bottom: 1px solid var(--scap-border); background: var(--scap-bg-panel); flex-wrap: wrap; }
    .status { color: var(--scap-dim, #666); }
    .counts { display: flex; flex-wrap: wrap; gap: 4px; padding: 4px 6px; border-bottom: 1px solid var(--scap-border); }
    .count { font: 11px var(--scap-sans); cursor: pointer; }
    .count.on { background: var(--scap-select); color: var(--scap-select-fg); }
    .split { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
    .list { overflow: auto; border-right: 1px solid var(--scap-border); }
    .alert { display: grid; grid-template-columns: 90px 130px 70px minmax(120px, 1fr) minmax(0, 3fr); gap: 6px; padding: 2px 6px; cursor: pointer;
      border-bottom: 1px solid var(--scap-border); font: 12px var(--scap-mono); white-space: nowrap; }
    .alert .o { overflow: hidden; text-overflow: ellipsis; }
    .alert .r { overflow: hidden; text-overflow: ellipsis; font-family: var(--scap-sans); }
    .alert.sel { background: var(--scap-select); color: var(--scap-select-fg); }
    .p { font-weight: 600; }
    .p0, .p1, .p2 { color: #b42318; } .p3 { color: #c2410c; } .p4 { color: #9a6700; } .p5 { color: #2d5b8a; } .p6, .p7 { color: #666; }
    .alert.sel .p { color: inherit; }
    .side { display: flex; flex-direction: column; min-height: 0; }
    .actions { display: flex; gap: 6px; padding: 4px 6px; border-bottom: 1px solid var(--scap-border); flex-wrap: wrap; }
    .why { display: flex; gap: 6px; padding: 4px 6px; border-bottom: 1px solid var(--scap-border); }
    .why input { flex: 1; min-width: 0; }
    scap-explain-view { flex: 1; min-height: 0; }
    .more { margin: 6px; }
    .trial { padding: 4px 6px; background: var(--scap-bg-alt); border-bottom: 1px solid var(--scap-border); }
    .dim { color: var(--scap-dim, #888); padding: 6px; }
  `;
}

customElements.define('scap-alerts-panel', ScapAlertsPanel);
declare global { interface HTMLElementTagNameMap { 'scap-alerts-panel': ScapAlertsPanel } }

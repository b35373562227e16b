/**
 * `<scap-rule-dialog>`: Filter → Falco rule. Builds a rule skeleton from the applied display filter
 * (and the field columns shown as output fields): name and priority are edited in the form, the YAML
 * below follows them and can be edited by hand. "Run in Alerts" runs that YAML alone in the Alerts
 * panel; "Copy YAML" and "Download" take it out.
 *
 * Fires: scap-try-rule.
 */
import { LitElement, html, css } from 'lit';
import { fire } from '../events.ts';
import { RULE_PRIORITIES, ruleFromFilter, ruleYaml, type RulePriority } from '../filter-rule.ts';

export class ScapRuleDialog extends LitElement {
  static properties = {
    filter: { type: String },
    extraFields: { attribute: false },
    _name: { state: true },
    _priority: { state: true },
    _yaml: { state: true },
    _msg: { state: true },
  };

  declare filter: string;
  declare extraFields: string[];
  declare _name: string;
  declare _priority: RulePriority;
  declare _yaml: string;
  declare _msg: string;

  constructor() {
    super();
    this.filter = '';
    this.extraFields = [];
    this._name = 'Scapula filter';
    this._priority = 'WARNING';
    this._yaml = '';
    this._msg = '';
  }

  show(): void {
    this.regenerate();
    this._msg = '';
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private regenerate() {
    this._yaml = ruleYaml(ruleFromFilter(this.filter, { name: this._name.trim() || 'Scapula filter', priority: this._priority, extraFields: this.extraFields }));
  }

  private async copy() {
    try {
      await navigator.clipboard.writeText(this._yaml);
      this._msg = 'Copied.';
    } catch {
      this._msg = 'The browser refused the clipboard: use Download.';
    }
  }

  private download() {
    const url = URL.createObjectURL(new Blob([this._yaml], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(this._name.trim() || 'rule').replace(/[^\w.-]+/g, '_')}.yaml`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private run() {
    fire(this, 'scap-try-rule', { name: 'filter-rule.yaml', text: this._yaml });
    this.close();
  }

  render() {
    return html`<dialog aria-label="Filter to Falco rule">
      <header><h2>Falco rule from the filter</h2><button class="close" @click=${this.close} aria-label="Close">✕</button></header>
      <div class="form">
        <label>Rule name <input class="name" .value=${this._name}
          @input=${(e: Event) => { this._name = (e.target as HTMLInputElement).value; this.regenerate(); }}></label>
        <label>Priority <select class="priority" @change=${(e: Event) => { this._priority = (e.target as HTMLSelectElement).value as RulePriority; this.regenerate(); }}>
          ${RULE_PRIORITIES.map((p) => html`<option ?selected=${p === this._priority}>${p}</option>`)}</select></label>
      </div>
      <textarea class="yaml" spellcheck="false" aria-label="Rule YAML" .value=${this._yaml}
        @input=${(e: Event) => { this._yaml = (e.target as HTMLTextAreaElement).value; }}></textarea>
      <footer>
        <button class="run" @click=${this.run} title="Run this rule alone over the capture in the Alerts panel">Run in Alerts</button>
        <button class="copy" @click=${this.copy}>Copy YAML</button>
        <button class="download" @click=${this.download}>Download</button>
        <span class="msg">${this._msg}</span>
      </footer>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(820px, 94vw); padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
    dialog::backdrop { background: rgb(0 0 0 / 35%); }
    header { display: flex; justify-content: space-between; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); }
    h2 { font-size: 16px; margin: 0; }
    .form { display: flex; gap: 16px; padding: 8px 14px; font: 13px var(--scap-sans); }
    .name { width: 260px; }
    textarea { display: block; box-sizing: border-box; width: calc(100% - 28px); margin: 0 14px; height: 240px; font: 12px/1.4 var(--scap-mono); }
    footer { display: flex; gap: 8px; align-items: center; padding: 8px 14px; }
    .msg { color: var(--scap-fg-dim); font-size: 12px; }
  `;
}

customElements.define('scap-rule-dialog', ScapRuleDialog);
declare global { interface HTMLElementTagNameMap { 'scap-rule-dialog': ScapRuleDialog } }

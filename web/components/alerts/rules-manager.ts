/**
 * `<scap-rules-manager>`: the rules dialog. The built-in official ruleset can be switched off; the
 * user adds their own rules files (kept in IndexedDB, loaded after the built-in one, in order, so
 * they can append to or override it), toggles single rules and tags, and sees the loader's errors
 * and warnings exactly as Falco words them.
 *
 * Fires: scap-rules-changed (the settings were edited; the panel reloads the rules).
 */
import { LitElement, html, css, nothing } from 'lit';
import type { RuleInfo, RulesLoadReport } from '../../../engine/api.ts';
import { BUILTINS, MAX_RULES_FILE, type RulesSettings, type UserRulesFile } from './rules-client.ts';

export class ScapRulesManager extends LitElement {
  static properties = { settings: { attribute: false }, report: { attribute: false }, _query: { state: true } };

  declare settings: RulesSettings;
  declare report: RulesLoadReport | null;
  declare _query: string;

  constructor() {
    super();
    this.report = null;
    this._query = '';
  }

  show(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private change(patch: Partial<RulesSettings>) {
    this.dispatchEvent(new CustomEvent('scap-rules-changed', { detail: { ...this.settings, ...patch }, bubbles: true, composed: true }));
  }

  private async addFiles(e: Event) {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    const added: UserRulesFile[] = [];
    for (const f of files) {
      if (f.size > MAX_RULES_FILE) continue;
      added.push({ name: f.name, text: await f.text(), enabled: true });
    }
    const kept = this.settings.files.filter((x) => !added.some((a) => a.name === x.name));
    this.change({ files: [...kept, ...added] });
  }

  private toggleRule(r: RuleInfo, on: boolean) {
    const disabled = new Set(this.settings.disabledRules);
    const enabled = new Set(this.settings.enabledRules);
    disabled.delete(r.name);
    enabled.delete(r.name);
    if (on && !r.enabled) enabled.add(r.name);
    if (!on && r.enabled) disabled.add(r.name);
    this.change({ disabledRules: [...disabled], enabledRules: [...enabled] });
  }

  private isOn(r: RuleInfo): boolean {
    if (this.settings.enabledRules.includes(r.name)) return true;
    if (this.settings.disabledRules.includes(r.name)) return false;
    return r.enabled && !r.tags.some((t) => this.settings.disableTags.includes(t));
  }

  private toggleTag(tag: string, off: boolean) {
    const tags = new Set(this.settings.disableTags);
    if (off) tags.add(tag); else tags.delete(tag);
    this.change({ disableTags: [...tags] });
  }

  render() {
    const s = this.settings;
    const rules = this.report?.rules ?? [];
    const q = this._query.toLowerCase();
    const shown = q ? rules.filter((r) => r.name.toLowerCase().includes(q) || r.tags.some((t) => t.includes(q))) : rules;
    const tags = [...new Set(rules.flatMap((r) => r.tags))].sort();
    const msgs = [...(this.report?.errors ?? []), ...(this.report?.warnings ?? [])];
    return html`<dialog aria-label="Rules">
      <header><h2>Rules</h2><button class="close" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>Close</button></header>
      <section class="files">
        <h3>Files (loaded in this order)</h3>
        ${BUILTINS.map((b) => {
          const stable = b.file === 'falco_rules.yaml';
          const on = stable ? s.useBuiltin : (s.extraBuiltins ?? []).includes(b.file);
          const set = (v: boolean) => {
            if (stable) this.change({ useBuiltin: v });
            else this.change({ extraBuiltins: [...(s.extraBuiltins ?? []).filter((x) => x !== b.file), ...(v ? [b.file] : [])] });
          };
          return html`<label class="builtin"><input type="checkbox" .checked=${on} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}>
            ${b.label} <span class="dim">(${b.file}, built in)</span></label>`;
        })}
        ${s.files.map((f, i) => html`<div class="file">
          <label><input type="checkbox" .checked=${f.enabled} @change=${(e: Event) => this.change({ files: s.files.map((x, k) => (k === i ? { ...x, enabled: (e.target as HTMLInputElement).checked } : x)) })}> ${f.name}</label>
          <button title="Remove" @click=${() => this.change({ files: s.files.filter((_, k) => k !== i) })}>✕</button>
        </div>`)}
        <label class="add">Add rules files… <input type="file" accept=".yaml,.yml" multiple @change=${this.addFiles}></label>
      </section>
      ${msgs.length ? html`<section class="msgs"><h3>${this.report?.errors.length ? 'Errors' : 'Warnings'} (${msgs.length})</h3>
        ${msgs.slice(0, 200).map((m) => html`<pre class=${m.severity}>${m.text}</pre>`)}</section>` : nothing}
      <section class="tags"><h3>Tags (unchecked = rules with the tag are disabled)</h3>
        ${tags.map((t) => html`<label class="tag"><input type="checkbox" .checked=${!s.disableTags.includes(t)} @change=${(e: Event) => this.toggleTag(t, !(e.target as HTMLInputElement).checked)}>${t}</label>`)}
      </section>
      <section class="rules"><h3>Rules (${rules.length})</h3>
        <input class="q" placeholder="search rules or tags" .value=${this._query} @input=${(e: Event) => { this._query = (e.target as HTMLInputElement).value; }}>
        <div class="list">${shown.map((r) => html`<label class="rule" title=${r.desc}>
          <input type="checkbox" .checked=${this.isOn(r)} @change=${(e: Event) => this.toggleRule(r, (e.target as HTMLInputElement).checked)}>
          <span class="p p${r.priorityLevel}">${r.priority}</span> ${r.name} <span class="dim">${r.tags.join(' ')}</span></label>`)}</div>
      </section>
    </dialog>`;
  }

  static styles = css`
    dialog { width: min(900px, 92vw); max-height: 86vh; padding: 0; border: 1px solid var(--scap-border); font: 12px var(--scap-sans); color: var(--scap-fg); background: var(--scap-bg); }
    header { display: flex; justify-content: space-between; align-items: center; padding: 6px 10px; background: var(--scap-bg-panel); border-bottom: 1px solid var(--scap-border); }
    h2 { font-size: 14px; margin: 0; }
    h3 { font-size: 12px; margin: 8px 0 4px; }
    section { padding: 0 10px 6px; }
    .file { display: flex; justify-content: space-between; }
    .builtin { display: block; }
    .add input { margin-left: 6px; }
    .msgs pre { white-space: pre-wrap; font: 11px var(--scap-mono); margin: 4px 0; padding: 4px; border-left: 3px solid #9a6700; background: var(--scap-bg-panel); }
    .msgs pre.error { border-color: #b42318; }
    .tag { display: inline-block; margin: 0 10px 2px 0; }
    .q { width: 50%; margin-bottom: 4px; }
    .list { max-height: 40vh; overflow: auto; }
    .rule { display: block; padding: 1px 0; }
    .dim { color: var(--scap-dim, #888); }
    .p { display: inline-block; min-width: 86px; font-weight: 600; }
    .p0, .p1, .p2 { color: #b42318; } .p3 { color: #c2410c; } .p4 { color: #9a6700; } .p5 { color: #2d5b8a; } .p6, .p7 { color: #666; }
  `;
}

customElements.define('scap-rules-manager', ScapRulesManager);
declare global { interface HTMLElementTagNameMap { 'scap-rules-manager': ScapRulesManager } }

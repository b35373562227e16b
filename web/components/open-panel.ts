/**
 * `<scap-open-panel>`: the start screen: open a capture or a raw audit/CloudTrail log (picker;
 * drag-and-drop works anywhere in the app), the bundled samples (captures and logs), and recent files
 * kept in IndexedDB (removable).
 *
 * Fires: scap-open.
 */
import { LitElement, html, css, nothing } from 'lit';
import { fire } from '../events.ts';
import { forgetCapture, listRecents, type RecentCapture } from '../store.ts';
import { OPEN_ACCEPT } from '../open-types.ts';

export interface SampleInfo { name: string; size: number }

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const u = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${u[i]}`;
}

/** The sample list shipped with the app (samples/index.json). */
export async function fetchSamples(): Promise<SampleInfo[]> {
  try {
    const r = await fetch('samples/index.json');
    if (!r.ok) return [];
    const list = await r.json();
    return Array.isArray(list) ? list.filter((s) => typeof s?.name === 'string') : [];
  } catch {
    return [];
  }
}

export async function openSample(from: EventTarget, name: string): Promise<void> {
  const r = await fetch(`samples/${encodeURIComponent(name)}`);
  if (!r.ok) throw new Error(`sample ${name}: HTTP ${r.status}`);
  fire(from, 'scap-open', { blob: await r.blob(), name, remember: false });
}

export class ScapOpenPanel extends LitElement {
  static properties = { _samples: { state: true }, _recents: { state: true }, _error: { state: true } };

  declare _samples: SampleInfo[];
  declare _recents: RecentCapture[];
  declare _error: string;

  constructor() {
    super();
    this._samples = [];
    this._recents = [];
    this._error = '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    [this._samples, this._recents] = await Promise.all([fetchSamples(), listRecents()]);
  }

  private pick() {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  private onPicked(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) fire(this, 'scap-open', { blob: file, name: file.name, remember: true });
    input.value = '';
  }

  private async onSample(name: string) {
    try { await openSample(this, name); } catch (e) { this._error = String((e as Error).message ?? e); }
  }

  private async onForget(id: string) {
    await forgetCapture(id);
    this._recents = await listRecents();
  }

  render() {
    return html`<div class="panel">
      <h1>Scapula</h1>
      <p class="lead">Open a system-call capture (<code>.scap</code>, <code>.scap.gz</code>) recorded by sysdig, Falco or Scapula,
        or a Kubernetes audit log or AWS CloudTrail file (<code>.json</code>, <code>.jsonl</code>, gzipped or not).
        It is read here, in your browser: nothing is uploaded.</p>
      <div class="drop" id="drop-target">
        <div>Drop a capture or a log anywhere on this page</div>
        <div>or</div>
        <button class="primary" id="open-file" @click=${this.pick}>Open a file…</button>
        <input type="file" accept=${OPEN_ACCEPT} hidden @change=${this.onPicked}>
      </div>
      ${this._error ? html`<p class="error">${this._error}</p>` : nothing}
      <div class="lists">
        <section>
          <h2>Open sample</h2>
          <ul class="samples">${this._samples.length === 0 ? html`<li class="dim">No samples bundled.</li>` : nothing}
            ${this._samples.map((s) => html`<li><button class="link" data-sample=${s.name} @click=${() => this.onSample(s.name)}>${s.name}</button>
              <span class="dim">${humanBytes(s.size)}</span></li>`)}
          </ul>
        </section>
        <section>
          <h2>Recent captures</h2>
          <ul class="recents">${this._recents.length === 0 ? html`<li class="dim">Captures you open are kept here (in this browser only).</li>` : nothing}
            ${this._recents.map((r) => html`<li>
              <button class="link" @click=${() => fire(this, 'scap-open', { blob: r.blob, name: r.name, remember: true })}>${r.name}</button>
              <span class="dim">${humanBytes(r.size)} · ${new Date(r.openedAt).toLocaleString()}</span>
              <button class="x" title="Forget this capture" @click=${() => this.onForget(r.id)}>✕</button></li>`)}
          </ul>
        </section>
      </div>
    </div>`;
  }

  static styles = css`
    :host { display: block; overflow: auto; }
    .panel { max-width: 880px; margin: 0 auto; padding: 32px 24px; }
    h1 { margin: 0 0 8px; font-size: 28px; color: var(--scap-accent); }
    h2 { font-size: 15px; margin: 0 0 8px; }
    .lead { color: var(--scap-fg-dim); max-width: 640px; }
    .drop { border: 2px dashed var(--scap-border); border-radius: 10px; padding: 28px; text-align: center; margin: 20px 0;
      display: flex; flex-direction: column; gap: 8px; align-items: center; color: var(--scap-fg-dim); }
    .primary { background: var(--scap-accent); color: var(--scap-accent-fg); border: none; border-radius: 6px; padding: 8px 18px;
      font: 600 14px var(--scap-sans); cursor: pointer; }
    .lists { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { padding: 3px 0; display: flex; gap: 8px; align-items: baseline; }
    .link { all: unset; color: var(--scap-accent); cursor: pointer; font-family: var(--scap-mono); }
    .link:hover, .link:focus { text-decoration: underline; }
    .dim { color: var(--scap-fg-dim); font-size: 12px; }
    .x { all: unset; cursor: pointer; color: var(--scap-fg-dim); padding: 0 4px; }
    .error { color: #c62828; }
    code { font-family: var(--scap-mono); }
  `;
}

customElements.define('scap-open-panel', ScapOpenPanel);
declare global { interface HTMLElementTagNameMap { 'scap-open-panel': ScapOpenPanel } }

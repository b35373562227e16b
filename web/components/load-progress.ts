/**
 * `<scap-load-progress>`: progress of the capture being read — bytes read of the file size and events
 * indexed so far — with a cancel button. Rows already indexed are browsable meanwhile.
 *
 * Fires: scap-cancel-load.
 */
import { LitElement, html, css } from 'lit';
import type { LoadProgress } from '../../engine/api.ts';
import { fire } from '../events.ts';
import { humanBytes } from './open-panel.ts';
import { styleProp } from '../style-prop.ts';

export class ScapLoadProgress extends LitElement {
  static properties = { progress: { attribute: false }, name: { type: String } };

  declare progress: LoadProgress | null;
  declare name: string;

  constructor() {
    super();
    this.progress = null;
    this.name = '';
  }

  render() {
    const p = this.progress;
    const frac = p && p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
    return html`<div class="box" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(frac * 100)}>
      <span class="name">Reading ${this.name}</span>
      <div class="track"><div class="fill" ${styleProp('width', `${(frac * 100).toFixed(1)}%`)}></div></div>
      <span class="nums">${p ? `${humanBytes(p.bytesRead)}${p.bytesTotal ? ` of ${humanBytes(p.bytesTotal)}` : ''} · ${p.events.toLocaleString('en-US')} events` : 'starting…'}</span>
      <button @click=${() => fire(this, 'scap-cancel-load', {})}>Cancel</button>
    </div>`;
  }

  static styles = css`
    :host { display: block; background: var(--scap-bg-panel); border-bottom: 1px solid var(--scap-border); }
    .box { display: flex; align-items: center; gap: 12px; padding: 4px 8px; font: 12px var(--scap-sans); }
    .name { font-weight: 600; max-width: 300px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .track { flex: 1; height: 8px; background: var(--scap-bg); border: 1px solid var(--scap-border); border-radius: 4px; overflow: hidden; }
    .fill { height: 100%; background: var(--scap-accent); width: 0; transition: width 0.2s; }
    .nums { font-variant-numeric: tabular-nums; white-space: nowrap; }
  `;
}

customElements.define('scap-load-progress', ScapLoadProgress);
declare global { interface HTMLElementTagNameMap { 'scap-load-progress': ScapLoadProgress } }

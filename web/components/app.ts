/**
 * `<scap-app>`: the application shell. Lays out the panes (filter bar, event list, detail tree, hex view,
 * status bar), routes the components' events to its controllers (web/components/app/: the open capture,
 * the view, the selection, the layout, coloring and rules, dialogs, global input), which hold the
 * session state and talk to the engine worker.
 */
import { LitElement, html, nothing } from 'lit';
import { engine, engineReady } from '../engine-client.ts';
import { styleProp } from '../style-prop.ts';
import { CaptureController } from './app/capture.ts';
import { ViewController } from './app/view.ts';
import { SelectionController } from './app/selection.ts';
import { LayoutController } from './app/layout.ts';
import { RulesController } from './app/rules.ts';
import { DialogsController } from './app/dialogs.ts';
import { InputController } from './app/input.ts';
import { renderToolbar } from './app/toolbar.ts';
import { appStyles } from './app/styles.ts';
import type { AppHost } from './app/host.ts';
import './open-panel.ts';
import './filter-bar.ts';
import './event-list.ts';
import './detail-tree.ts';
import './hex-view.ts';
import './json/json-view.ts';
import './status-bar.ts';
import './load-progress.ts';
import './properties-dialog.ts';
import './find-bar.ts';
import './goto-bar.ts';
import './coloring-dialog.ts';
import './process-tree.ts';
import './stats-dialog.ts';
import './stream-view.ts';
import './timeline.ts';
import './alerts/alerts-panel.ts';
import './rule-dialog.ts';
import './conversations-dialog.ts';
import './io-graph.ts';
import './sql-console.ts';

export class ScapApp extends LitElement implements AppHost {
  static properties = {
    message: { state: true },
    updateReady: { state: true },
  };

  declare message: string;
  declare updateReady: boolean;
  readonly capture = new CaptureController(this);
  readonly view = new ViewController(this);
  readonly selection = new SelectionController(this);
  readonly layout = new LayoutController(this);
  readonly rules = new RulesController(this);
  readonly dialogs = new DialogsController(this);
  readonly input = new InputController(this);

  constructor() {
    super();
    this.message = '';
    this.updateReady = false;
  }

  connectedCallback(): void {
    super.connectedCallback();
    const { capture, view, selection, layout, rules, dialogs } = this;
    window.addEventListener('scap-update-ready', () => { this.updateReady = true; });
    this.addEventListener('scap-open', (e) => void capture.openCapture(e.detail.blob, e.detail.name, e.detail.remember));
    this.addEventListener('scap-cancel-load', () => capture.cancelLoad());
    this.addEventListener('scap-apply-filter', (e) => void view.applyFilter(e.detail.expr));
    this.addEventListener('scap-filter', (e) => view.filterFromField(e.detail.expr, e.detail.mode, e.detail.apply));
    this.addEventListener('scap-sort', (e) => void view.sortBy(e.detail.key, e.detail.descending));
    this.addEventListener('scap-select-event', (e) => void selection.selectEvent(e.detail.index, e.detail.position));
    this.addEventListener('scap-select-field', (e) => { selection.selKey = e.detail.key; });
    this.addEventListener('scap-goto-index', (e) => void selection.gotoIndex(e.detail.index));
    this.addEventListener('scap-find', (e) => void selection.find(e.detail.query, e.detail.backwards));
    this.addEventListener('scap-goto-num', (e) => void selection.gotoNum(e.detail.num));
    this.addEventListener('scap-add-column', (e) => layout.addColumn(e.detail.field));
    this.addEventListener('scap-columns', (e) => layout.setColumns(e.detail.columns));
    this.addEventListener('scap-time-format', (e) => layout.setTimeFormat(e.detail.format));
    this.addEventListener('scap-coloring', (e) => void rules.setRules(e.detail.rules));
    this.addEventListener('scap-show-rule', () => rules.showRuleDialog());
    this.addEventListener('scap-try-rule', (e) => rules.tryRule(e.detail.name, e.detail.text));
    this.addEventListener('scap-show-properties', () => void dialogs.showProperties());
    this.addEventListener('scap-follow', (e) => void dialogs.follow(e.detail.index));
    engineReady.catch((e) => { this.message = `The engine failed to start: ${e?.message ?? e}`; });
  }

  q<T extends Element>(sel: string): T | null {
    return this.renderRoot?.querySelector<T>(sel) ?? null;
  }

  private renderKeptFilter() {
    const { view } = this;
    const total = this.capture.summary?.visibleEvents ?? 0;
    return html`<div class="kept-filter" id="kept-filter" role="status">
      The filter <code>${view.keptFilter}</code> from before this file was opened is applied:
      <b>${view.viewSize.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}</b> events displayed.
      <button id="kept-clear" @click=${() => void view.applyFilter('')}>Clear filter</button>
      <button id="kept-keep" @click=${() => { view.keptFilter = ''; }}>Keep it</button>
    </div>`;
  }

  private renderLoadProblem() {
    const p = this.capture.loadProblem()!;
    return html`<div class="problem ${p.error ? 'error' : ''}" id="load-problem" role=${p.error ? 'alert' : 'status'}>
      <h2>${p.title}</h2>
      ${p.details.map((d) => html`<p class="detail">${d}</p>`)}
      ${p.error ? html`<p>Scapula reads <code>.scap</code> captures (sysdig, Falco, Scapula; gzipped or not) and Kubernetes audit
        or CloudTrail logs (<code>.json</code>, <code>.jsonl</code>).</p>` : nothing}
      <button id="problem-open" @click=${this.capture.pickFile}>Open another file…</button>
    </div>`;
  }

  private renderWorkspace() {
    const { capture, view, selection: sel, layout, rules } = this;
    return html`
      <scap-filter-bar .applied=${view.filter}></scap-filter-bar>
      ${sel.findOpen ? html`<scap-find-bar .message=${sel.findMsg} @close=${() => { sel.findOpen = false; engine.cancelFind(); }}></scap-find-bar>` : nothing}
      ${sel.gotoOpen ? html`<scap-goto-bar .message=${sel.gotoMsg} @close=${() => { sel.gotoOpen = false; }}></scap-goto-bar>` : nothing}
      ${view.keptFilter && !capture.loading ? this.renderKeptFilter() : nothing}
      ${capture.loading ? html`<scap-load-progress .progress=${capture.progress} .name=${capture.fileName}></scap-load-progress>` : nothing}
      <scap-timeline .viewVersion=${view.viewVersion} .rowCount=${view.viewSize}
        @timeline-select=${(e: CustomEvent<{ position: number }>) => void sel.selectPosition(e.detail.position)}></scap-timeline>
      ${capture.loadProblem() ? this.renderLoadProblem() : html`<div class="main" ${styleProp('--split', `${layout.split}%`)}>
        <scap-event-list .rowCount=${view.viewSize} .viewVersion=${view.viewVersion} .columns=${layout.columns}
          .timeFormat=${layout.timeFormat} .firstTs=${capture.summary?.firstTs ?? null} .selectedPosition=${sel.selPos}
          .selectedIndex=${sel.selIndex} .ruleColors=${rules.ruleColors()}
          .sortKey=${view.sortKey} .sortDesc=${view.sortDesc}></scap-event-list>
        <div class="splitter" @pointerdown=${layout.startSplit} role="separator" aria-orientation="horizontal"></div>
        <div class="bottom">
          <scap-detail-tree .detail=${sel.detail} .selectedKey=${sel.selKey}></scap-detail-tree>
          <div class="bytes">
            <scap-hex-view .detail=${sel.detail} .selectedKey=${sel.selKey}></scap-hex-view>
            ${sel.detail?.payload ? html`<scap-json-view .detail=${sel.detail} .selectedKey=${sel.selKey}></scap-json-view>` : nothing}
          </div>
        </div>
      </div>`}
      <scap-alerts-panel hidden .captureVersion=${capture.openSeq}></scap-alerts-panel>`;
  }

  render() {
    const { capture, view, selection: sel, rules } = this;
    return html`<div class="app">
      ${renderToolbar(this, this.updateReady)}
      ${capture.open ? this.renderWorkspace() : html`<scap-open-panel class="start"></scap-open-panel>`}
      <scap-status-bar .fileName=${capture.fileName} .summary=${capture.summary} .displayed=${view.viewSize}
        .selectedNum=${sel.selNum} .filterMs=${view.filterMs} .filter=${view.filter} .message=${this.message}></scap-status-bar>
      <scap-properties-dialog .summary=${capture.summary} .fileName=${capture.fileName} .fileSize=${capture.fileSize}></scap-properties-dialog>
      <scap-coloring-dialog .rules=${rules.rules} .errors=${rules.ruleErrors}></scap-coloring-dialog>
      <scap-process-tree></scap-process-tree>
      <scap-stats-dialog></scap-stats-dialog>
      <scap-stream-view></scap-stream-view>
      <scap-rule-dialog></scap-rule-dialog>
      <scap-conversations-dialog></scap-conversations-dialog>
      <scap-io-graph></scap-io-graph>
      <scap-sql-console .viewVersion=${view.viewVersion}></scap-sql-console>
      ${this.input.dragging ? html`<div class="dropzone">Drop the capture to open it</div>` : nothing}
    </div>`;
  }

  static styles = appStyles;
}

customElements.define('scap-app', ScapApp);
declare global { interface HTMLElementTagNameMap { 'scap-app': ScapApp } }

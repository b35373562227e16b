// The shell's toolbar: open (file, samples), navigation (find, go to, same thread, enter/exit), the
// Export and Analyze menus, the dialogs, coloring, alerts, close, and the "update ready" button.
import { html, nothing, type TemplateResult } from 'lit';
import { applyUpdate } from '../../pwa.ts';
import { OPEN_ACCEPT } from '../../open-types.ts';
import type { ScapColoringDialog } from '../coloring-dialog.ts';
import type { AppHost } from './host.ts';

export function renderToolbar(app: AppHost, updateReady: boolean): TemplateResult {
  const { capture, selection: sel, dialogs, rules } = app;
  const detail = sel.detail;
  return html`<nav class="toolbar">
      <span class="brand">Scapula</span>
      <button id="tb-open" @click=${capture.pickFile} title="Open a capture or an audit/CloudTrail log (Ctrl-O)">Open…</button>
      <span class="dropdown">
        <button id="tb-samples" @click=${() => { capture.samplesMenu = !capture.samplesMenu; }}>Open sample ▾</button>
        ${capture.samplesMenu ? html`<div class="menu">${capture.samples.map((s) => html`<button data-sample=${s.name}
            @click=${() => capture.openSampleFromMenu(s.name)}>${s.name}</button>`)}</div>` : nothing}
      </span>
      ${capture.open ? html`
        <span class="sep"></span>
        <button @click=${() => sel.showFind(true)} title="Find (Ctrl-F)">Find</button>
        <button @click=${() => sel.showGoto(true)} title="Go to event (Ctrl-G)">Go to</button>
        <button ?disabled=${sel.selPos < 0} @click=${() => sel.sameThread(true)} title="Previous event of this thread (Alt-Up)">◂ Thread</button>
        <button ?disabled=${sel.selPos < 0} @click=${() => sel.sameThread(false)} title="Next event of this thread (Alt-Down)">Thread ▸</button>
        <button ?disabled=${detail?.partner === null || !detail} @click=${sel.partner} title="Jump between enter and exit (Alt-Right)">Enter ⇄ Exit</button>
        <span class="sep"></span>
        <span class="dropdown">
          <button id="tb-export" @click=${() => { dialogs.exportMenu = !dialogs.exportMenu; }} title="Save the displayed events">Export ▾</button>
          ${dialogs.exportMenu ? html`<div class="menu">
            <button data-export="text" @click=${() => dialogs.exportView(false)}>Displayed events as text (scapula read)</button>
            <button data-export="json" @click=${() => dialogs.exportView(true)}>Displayed events as JSON lines (scapula read -j)</button>
            <button data-export="scap" @click=${() => dialogs.exportScap()}>Displayed events as .scap, with their state (scapula write -F)</button>
            <button data-export="csv" @click=${() => dialogs.exportColumns('csv')}>Columns shown, as CSV</button>
            <button data-export="columns-json" @click=${() => dialogs.exportColumns('json')}>Columns shown, as JSON lines</button></div>` : nothing}
        </span>
        <button @click=${dialogs.showProcesses} title="Process tree of the displayed events">Processes…</button>
        <span class="dropdown">
          <button id="tb-analyze" @click=${() => { dialogs.analyzeMenu = !dialogs.analyzeMenu; }} title="Views over the displayed events">Analyze ▾</button>
          ${dialogs.analyzeMenu ? html`<div class="menu">
            <button id="tb-io" @click=${() => dialogs.showIoGraph()}
              title="Events or I/O bytes over time, several series with their own filters; drag to zoom or filter">I/O graph…</button>
            <button id="tb-conv" @click=${() => void dialogs.showConversations()}
              title="Processes, threads, containers, file descriptors, server address:port; container I/O tree">Conversations and container I/O…</button>
            <button id="tb-sql" @click=${() => dialogs.showSqlConsole()}
              title="DuckDB SQL over the displayed events (the columns of scapula export); results select events or become the filter">SQL console…</button></div>` : nothing}
        </span>
        <button id="tb-stats" @click=${dialogs.showStats} title="Statistics of the displayed events: processes, syscalls, latency, errors, files, connections, ports">Statistics…</button>
        <button id="tb-follow" ?disabled=${!detail?.sections.some((x) => x.title === 'File descriptor')}
          @click=${() => dialogs.follow(sel.detail?.index ?? -1)} title="Data read and written through the selected event's file descriptor">Follow stream</button>
        <button @click=${() => app.q<ScapColoringDialog>('scap-coloring-dialog')?.show()}>Coloring…</button>
        <button id="tb-alerts" @click=${() => rules.toggleAlerts()} title="Falco rules: alerts and Explain">Alerts</button>
        <button @click=${() => capture.close()} title="Close the capture">Close</button>` : nothing}
      ${updateReady ? html`<button class="update" @click=${applyUpdate} title="A new version of Scapula is ready; reloading closes the open capture">Update ready — reload</button>` : nothing}
      <input class="picker" type="file" accept=${OPEN_ACCEPT} hidden @change=${capture.onPicked}>
    </nav>`;
}

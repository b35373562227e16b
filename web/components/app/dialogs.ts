// The toolbar's Export and Analyze menus and the dialogs over the displayed events: exports (text, JSON
// lines, .scap, columns; local downloads, nothing leaves the machine), properties, processes, statistics,
// conversations, follow stream, I/O graph and the SQL console. Each dialog computes in the worker.
import { engine } from '../../engine-client.ts';
import { exportField } from '../../columns.ts';
import type { ScapPropertiesDialog } from '../properties-dialog.ts';
import type { ScapProcessTree } from '../process-tree.ts';
import type { ScapStatsDialog } from '../stats-dialog.ts';
import type { ScapStreamView } from '../stream-view.ts';
import type { ScapConversationsDialog } from '../conversations-dialog.ts';
import type { ScapIoGraph } from '../io-graph.ts';
import type { ScapSqlConsole } from '../sql-console.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

/** Starts a local download of `blob` as `name`. */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export class DialogsController extends AppController {
  declare exportMenu: boolean;
  declare analyzeMenu: boolean;

  constructor(app: AppHost) {
    super(app);
    this.exportMenu = false;
    this.analyzeMenu = false;
  }

  /** The download name's stem: the capture's name without .scap/.gz, marked when a filter is applied. */
  private stem(): string {
    return `${this.app.capture.fileName.replace(/(\.scap)?(\.gz)?$/, '')}${this.app.view.filter ? '-filtered' : ''}`;
  }

  /** Runs one export: closes the menu, shows progress, then the result or the error in the status bar. */
  private async exporting(run: () => Promise<string>): Promise<void> {
    this.exportMenu = false;
    this.app.message = 'Exporting…';
    try {
      this.app.message = await run();
    } catch (e) {
      this.app.message = `Export failed: ${(e as Error)?.message ?? e}`;
    }
  }

  /** Saves the displayed events (file order) as sysdig-style text or JSON lines. */
  exportView(json: boolean): Promise<void> {
    return this.exporting(async () => {
      download(await engine.exportView(json), `${this.stem()}.${json ? 'json' : 'txt'}`);
      return `Exported ${this.app.view.viewSize.toLocaleString('en-US')} events`;
    });
  }

  /** Saves the visible columns of the displayed events (in the list's order) as CSV or JSON lines. */
  exportColumns(kind: 'csv' | 'json'): Promise<void> {
    return this.exporting(async () => {
      const columns = this.app.layout.columns.filter((c) => c.visible && c.id !== 'field:rule')
        .map((c) => ({ title: c.title, field: exportField(c) })).filter((c): c is { title: string; field: string } => !!c.field);
      download(await engine.exportColumns(kind, columns), `${this.stem()}-columns.${kind === 'csv' ? 'csv' : 'jsonl'}`);
      return `Exported ${columns.length} columns of ${this.app.view.viewSize.toLocaleString('en-US')} events`;
    });
  }

  /** Saves the displayed events as a capture sysdig reads, keeping the state they need. */
  exportScap(): Promise<void> {
    return this.exporting(async () => {
      const r = await engine.exportScap();
      download(r.blob, `${this.stem()}.scap`);
      return `Exported ${r.events.toLocaleString('en-US')} events (+ ${r.stateOnly.toLocaleString('en-US')} state-only) as .scap`;
    });
  }

  async showProperties(): Promise<void> {
    const dlg = this.app.q<ScapPropertiesDialog>('scap-properties-dialog');
    if (!dlg) return;
    dlg.memory = await engine.memory().catch(() => null);
    dlg.show();
  }

  /** Follow stream: the data through the selected event's file descriptor. */
  async follow(index: number): Promise<void> {
    const dlg = this.app.q<ScapStreamView>('scap-stream-view');
    if (!dlg || index < 0) return;
    this.app.message = 'Following the stream…';
    dlg.stream = await engine.followStream(index).catch((e) => ({ fdName: '', pid: 0, filter: '', chunks: [], truncated: false, error: String(e?.message ?? e) }));
    this.app.message = '';
    await dlg.updateComplete;
    dlg.show();
  }

  showStats = async (): Promise<void> => {
    const dlg = this.app.q<ScapStatsDialog>('scap-stats-dialog');
    if (!dlg) return;
    dlg.stats = null;
    dlg.error = '';
    dlg.show();
    // Computed in the worker over the current view, in one pass.
    try { dlg.stats = await engine.viewStats(); } catch (e) { dlg.error = String((e as Error)?.message ?? e); }
  };

  async showConversations(): Promise<void> {
    this.analyzeMenu = false;
    const dlg = this.app.q<ScapConversationsDialog>('scap-conversations-dialog');
    if (!dlg) return;
    dlg.data = null;
    dlg.error = '';
    dlg.show();
    try { dlg.data = await engine.viewConversations(); } catch (e) { dlg.error = String((e as Error)?.message ?? e); }
  }

  showProcesses = async (): Promise<void> => {
    const dlg = this.app.q<ScapProcessTree>('scap-process-tree');
    if (!dlg) return;
    this.app.message = 'Collecting processes…';
    dlg.processes = await engine.processes().catch((e) => { this.app.message = String(e?.message ?? e); return []; });
    this.app.message = '';
    await dlg.updateComplete;
    dlg.show();
  };

  showIoGraph(): void {
    this.analyzeMenu = false;
    void this.app.q<ScapIoGraph>('scap-io-graph')?.show();
  }

  showSqlConsole(): void {
    this.analyzeMenu = false;
    this.app.q<ScapSqlConsole>('scap-sql-console')?.show();
  }
}

reactive(DialogsController, ['exportMenu', 'analyzeMenu']);

// The open capture: opening one (streamed into the worker, rows shown while it is indexed), cancelling,
// closing, the file picker and the samples menu, and why a loaded file shows no events.
import type { CaptureSummary, LoadProgress } from '../../../engine/api.ts';
import { engine, engineReady, proxy } from '../../engine-client.ts';
import { rememberCapture } from '../../store.ts';
import { fetchSamples, openSample, type SampleInfo } from '../open-panel.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

export interface LoadProblem { title: string; details: string[]; error: boolean }

export class CaptureController extends AppController {
  declare open: boolean;
  declare fileName: string;
  declare fileSize: number;
  declare summary: CaptureSummary | null;
  declare loading: boolean;
  declare progress: LoadProgress | null;
  declare samples: SampleInfo[];
  declare samplesMenu: boolean;
  /** Why the last open failed outright (set before the message, which triggers the render). */
  private openError = '';
  /** Counts opens and closes: a late answer for an older open is dropped; the alerts panel resets on it. */
  openSeq = 0;

  constructor(app: AppHost) {
    super(app);
    this.open = false;
    this.fileName = '';
    this.fileSize = 0;
    this.summary = null;
    this.loading = false;
    this.progress = null;
    this.samples = [];
    this.samplesMenu = false;
  }

  hostConnected(): void {
    void fetchSamples().then((s) => { this.samples = s; });
  }

  /** Opens a capture: streams it into the worker, shows rows as they are indexed. */
  async openCapture(blob: Blob, name: string, remember: boolean): Promise<void> {
    const { app } = this;
    const { view } = app;
    const seq = ++this.openSeq;
    if (this.loading) engine.cancel();
    this.open = true;
    this.loading = true;
    this.progress = { bytesRead: 0, bytesTotal: blob.size, events: 0, done: false };
    this.fileName = name;
    this.fileSize = blob.size;
    this.summary = null;
    app.selection.clear();
    view.viewSize = 0;
    view.viewVersion++;
    view.sortKey = null;
    app.message = '';
    view.keptFilter = '';
    this.openError = '';
    try {
      await engineReady;
      // The applied filter stays; the worker re-applies it when the new capture is indexed. Not awaited:
      // the worker takes messages in order, and the page is busy drawing the workspace meanwhile.
      void engine.sortView(null, false);
      const onProgress = proxy((p: LoadProgress) => {
        if (seq !== this.openSeq) return;
        this.progress = p;
        // Rows already shown stay; the list only grows (no new view version while loading).
        if (p.shown !== undefined) { if (this.loading) view.viewSize = p.shown; }
        else void engine.viewSize().then((n) => { if (seq === this.openSeq && this.loading) view.viewSize = n; });
      });
      const summary = await engine.open(blob, name, onProgress);
      if (seq !== this.openSeq) return;
      this.summary = summary;
      app.rules.ruleErrors = await engine.setColoring(app.rules.enabledRuleFilters());
      view.viewSize = await engine.viewSize();
      view.viewVersion++;
      if (summary.error) app.message = `Could not read ${name}: ${summary.error.message} (byte 0x${summary.error.offset.toString(16)})`;
      // The filter stays (as in Wireshark), but the user is told, with a way out.
      else if (view.filter) view.keptFilter = view.filter;
      if (remember && !summary.error) void rememberCapture(blob, name);
      document.title = `${name} — Scapula`;
    } catch (e) {
      if (seq !== this.openSeq) return;
      const err = e as Error;
      this.openError = err?.name === 'AbortError' ? '' : String(err?.message ?? e);
      app.message = err?.name === 'AbortError' ? `Loading ${name} was cancelled.` : `Could not open ${name}: ${err?.message ?? e}`;
      this.summary = await engine.summary().catch(() => null);
      view.viewSize = this.summary ? await engine.viewSize().catch(() => 0) : 0;
      view.viewVersion++;
    } finally {
      if (seq === this.openSeq) { this.loading = false; this.progress = null; }
    }
  }

  close(): void {
    if (this.loading) engine.cancel();
    this.openSeq++;
    this.open = false;
    this.summary = null;
    this.app.selection.detail = null;
    this.app.view.viewSize = 0;
    this.loading = false;
    document.title = 'Scapula';
  }

  cancelLoad(): void {
    engine.cancel();
  }

  pickFile = (): void => {
    this.app.q<HTMLInputElement>('input.picker')?.click();
  };

  onPicked = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.openCapture(file, file.name, true);
    input.value = '';
  };

  openSampleFromMenu(name: string): void {
    this.samplesMenu = false;
    void openSample(this.app, name).catch((e) => { this.app.message = String(e?.message ?? e); });
  }

  /** Why a loaded file shows no events at all (unreadable, empty, or a capture without shown events), or null. */
  loadProblem(): LoadProblem | null {
    if (this.loading || this.app.view.viewSize > 0) return null;
    const s = this.summary;
    const name = this.fileName;
    if (!s) return this.openError ? { title: `${name} could not be read`, details: [this.openError], error: true } : null;
    if (s.visibleEvents > 0) return null;
    const at = (d: { offset: number }) => `at byte ${d.offset} (0x${d.offset.toString(16)})`;
    if (s.error) return { title: `${name} could not be read`, details: [`${s.error.message} (${at(s.error)})`], error: true };
    if (s.diagnostics.length) {
      return { title: `Nothing could be read from ${name}`, details: s.diagnostics.map((d) => `${d.severity} ${at(d)}: ${d.message}`), error: true };
    }
    if (this.fileSize === 0) return { title: `${name} is empty (0 bytes)`, details: [], error: true };
    return {
      title: `${name} holds no events to show`,
      details: [`${s.totalEvents.toLocaleString('en-US')} events are stored, all of them hidden ones (internal, state-only, process lists).`],
      error: false,
    };
  }
}

reactive(CaptureController, ['open', 'fileName', 'fileSize', 'summary', 'loading', 'progress', 'samples', 'samplesMenu']);

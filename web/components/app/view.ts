// The displayed view of the capture: the applied filter (and one kept from before the file was opened),
// its size and version (a new version makes the list re-fetch its rows), and the sort order.
import type { SortKey } from '../../../engine/api.ts';
import { engine } from '../../engine-client.ts';
import { combine } from '../../filter-text.ts';
import type { PrepareMode } from '../../events.ts';
import type { ScapFilterBar } from '../filter-bar.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

export class ViewController extends AppController {
  declare viewSize: number;
  declare viewVersion: number;
  declare filter: string;
  declare filterMs: number | null;
  /** A filter applied before this file was opened and still applied to it (shown until changed or dismissed). */
  declare keptFilter: string;
  declare sortKey: string | null;
  declare sortDesc: boolean;
  /** A setFilter is running in the worker (Esc cancels it). */
  filterRunning = false;

  constructor(app: AppHost) {
    super(app);
    this.viewSize = 0;
    this.viewVersion = 0;
    this.filter = '';
    this.filterMs = null;
    this.keptFilter = '';
    this.sortKey = null;
    this.sortDesc = false;
  }

  async applyFilter(expr: string): Promise<void> {
    const { app } = this;
    this.filterRunning = true;
    const slow = setTimeout(() => { if (this.filterRunning) app.message = 'Filtering… (Esc cancels)'; }, 300);
    const r = await engine.setFilter(expr).finally(() => { this.filterRunning = false; clearTimeout(slow); });
    const bar = app.q<ScapFilterBar>('scap-filter-bar');
    if (r.cancelled) {
      app.message = 'Filter cancelled: the view is unchanged.';
      bar?.revalidate();
      return;
    }
    // the bar shows this compile's outcome (the filter is compiled once per apply)
    bar?.showApplied(expr, r.ok ? null : r.error);
    if (!r.ok) {
      app.message = r.error ? `Filter error at column ${r.error.pos + 1}: ${r.error.message}` : 'Filter error';
      return;
    }
    this.filter = expr;
    this.keptFilter = '';
    this.filterMs = expr ? r.ms : null;
    this.viewSize = r.count;
    this.viewVersion++;
    app.message = '';
    await app.selection.relocate();
  }

  /** Esc while a filter runs: the worker stops it and the view stays as it was. */
  cancelFilter(): void {
    engine.cancelFilter();
  }

  /** A field's "apply/prepare as filter": combined with the filter bar's text (or the applied filter). */
  filterFromField(check: string, mode: PrepareMode, apply: boolean): void {
    const bar = this.app.q<ScapFilterBar>('scap-filter-bar');
    const base = mode === 'replace' ? '' : (bar?.value || this.filter);
    const expr = combine(base, check, mode);
    bar?.setExpression(expr, apply);
  }

  async sortBy(key: string | null, descending: boolean): Promise<void> {
    const { app } = this;
    this.sortKey = key;
    this.sortDesc = descending;
    app.message = key ? 'Sorting…' : '';
    const t0 = performance.now();
    await engine.sortView(key as SortKey | null, descending);
    await engine.viewSize();
    this.viewVersion++;
    app.message = key ? `Sorted by ${key.replace(/^field:/, '')} (${descending ? 'descending' : 'ascending'}) in ${(performance.now() - t0).toFixed(0)} ms` : '';
    await app.selection.relocate();
  }
}

reactive(ViewController, ['viewSize', 'viewVersion', 'filter', 'filterMs', 'keptFilter', 'sortKey', 'sortDesc']);

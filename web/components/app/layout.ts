// The event list's layout, kept across sessions in IndexedDB: its columns, the time column's format and
// the list/detail split.
import { fieldColumn, restoreColumns, type Column, type TimeFormat } from '../../columns.ts';
import { loadSetting, storeSetting } from '../../store.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

export class LayoutController extends AppController {
  declare columns: Column[];
  declare timeFormat: TimeFormat;
  /** Height of the event list, in % of the main area. */
  declare split: number;

  constructor(app: AppHost) {
    super(app);
    this.columns = restoreColumns(undefined);
    this.timeFormat = 'absolute';
    this.split = 55;
  }

  hostConnected(): void {
    void this.restore();
  }

  private async restore() {
    const [cols, tf, split] = await Promise.all([loadSetting<Column[]>('columns'), loadSetting<TimeFormat>('timeFormat'), loadSetting<number>('split')]);
    this.columns = restoreColumns(cols);
    if (tf === 'absolute' || tf === 'relative' || tf === 'delta') this.timeFormat = tf;
    if (typeof split === 'number' && split >= 15 && split <= 90) this.split = split;
  }

  addColumn(field: string): void {
    if (this.columns.some((c) => c.id === `field:${field}`)) {
      this.setColumns(this.columns.map((c) => (c.id === `field:${field}` ? { ...c, visible: true } : c)));
      return;
    }
    const cols = [...this.columns];
    const info = cols.findIndex((c) => c.id === 'info');
    cols.splice(info < 0 ? cols.length : info, 0, fieldColumn(field));
    this.setColumns(cols);
  }

  setColumns(cols: Column[]): void {
    this.columns = cols;
    void storeSetting('columns', cols);
  }

  setTimeFormat(format: TimeFormat): void {
    this.timeFormat = format;
    void storeSetting('timeFormat', format);
  }

  /** Dragging the splitter between the list and the detail panes. */
  startSplit = (e: PointerEvent): void => {
    e.preventDefault();
    const main = this.app.q<HTMLElement>('.main');
    if (!main) return;
    const box = main.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      this.split = Math.max(15, Math.min(90, ((ev.clientY - box.top) / box.height) * 100));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      void storeSetting('split', this.split);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
}

reactive(LayoutController, ['columns', 'timeFormat', 'split']);

// The selected event (file index, view position, number, its detail and selected field) and the ways to
// move it: select a row, go to an index or a number, find, the same thread's previous/next event, the
// enter/exit partner; plus the find and go-to bars' state.
import type { EventDetail, FindQuery } from '../../../engine/api.ts';
import { engine } from '../../engine-client.ts';
import type { ScapEventList } from '../event-list.ts';
import type { ScapFindBar } from '../find-bar.ts';
import type { ScapGotoBar } from '../goto-bar.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

export class SelectionController extends AppController {
  declare selIndex: number;
  declare selPos: number;
  declare selNum: number;
  declare detail: EventDetail | null;
  declare selKey: string | null;
  declare findOpen: boolean;
  declare gotoOpen: boolean;
  declare findMsg: string;
  declare gotoMsg: string;
  private detailSeq = 0;

  constructor(app: AppHost) {
    super(app);
    this.selIndex = -1;
    this.selPos = -1;
    this.selNum = -1;
    this.detail = null;
    this.selKey = null;
    this.findOpen = false;
    this.gotoOpen = false;
    this.findMsg = '';
    this.gotoMsg = '';
  }

  clear(): void {
    this.detail = null;
    this.selIndex = this.selPos = this.selNum = -1;
    this.selKey = null;
  }

  private list(): ScapEventList | null {
    return this.app.q<ScapEventList>('scap-event-list');
  }

  async selectEvent(index: number, position: number): Promise<void> {
    this.selIndex = index;
    this.selPos = position;
    this.selNum = this.list()?.rowAt(position)?.num ?? index + 1;
    const seq = ++this.detailSeq;
    try {
      const d = await engine.detail(index);
      if (seq !== this.detailSeq) return;
      this.detail = d;
      this.selKey = null;
    } catch (e) {
      if (seq === this.detailSeq) this.app.message = `Event ${index + 1}: ${(e as Error)?.message ?? e}`;
    }
  }

  async selectPosition(pos: number): Promise<void> {
    await this.list()?.selectPosition(pos);
  }

  /** After the view changed (filter, sort): the selected event's new position, scrolled into view. */
  async relocate(): Promise<void> {
    if (this.selIndex < 0) return;
    const pos = await engine.viewPosition(this.selIndex);
    this.selPos = pos;
    await this.app.updateComplete;
    if (pos >= 0) this.list()?.reveal(pos);
  }

  async gotoIndex(index: number): Promise<void> {
    const pos = await engine.viewPosition(index);
    if (pos < 0) { this.app.message = `Event #${index + 1} is not displayed (hidden or filtered out).`; return; }
    await this.selectPosition(pos);
  }

  async gotoNum(num: number): Promise<void> {
    const pos = await engine.positionOfNum(num);
    if (pos < 0) { this.gotoMsg = `no displayed event at or after ${num}`; return; }
    this.gotoMsg = '';
    await this.selectPosition(pos);
    this.gotoOpen = false;
    if (this.selNum !== num) this.app.message = `Event ${num} is not displayed; went to ${this.selNum}, the next displayed one.`;
  }

  async find(query: FindQuery, backwards: boolean): Promise<void> {
    this.findMsg = 'searching…';
    const r = await engine.find(query, this.selPos, backwards);
    // a newer find (or closing the bar) stopped this one: the newer one shows its own message
    if (r.cancelled) return;
    if (r.error) { this.findMsg = `column ${r.error.pos + 1}: ${r.error.message}`; return; }
    if (r.position < 0) { this.findMsg = 'not found'; return; }
    this.findMsg = '';
    await this.selectPosition(r.position);
  }

  async sameThread(backwards: boolean): Promise<void> {
    if (this.selPos < 0) return;
    const pos = await engine.sameThread(this.selPos, backwards);
    if (pos < 0) { this.app.message = `No ${backwards ? 'earlier' : 'later'} displayed event of this thread.`; return; }
    await this.selectPosition(pos);
  }

  partner = (): void => {
    if (this.detail?.partner !== null && this.detail?.partner !== undefined) void this.gotoIndex(this.detail.partner);
  };

  /** Shows (or toggles) the find bar and focuses its input. */
  showFind(toggle: boolean): void {
    this.findOpen = toggle ? !this.findOpen : true;
    void this.app.updateComplete.then(() => this.app.q<ScapFindBar>('scap-find-bar')?.focusInput());
  }

  /** Shows (or toggles) the go-to bar and focuses its input. */
  showGoto(toggle: boolean): void {
    this.gotoOpen = toggle ? !this.gotoOpen : true;
    void this.app.updateComplete.then(() => this.app.q<ScapGotoBar>('scap-goto-bar')?.focusInput());
  }
}

reactive(SelectionController, ['selIndex', 'selPos', 'selNum', 'detail', 'selKey', 'findOpen', 'gotoOpen', 'findMsg', 'gotoMsg']);

// Format plans the Session runs on chosen events (rows, detail sections, one field), with the engine's
// own formatter (wasm/src/format/) — the code behind `scapula read -p/-j` — so the app shows exactly
// what the CLI prints. Many events go through one formatter batch over a selection bitset (one plan
// install and a formatBatch call per MiB of output), one event through Capture.formatEvent.
import type { Capture } from '../capture.ts';
import { parseFormat, type FormatPlan } from '../format/plan.ts';

/**
 * Ends every line of a batch (before the formatter's newline), so a value holding a newline cannot
 * shift the lines; a value holding the pair itself makes the count disagree and the batch falls back
 * to one event at a time.
 */
const LINE_END = '\x1e';
/** Parsed formats kept (rows with their extra columns, Info, sort keys). */
const MAX_PLANS = 32;

export class PlanRunner {
  private readonly dec = new TextDecoder();
  /** Parsed batch formats (the format with LINE_END appended), by format text. */
  private readonly plans = new Map<string, FormatPlan>();
  constructor(private readonly cap: Capture) {}

  /** The formatted line of event `ev` (hidden events too), without its newline; null when it fails the plan. */
  run(format: string, json: boolean, ev: number): string | null {
    return this.cap.formatEvent(ev, { format, json });
  }

  private batchPlan(format: string): FormatPlan {
    let plan = this.plans.get(format);
    if (!plan) {
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      plan = parseFormat(format + LINE_END);
      this.plans.set(format, plan);
    }
    return plan;
  }

  /**
   * The text line of each event of `events` (any order, no duplicates), as `run` gives it, from one
   * formatter batch over a selection of those events.
   */
  runMany(format: string, events: ArrayLike<number>): (string | null)[] {
    const n = events.length;
    if (n === 0) return [];
    // file order: the events themselves when ascending (a page of an unsorted view), else a permutation
    let ascending = true;
    for (let k = 1; k < n && ascending; k++) ascending = events[k - 1] < events[k];
    const perm = ascending ? null : Uint32Array.from({ length: n }, (_, k) => k).sort((a, b) => events[a] - events[b]);
    const at = (k: number) => events[perm ? perm[k] : k];
    const sel = new Uint8Array((at(n - 1) >> 3) + 1);
    for (let k = 0; k < n; k++) sel[events[k] >> 3] |= 1 << (events[k] & 7);
    let text = '';
    // allEvents: the view decides what is shown
    for (const chunk of this.cap.formatChunks({ plan: this.batchPlan(format), allEvents: true, selection: sel })) {
      text += this.dec.decode(chunk, { stream: true });
    }
    text += this.dec.decode();
    const lines = text.split(LINE_END + '\n');
    const out: (string | null)[] = new Array(n);
    if (lines.length === n + 1 && lines[n] === '') {
      for (let k = 0; k < n; k++) out[perm ? perm[k] : k] = lines[k];
    } else {
      // An event the batch skips (never delivered) or a value holding the line end: one at a time.
      for (let k = 0; k < n; k++) out[k] = this.run(format, false, events[k]);
    }
    return out;
  }
}

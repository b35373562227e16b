// Format plans the Session runs on chosen events (rows, detail sections, one field), with the engine's
// own formatter (wasm/src/format/) — the code behind `scapula read -p/-j` — so the app shows exactly
// what the CLI prints. Many events go through one formatter batch over a selection bitset (one plan
// install and a formatBatch call per MiB of output), one event through Capture.formatEvent.
import type { Capture } from '../capture.ts';

/**
 * Ends every line of a batch (before the formatter's newline), so a value holding a newline cannot
 * shift the lines; a value holding the pair itself makes the count disagree and the batch falls back
 * to one event at a time.
 */
const LINE_END = '\x1e';

export class PlanRunner {
  private readonly dec = new TextDecoder();
  constructor(private readonly cap: Capture) {}

  /** The formatted line of event `ev` (hidden events too), without its newline; null when it fails the plan. */
  run(format: string, json: boolean, ev: number): string | null {
    return this.cap.formatEvent(ev, { format, json });
  }

  /**
   * The text line of each event of `events` (any order, no duplicates), as `run` gives it, from one
   * formatter batch over a selection of those events.
   */
  runMany(format: string, events: ArrayLike<number>): (string | null)[] {
    const n = events.length;
    if (n === 0) return [];
    const order = Uint32Array.from(events).sort();
    const sel = new Uint8Array((order[n - 1] >> 3) + 1);
    for (let k = 0; k < n; k++) sel[order[k] >> 3] |= 1 << (order[k] & 7);
    let text = '';
    // allEvents: the view decides what is shown
    for (const chunk of this.cap.formatChunks({ format: format + LINE_END, allEvents: true, selection: sel })) {
      text += this.dec.decode(chunk, { stream: true });
    }
    text += this.dec.decode();
    const lines = text.split(LINE_END + '\n');
    const byEvent = new Map<number, string | null>();
    if (lines.length === n + 1 && lines[n] === '') {
      for (let k = 0; k < n; k++) byEvent.set(order[k], lines[k]);
    } else {
      // An event the batch skips (never delivered) or a value holding the line end: one at a time.
      for (let k = 0; k < n; k++) byEvent.set(order[k], this.run(format, false, order[k]));
    }
    const out: (string | null)[] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = byEvent.get(events[k])!;
    return out;
  }
}

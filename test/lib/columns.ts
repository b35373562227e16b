// The values the formatter prints, one column per field spec (`fd.name`, `proc.aname[2]`, `evt.arg.fd`)
// over the events a filter can see. This is what the differential suite's reference evaluator and the
// filter generator read: printed text, taken from `formatText` (the same formatter as `scapula read
// -p`), never from the filter engine.
//
// Text is kept as a byte string (latin1: one char per byte), so non-UTF-8 paths survive. A missing
// value prints as `<NA>`; a real `<NA>` (the placeholder thread's proc.name) is told apart with a JSON
// pass, where a missing field is null.
import type { Capture } from '../../engine/capture.ts';

export interface Column {
  spec: string;
  /** Per visible event (position k = k-th visible event), the printed bytes, or null when missing. */
  values: (string | null)[];
  /** Distinct non-missing values (first 4000), for operands. */
  distinct: string[];
  /** The distinct values with bytes outside ASCII (non-UTF-8 names, UTF-8 text): operands worth trying more often. */
  nonAscii: string[];
}

const END = '\x1e';

export class ColumnStore {
  /** Indices of the visible events in file order (the events a filter can see). */
  readonly visible: Uint32Array;
  private cols = new Map<string, Column | null>();
  /** Field names the generator may use on this capture (null = all); big captures get a random subset. */
  allowed: Set<string> | null = null;
  /** The generator's field universe: syscall fields, or the plugin fields of a log (ka./ct./json.). */
  universe: 'syscall' | 'logs' = 'syscall';

  constructor(readonly cap: Capture) {
    const out: number[] = [];
    for (let i = 0; i < cap.eventCount; i++) if (cap.index.visible(i)) out.push(i);
    this.visible = Uint32Array.from(out);
    const nums = this.column('evt.num');
    if (!nums || nums.values.some((v, k) => v !== String(this.visible[k] + 1))) {
      throw new Error('the formatter does not print one line per visible event in file order (evt.num)');
    }
  }

  /** The column of a field spec, or null when the formatter rejects it or its output cannot be split. */
  column(spec: string): Column | null {
    if (this.cols.has(spec)) return this.cols.get(spec)!;
    const col = this.build(spec);
    this.cols.set(spec, col);
    return col;
  }

  private build(spec: string): Column | null {
    let text: string;
    try {
      // One record per visible event, in file order (the order of `visible`), ended by END + newline.
      text = latin1(this.cap, { format: `*%${spec}${END}` });
    } catch {
      return null;
    }
    const recs = text.split(END + '\n');
    if (recs.length !== this.visible.length + 1 || recs[recs.length - 1] !== '') return null;
    recs.pop();
    const values: (string | null)[] = recs;
    let needJson = false;
    for (let k = 0; k < values.length; k++) if (values[k] === '<NA>') { values[k] = null; needJson = true; }
    if (needJson) {
      // `<NA>` is ambiguous in text (the placeholder thread's name, fd.l4proto of a file): in JSON a missing
      // field is null and a real value is the string.
      const lines = this.cap.formatText({ json: true, format: `*%${spec}` }).split('\n');
      if (lines.length !== this.visible.length + 1) return null;
      for (let k = 0; k < this.visible.length; k++) {
        if (values[k] === null && !lines[k].endsWith(':null}')) values[k] = '<NA>';
      }
    }
    const seen = new Set<string>();
    for (const v of values) if (v !== null && seen.size < 4000) seen.add(v);
    const distinct = [...seen];
    return { spec, values, distinct, nonAscii: distinct.filter((v) => /[\x80-\xff]/.test(v)) };
  }
}

function latin1(cap: Capture, opts: { format: string }): string {
  const parts: string[] = [];
  for (const c of cap.formatChunks({ ...opts, verbose: true })) parts.push(Buffer.from(c).toString('latin1'));
  return parts.join('');
}

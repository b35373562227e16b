// Format plans the Session runs on chosen events (rows, detail sections, one field), with the engine's
// own formatter (wasm/src/format/) — the code behind `scapula read -p/-j` — so the app shows exactly
// what the CLI prints. The formatter's plan is global engine state that other users in the same engine
// (rules, exports) replace, so a plan is installed again before each use; each format is parsed and its
// strings copied into engine memory only once.
import { scratchWriter } from '../scratch.ts';
import type { Capture } from '../capture.ts';
import { parseFormat, jsonFieldOrder, type PlanField } from '../format/plan.ts';

interface FormatterExports {
  planReset(flags: number, tzOffsetSeconds: number): void;
  planLiteral(ptr: number, len: number): number;
  planField(field: number, argNum: bigint, argPtr: number, argLen: number, width: number, namePtr: number, nameLen: number): number;
  formatOne(ev: number): number;
  formatBatch(start: number, outBudget: number, maxCount: bigint): number;
  fmtSetSelection(ptr: number, bytes: number): void;
  fmtResetCount(): void;
  outPtr(): number;
  outLength(): number;
  outReset(): void;
  scratchAlloc(n: number): number;
  scratchFree(p: number): void;
}

/** A format compiled once: its tokens with their strings kept in engine scratch memory. */
interface Compiled {
  flags: number;
  tokens: ({ lit: true; p: number; l: number } | { lit: false; id: number; argNum: bigint; ap: number; al: number; width: number; np: number; nl: number })[];
  allocs: number[];
}

/** Formats kept compiled at once (rows, detail sections, info, process). */
const MAX_COMPILED = 32;
/**
 * Ends every line of a batch (before the formatter's newline), so a value holding a newline cannot
 * shift the lines; a value holding the pair itself makes the count disagree and the batch falls back
 * to one event at a time.
 */
const LINE_END = '\x1e';
/** Output bytes per formatBatch call. */
const BATCH_BUDGET = 1 << 20;

export class PlanRunner {
  private compiled = new Map<string, Compiled>();
  private readonly dec = new TextDecoder();
  constructor(private readonly cap: Capture) {}

  private get w(): FormatterExports {
    return this.cap.wasm as unknown as FormatterExports;
  }

  private compile(format: string, json: boolean, batch: boolean): Compiled {
    const key = (json ? 'j:' : batch ? 'b:' : 't:') + format;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const w = this.w;
    if (this.compiled.size >= MAX_COMPILED) {
      const [oldKey, old] = this.compiled.entries().next().value as [string, Compiled];
      for (const p of old.allocs) w.scratchFree(p);
      this.compiled.delete(oldKey);
    }
    const plan = parseFormat(format);
    const allocs: number[] = [];
    const put = scratchWriter(this.cap.engine, allocs);
    const tokens: Compiled['tokens'] = [];
    const lit = (text: string) => { const [p, l] = put(text); tokens.push({ lit: true, p, l }); };
    for (const t of json ? jsonFieldOrder(plan) : plan.tokens) {
      if (t.kind === 'literal') lit(t.text);
      else {
        const f = t as PlanField;
        const [ap, al] = f.argStr ? put(f.argStr) : [0, 0];
        const [np, nl] = put(f.name);
        tokens.push({ lit: false, id: f.field.id, argNum: BigInt(f.argNum), ap, al, width: f.width, np, nl });
      }
    }
    if (batch) lit(LINE_END);
    // 4 = also hidden events: the view decides what is shown.
    const c: Compiled = { flags: (plan.requireAll ? 1 : 0) | (json ? 2 : 0) | 4, tokens, allocs };
    this.compiled.set(key, c);
    return c;
  }

  private install(c: Compiled): void {
    const w = this.w;
    w.planReset(c.flags, -new Date().getTimezoneOffset() * 60);
    for (const t of c.tokens) {
      if (t.lit) w.planLiteral(t.p, t.l);
      else w.planField(t.id, t.argNum, t.ap, t.al, t.width, t.np, t.nl);
    }
  }

  /** The formatted line of event `ev` (without its trailing newline), or null. */
  run(format: string, json: boolean, ev: number): string | null {
    const w = this.w;
    this.install(this.compile(format, json, false));
    w.outReset();
    const ok = w.formatOne(ev);
    const s = ok ? this.dec.decode(this.cap.engine.bytes(w.outPtr(), w.outLength())) : null;
    w.outReset();
    return s === null ? null : s.replace(/\n$/, '');
  }

  /**
   * The text line of each event of `events` (any order, no duplicates), as `run` gives it, formatted in
   * one formatter batch over a selection bitset: one plan install and one formatBatch call per MiB of
   * output instead of a plan install per event.
   */
  runMany(format: string, events: ArrayLike<number>): (string | null)[] {
    const n = events.length;
    if (n === 0) return [];
    const order = Uint32Array.from(events).sort();
    const w = this.w;
    const bytes = (order[n - 1] >> 3) + 1;
    const sel = w.scratchAlloc(bytes);
    let text = '';
    try {
      const bits = this.cap.engine.bytes(sel, bytes);
      bits.fill(0);
      for (let k = 0; k < n; k++) bits[order[k] >> 3] |= 1 << (order[k] & 7);
      this.install(this.compile(format, false, true));
      w.fmtSetSelection(sel, bytes);
      w.fmtResetCount();
      w.outReset();
      const end = order[n - 1] + 1;
      for (let ev = order[0]; ev < end;) {
        ev = w.formatBatch(ev, BATCH_BUDGET, 0n);
        text += this.dec.decode(this.cap.engine.bytes(w.outPtr(), w.outLength()), { stream: true });
        w.outReset();
      }
      text += this.dec.decode();
    } finally {
      w.fmtSetSelection(0, 0);
      w.scratchFree(sel);
    }
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

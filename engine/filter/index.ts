// The filter engine's host entry: text -> AST -> checked tree -> plan (compileFilter), and running a
// plan over a loaded capture inside its WASM engine (runPlan / filterCapture) to get the matching event
// indices in file order. Compiling never touches a capture, so the web app validates as the user
// types; running never re-reads the file, so a new filter on a loaded capture costs one pass over
// the index. Errors always carry a position (FilterError of engine/api.ts).
import type { FilterError } from '../api.ts';
import type { Expr } from './ast.ts';
import { parseFilter, type ParseOptions } from './parser.ts';
import { checkFilterWithWarnings, CheckError, type CheckOptions, type Checked } from './checker.ts';
import { buildPlan, type Plan, type PlanOptions } from './plan.ts';
import { lineCol } from './lexer.ts';
import type { Engine } from '../wasm.ts';
import { FILTER_ERROR_NAMES } from '../generated/boundary.ts';

export type { Expr } from './ast.ts';
export type { Plan } from './plan.ts';

export interface CompileOptions extends ParseOptions, CheckOptions, PlanOptions {}

export interface CompiledFilter {
  expr: string;
  ast: Expr;
  checked: Checked;
  plan: Plan;
  /** Legal but suspicious constructs, positioned like errors (`proc.name = proc.pname`, a regex without metacharacters). */
  warnings: FilterError[];
}

export type CompileResult = { ok: true; plan: CompiledFilter } | { ok: false; error: FilterError };

export function compileFilter(expr: string, opts: CompileOptions = {}): CompileResult {
  const parsed = parseFilter(expr, opts);
  if (!parsed.ok) {
    const e = parsed.error;
    return { ok: false, error: { pos: e.pos, line: e.line, col: e.col, message: e.reason } };
  }
  return compileAst(expr, parsed.ast, opts);
}

/** Compiles an already parsed (and possibly rewritten) tree; `expr` is the text its spans refer to. */
export function compileAst(expr: string, ast: Expr, opts: CheckOptions & PlanOptions = {}): CompileResult {
  try {
    const { checked, warnings } = checkFilterWithWarnings(ast, opts);
    return {
      ok: true,
      plan: { expr, ast, checked, plan: buildPlan(checked, opts), warnings: warnings.map((w) => errorAt(expr, w.span.start, w.message)) },
    };
  } catch (e) {
    if (e instanceof CheckError) return { ok: false, error: errorAt(expr, e.span.start, e.message) };
    throw e;
  }
}

export function errorAt(expr: string, pos: number, message: string): FilterError {
  const { line, col } = lineCol(expr, pos);
  return { pos, line, col, message };
}

/** `1:14: unknown field 'proc.nmae' (did you mean 'proc.name'?)` */
export function formatFilterError(e: FilterError): string {
  return `${e.line}:${e.col}: ${e.message}`;
}

function installPlan(engine: Engine, plan: Plan): number {
  const ptr = engine.exports.filterPlanAlloc(plan.words.byteLength);
  new Int32Array(engine.exports.memory.buffer, ptr, plan.words.length).set(plan.words);
  return ptr;
}

function takeResult(engine: Engine, n: number): Uint32Array {
  const w = engine.exports;
  if (n < 0) {
    const code = w.filterErrorCode();
    throw new Error(`filter evaluation failed (engine error ${code}${FILTER_ERROR_NAMES[code] ? ' ' + FILTER_ERROR_NAMES[code] : ''})`);
  }
  return new Uint32Array(w.memory.buffer, w.filterResultPtr(), n).slice();
}

/** Runs a compiled plan in the engine holding a loaded capture: matching event indices, file order. */
export function runPlan(engine: Engine, plan: Plan): Uint32Array {
  return takeResult(engine, engine.exports.filterRun(installPlan(engine, plan)));
}

/** Runs a plan on the candidate events only (bit i of byte i>>3 of `mask` = event i). */
export function runPlanMasked(engine: Engine, plan: Plan, mask: Uint8Array): Uint32Array {
  const w = engine.exports;
  const maskPtr = w.scratchAlloc(mask.length + 4);
  try {
    engine.bytes(maskPtr, mask.length).set(mask);
    return takeResult(engine, w.filterRunMasked(installPlan(engine, plan), maskPtr));
  } finally {
    w.scratchFree(maskPtr);
  }
}

/** Thrown by runPlanCancellable when its signal aborts between two windows. */
export class FilterCancelled extends Error {
  constructor() { super('filter cancelled'); this.name = 'AbortError'; }
}

/** Id of the last cancellable run: its windows share the engine's memos (see filterRunWindow). */
let nextRun = 0;

/** Events per window of a cancellable run: small enough to answer a cancel within a fraction of a second. */
export const FILTER_WINDOW_EVENTS = 1 << 19;

/**
 * runPlan window by window ([from, from + windowEvents) of the event index), yielding to the host between
 * windows so a cancel (the signal) is seen; the result equals runPlan's.
 */
export async function runPlanCancellable(engine: Engine, plan: Plan,
  opts: { signal?: AbortSignal; yieldToHost?: () => Promise<void>; windowEvents?: number } = {}): Promise<Uint32Array> {
  const w = engine.exports;
  const n = w.eventCount();
  const step = Math.max(32, opts.windowEvents ?? FILTER_WINDOW_EVENTS);
  const run = nextRun = (nextRun % 0x7fffffff) + 1;
  const parts: Uint32Array[] = [];
  let total = 0;
  for (let from = 0; from < n || from === 0; from += step) {
    if (opts.signal?.aborted) throw new FilterCancelled();
    // the plan is installed again after each yield: other work may have run a plan meanwhile
    const ptr = installPlan(engine, plan);
    const part = takeResult(engine, w.filterRunWindow(ptr, from, Math.min(n, from + step), run));
    parts.push(part);
    total += part.length;
    if (from + step < n) await opts.yieldToHost?.();
  }
  const out = new Uint32Array(total);
  let k = 0;
  for (const p of parts) { out.set(p, k); k += p.length; }
  return out;
}

/** A filter pass: success carries no `error` key at all, so `'error' in r` tells the cases apart. */
export type FilterRun =
  | { ok: true; indices: Uint32Array; count: number; ms: number }
  | { ok: false; indices: Uint32Array; count: 0; error: FilterError; ms: number };

/** Indices as the byte bitset the formatter takes (bit i&7 of byte i>>3). */
export function indicesToBitset(indices: Uint32Array, eventCount: number): Uint8Array {
  const out = new Uint8Array((eventCount + 7) >> 3);
  for (const i of indices) out[i >> 3] |= 1 << (i & 7);
  return out;
}

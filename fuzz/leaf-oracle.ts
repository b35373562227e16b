// The filter fuzz's own oracle, used when the differential suite's generator and reference evaluator
// (test/lib/filtergen.ts, test/lib/ref-eval.ts) are not in the tree: random trees of `and`/`or`/`not`
// over single leaves (`field op value`, `field in (...)`) on fields whose printed text is the value the
// filter compares, with non-empty operands drawn from values that occur in the capture. Each leaf is
// evaluated per visible event on the text the formatter prints, so the compiled plan's result (runPlan,
// caches on) is checked against one extractor, no fast path. `<NA>` is printed both for a missing value
// and an empty one (sysdig does the same: `proc.name exists` holds where proc.name prints <NA>), so the
// leaves are only operators that are false on both (no `exists`, no `!=`); `not` above them is exact.
import type { Capture } from '../engine/capture.ts';
import type { Rng } from './mutate.ts';

const STRING_FIELDS = ['proc.name', 'proc.exe', 'proc.pname', 'fd.name', 'fd.directory', 'fd.filename', 'fd.typechar',
  'evt.type', 'user.name', 'group.name', 'proc.cwd', 'fd.l4proto', 'evt.dir', 'proc.aname[1]'];
/** Fields whose operand must be a known name (event types, directions): equality only. */
const NAME_FIELDS = new Set(['evt.type', 'evt.dir']);
const NUMBER_FIELDS = ['fd.num', 'proc.pid', 'proc.ppid', 'thread.tid', 'evt.cpu', 'user.uid', 'fd.port', 'fd.sport',
  'fd.cport', 'evt.rawres', 'proc.vpid', 'group.gid'];
const BOOL_FIELDS = ['evt.failed', 'fd.is_server'];

type Node =
  | { k: 'leaf'; text: string; test: (v: string) => boolean; field: string }
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not'; a: Node };

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, a: readonly T[]): T => a[int(r, a.length)];

/** Printed values of one field for every event of a capture (index = event), cached per capture. */
export class PrintedValues {
  private readonly cache = new Map<string, string[]>();
  readonly visible: number[] = [];
  constructor(readonly cap: Capture) {
    const w = cap.wasm as unknown as { evVisible(i: number): number };
    for (let i = 0; i < cap.eventCount; i++) if (w.evVisible(i)) this.visible.push(i);
  }
  of(field: string): string[] {
    let v = this.cache.get(field);
    if (!v) {
      // evt.num names the event: a few internal events are never printed, even with allEvents
      const text = this.cap.formatText({ format: `*%evt.num\x1f%${field}\x1e`, allEvents: true });
      v = new Array<string>(this.cap.eventCount).fill('<NA>');
      for (const line of text.split('\x1e\n')) {
        const sep = line.indexOf('\x1f');
        const i = Number(line.slice(0, sep)) - 1;
        if (sep > 0 && i >= 0 && i < v.length) v[i] = line.slice(sep + 1);
      }
      this.cache.set(field, v);
    }
    return v;
  }
}

/** Operand text that the filter lexer reads back as exactly `s`, or null (quotes, escapes, controls). */
function operand(s: string): string | null {
  if (s === '' || /["'\\\x00-\x1f\x7f]/.test(s) || s.length > 200) return null;
  return /^[A-Za-z0-9_./:-]+$/.test(s) && !/^(and|or|not|in|exists)$/.test(s) ? s : `"${s}"`;
}

function leaf(r: Rng, pv: PrintedValues): Node | null {
  const kind = r();
  const field = kind < 0.55 ? pick(r, STRING_FIELDS) : kind < 0.9 ? pick(r, NUMBER_FIELDS) : pick(r, BOOL_FIELDS);
  const vals = pv.of(field);
  const seen = pv.visible.map((i) => vals[i]).filter((v) => v !== undefined && v !== '<NA>');
  if (!seen.length) return null;
  const v = pick(r, seen);
  if (BOOL_FIELDS.includes(field)) {
    const b = r() < 0.5 ? 'true' : 'false';
    return { k: 'leaf', field, text: `${field}=${b}`, test: (x) => x === b };
  }
  if (NUMBER_FIELDS.includes(field)) {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) return null;
    const op = pick(r, ['=', '<', '<=', '>', '>=', 'in'] as const);
    if (op === 'in') {
      const other = Number(pick(r, seen));
      if (!Number.isSafeInteger(other)) return null;
      return { k: 'leaf', field, text: `${field} in (${n}, ${other})`, test: (x) => x !== '<NA>' && (Number(x) === n || Number(x) === other) };
    }
    const cmp = { '=': (a: number) => a === n, '<': (a: number) => a < n, '<=': (a: number) => a <= n,
      '>': (a: number) => a > n, '>=': (a: number) => a >= n }[op];
    return { k: 'leaf', field, text: `${field} ${op} ${n}`, test: (x) => x !== '<NA>' && cmp(Number(x)) };
  }
  const op = NAME_FIELDS.has(field) ? pick(r, ['=', 'in'] as const)
    : pick(r, ['=', 'contains', 'startswith', 'endswith', 'in', 'icontains'] as const);
  let s = v;
  if (op === 'contains' || op === 'icontains' || op === 'startswith' || op === 'endswith') {
    const a = int(r, v.length), b = a + 1 + int(r, Math.min(12, v.length - a));
    s = op === 'startswith' ? v.slice(0, b) : op === 'endswith' ? v.slice(a) : v.slice(a, b);
    if (op === 'icontains') s = s.toUpperCase();
  }
  const o = operand(s);
  if (!o) return null;
  const test: Record<typeof op, (x: string) => boolean> = {
    '=': (x) => x === s, contains: (x) => x.includes(s), startswith: (x) => x.startsWith(s),
    endswith: (x) => x.endsWith(s), in: (x) => x === s, icontains: (x) => x.toLowerCase().includes(s.toLowerCase()),
  };
  const t = test[op];
  return { k: 'leaf', field, text: `${field} ${op === 'in' ? `in (${o})` : `${op} ${o}`}`, test: (x) => x !== '<NA>' && t(x) };
}

function tree(r: Rng, pv: PrintedValues, depth: number): Node | null {
  const x = r();
  if (depth > 0 && x < 0.35) {
    const a = tree(r, pv, depth - 1), b = tree(r, pv, depth - 1);
    return a && b ? { k: r() < 0.5 ? 'and' : 'or', a, b } : null;
  }
  if (depth > 0 && x < 0.45) { const a = tree(r, pv, depth - 1); return a && { k: 'not', a }; }
  return leaf(r, pv);
}

function text(n: Node): string {
  if (n.k === 'leaf') return n.text;
  if (n.k === 'not') return `not (${text(n.a)})`;
  return `(${text(n.a)}) ${n.k} (${text(n.b)})`;
}

function holds(n: Node, pv: PrintedValues, i: number): boolean {
  if (n.k === 'leaf') return n.test(pv.of(n.field)[i] ?? '<NA>');
  if (n.k === 'not') return !holds(n.a, pv, i);
  if (n.k === 'and') return holds(n.a, pv, i) && holds(n.b, pv, i);
  return holds(n.a, pv, i) || holds(n.b, pv, i);
}

/** A random filter for `pv`'s capture and its expected matches (visible events, file order). */
export function leafFilter(r: Rng, pv: PrintedValues): { expr: string; expected: (p: PrintedValues) => number[] } | null {
  const n = tree(r, pv, 2);
  if (!n) return null;
  return { expr: text(n), expected: (p) => p.visible.filter((i) => holds(n, p, i)) };
}

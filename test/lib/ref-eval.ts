// The reference evaluator of oracle (a): a plain per-event evaluation of a generated filter over the
// values the formatter prints (ColumnStore), written from the language reference
// (shared/docs/filter-language.md §6.2, §7, §9), sharing no code with the engine.
//
// Restated exactly here: string fields (CHARBUF) with every string operator (= == != < <= > >=
// contains icontains startswith endswith glob iglob regex in intersects pmatch exists), integer fields
// printed in decimal (signed or unsigned by type, literals truncated to the field's width), booleans,
// field arguments that select one value (proc.aname[2], evt.arg.fd, proc.env[HOME], evt.type.is.X),
// transformers tolower/toupper/basename/len, and/or/not, missing values (every check false).
// List fields of logs whose items cannot hold ',' (filtergen.ts COMMA_FREE_LISTS) with in/intersects/exists.
// Left to oracles (b) and (c) (see filtergen.ts `restatable`): fd.ip/fd.port/fd.net/fd.proto (both
// endpoints, filter-only), IP and network types, doubles, byte buffers and the b* operators, evt.rawarg,
// evt.around, fd.types (a list), proc.a* without an index (any ancestor), hex-printed fields, evt.args /
// evt.info / evt.arg.data (display renderings) and b64 (its exact validity rules).
//
// A leaf's answer depends only on the printed value, so each leaf is computed once per distinct value
// (a Map keyed by the value text, not by event): that keeps the reference exact and cheap.
import type { ColumnStore } from './columns.ts';
import { applyXf, checksOf, type Check, type GenNode } from './filtergen.ts';

/** Thrown when a printed value cannot be read the way the field's type needs (e.g. a non-number). */
export class NotRestatable extends Error {}

/** Indices (file order) of the visible events the filter matches. */
export function refEval(n: GenNode, store: ColumnStore): Uint32Array {
  const leaves = new Map<Check, Uint8Array>();
  for (const c of checksOf(n)) leaves.set(c, leafColumn(c, store));
  const out: number[] = [];
  for (let k = 0; k < store.visible.length; k++) if (evalAt(n, k, leaves)) out.push(store.visible[k]);
  return Uint32Array.from(out);
}

function evalAt(n: GenNode, k: number, leaves: Map<Check, Uint8Array>): boolean {
  switch (n.k) {
    case 'check': return leaves.get(n)![k] === 1;
    case 'not': return !evalAt(n.kid, k, leaves);
    case 'and': return n.kids.every((c) => evalAt(c, k, leaves));
    case 'or': return n.kids.some((c) => evalAt(c, k, leaves));
  }
}

function leafColumn(c: Check, store: ColumnStore): Uint8Array {
  const col = store.column(c.field.spec);
  if (!col) throw new NotRestatable(`no printed column for ${c.field.spec}`);
  const out = new Uint8Array(col.values.length);
  const memo = new Map<string, number>();
  for (let k = 0; k < col.values.length; k++) {
    const raw = col.values[k];
    if (raw === null) continue;
    let r = memo.get(raw);
    if (r === undefined) {
      r = leaf(c, applyXf(c.xf, raw)) ? 1 : 0;
      memo.set(raw, r);
    }
    out[k] = r;
  }
  return out;
}

/** One check on one (transformed) printed value. */
export function leaf(c: Check, v: string | null): boolean {
  if (v === null) return false; // a missing field makes every operator false (§1, §9)
  if (c.op === 'exists') return true;
  if (c.field.kind === 'list') {
    // Items joined with ',' (COMMA_FREE_LISTS: no item holds one); '' is 0 items or one empty item.
    if (v === '') throw new NotRestatable(`${c.field.spec} printed '', zero items or one empty item`);
    const items = v.split(',');
    if (c.op === 'in') return items.every((x) => c.rhs.includes(x)); // every value of L is in R (§6.2)
    if (c.op === 'intersects') return items.some((x) => c.rhs.includes(x));
    throw new Error(`reference: operator ${c.op} on a list not restated`);
  }
  const numeric = c.xf[c.xf.length - 1] === 'len' || c.field.kind === 'num';
  if (numeric) {
    const bits = c.xf[c.xf.length - 1] === 'len' ? 64 : c.field.bits;
    const signed = c.xf[c.xf.length - 1] === 'len' ? false : c.field.signed;
    if (!/^-?\d+$/.test(v)) throw new NotRestatable(`${c.field.spec} printed '${v}', not an integer`);
    const L = BigInt(v);
    const R = c.rhs.map((x) => (signed ? BigInt.asIntN(bits, BigInt(x)) : BigInt.asUintN(bits, BigInt(x))));
    return compare(c.op, R, (r) => (L < r ? -1 : L > r ? 1 : 0));
  }
  if (c.field.kind === 'bool') return compare(c.op, c.rhs, (r) => (v === r ? 0 : 1));
  switch (c.op) {
    case 'contains': return v.includes(c.rhs[0]);
    case 'icontains': return asciiLower(v).includes(asciiLower(c.rhs[0]));
    case 'startswith': return v.startsWith(c.rhs[0]);
    case 'endswith': return v.endsWith(c.rhs[0]);
    case 'glob': return fnmatch(c.rhs[0], v, false);
    case 'iglob': return fnmatch(c.rhs[0], v, true);
    case 'regex': return re2Full(c.rhs[0]).test(v);
    case 'pmatch': return c.rhs.some((item) => pmatch(item, v));
    default: return compare(c.op, c.rhs, (r) => (v < r ? -1 : v > r ? 1 : 0)); // strcmp order: bytes
  }
}

function compare<T>(op: string, rhs: T[], cmp: (r: T) => number): boolean {
  switch (op) {
    case '=': case '==': return cmp(rhs[0]) === 0;
    case '!=': return cmp(rhs[0]) !== 0;
    case '<': return cmp(rhs[0]) < 0;
    case '<=': return cmp(rhs[0]) <= 0;
    case '>': return cmp(rhs[0]) > 0;
    case '>=': return cmp(rhs[0]) >= 0;
    case 'in': case 'intersects': return rhs.some((r) => cmp(r) === 0); // scalar left: intersects = in
    default: throw new Error(`reference: operator ${op} not restated`);
  }
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** POSIX fnmatch without flags (`*` and `?` match `/` and leading dots); `fold` = FNM_CASEFOLD (ASCII). */
export function fnmatch(p: string, s: string, fold: boolean): boolean {
  const eq = (a: string, b: string) => (fold ? asciiLower(a) === asciiLower(b) : a === b);
  // Next pattern position after matching one char of s at pattern position pi, or -1.
  const one = (pi: number, ch: string): number => {
    const c = p[pi];
    if (c === '?') return pi + 1;
    if (c === '\\' && pi + 1 < p.length) return eq(p[pi + 1], ch) ? pi + 2 : -1;
    if (c === '[') {
      let j = pi + 1;
      const neg = p[j] === '!' || p[j] === '^';
      if (neg) j++;
      let first = true, hit = false;
      const x = fold ? asciiLower(ch) : ch;
      while (j < p.length && (first || p[j] !== ']')) {
        first = false;
        let lo = p[j];
        if (lo === '\\' && j + 1 < p.length) lo = p[++j];
        j++;
        if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
          let hi = p[j + 1];
          j += 2;
          if (hi === '\\' && j < p.length) hi = p[j++];
          const a = fold ? asciiLower(lo) : lo, b = fold ? asciiLower(hi) : hi;
          if (a <= x && x <= b) hit = true;
        } else if (eq(lo, ch)) hit = true;
      }
      if (j >= p.length) return eq('[', ch) ? pi + 1 : -1; // no closing bracket: a literal '['
      return hit !== neg ? j + 1 : -1;
    }
    return eq(c, ch) ? pi + 1 : -1;
  };
  let pi = 0, si = 0, starP = -1, starS = 0;
  while (si < s.length) {
    if (pi < p.length && p[pi] === '*') { starP = pi++; starS = si; continue; }
    const next = pi < p.length ? one(pi, s[si]) : -1;
    if (next >= 0) { pi = next; si++; continue; }
    if (starP >= 0) { pi = starP + 1; si = ++starS; continue; }
    return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** pmatch: the item's path components (globs allowed) are a prefix of the value's components. */
export function pmatch(item: string, v: string): boolean {
  const ic = item.split('/').filter(Boolean);
  const vc = v.split('/').filter(Boolean);
  return ic.length <= vc.length && ic.every((c, i) => fnmatch(c, vc[i], false));
}

const reCache = new Map<string, RegExp>();
/**
 * The generator's RE2 patterns (escaped ASCII, `.`, `.*`, `[a-z]+`, `[0-9]*`, `(x|y)`) as a JS RegExp
 * anchored at both ends. RE2's `.` excludes only `\n`; JS's also excludes `\r`, hence `[^\n]`.
 */
export function re2Full(p: string): RegExp {
  let re = reCache.get(p);
  if (re) return re;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') { out += c + (p[++i] ?? ''); continue; }
    if (c === '[') { const j = p.indexOf(']', i + 2); out += p.slice(i, j + 1); i = j; continue; }
    out += c === '.' ? '[^\\n]' : c;
  }
  re = new RegExp(`^(?:${out})$`);
  reCache.set(p, re);
  return re;
}

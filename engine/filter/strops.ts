// String comparison operators over JS strings, used on the host for predicates whose subject is a
// small fixed table (event type names, directions): the compiler evaluates the check once per table
// entry and hands the evaluator a bitmap. Semantics match the WASM evaluator's byte-level operators.
import { regexFullMatch } from './regex.ts';
import { literalBytes } from './values.ts';

/** fnmatch(pattern, s) with no flags: `*`/`?` match any char including `/`, `[..]`/`[!..]`, `\` escapes. */
export function globMatch(p: string, s: string, fold = false): boolean {
  if (fold) { p = p.toLowerCase(); s = s.toLowerCase(); }
  let pi = 0, si = 0, starP = -1, starS = 0;
  while (si < s.length) {
    if (pi < p.length) {
      const c = p[pi];
      if (c === '*') { starP = ++pi; starS = si; continue; }
      if (c === '?') { pi++; si++; continue; }
      if (c === '[') {
        const r = matchClass(p, pi, s[si]);
        if (r > 0) { pi = r; si++; continue; }
        if (r === 0 && s[si] === '[') { pi++; si++; continue; } // unterminated class: literal '['
      } else {
        let lit = c, adv = 1;
        if (c === '\\' && pi + 1 < p.length) { lit = p[pi + 1]; adv = 2; }
        if (lit === s[si]) { pi += adv; si++; continue; }
      }
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** >0: the class at p[i] matched ch, returns the index after it; -1: no match; 0: not a class. */
function matchClass(p: string, i: number, ch: string): number {
  let j = i + 1;
  let neg = false;
  if (p[j] === '!' || p[j] === '^') { neg = true; j++; }
  let matched = false;
  let first = true;
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    let lo = p[j];
    if (lo === '\\' && j + 1 < p.length) lo = p[++j];
    let hi = lo;
    if (p[j + 1] === '-' && j + 2 < p.length && p[j + 2] !== ']') {
      hi = p[j + 2];
      if (hi === '\\' && j + 3 < p.length) { hi = p[j + 3]; j++; }
      j += 2;
    }
    if (ch >= lo && ch <= hi) matched = true;
    j++;
  }
  if (j >= p.length) return 0;
  return matched !== neg ? j + 1 : -1;
}

/** Path-prefix match on whole components, each item component a glob. */
export function pmatch(items: string[], s: string): boolean {
  const sc = s.split('/').filter((x) => x !== '');
  for (const it of items) {
    const ic = it.split('/').filter((x) => x !== '');
    if (ic.length > sc.length) continue;
    let ok = true;
    for (let k = 0; k < ic.length && ok; k++) ok = globMatch(ic[k], sc[k]);
    if (ok) return true;
  }
  return false;
}

export function strcmp(a: string, b: string): number {
  const x = literalBytes(a), y = literalBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** One string operator applied to subject s and one value (regex: its compiled program). */
export function strOp(op: string, s: string, v: string, prog?: Int32Array): boolean {
  switch (op) {
    case '=': case '==': case 'in': case 'intersects': return s === v;
    case '!=': return s !== v;
    case 'contains': case 'bcontains': return s.includes(v);
    case 'icontains': return s.toLowerCase().includes(v.toLowerCase());
    case 'startswith': case 'bstartswith': return s.startsWith(v);
    case 'endswith': return s.endsWith(v);
    case 'glob': return globMatch(v, s);
    case 'iglob': return globMatch(v, s, true);
    case 'regex': return regexFullMatch(prog!, literalBytes(s));
    case '<': return strcmp(s, v) < 0;
    case '<=': return strcmp(s, v) <= 0;
    case '>': return strcmp(s, v) > 0;
    case '>=': return strcmp(s, v) >= 0;
  }
  throw new Error(`strOp: unsupported operator ${op}`);
}

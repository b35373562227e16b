// Alerts as a filter field and a column in the viewer: `rule = "Name"`, `rule != "Name"`,
// `rule in ("A", "B")`, `rule exists` (the event raised any alert) are rewritten, before the filter
// engine sees them, into `evt.num in (...)` over the current alerts; the column `rule` shows the
// names of the rules an event raised. Only whole words `rule` outside quoted strings are touched.

/** Longest list of event numbers a rewritten check may carry (the filter parser caps text at 1 MB). */
const MAX_NUMS = 100_000;

export interface AlertIndex {
  /** evt.num list per rule name (sorted). */
  byRule: Map<string, number[]>;
  /** evt.num of every alerting event (sorted, unique). */
  all: number[];
}

const numsCheck = (nums: number[], negate: boolean): string => {
  const list = nums.length ? `evt.num in (${nums.slice(0, MAX_NUMS).join(', ')})` : 'evt.num = 0';
  return negate ? `not (${list})` : `(${list})`;
};

function unquote(v: string): string {
  const t = v.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

/** Splits `a, "b c", 'd'` (list items, quotes allowed). */
function splitItems(s: string): string[] {
  const out: string[] = [];
  const re = /\s*("([^"\\]|\\.)*"|'([^'\\]|\\.)*'|[^,]+)\s*(,|$)/gy;
  let m: RegExpExecArray | null;
  for (let guard = 0; guard < 100_000 && (m = re.exec(s)) && m[0] !== ''; guard++) out.push(unquote(m[1]));
  return out;
}

/** True when the text uses the `rule` pseudo-field anywhere outside quotes. */
export function usesRuleField(expr: string): boolean {
  return rewriteRuleField(expr, { byRule: new Map(), all: [] }) !== expr;
}

export function rewriteRuleField(expr: string, idx: AlertIndex): string {
  let out = '';
  let i = 0;
  const n = expr.length;
  const union = (names: string[]) => [...new Set(names.flatMap((x) => idx.byRule.get(x) ?? []))].sort((a, b) => a - b);
  while (i < n) {
    const c = expr[i];
    if (c === '"' || c === "'") {
      // Copy the quoted string as is (the filter lexer's rule: ends at an unescaped matching quote).
      let j = i + 1;
      while (j < n && !(expr[j] === c && expr[j - 1] !== '\\')) j++;
      out += expr.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const word = /^rule(?![\w.])/.exec(expr.slice(i, i + 5));
    const prev = i > 0 ? expr[i - 1] : ' ';
    if (word && !/[\w.]/.test(prev)) {
      const rest = expr.slice(i + 4);
      let m: RegExpExecArray | null;
      if ((m = /^\s*(==|=|!=)\s*("([^"\\]|\\.)*"|'([^'\\]|\\.)*'|[^\s()]+)/.exec(rest))) {
        out += numsCheck(union([unquote(m[2])]), m[1] === '!=');
        i += 4 + m[0].length;
        continue;
      }
      if ((m = /^\s+in\s*\(([^)]*)\)/.exec(rest))) {
        out += numsCheck(union(splitItems(m[1])), false);
        i += 4 + m[0].length;
        continue;
      }
      if ((m = /^\s+exists/.exec(rest))) {
        out += numsCheck(idx.all, false);
        i += 4 + m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

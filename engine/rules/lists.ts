// Falco's list semantics, which are textual: a list's items are expanded one level (an item naming an
// earlier list becomes that list's raw items), quoted when they contain a blank, and then each list
// name found in a condition between delimiters is replaced by its items joined with ", "
// (falco-rules.md §4). The quirks (substitution inside quoted strings, `_` not being a delimiter,
// the comma removed next to an empty list) are kept on purpose: rules files rely on them.
import type { ListDef } from './model.ts';

const BLANKS = ' \t\n\r';
const DELIMS = BLANKS + '(),=';

export interface CompiledList {
  name: string;
  items: string[];
  firstIndex: number;
}

function quoteItem(s: string): string {
  return s.includes(' ') && !(s.startsWith('"') || s.startsWith("'")) ? `"${s}"` : s;
}

/** Expands list references one level, in order of first definition, and quotes items with blanks. */
export function compileLists(lists: Map<string, ListDef>): CompiledList[] {
  const ordered = [...lists.values()].sort((a, b) => a.firstIndex - b.firstIndex);
  const out: CompiledList[] = [];
  for (const l of ordered) {
    const items: string[] = [];
    for (const it of l.items) {
      const ref = lists.get(it);
      if (ref && ref !== l && ref.firstIndex < l.lastIndex) {
        ref.used = true;
        items.push(...ref.items);
      } else items.push(it);
    }
    out.push({ name: l.name, items: items.map(quoteItem), firstIndex: l.firstIndex });
  }
  return out;
}

/** Replaces every delimited occurrence of `list.name` in `cond`; returns the text and whether it was used. */
export function substituteList(cond: string, list: CompiledList): { text: string; used: boolean } {
  const name = list.name;
  if (name.length === 0) return { text: cond, used: false };
  const sub = list.items.join(', ');
  let used = false;
  let from = 0;
  // Bounded: each step either advances `from` past the name or past the inserted text.
  for (let guard = 0; guard < 1_000_000; guard++) {
    let start = cond.indexOf(name, from);
    if (start < 0) break;
    let end = start + name.length;
    const before = start === 0 || DELIMS.includes(cond[start - 1]);
    const after = end >= cond.length || DELIMS.includes(cond[end]);
    if (!before || !after) { from = start + 1; continue; }
    while (start > 0 && BLANKS.includes(cond[start - 1])) start--;
    while (end < cond.length && BLANKS.includes(cond[end])) end++;
    if (sub === '') {
      if (start > 0 && cond[start - 1] === ',') start--;
      else if (end < cond.length && cond[end] === ',') end++;
    }
    const head = start > 0 ? cond.slice(0, start) + ' ' : '';
    const ins = sub === '' ? '' : sub + ' ';
    cond = head + ins + cond.slice(end);
    from = head.length + ins.length;
    used = true;
  }
  return { text: cond, used };
}

/** Applies every list, in order of first definition, to a condition; marks the lists used. */
export function substituteLists(cond: string, lists: CompiledList[], used: Set<string>): string {
  for (const l of lists) {
    if (!cond.includes(l.name)) continue;
    const r = substituteList(cond, l);
    if (r.used) used.add(l.name);
    cond = r.text;
  }
  return cond;
}

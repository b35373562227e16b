// Which event types a rule can match, computed from its expanded condition the way Falco indexes
// rules (falco-rules.md §10): evt.type checks with =, !=, in give sets; and/or/not combine them with
// De Morgan; every other check is neutral. Two sets per node — where the node can be true and where
// it can be false — make `not` a swap. The result only narrows which events a rule is run on.
import type { Expr } from '../filter/ast.ts';
import { EVENT_NAMES, PPM_SC_NAMES } from '../generated/schema.ts';
import { EVENT_TYPE_NAMES } from './field-check.ts';

/** A set of event type names; `null` = every type. */
export type TypeSet = Set<string> | null;

const union = (a: TypeSet, b: TypeSet): TypeSet => (a === null || b === null ? null : new Set([...a, ...b]));
const inter = (a: TypeSet, b: TypeSet): TypeSet => (a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x))));
const minus = (names: string[]): TypeSet => new Set([...EVENT_TYPE_NAMES].filter((n) => !names.includes(n)));

interface Both { pos: TypeSet; neg: TypeSet }

function visit(e: Expr, depth: number): Both {
  if (depth > 10_000) return { pos: null, neg: null };
  switch (e.kind) {
    case 'and': {
      let pos: TypeSet = null, neg: TypeSet = new Set();
      for (const c of e.children) { const r = visit(c, depth + 1); pos = inter(pos, r.pos); neg = union(neg, r.neg); }
      return { pos, neg };
    }
    case 'or': {
      let pos: TypeSet = new Set(), neg: TypeSet = null;
      for (const c of e.children) { const r = visit(c, depth + 1); pos = union(pos, r.pos); neg = inter(neg, r.neg); }
      return { pos, neg };
    }
    case 'not': { const r = visit(e.child, depth + 1); return { pos: r.neg, neg: r.pos }; }
    case 'macro': return { pos: null, neg: null };
    case 'check': {
      if (e.left.kind !== 'field' || e.left.name !== 'evt.type' || !e.right || e.modifier) return { pos: null, neg: null };
      let vals: string[] | null = null;
      if (e.right.kind === 'literal') vals = [e.right.value];
      else if (e.right.kind === 'list') vals = e.right.items.map((i) => i.value);
      if (!vals) return { pos: null, neg: null };
      if (e.op === '=' || e.op === '==' || e.op === 'in' || e.op === 'intersects') return { pos: new Set(vals), neg: minus(vals) };
      if (e.op === '!=') return { pos: minus(vals), neg: new Set(vals) };
      return { pos: null, neg: null };
    }
  }
}

/** Event type names the condition can be true on (null = all). */
export function ruleEventTypes(ast: Expr): TypeSet {
  return visit(ast, 0).pos;
}

/** Codes of the generic `syscall` events (the syscall is named by their ID parameter). */
export const GENERIC_CODES = EVENT_NAMES.map((n, c) => (n === 'syscall' ? c : -1)).filter((c) => c >= 0);
const SYSCALL_NAMES = new Set(Object.values(PPM_SC_NAMES));
const codesByName = new Map<string, number[]>();
EVENT_NAMES.forEach((n, c) => {
  const l = codesByName.get(n);
  if (l) l.push(c); else codesByName.set(n, [c]);
});

/** Event type codes for a set of names (generic `syscall` events carry any syscall name). */
export function typeCodes(names: Set<string>): number[] {
  const out = new Set<number>();
  for (const n of names) {
    for (const c of codesByName.get(n) ?? []) out.add(c);
    if (SYSCALL_NAMES.has(n)) for (const c of GENERIC_CODES) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Number of event codes in the schema, for index arrays. */
export const EVENT_CODE_COUNT = EVENT_NAMES.length;

/** The type code of plugin events (k8s audit, CloudTrail, ... converted from logs). */
export const PLUGIN_EVENT = EVENT_NAMES.indexOf('pluginevent');

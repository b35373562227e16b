// Turns a rule's `exceptions:` into condition text, as Falco does before parsing (falco-rules.md §7):
// `(COND) and not E1 and not E2 ...`, each E built from fields/comps/values with Falco's quoting.
// The text then goes through list substitution like any condition, so a value naming a list works.
// Shape checks that need the filter engine (is this a field? an operator?) take callbacks.
import type { ExceptionDef, ExceptionValue } from './model.ts';

export const LIST_COMPS = new Set(['in', 'intersects', 'pmatch']);
const STR_OPS = ['==', '=', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex'];
const ALL_OPS = new Set([...STR_OPS, '<', '<=', '>', '>=', 'in', 'intersects', 'pmatch', 'exists']);
const MODIFIERS = new Set(['oneof', 'anyof', 'allof']);

/** A comparison with a modifier: `startswith oneof`. */
function isModifierComp(c: string): boolean {
  const parts = c.trim().split(/\s+/);
  return parts.length === 2 && STR_OPS.includes(parts[0]) && MODIFIERS.has(parts[1]);
}

export function isValidComp(c: string): boolean {
  const t = c.trim();
  return ALL_OPS.has(t) || isModifierComp(t);
}

function takesList(c: string): boolean {
  const t = c.trim();
  return LIST_COMPS.has(t) || isModifierComp(t);
}

function quote(s: string): string {
  return s.includes(' ') && !(s.startsWith('"') || s.startsWith("'")) ? `"${s}"` : s;
}

function renderValue(v: ExceptionValue, comp: string): string {
  if (Array.isArray(v)) return '(' + v.map(quote).join(', ') + ')';
  if (takesList(comp)) return v.startsWith('(') ? v : `(${v})`;
  return quote(v);
}

export interface ExceptionProblem {
  exception: string;
  message: string;
}

/**
 * Validates one exception's shape. `isField` says whether a text is a valid field (or transformer
 * expression) of the rule's source; it returns an error message or null.
 */
export function validateException(e: ExceptionDef, isField: (f: string) => string | null): ExceptionProblem | null {
  const bad = (message: string) => ({ exception: e.name, message });
  if (e.fields === undefined) return bad("Item has no mapping for key 'fields'");
  const fields = Array.isArray(e.fields) ? e.fields : [e.fields];
  for (const f of fields) {
    const err = isField(f);
    if (err) return bad(err);
  }
  if (Array.isArray(e.fields)) {
    const comps = e.comps === undefined ? e.fields.map(() => '=') : Array.isArray(e.comps) ? e.comps : null;
    if (!comps) return bad('Rule exception comps must be a list when fields is a list');
    if (comps.length !== e.fields.length) return bad('Fields and comps lists must have equal length');
    for (const c of comps) if (!isValidComp(c)) return bad(`'${c}' is not a supported comparison operator`);
    for (const t of e.values) {
      if (!Array.isArray(t)) return bad('Expected values array for item to contain a list of objects');
      if (t.length !== e.fields.length) return bad('Fields and values lists must have equal length');
    }
  } else {
    if (Array.isArray(e.comps)) return bad('Rule exception comps must be a single value when fields is a single value');
    const c = (e.comps ?? 'in').trim();
    if (!(LIST_COMPS.has(c) || isModifierComp(c))) return bad(`'${c}' is not a supported comparison operator`);
    for (const v of e.values) if (typeof v !== 'string') return bad('Expected values array to contain a list of strings');
  }
  return null;
}

/** The text one exception contributes (without `not`), or '' when it has no values. */
export function exceptionText(e: ExceptionDef): string {
  if (e.values.length === 0 || e.fields === undefined) return '';
  if (!Array.isArray(e.fields)) {
    const comp = (typeof e.comps === 'string' ? e.comps : 'in').trim();
    const vals = (e.values as string[]).map(quote).join(', ');
    return `(${e.fields} ${comp} (${vals}))`;
  }
  const fields = e.fields;
  const comps = Array.isArray(e.comps) ? e.comps.map((c) => c.trim()) : fields.map(() => '=');
  const tuples = (e.values as ExceptionValue[][]).map((t) =>
    '(' + fields.map((f, i) => `${f} ${comps[i]} ${renderValue(t[i], comps[i])}`).join(' and ') + ')');
  return '(' + tuples.join(' or ') + ')';
}

/** The final condition text of a rule with exceptions: `(COND) and not E1 ...`; COND unchanged without any. */
export function conditionWithExceptions(condition: string, exceptions: ExceptionDef[]): string {
  const parts = exceptions.map(exceptionText).filter((t) => t !== '');
  if (parts.length === 0) return condition;
  return '(' + condition + ')' + parts.map((p) => ' and not ' + p).join('');
}

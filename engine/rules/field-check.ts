// Load-time checks of a parsed condition that the rules loader needs even before (or without) the
// filter compiler: every field must exist for the rule's source ("filter_check called with
// nonexistent field X"), every evt.type value must be a known event or syscall name ("unknown event
// type X"). These two messages drive Falco's `skip-if-unknown-filter`. Type checks of values are the
// filter compiler's job; when it is available compile.ts runs it as well.
import type { Expr, FieldExpr, FieldRef, RightSide, TransformerArg } from '../filter/ast.ts';
import { walkExpr } from '../filter/ast.ts';
import { FIELDS, type FieldInfo } from '../generated/fields.ts';
import { EVENT_NAMES, PPM_SC_NAMES } from '../generated/schema.ts';

const bySource = new Map<string, Map<string, FieldInfo>>();
for (const f of FIELDS) {
  let m = bySource.get(f.source);
  if (!m) bySource.set(f.source, (m = new Map()));
  m.set(f.name, f);
}

/** Event sources that have fields (so rules of these sources can be compiled). */
export function knownSources(): string[] {
  return [...bySource.keys()];
}

export const EVENT_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...EVENT_NAMES.filter((n) => n !== 'NA'), ...Object.values(PPM_SC_NAMES).filter((n) => n !== 'unknown'),
]);

/** The field definition a (possibly dot-suffixed) field name resolves to, or null. */
export function resolveField(name: string, source: string): FieldInfo | null {
  const own = lookup(bySource.get(source), name);
  if (own || source === 'syscall') return own;
  // Plugin sources also get the json plugin's fields and the generic event fields every source has.
  const json = lookup(bySource.get('json'), name);
  if (json) return json;
  const generic = lookup(bySource.get('syscall'), name);
  return generic && PLUGIN_GENERIC.has(generic.name) ? generic : null;
}

/** Event fields Falco offers on every source (libsinsp's generic event fields). */
const PLUGIN_GENERIC = new Set(['evt.num', 'evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s',
  'evt.rawtime', 'evt.rawtime.s', 'evt.rawtime.ns', 'evt.reltime', 'evt.reltime.s', 'evt.reltime.ns', 'evt.source',
  'evt.pluginname', 'evt.plugininfo', 'evt.is_async', 'evt.asynctype', 'evt.hostname']);

function lookup(m: Map<string, FieldInfo> | undefined, name: string): FieldInfo | null {
  if (!m) return null;
  const exact = m.get(name);
  if (exact) return exact;
  // Dot-argument fields: the longest registered prefix followed by `.suffix`.
  for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
    const f = m.get(name.slice(0, i));
    if (f && (f.argSyntax === 'dot' || f.argSyntax === 'bracket_or_dot')) return f;
  }
  return null;
}

function fieldRefs(f: FieldExpr | TransformerArg, out: FieldRef[]): void {
  if (f.kind === 'field') out.push(f);
  else if (f.kind === 'transformer') for (const a of f.args) fieldRefs(a, out);
  else if (f.kind === 'xlist') for (const a of f.items) fieldRefs(a, out);
}

function rightRefs(r: RightSide | null, out: FieldRef[]): void {
  if (!r) return;
  if (r.kind === 'val') out.push(r.field);
  else if (r.kind === 'transformer') fieldRefs(r, out);
}

/** First problem found in a tree, as Falco words it; null when fine. */
export function checkFieldsAndTypes(ast: Expr, source: string): string | null {
  let err: string | null = null;
  walkExpr(ast, (e) => {
    if (err || e.kind !== 'check') return;
    const refs: FieldRef[] = [];
    fieldRefs(e.left, refs);
    rightRefs(e.right, refs);
    for (const r of refs) {
      if (!resolveField(r.name, source)) { err = `filter_check called with nonexistent field ${r.name}`; return; }
    }
    if (e.left.kind === 'field' && (e.left.name === 'evt.type' || e.left.name === 'syscall.type') && e.right) {
      const vals = e.right.kind === 'literal' ? [e.right.value] : e.right.kind === 'list' ? e.right.items.map((i) => i.value)
        : e.right.kind === 'listname' ? [e.right.name] : [];
      for (const v of vals) if (!EVENT_TYPE_NAMES.has(v)) { err = `unknown event type ${v}`; return; }
    }
  });
  return err;
}

/** Validates one exception field expression (a field name, or a transformer written without blanks). */
export function checkFieldText(text: string, source: string): string | null {
  const t = text.trim();
  const m = /^([A-Za-z][\w.]*)(\[[^\]]*\])?$/.exec(t);
  if (m) return resolveField(m[1], source) ? null : `'${t}' is not a supported filter field`;
  const x = /^(tolower|toupper|b64|basename|len)\((.*)\)$/.exec(t);
  if (x) return checkFieldText(x[2], source) ? `'${t}' is not a supported filter field` : null;
  return `'${t}' is not a supported filter field`;
}

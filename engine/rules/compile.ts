// Compiles a collection: lists (one-level expansion), then macros (list substitution, parse, macro
// references resolved with Falco's visibility rule), then rules (exceptions turned into text, lists,
// parse, macros, field/event-type checks, event-type set, output format). The first error stops, as
// in Falco; warnings accumulate. Output: the rules in Falco's order with their expanded trees, ready
// for the filter compiler, plus a record of which sub-trees came from which macro (for Explain).
import type { Expr } from '../filter/ast.ts';
import { parseFilter } from '../filter/parser.ts';
import { checkFilter, CheckError } from '../filter/checker.ts';
import type { CollectIssue } from './collector.ts';
import { conditionWithExceptions, validateException } from './exceptions.ts';
import { checkFieldText, checkFieldsAndTypes, knownSources, resolveField } from './field-check.ts';
import { walkExpr, type FieldExpr, type TransformerArg } from '../filter/ast.ts';
import { ruleEventTypes, type TypeSet } from './evttypes.ts';
import { compileLists, substituteLists, type CompiledList } from './lists.ts';
import type { Collected, MacroDef, RuleDef } from './model.ts';
import { OutputError, parseOutput, stripContainerInfo, type ParsedOutput } from './output.ts';

export interface CompiledRule {
  name: string;
  def: RuleDef;
  /** Condition text after exceptions and list substitution (what was parsed). */
  conditionText: string;
  /** Parsed tree with every macro reference replaced by the macro's tree. */
  ast: Expr;
  /** Event type names the rule can match; null = all. */
  eventTypes: TypeSet;
  output: ParsedOutput;
  /** Position in Falco's rule order. */
  order: number;
}

export interface CompileOutput {
  ok: boolean;
  rules: CompiledRule[];
  lists: CompiledList[];
  /** Resolved macro trees by name. */
  macros: Map<string, Expr>;
  /** Sub-trees that came from a macro reference -> the macro's name (for Explain). */
  macroOrigin: WeakMap<Expr, string>;
  issues: CollectIssue[];
}

/** Extra, optional check by the filter compiler (types, values, operators); returns an error message or null. */
export type ConditionCheck = (ast: Expr, source: string) => string | null;

export interface CompileOptions {
  check?: ConditionCheck;
  /** Sources that can be compiled; default: every source with fields. */
  sources?: string[];
}

/** Falco raises the parser's nesting limit to 1000 for rule conditions. */
const MAX_DEPTH = 1000;
/** Expanded tree size cap: macros referencing macros twice can grow a tree exponentially. */
const MAX_EXPANDED_NODES = 2_000_000;

const SKIPPABLE = ['nonexistent field', 'invalid formatting token', 'unknown event type', 'unknown filter:'];

class CompileError extends Error {
  constructor(readonly issue: CollectIssue) { super(issue.message); }
}

export function compileCollected(c: Collected, opts: CompileOptions = {}): CompileOutput {
  const issues: CollectIssue[] = [];
  const macroOrigin = new WeakMap<Expr, string>();
  const out: CompileOutput = { ok: true, rules: [], lists: [], macros: new Map(), macroOrigin, issues };
  const sources = new Set(opts.sources ?? knownSources());
  const usedLists = new Set<string>();
  const usedMacros = new Set<string>();
  try {
    out.lists = compileLists(c.lists);
    for (const l of c.lists.values()) if (l.used) usedLists.add(l.name);

    // Macros: parse every one (a broken unused macro fails the load), then resolve references.
    const parsed = new Map<string, Expr>();
    const macros = [...c.macros.values()].sort((a, b) => a.firstIndex - b.firstIndex);
    for (const m of macros) {
      const text = substituteLists(m.condition, out.lists, usedLists);
      parsed.set(m.name, parseOrFail(text, 'macro', m.name, m.pos, m.condPos));
    }
    let budget = { nodes: 0 };
    const resolving = new Set<string>();
    const resolveMacro = (m: MacroDef): Expr => {
      const done = out.macros.get(m.name);
      if (done) return done;
      if (resolving.has(m.name)) throw fail('LOAD_ERR_VALIDATE', `reference loop in macro '${m.name}'`, 'macro', m.name, m.pos, m.condPos);
      resolving.add(m.name);
      const tree = expand(parsed.get(m.name)!, (ref) => {
        const target = c.macros.get(ref);
        if (!target || target.firstIndex >= m.lastIndex) return null;
        usedMacros.add(ref);
        return resolveMacro(target);
      }, 'macro', m, budget);
      resolving.delete(m.name);
      out.macros.set(m.name, tree);
      return tree;
    };
    for (const m of macros) resolveMacro(m);

    // Rules, in order of first definition.
    const rules = [...c.rules.values()].sort((a, b) => a.firstIndex - b.firstIndex);
    for (const r of rules) {
      if (!sources.has(r.source)) {
        issues.push({ severity: 'warning', code: 'LOAD_UNKNOWN_SOURCE', message: `Unknown source ${r.source}, skipping`, itemType: 'rule', itemName: r.name, pos: r.pos });
        continue;
      }
      const compiled = compileRule(r);
      if (compiled) { compiled.order = out.rules.length; out.rules.push(compiled); }
    }

    function compileRule(r: RuleDef): CompiledRule | null {
      for (const e of r.exceptions) {
        const p = validateException(e, (f) => checkFieldText(f, r.source));
        if (p) throw fail('LOAD_ERR_VALIDATE', p.message, 'exception', p.exception, r.pos, e.pos);
      }
      const text = substituteLists(conditionWithExceptions(r.condition, r.exceptions), out.lists, usedLists);
      const parsedRule = parseOrFail(text, 'rule', r.name, r.pos, r.condPos);
      budget = { nodes: 0 };
      const ast = expand(parsedRule, (ref) => {
        const target = c.macros.get(ref);
        if (!target) return null;
        usedMacros.add(ref);
        return out.macros.get(ref) ?? null;
      }, 'rule', r, budget);
      const skippable = (msg: string, code: 'LOAD_ERR_COMPILE_CONDITION' | 'LOAD_ERR_COMPILE_OUTPUT', detail: { line: number; col: number; file: string }) => {
        if (r.skipIfUnknownFilter && SKIPPABLE.some((s) => msg.includes(s))) {
          issues.push({ severity: 'warning', code: 'LOAD_UNKNOWN_FILTER', message: msg, itemType: 'rule', itemName: r.name, pos: r.pos, detailPos: detail });
          return null;
        }
        throw fail(code, msg, 'rule', r.name, r.pos, detail);
      };
      const err = checkFieldsAndTypes(ast, r.source) ?? (opts.check ?? typeCheck)(ast, r.source);
      if (err) return skippable(err, 'LOAD_ERR_COMPILE_CONDITION', r.condPos);
      let outputText = r.output;
      const stripped = stripContainerInfo(outputText);
      if (stripped !== null) {
        outputText = stripped;
        issues.push({ severity: 'warning', code: 'LOAD_DEPRECATED_ITEM', message: '%container.info is deprecated and no longer does anything. It can be safely removed from the output string.', itemType: 'rule', itemName: r.name, pos: r.pos, detailPos: r.outputPos });
      }
      let output: ParsedOutput;
      try {
        output = parseOutput(outputText, r.source);
      } catch (e) {
        if (!(e instanceof OutputError)) throw e;
        return skippable(e.message, 'LOAD_ERR_COMPILE_OUTPUT', r.outputPos);
      }
      for (const w of conditionHints(ast, output, r.source)) {
        issues.push({ severity: 'warning', code: w.code, message: w.message, itemType: 'rule', itemName: r.name, pos: r.pos, detailPos: w.inOutput ? r.outputPos : r.condPos });
      }
      const eventTypes = r.source === 'syscall' ? ruleEventTypes(ast) : null;
      if (r.source === 'syscall' && r.warnEvttypes && (eventTypes === null || eventTypes.size > 100)) {
        issues.push({ severity: 'warning', code: 'LOAD_NO_EVTTYPE', message: 'Rule matches too many evt.type values. This has a significant performance penalty.', itemType: 'rule', itemName: r.name, pos: r.pos, detailPos: r.condPos });
      }
      return { name: r.name, def: r, conditionText: text, ast, eventTypes, output, order: 0 };
    }

    function parseOrFail(text: string, itemType: string, name: string, pos: CollectIssue['pos'], condPos: CollectIssue['pos']): Expr {
      const p = parseFilter(text, { maxDepth: MAX_DEPTH });
      if (!p.ok) throw fail('LOAD_ERR_COMPILE_CONDITION', p.error.reason, itemType, name, pos, condPos);
      return p.ast;
    }

    function expand(tree: Expr, lookup: (name: string) => Expr | null, itemType: 'macro' | 'rule',
      owner: { name: string; pos: CollectIssue['pos']; condPos: CollectIssue['pos'] }, b: { nodes: number }): Expr {
      const rec = (e: Expr): Expr => {
        if (++b.nodes > MAX_EXPANDED_NODES) throw fail('LOAD_ERR_VALIDATE', `condition is too large after macro expansion (over ${MAX_EXPANDED_NODES} nodes)`, itemType, owner.name, owner.pos, owner.condPos);
        switch (e.kind) {
          case 'and': case 'or': return { ...e, children: e.children.map(rec) };
          case 'not': return { ...e, child: rec(e.child) };
          case 'check': return e;
          case 'macro': {
            const t = lookup(e.name);
            if (!t) throw fail('LOAD_ERR_VALIDATE', `Undefined macro '${e.name}' used in filter.`, itemType, owner.name, owner.pos, owner.condPos);
            b.nodes += countNodes(t);
            const copy = structuredClone(t);
            macroOrigin.set(copy, e.name);
            return copy;
          }
        }
      };
      return rec(tree);
    }
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    issues.push(e.issue);
    out.ok = false;
    return out;
  }

  for (const m of c.macros.values()) {
    if (!usedMacros.has(m.name)) issues.push({ severity: 'warning', code: 'LOAD_UNUSED_MACRO', message: 'Macro not referred to by any other rule/macro', itemType: 'macro', itemName: m.name, pos: m.pos });
  }
  for (const l of c.lists.values()) {
    if (!usedLists.has(l.name)) issues.push({ severity: 'warning', code: 'LOAD_UNUSED_LIST', message: 'List not referred to by any other rule/macro', itemType: 'list', itemName: l.name, pos: l.pos });
  }
  return out;
}

const NA_OPS = new Set(['=', '==', '!=', 'in', 'intersects', 'pmatch']);

function fieldNames(f: FieldExpr | TransformerArg, out: string[]): void {
  if (f.kind === 'field') out.push(f.name);
  else if (f.kind === 'transformer') for (const a of f.args) fieldNames(a, out);
  else if (f.kind === 'xlist') for (const a of f.items) fieldNames(a, out);
}

/** Falco's non-fatal condition/output warnings: deprecated fields, unsafe `<NA>` checks, values that look like fields. */
export function conditionHints(ast: Expr, output: ParsedOutput, source: string): { code: CollectIssue['code']; message: string; inOutput: boolean }[] {
  const out: { code: CollectIssue['code']; message: string; inOutput: boolean }[] = [];
  const seen = new Set<string>();
  const deprecated = (name: string, inOutput: boolean) => {
    const f = resolveField(name.replace(/\[.*$/, ''), source);
    const key = `${f?.name}:${inOutput}`;
    if (f?.flags.includes('deprecated') && !seen.has(key)) {
      seen.add(key);
      out.push({ code: 'LOAD_DEPRECATED_ITEM', message: `The field '${f.name}' is deprecated and may be removed in a future version.`, inOutput });
    }
  };
  walkExpr(ast, (e) => {
    if (e.kind !== 'check') return;
    const names: string[] = [];
    fieldNames(e.left, names);
    for (const n of names) deprecated(n, false);
    const values = e.right?.kind === 'literal' ? [e.right] : e.right?.kind === 'list' ? e.right.items : [];
    const left = e.left.kind === 'field' ? e.left.name : '';
    if ((left.startsWith('ka.') || left.startsWith('jevt.')) && NA_OPS.has(e.op) && values.some((v) => v.value === '<NA>')) {
      out.push({ code: 'LOAD_UNSAFE_NA_CHECK', message: `Condition has potentially unsafe comparison of '${left}' with '<NA>' using '${e.op}': <NA> is not a value but a missing one, use 'exists'`, inOutput: false });
    }
    for (const v of values) {
      if (/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/.test(v.value) && resolveField(v.value, source)) {
        out.push({ code: 'LOAD_COMPILE_CONDITION', message: `string '${v.value}' may be a valid field wrongly interpreted as a string value`, inOutput: false });
      }
    }
  });
  for (const f of output.fields) deprecated(f, true);
  return out;
}

/** The filter compiler's type check (values, operators, val(), modifiers). */
function typeCheck(ast: Expr): string | null {
  try {
    checkFilter(ast);
    return null;
  } catch (e) {
    if (e instanceof CheckError) return e.message;
    throw e;
  }
}

function fail(code: CollectIssue['code'], message: string, itemType: string, itemName: string, pos: CollectIssue['pos'], detailPos?: CollectIssue['pos']) {
  return new CompileError({ severity: 'error', code, message, itemType, itemName, pos, detailPos });
}

function countNodes(e: Expr): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    if (x.kind === 'and' || x.kind === 'or') stack.push(...x.children);
    else if (x.kind === 'not') stack.push(x.child);
  }
  return n;
}

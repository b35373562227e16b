// The type checker: turns a parsed tree into a checked tree whose leaves know their field, argument,
// transformers, operator, multi-value semantics and right side converted to typed constants. Every
// error names the place in the text (the span of the offending node) and, for misspelled fields,
// suggests the closest name. Macro references and list names are resolved through the caller's
// resolver (the rules loader); without one, a macro is an error and a bare list name is one value.
import type { CheckExpr, CompareOp, Expr, FieldExpr, Literal, Modifier, Span, TransformerArg, TransformerExpr } from './ast.ts';
import { FieldError, fieldByName, resolveField, suggest, type ResolvedField } from './fields.ts';
import { EVENT_NAMES, EVENT_PARAMS, EVENT_PARAM_TYPES, PPM_SC_NAMES } from '../generated/schema.ts';
import {
  ValueError, parseBool, parseHexBytes, parseInteger, parseIp, parseNet, parsePort, type IpValue, type NetValue, literalBytes,
} from './values.ts';
import { compileRegex, RegexError } from './regex.ts';
import { scanNumber } from './lexer.ts';

export type ValueClass = 'uint' | 'int' | 'double' | 'bool' | 'str' | 'bytes' | 'ip' | 'net' | 'port';

export type Const =
  | { c: 'num'; v: bigint }
  | { c: 'str'; v: string; bytes: Uint8Array }
  | { c: 'ip'; v: IpValue }
  | { c: 'net'; v: NetValue };

/** How several extracted values combine. */
export type Multi = 'single' | 'any' | 'fdboth' | 'list';

// List fields whose index picks an item of an outer list that is itself a list (the verbs of role rule i,
// the host ports of container i: wasm/src/plugins/k8saudit.ts emits every value), so they stay lists
// with an index; other list fields give one item for an index.
const INDEXED_LISTS = new Set([
  'ka.req.role.rules.verbs', 'ka.req.role.rules.resources', 'ka.req.role.rules.apiGroups', 'ka.req.role.rules.nonResourceURLs',
  'ka.req.pod.containers.host_port', 'ka.req.pod.initContainers.host_port',
]);

/** `lenlist` is len() applied to a list (element count). */
export type SimpleTransformer = 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'lenlist';

export type Composite =
  | { kind: 'literal'; text: string }
  | { kind: 'concat'; args: FieldOperand[] }
  | { kind: 'join'; sep: FieldOperand; items: FieldOperand[] }
  | { kind: 'getopt'; argv: FieldOperand[]; optstring: string; ch: string | null };

export interface FieldOperand {
  /** For composites, a synthetic entry (id -1, the transformer's name). */
  field: ResolvedField;
  /** Set for concat/join/getopt results and literal arguments. */
  composite: Composite | null;
  /** Innermost first. */
  xforms: SimpleTransformer[];
  cls: ValueClass;
  bits: 8 | 16 | 32 | 64;
  list: boolean;
  span: Span;
}

export interface Leaf {
  left: FieldOperand;
  /** `around` is evt.around[T] = D: |evt.rawtime - T| <= D ms. */
  op: CompareOp | 'around';
  modifier: Modifier | null;
  multi: Multi;
  values: Const[];
  /** For `regex`: one program per value. */
  regex: Int32Array[] | null;
  rhs: FieldOperand | null;
  span: Span;
}

export type Checked =
  | { kind: 'and' | 'or'; children: Checked[] }
  | { kind: 'not'; child: Checked }
  | { kind: 'const'; value: boolean }
  | { kind: 'leaf'; leaf: Leaf };

export interface CheckOptions {
  /** Macro name -> its parsed condition (the caller expands recursively; cycles are caught here). */
  resolveMacro?: (name: string) => Expr | undefined;
  /** List name -> its items (Falco lists; used for bare names after `in` and for items inside `( … )`). */
  resolveList?: (name: string) => string[] | undefined;
  /** Limit on the macro expansion depth. */
  maxMacroDepth?: number;
}

export class CheckError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

const NUM_TYPES: Record<string, { cls: ValueClass; bits: 8 | 16 | 32 | 64 }> = {
  PT_INT8: { cls: 'int', bits: 8 }, PT_INT16: { cls: 'int', bits: 16 }, PT_INT32: { cls: 'int', bits: 32 },
  PT_INT64: { cls: 'int', bits: 64 }, PT_FD: { cls: 'int', bits: 64 }, PT_PID: { cls: 'int', bits: 64 },
  PT_ERRNO: { cls: 'int', bits: 64 }, PT_FD32: { cls: 'int', bits: 32 }, PT_PID32: { cls: 'int', bits: 32 },
  PT_UINT8: { cls: 'uint', bits: 8 }, PT_UINT16: { cls: 'uint', bits: 16 }, PT_UINT32: { cls: 'uint', bits: 32 },
  PT_UINT64: { cls: 'uint', bits: 64 }, PT_FLAGS8: { cls: 'uint', bits: 8 }, PT_FLAGS16: { cls: 'uint', bits: 16 },
  PT_FLAGS32: { cls: 'uint', bits: 32 }, PT_ENUMFLAGS8: { cls: 'uint', bits: 8 }, PT_ENUMFLAGS16: { cls: 'uint', bits: 16 },
  PT_ENUMFLAGS32: { cls: 'uint', bits: 32 }, PT_MODE: { cls: 'uint', bits: 32 }, PT_UID: { cls: 'uint', bits: 32 },
  PT_GID: { cls: 'uint', bits: 32 }, PT_SIGTYPE: { cls: 'uint', bits: 8 }, PT_SYSCALLID: { cls: 'uint', bits: 16 },
  PT_RELTIME: { cls: 'uint', bits: 64 }, PT_ABSTIME: { cls: 'uint', bits: 64 }, PT_L4PROTO: { cls: 'uint', bits: 8 },
  PT_SOCKFAMILY: { cls: 'uint', bits: 8 }, PT_DOUBLE: { cls: 'double', bits: 64 }, PT_BOOL: { cls: 'bool', bits: 32 },
  PT_PORT: { cls: 'port', bits: 16 },
};

function classOf(type: string): { cls: ValueClass; bits: 8 | 16 | 32 | 64 } {
  const n = NUM_TYPES[type];
  if (n) return n;
  switch (type) {
    case 'PT_CHARBUF': case 'PT_FSPATH': case 'PT_FSRELPATH': return { cls: 'str', bits: 64 };
    case 'PT_BYTEBUF': return { cls: 'bytes', bits: 64 };
    case 'PT_IPADDR': case 'PT_IPV4ADDR': case 'PT_IPV6ADDR': return { cls: 'ip', bits: 64 };
    case 'PT_IPNET': case 'PT_IPV4NET': case 'PT_IPV6NET': return { cls: 'net', bits: 64 };
    // socket addresses, tuples, fd lists… compare as their rendered text
    default: return { cls: 'str', bits: 64 };
  }
}

const ANCESTOR_FIELDS = new Set(['proc.aname', 'proc.aexe', 'proc.aexepath', 'proc.acmdline', 'proc.apid', 'proc.aenv']);
const FD_BOTH_FIELDS = new Set(['fd.ip', 'fd.port', 'fd.proto', 'fd.net']);
const EVENT_TYPE_NAMES = new Set<string>([...EVENT_NAMES, ...Object.values(PPM_SC_NAMES)]);
/** Suggestions leave out the tables' placeholder name. */
const EVENT_TYPE_SUGGEST = [...EVENT_TYPE_NAMES].filter((n) => n !== 'NA');

export function checkFilter(ast: Expr, opts: CheckOptions = {}): Checked {
  return new Checker(opts).check(ast, 0, []);
}

/** A legal but suspicious construct (libs warns about the same ones). */
export interface CheckWarning {
  message: string;
  span: Span;
}

/** Like checkFilter, also returning the warnings. */
export function checkFilterWithWarnings(ast: Expr, opts: CheckOptions = {}): { checked: Checked; warnings: CheckWarning[] } {
  const c = new Checker(opts);
  const checked = c.check(ast, 0, []);
  return { checked, warnings: c.warnings };
}

const REGEX_META = /[\\.*+?()[\]{}|^$]/;
const ORDER_OPS = new Set<CompareOp>(['<', '<=', '>', '>=']);

class Checker {
  readonly warnings: CheckWarning[] = [];
  constructor(private readonly opts: CheckOptions) {}

  check(e: Expr, macroDepth: number, macroStack: string[]): Checked {
    switch (e.kind) {
      case 'and': case 'or':
        return { kind: e.kind, children: e.children.map((c) => this.check(c, macroDepth, macroStack)) };
      case 'not':
        return { kind: 'not', child: this.check(e.child, macroDepth, macroStack) };
      case 'macro': {
        const body = this.opts.resolveMacro?.(e.name);
        if (!body) {
          throw new CheckError(this.opts.resolveMacro
            ? `undefined macro '${e.name}' used in filter`
            : `unexpected identifier '${e.name}': expected a field (like proc.name) followed by an operator`, e.span);
        }
        if (macroStack.includes(e.name)) throw new CheckError(`macro '${e.name}' refers to itself (${[...macroStack, e.name].join(' -> ')})`, e.span);
        if (macroDepth >= (this.opts.maxMacroDepth ?? 100)) throw new CheckError('macros nested too deeply', e.span);
        return this.check(body, macroDepth + 1, [...macroStack, e.name]);
      }
      case 'check':
        return this.checkLeaf(e);
    }
  }

  private checkLeaf(e: CheckExpr): Checked {
    const left = this.operand(e.left, 'left');
    const op = e.op;
    const name = left.field.info.name;
    const flags = left.field.info.flags;
    const fieldText = e.left.kind === 'field' ? e.left.name : left.field.info.name;
    const fail = (msg: string, span: Span = e.opSpan): never => { throw new CheckError(msg, span); };

    // multi-value semantics
    let multi: Multi = 'single';
    if (left.list) multi = 'list';
    else if (FD_BOTH_FIELDS.has(name)) multi = 'fdboth';
    else if (ANCESTOR_FIELDS.has(name) && left.field.argNum === null && left.xforms.length === 0) multi = 'any';

    // operator × type matrix
    const cls = left.cls;
    if (op !== 'exists') {
      if (left.list && !['in', 'intersects'].includes(op)) fail(`operator '${op}' cannot be used with the list field ${fieldText} (use in or intersects)`);
      if (['<', '<=', '>', '>='].includes(op) && (cls === 'bool' || cls === 'bytes' || cls === 'ip' || cls === 'net')) fail(`operator '${op}' cannot be used with ${fieldText} (${left.field.info.type})`);
      if (op === 'contains' && !(cls === 'str' || cls === 'bytes')) fail(`operator 'contains' needs a string field, ${fieldText} is ${typeName(left)}`);
      if ((op === 'startswith' || op === 'endswith') && !(cls === 'str' || cls === 'bytes')) fail(`operator '${op}' needs a string field, ${fieldText} is ${typeName(left)}`);
      if (['icontains', 'glob', 'iglob', 'regex', 'pmatch'].includes(op) && cls !== 'str') fail(`operator '${op}' needs a string field, ${fieldText} is ${typeName(left)}`);
      if ((op === 'bcontains' || op === 'bstartswith') && cls !== 'bytes') fail(`operator '${op}' needs a byte buffer field (like evt.buffer), ${fieldText} is ${typeName(left)}`);
      if (name === 'evt.around' && op !== '=' && op !== '==') fail(`evt.around only supports the '=' operator`);
    }
    if (e.modifier) {
      if (!['=', '==', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex'].includes(op)) {
        fail(`modifier '${e.modifier}' cannot follow operator '${op}'`);
      }
      if ((cls === 'ip' || cls === 'net') && op !== '=' && op !== '==' && op !== '!=') fail(`modifier '${e.modifier}' on an IP field needs '=' or '!='`);
      if (multi !== 'single') fail(`modifier '${e.modifier}' needs a single-valued field, ${fieldText} has several values`);
    }

    const leaf: Leaf = { left, op: name === 'evt.around' ? 'around' : op, modifier: e.modifier, multi, values: [], regex: null, rhs: null, span: e.span };
    if (op === 'exists') return { kind: 'leaf', leaf };
    const right = e.right!;

    // field on the right
    if (right.kind === 'val' || right.kind === 'transformer') {
      if (op === 'regex' || op === 'pmatch') fail(`operator '${op}' does not accept a field on the right side`, right.span);
      if (e.modifier) fail('a modifier needs a list of values', right.span);
      const rhs = this.operand(right.kind === 'val' ? right.field : right, 'right');
      if (flags.includes('no_rhs') || cls === 'net') fail(`field ${fieldText} cannot be compared with another field`, e.left.span);
      if (rhs.field.info.flags.includes('no_rhs')) fail(`field ${rhs.field.info.name} cannot be used as a right-hand field`, right.span);
      if (rhs.cls !== left.cls || rhs.bits !== left.bits || rhs.list !== left.list || rhsType(rhs) !== rhsType(left)) {
        fail(`cannot compare ${fieldText} (${typeName(left)}) with ${rhs.field.info.name} (${typeName(rhs)}): the types differ`, right.span);
      }
      leaf.rhs = rhs;
      return { kind: 'leaf', leaf };
    }

    // literal values
    let literals: Literal[];
    const isListOp = op === 'in' || op === 'intersects' || op === 'pmatch' || e.modifier !== null;
    if (right.kind === 'literal') {
      literals = [right];
      if (!right.quoted && /^[a-z]+\.[a-z0-9_.]+$/.test(right.value) && fieldByName(right.value)) {
        // the documented pitfall: a bare field name on the right is just text
        this.warnings.push({ message: `'${right.value}' is compared as text; use val(${right.value}) to compare with the field`, span: right.span });
      }
      if (ORDER_OPS.has(op) && (right.quoted || scanNumber(right.value, 0) !== right.value.length)) {
        // sysdig 0.29 takes any value here (strings compare with strcmp); current libs' parser wants a number
        this.warnings.push({ message: `current libs (Falco) accept only a number or a field after '${op}': this filter works in sysdig 0.29 and here`, span: right.span });
      }
      if (op === 'regex' && !REGEX_META.test(right.value)) {
        this.warnings.push({ message: `regex '${right.value}' has no special characters: '=' does the same faster`, span: right.span });
      }
    } else if (right.kind === 'listname') {
      const items = this.opts.resolveList?.(right.name);
      literals = items
        ? items.map((v) => ({ kind: 'literal', value: v, quoted: true, span: right.span }) as Literal)
        : [{ kind: 'literal', value: right.name, quoted: false, span: right.span }];
    } else if (right.kind === 'list') {
      literals = [];
      for (const it of right.items) {
        const items = !it.quoted ? this.opts.resolveList?.(it.value) : undefined;
        if (items) for (const v of items) literals.push({ kind: 'literal', value: v, quoted: true, span: it.span });
        else literals.push(it);
      }
    } else {
      literals = [];
    }
    if (!isListOp && literals.length !== 1) fail(`operator '${op}' takes a single value, not a list`, right.span);

    const values: Const[] = [];
    for (const lit of literals) values.push(this.convert(lit, left, op));
    leaf.values = values;
    if (op === 'regex') {
      leaf.regex = values.map((v, k) => {
        try {
          return compileRegex((v as { v: string }).v);
        } catch (err) {
          if (err instanceof RegexError) throw new CheckError(`invalid regular expression ${JSON.stringify((v as { v: string }).v)}: ${err.message}`, literals[k].span);
          throw err;
        }
      });
    }
    // evt.type values must name an event type, whatever the operator (sysdig: `evt.type contains op` is
    // "unknown event type op"); syscall.type values are not checked.
    if (name === 'evt.type' && left.xforms.length === 0 && !left.composite) {
      literals.forEach((lit) => {
        if (!EVENT_TYPE_NAMES.has(lit.value)) {
          const s = suggest(lit.value, EVENT_TYPE_SUGGEST);
          throw new CheckError(`unknown event type ${lit.value}${s ? ` (did you mean '${s}'?)` : ''}`, lit.span);
        }
      });
    }
    return { kind: 'leaf', leaf };
  }

  private convert(lit: Literal, left: FieldOperand, op: CompareOp): Const {
    const text = lit.value;
    try {
      if (text.includes('\0') && !(left.cls === 'bytes')) throw new ValueError('values may not contain a NUL byte');
      switch (left.cls) {
        case 'str': return { c: 'str', v: text, bytes: literalBytes(text) };
        case 'bytes':
          if (op === 'bcontains' || op === 'bstartswith') {
            const b = parseHexBytes(text);
            return { c: 'str', v: text, bytes: b };
          }
          return { c: 'str', v: text, bytes: literalBytes(text) };
        case 'int': return { c: 'num', v: parseInteger(text, true, left.bits) };
        case 'uint': return { c: 'num', v: parseInteger(text, false, left.bits) };
        case 'double': return { c: 'num', v: parseInteger(text, true, 32) };
        case 'bool': return { c: 'num', v: parseBool(text) ? 1n : 0n };
        case 'port': return { c: 'num', v: BigInt(parsePort(text)) };
        case 'ip': return { c: 'ip', v: parseIp(text) };
        case 'net': return { c: 'net', v: parseNet(text) };
      }
    } catch (err) {
      if (err instanceof ValueError) throw new CheckError(err.message, lit.span);
      throw err;
    }
  }

  /** A field, a composite transformer (concat/join/getopt), or a chain of single-argument transformers over one. */
  private operand(f: FieldExpr, side: 'left' | 'right'): FieldOperand {
    const xforms: SimpleTransformer[] = [];
    let cur: FieldExpr = f;
    const chain: TransformerExpr[] = [];
    while (cur.kind === 'transformer' && !COMPOSITES.has(cur.name)) {
      const t: TransformerExpr = cur;
      if (t.arg) throw new CheckError(`transformer ${t.name}() does not take an argument`, t.arg.span);
      if (t.args.length !== 1) throw new CheckError(`transformer ${t.name}() takes exactly one argument`, t.span);
      const a = t.args[0];
      if (a.kind !== 'field' && a.kind !== 'transformer') throw new CheckError(`transformer ${t.name}() needs a field argument`, a.span);
      chain.push(t);
      cur = a;
    }
    let base: FieldOperand;
    if (cur.kind === 'transformer') base = this.composite(cur);
    else {
      const ref = cur;
      let field: ResolvedField;
      try {
        field = resolveField(ref.name, ref.arg ? ref.arg.text : null);
      } catch (err) {
        if (err instanceof FieldError) {
          const span = ref.arg && /argument/.test(err.message) && !/unknown event argument/.test(err.message) ? ref.arg.span : ref.span;
          throw new CheckError(err.message, err.offset ? { start: ref.span.start + err.offset, end: ref.span.end } : span);
        }
        throw err;
      }
      if (side === 'left' && field.info.flags.includes('print_only')) throw new CheckError(`field ${field.info.name} cannot be used in a filter`, ref.span);
      if (field.info.name === 'evt.type.is' && field.argStr !== null && !EVENT_TYPE_NAMES.has(field.argStr)) {
        const s = suggest(field.argStr, EVENT_TYPE_SUGGEST);
        throw new CheckError(`unknown event type ${field.argStr} in ${ref.name}${s ? ` (did you mean '${s}'?)` : ''}`, ref.span);
      }
      let { cls, bits } = classOf(field.info.type);
      if (field.info.type === 'PT_DYN') ({ cls, bits } = rawargClass(field.argStr!));
      const list = field.info.flags.includes('list') && (field.argNum === null || INDEXED_LISTS.has(field.info.name));
      base = { field, xforms: [], cls, bits, list, span: ref.span, composite: null };
    }
    const field = base.field;
    let { cls, bits, list } = base;
    if (chain.length && field.info.flags.includes('no_transformer')) {
      throw new CheckError(`field ${field.info.name} cannot be used with transformers`, chain[chain.length - 1].span);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const t = chain[k];
      if (t.name === 'len') {
        if (cls !== 'str' && cls !== 'bytes' && !list) throw new CheckError(`len() needs a string, buffer or list field`, t.span);
        xforms.push(list ? 'lenlist' : 'len');
        cls = 'uint'; bits = 64; list = false;
        continue;
      } else if (t.name === 'b64') {
        if (cls !== 'str' && cls !== 'bytes') throw new CheckError(`b64() needs a string or buffer field`, t.span);
      } else if (cls !== 'str') {
        throw new CheckError(`${t.name}() needs a string field, ${field.info.name} is ${field.info.type}`, t.span);
      }
      xforms.push(t.name as SimpleTransformer);
    }
    return { field, xforms, cls, bits, list, span: f.span, composite: base.composite };
  }

  /** concat(a, b, …), join(sep, list), getopt(argv, optstring)[c]. */
  private composite(t: TransformerExpr): FieldOperand {
    const info = { ...SYNTHETIC, name: `${t.name}()` };
    const field: ResolvedField = { info, argNum: null, argStr: null };
    const scalarString = (a: TransformerArg, what: string): FieldOperand => {
      if (a.kind === 'xlist') throw new CheckError(`${what} cannot be a list`, a.span);
      const o = this.xarg(a);
      if (o.list || (o.cls !== 'str' && !(o.composite?.kind === 'literal'))) {
        throw new CheckError(`${what} must be a single string, ${printable(o)} is not`, a.span);
      }
      return o;
    };
    const listArg = (a: TransformerArg, what: string): FieldOperand[] => {
      if (a.kind === 'xlist') {
        return a.items.map((it) => {
          const o = this.xarg(it);
          if (o.list) throw new CheckError(`the items of ${what} must be single values`, it.span);
          if (!['str', 'uint', 'int', 'port'].includes(o.cls)) throw new CheckError(`the items of ${what} must be strings or integers`, it.span);
          return o;
        });
      }
      const o = this.xarg(a);
      if (!o.list) throw new CheckError(`${what} must be a list field or a list (a, b, …)`, a.span);
      return [o];
    };
    if (t.name === 'concat') {
      if (t.arg) throw new CheckError('transformer concat() does not take an argument', t.arg.span);
      if (t.args.length < 2) throw new CheckError('concat() needs at least two arguments', t.span);
      const args = t.args.map((a, k) => scalarString(a, `argument ${k + 1} of concat()`));
      return { field, xforms: [], cls: 'str', bits: 64, list: false, span: t.span, composite: { kind: 'concat', args } };
    }
    if (t.name === 'join') {
      if (t.arg) throw new CheckError('transformer join() does not take an argument', t.arg.span);
      if (t.args.length !== 2) throw new CheckError('join() takes a separator and a list', t.span);
      const sep = scalarString(t.args[0], 'the separator of join()');
      const items = listArg(t.args[1], 'the list of join()');
      return { field, xforms: [], cls: 'str', bits: 64, list: false, span: t.span, composite: { kind: 'join', sep, items } };
    }
    // getopt
    if (t.args.length !== 2) throw new CheckError('getopt() takes an argument list and an option string', t.span);
    const argv = listArg(t.args[0], 'the arguments of getopt()');
    const o = t.args[1];
    if (o.kind !== 'literal' || !o.quoted) throw new CheckError('the option string of getopt() must be a quoted string', o.span);
    let ch: string | null = null;
    if (t.arg) {
      if (t.arg.text.length !== 1) throw new CheckError('getopt()[c] takes a single option character', t.arg.span);
      ch = t.arg.text;
    }
    return {
      field, xforms: [], cls: 'str', bits: 64, list: ch === null, span: t.span,
      composite: { kind: 'getopt', argv, optstring: o.value, ch },
    };
  }

  /** An argument inside a composite transformer: field, transformer, or literal. */
  private xarg(a: TransformerArg): FieldOperand {
    if (a.kind === 'literal') {
      const info = { ...SYNTHETIC, name: JSON.stringify(a.value) };
      if (a.value.includes('\0')) throw new CheckError('values may not contain a NUL byte', a.span);
      return {
        field: { info, argNum: null, argStr: null }, xforms: [], cls: 'str', bits: 64, list: false, span: a.span,
        composite: { kind: 'literal', text: a.value },
      };
    }
    if (a.kind === 'xlist') throw new CheckError('a list is not allowed here', a.span);
    return this.operand(a, 'right');
  }
}

const COMPOSITES = new Set(['concat', 'join', 'getopt']);
const SYNTHETIC = {
  id: -1, name: '', type: 'PT_CHARBUF', source: 'syscall', class: 'transformer', description: '', arg: 'none' as const,
  argKind: [], flags: [] as string[],
};

function printable(o: FieldOperand): string {
  return o.field.info.name;
}

function typeName(o: FieldOperand): string {
  return o.xforms.some((x) => x.startsWith('len')) ? 'PT_UINT64' : o.field.info.type === 'PT_DYN' ? `a ${o.cls} argument` : o.field.info.type;
}

/** Type identity for val(): numeric classes must also share the field's declared type family. */
function rhsType(o: FieldOperand): string {
  if (o.xforms.some((x) => x.startsWith('len'))) return 'PT_UINT64';
  const t = o.field.info.type;
  if (o.cls === 'str') return 'str';
  if (t === 'PT_RELTIME' || t === 'PT_ABSTIME') return t;
  return o.cls + o.bits;
}

/** Native type of an event parameter by name (first event type that has it). */
function rawargClass(name: string): { cls: ValueClass; bits: 8 | 16 | 32 | 64 } {
  for (let t = 0; t < EVENT_PARAMS.length; t++) {
    const k = EVENT_PARAMS[t].indexOf(name);
    if (k >= 0) return classOf(EVENT_PARAM_TYPES[t][k]);
  }
  return { cls: 'str', bits: 64 };
}

// The syntax tree of a filter expression, as the parser builds it and as the rules loader rewrites it
// (macro references replaced by their parsed conditions, list names by their items) before the
// checker and compiler see it. Every node carries the source span it was parsed from, so any later
// stage can report an error at the right place; nodes are plain data (JSON-friendly) so a tree can
// be cached, cloned with structuredClone, and sent across a worker boundary.

/** Half-open character range [start, end) in the source text. */
export interface Span {
  start: number;
  end: number;
}

export type Expr = OrExpr | AndExpr | NotExpr | CheckExpr | MacroRef;

/** `a or b or c` (n-ary, children in source order). */
export interface OrExpr {
  kind: 'or';
  children: Expr[];
  span: Span;
}

/** `a and b and c` (n-ary). */
export interface AndExpr {
  kind: 'and';
  children: Expr[];
  span: Span;
}

export interface NotExpr {
  kind: 'not';
  child: Expr;
  span: Span;
}

/** A bare identifier standing as a check: a macro reference (Falco rules substitute it). */
export interface MacroRef {
  kind: 'macro';
  name: string;
  span: Span;
}

export type CompareOp =
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'contains' | 'icontains' | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex' | 'in' | 'intersects' | 'pmatch' | 'exists';

export type Modifier = 'oneof' | 'anyof' | 'allof';

export const TRANSFORMER_NAMES = ['tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'] as const;
export type TransformerName = (typeof TRANSFORMER_NAMES)[number];

/** A field argument `[ARG]` (bracket form) or the suffix of a dot-argument field (`evt.arg.fd`). */
export interface FieldArg {
  /** The argument text after unescaping (quoted form) or as written (bare form). */
  text: string;
  quoted: boolean;
  span: Span;
}

/** `proc.name`, `proc.aname[2]`, `evt.arg.fd` (the dot suffix stays part of `name`). */
export interface FieldRef {
  kind: 'field';
  name: string;
  arg: FieldArg | null;
  span: Span;
}

/** `tolower(proc.name)`, `join(",", (a.b, "x"))`, `getopt(proc.args, "p:")[p]`. */
export interface TransformerExpr {
  kind: 'transformer';
  name: TransformerName;
  args: TransformerArg[];
  /** Trailing `[arg]` (only getopt accepts one; the checker rejects it elsewhere). */
  arg: FieldArg | null;
  span: Span;
}

/** A literal value: bare (not unescaped) or quoted (unescaped). */
export interface Literal {
  kind: 'literal';
  value: string;
  quoted: boolean;
  span: Span;
}

/** `( … )` list inside a transformer (join/getopt argv). */
export interface TransformerList {
  kind: 'xlist';
  items: (FieldRef | TransformerExpr | Literal)[];
  span: Span;
}

export type TransformerArg = FieldRef | TransformerExpr | Literal | TransformerList;

/** Left side of a check. */
export type FieldExpr = FieldRef | TransformerExpr;

/** `val(field)`: the right side is another field of the same event. */
export interface ValRef {
  kind: 'val';
  field: FieldRef;
  span: Span;
}

/** `( v1, v2 )` list of literal values. */
export interface ListValue {
  kind: 'list';
  items: Literal[];
  span: Span;
}

/** A bare identifier after a list operator or a modifier (`proc.name in shell_binaries`). */
export interface ListName {
  kind: 'listname';
  name: string;
  span: Span;
}

export type RightSide = Literal | ListValue | ListName | ValRef | TransformerExpr;

export interface CheckExpr {
  kind: 'check';
  left: FieldExpr;
  op: CompareOp;
  opSpan: Span;
  modifier: Modifier | null;
  /** null only for `exists`. */
  right: RightSide | null;
  span: Span;
}

/** Visits every node of a tree depth-first (pre-order). */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  // Explicit stack: trees from hostile rule files may be deep; the parser caps depth, but rewritten
  // trees (macro expansion) can nest further, so avoid recursion here.
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    if (n.kind === 'and' || n.kind === 'or') for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    else if (n.kind === 'not') stack.push(n.child);
  }
}

/** Renders a tree back to filter text that parses to an equivalent tree (for display and debugging). */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'or': return e.children.map((c) => paren(c, 'or')).join(' or ');
    case 'and': return e.children.map((c) => paren(c, 'and')).join(' and ');
    case 'not': return 'not ' + paren(e.child, 'not');
    case 'macro': return e.name;
    case 'check': {
      let s = printFieldExpr(e.left) + ' ' + e.op;
      if (e.modifier) s += ' ' + e.modifier;
      if (e.right) s += ' ' + printRight(e.right);
      return s;
    }
  }
}

function paren(e: Expr, parent: 'or' | 'and' | 'not'): string {
  const needs = (e.kind === 'or' && parent !== 'or') || (e.kind === 'and' && parent === 'not');
  return needs ? '(' + printExpr(e) + ')' : printExpr(e);
}

export function printFieldExpr(f: FieldExpr | FieldRef): string {
  if (f.kind === 'field') return f.name + printArg(f.arg);
  return f.name + '(' + f.args.map(printXArg).join(', ') + ')' + printArg(f.arg);
}

function printArg(a: FieldArg | null): string {
  if (!a) return '';
  return '[' + (a.quoted || /[\][\s"']/.test(a.text) || a.text === '' ? quote(a.text) : a.text) + ']';
}

function printXArg(a: TransformerArg): string {
  if (a.kind === 'literal') return quote(a.value);
  if (a.kind === 'xlist') return '(' + a.items.map((i) => printXArg(i)).join(', ') + ')';
  return printFieldExpr(a);
}

function printRight(r: RightSide): string {
  switch (r.kind) {
    case 'literal': return printLiteral(r);
    case 'list': return '(' + r.items.map(printLiteral).join(', ') + ')';
    case 'listname': return r.name;
    case 'val': return 'val(' + printFieldExpr(r.field) + ')';
    case 'transformer': return printFieldExpr(r);
  }
}

function printLiteral(l: Literal): string {
  if (!l.quoted && l.value !== '' && /^[^()"'\s=,]+$/.test(l.value)) return l.value;
  return quote(l.value);
}

/** Quotes a value so the lexer's unescaping gives it back. */
export function quote(v: string): string {
  let s = '"';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += i === v.length - 1 ? '\\x5c' : '\\\\'; // a quoted string cannot end in "\\" 
    else if (c < 0x20 || c === 0x7f) s += '\\x' + c.toString(16).padStart(2, '0');
    else s += v[i];
  }
  return s + '"';
}

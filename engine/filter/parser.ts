// Recursive-descent parser for the sysdig/Falco filter language (grammar: shared/docs/filter-language.md
// §3), producing the AST of ast.ts with source spans. It follows current libs (and/or precedence,
// `not` toggling, transformers, val(), modifiers) and copies the documented quirks on purpose
// (`a or(b) and c` is rejected, `fd.name inx` means `in x`). Hostile input is bounded: the text length
// and the nesting depth are capped, and every loop advances the cursor, so parsing is linear.
import type {
  CheckExpr, CompareOp, Expr, FieldArg, FieldRef, ListName, ListValue, Literal, Modifier,
  Span, TransformerArg, TransformerExpr, TransformerName, ValRef,
} from './ast';
import { TRANSFORMER_NAMES } from './ast';
import {
  isBlank, lineCol, scanBareArg, scanBareString, scanDottedName, scanIdentifier, scanNumber, scanQuoted, skipBlanks,
} from './lexer';

export interface ParseOptions {
  /** Nesting limit (parentheses, `not`, transformers). libs default 100; Falco uses 1000 for rules. */
  maxDepth?: number;
  /** Longest accepted text, in UTF-16 code units. */
  maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 100;
export const DEFAULT_MAX_LENGTH = 1 << 20;

/** A syntax error at a 0-based offset of the text (line/col are 1-based). */
export class FilterSyntaxError extends Error {
  constructor(readonly pos: number, readonly line: number, readonly col: number, readonly reason: string) {
    super(`${line}:${col}: ${reason}`);
  }
}

export type ParseResult = { ok: true; ast: Expr } | { ok: false; error: FilterSyntaxError };

export function parseFilter(text: string, opts: ParseOptions = {}): ParseResult {
  try {
    return { ok: true, ast: new Parser(text, opts).parse() };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e };
    throw e;
  }
}

const SYMBOL_OPS: CompareOp[] = ['==', '=', '!=', '<=', '<', '>=', '>'];
// Longest first where one is a prefix of another (`intersects` before `in`).
const WORD_OPS_NEED_BLANK: CompareOp[] = [
  'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex',
];
const WORD_OPS_NO_BLANK: CompareOp[] = ['exists', 'intersects', 'in', 'pmatch'];
const NUM_OPS = new Set<CompareOp>(['<', '<=', '>', '>=']);
const LIST_OPS = new Set<CompareOp>(['in', 'intersects', 'pmatch']);
const MODIFIERS: Modifier[] = ['oneof', 'anyof', 'allof'];
const KEYWORDS = new Set(['and', 'or', 'not']);

class Parser {
  private pos = 0;
  private depth = 0;
  private lastStart = 0;
  private lastEnd = 0;
  private readonly maxDepth: number;

  constructor(private readonly s: string, opts: ParseOptions) {
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
    if (s.length > maxLength) this.fail(maxLength, `filter too long (${s.length} characters, limit ${maxLength})`);
  }

  parse(): Expr {
    this.pos = skipBlanks(this.s, 0);
    if (this.pos >= this.s.length) this.fail(this.pos, 'empty filter');
    const e = this.parseOr();
    this.pos = skipBlanks(this.s, this.pos);
    if (this.pos < this.s.length) {
      const after = this.s.slice(this.lastStart, this.lastEnd);
      this.fail(this.pos, `unexpected token after '${after}', expecting 'or', 'and'`);
    }
    return e;
  }

  // ---- boolean structure -------------------------------------------------------------------------

  private parseOr(): Expr {
    const start = this.pos;
    const children: Expr[] = [this.parseAnd()];
    for (;;) {
      const p = skipBlanks(this.s, this.pos);
      const k = this.keywordAt(p, 'or');
      if (k === 0) break;
      if (k === 1) {
        this.pos = skipBlanks(this.s, p + 2);
        this.token(p, p + 2);
        children.push(this.parseAnd());
      } else {
        // `or(` … `)`: a parenthesised Or; after it only further `or`s are looked for (libs quirk).
        this.pos = p + 2;
        children.push(this.parseParenGroup());
      }
    }
    return children.length === 1 ? children[0] : { kind: 'or', children, span: this.span(start) };
  }

  private parseAnd(): Expr {
    const start = this.pos;
    const children: Expr[] = [this.parseNot()];
    for (;;) {
      const p = skipBlanks(this.s, this.pos);
      const k = this.keywordAt(p, 'and');
      if (k === 0) break;
      if (k === 1) {
        this.pos = skipBlanks(this.s, p + 3);
        this.token(p, p + 3);
        children.push(this.parseNot());
      } else {
        this.pos = p + 3;
        children.push(this.parseParenGroup());
      }
    }
    return children.length === 1 ? children[0] : { kind: 'and', children, span: this.span(start) };
  }

  private parseNot(): Expr {
    this.pos = skipBlanks(this.s, this.pos);
    const k = this.keywordAt(this.pos, 'not');
    if (k === 0) return this.parseCheck();
    const start = this.pos;
    this.enter(start);
    let child: Expr;
    if (k === 1) {
      this.token(start, start + 3);
      this.pos = skipBlanks(this.s, start + 3);
      child = this.parseNot();
    } else {
      this.pos = start + 3;
      child = this.parseParenGroup();
    }
    this.depth--;
    return { kind: 'not', child, span: this.span(start) };
  }

  /** 0 = not the keyword here; 1 = keyword followed by a blank; 2 = keyword followed by `(`. */
  private keywordAt(p: number, kw: string): 0 | 1 | 2 {
    if (!this.s.startsWith(kw, p)) return 0;
    const c = this.s.charCodeAt(p + kw.length);
    if (isBlank(c)) return 1;
    if (c === 0x28) return 2;
    return 0;
  }

  /** `(` Or `)` with the cursor on the `(`. */
  private parseParenGroup(): Expr {
    const open = this.pos;
    if (this.s.charCodeAt(open) !== 0x28) this.fail(open, "expected '('");
    this.enter(open);
    this.token(open, open + 1);
    this.pos = skipBlanks(this.s, open + 1);
    if (this.s.charCodeAt(this.pos) === 0x29) this.fail(this.pos, 'empty parentheses: expected an expression');
    const e = this.parseOr();
    this.pos = skipBlanks(this.s, this.pos);
    if (this.s.charCodeAt(this.pos) !== 0x29) this.fail(this.pos, this.pos >= this.s.length
      ? `missing ')' to close the '(' at ${this.where(open)}` : "expected ')', 'and' or 'or'");
    this.token(this.pos, this.pos + 1);
    this.pos++;
    this.depth--;
    return e;
  }

  // ---- checks ------------------------------------------------------------------------------------

  private parseCheck(): Expr {
    this.pos = skipBlanks(this.s, this.pos);
    const start = this.pos;
    if (start >= this.s.length) this.fail(start, this.lastEnd > 0
      ? `unexpected end of filter after '${this.s.slice(this.lastStart, this.lastEnd)}'` : 'empty filter');
    const c = this.s.charCodeAt(start);
    if (c === 0x28) return this.parseParenGroup();
    const name = scanDottedName(this.s, start);
    if (!name) this.fail(start, `unexpected '${this.s[start]}': expected a field, a macro name, 'not' or '('`);
    const word = this.s.slice(start, name.end);
    if (!name.dotted && this.s.charCodeAt(name.end) === 0x28) {
      if (word === 'val') this.fail(start, 'val() is only allowed on the right side of a comparison');
      if ((TRANSFORMER_NAMES as readonly string[]).includes(word)) {
        const left = this.parseTransformer();
        return this.parseCondition(left, start);
      }
    }
    if (!name.dotted) {
      this.token(start, name.end);
      this.pos = name.end;
      return { kind: 'macro', name: word, span: this.span(start) };
    }
    const field = this.parseFieldRef();
    return this.parseCondition(field, start);
  }

  /** A field name with its optional `[arg]`; cursor at the name. */
  private parseFieldRef(): FieldRef {
    const start = this.pos;
    const name = scanDottedName(this.s, start);
    if (!name || !name.dotted) this.fail(start, 'expected a field name (like proc.name)');
    this.pos = name.end;
    this.token(start, name.end);
    const arg = this.parseOptionalArg();
    return { kind: 'field', name: this.s.slice(start, name.end), arg, span: this.span(start) };
  }

  private parseOptionalArg(): FieldArg | null {
    const open = this.pos;
    if (this.s.charCodeAt(open) !== 0x5b) return null;
    let p = open + 1;
    let text: string;
    let quoted = false;
    const c = this.s.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const q = scanQuoted(this.s, p);
      if ('error' in q) this.fail(q.errorPos, q.error);
      text = q.value;
      quoted = true;
      p = q.end;
    } else {
      const e = scanBareArg(this.s, p);
      if (e < 0) this.fail(p, this.s.charCodeAt(p) === 0x5d ? 'empty field argument []' : 'invalid field argument');
      text = this.s.slice(p, e);
      p = e;
    }
    if (this.s.charCodeAt(p) !== 0x5d) this.fail(p, "expected ']' to close the field argument");
    this.pos = p + 1;
    this.token(open, p + 1);
    return { text, quoted, span: { start: open + 1, end: p } };
  }

  /** `name(` args `)` [arg]; cursor on the name. */
  private parseTransformer(): TransformerExpr {
    const start = this.pos;
    const nameEnd = scanIdentifier(this.s, start);
    const name = this.s.slice(start, nameEnd) as TransformerName;
    this.enter(start);
    this.token(start, nameEnd + 1);
    this.pos = nameEnd + 1; // past '('
    const args: TransformerArg[] = [];
    for (;;) {
      this.pos = skipBlanks(this.s, this.pos);
      args.push(this.parseTransformerArg(true));
      this.pos = skipBlanks(this.s, this.pos);
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x2c) { this.pos++; continue; }
      if (c === 0x29) { this.token(this.pos, this.pos + 1); this.pos++; break; }
      this.fail(this.pos, `expected ',' or ')' in the arguments of ${name}()`);
    }
    const arg = this.parseOptionalArg();
    this.depth--;
    return { kind: 'transformer', name, args, arg, span: this.span(start) };
  }

  private parseTransformerArg(allowList: boolean): TransformerArg {
    const p = this.pos;
    const c = this.s.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const q = scanQuoted(this.s, p);
      if ('error' in q) this.fail(q.errorPos, q.error);
      this.pos = q.end;
      this.token(p, q.end);
      return { kind: 'literal', value: q.value, quoted: true, span: { start: p, end: q.end } };
    }
    if (c === 0x28) {
      if (!allowList) this.fail(p, 'lists cannot be nested inside a transformer list');
      this.enter(p);
      this.pos = skipBlanks(this.s, p + 1);
      const items: (FieldRef | TransformerExpr | Literal)[] = [];
      if (this.s.charCodeAt(this.pos) !== 0x29) {
        for (;;) {
          this.pos = skipBlanks(this.s, this.pos);
          items.push(this.parseTransformerArg(false) as FieldRef | TransformerExpr | Literal);
          this.pos = skipBlanks(this.s, this.pos);
          const d = this.s.charCodeAt(this.pos);
          if (d === 0x2c) { this.pos++; continue; }
          if (d === 0x29) break;
          this.fail(this.pos, "expected ',' or ')' in a transformer list");
        }
      }
      this.token(this.pos, this.pos + 1);
      this.pos++;
      this.depth--;
      return { kind: 'xlist', items, span: this.span(p) };
    }
    const num = scanNumber(this.s, p);
    if (num > 0 && !isNameChar(this.s.charCodeAt(num))) {
      this.pos = num;
      this.token(p, num);
      return { kind: 'literal', value: this.s.slice(p, num), quoted: false, span: { start: p, end: num } };
    }
    const name = scanDottedName(this.s, p);
    if (name) {
      const word = this.s.slice(p, name.end);
      if (!name.dotted && this.s.charCodeAt(name.end) === 0x28 && (TRANSFORMER_NAMES as readonly string[]).includes(word)) {
        return this.parseTransformer();
      }
      if (name.dotted) return this.parseFieldRef();
    }
    this.fail(p, 'expected a field, a transformer, a quoted string, a number or a list as transformer argument');
  }

  private parseCondition(left: FieldRef | TransformerExpr, start: number): CheckExpr {
    const p = skipBlanks(this.s, this.pos);
    const op = this.operatorAt(p);
    if (!op) {
      const what = p >= this.s.length ? 'end of filter' : `'${this.s.slice(p, p + 12)}'`;
      this.fail(p, `expected an operator after '${this.s.slice(left.span.start, left.span.end)}', found ${what}`);
    }
    const opSpan = { start: p, end: p + op.length };
    this.token(p, opSpan.end);
    this.pos = opSpan.end;
    if (op === 'exists') return { kind: 'check', left, op, opSpan, modifier: null, right: null, span: this.span(start) };
    const q = skipBlanks(this.s, this.pos);
    if (NUM_OPS.has(op)) {
      // Current libs' grammar wants a number here; sysdig 0.29 takes any value and strcmp-orders strings
      // (`proc.name > "b"`), so we do too: the checker converts it per field type and warns.
      const right = this.parseRhsField(q) ?? this.parseScalarValue(q);
      return { kind: 'check', left, op, opSpan, modifier: null, right, span: this.span(start) };
    }
    if (LIST_OPS.has(op)) {
      const right = this.parseRhsField(q) ?? this.parseListOrName(q);
      return { kind: 'check', left, op, opSpan, modifier: null, right, span: this.span(start) };
    }
    // string operator: maybe a modifier form (blank required before and after the modifier word)
    if (q > this.pos) {
      const mod = this.modifierAt(q);
      if (mod) {
        const r = skipBlanks(this.s, q + mod.length);
        this.token(q, q + mod.length);
        const right = this.parseListOrName(r);
        return { kind: 'check', left, op, opSpan, modifier: mod, right, span: this.span(start) };
      }
    }
    const right = this.parseRhsField(q) ?? this.parseScalarValue(q);
    return { kind: 'check', left, op, opSpan, modifier: null, right, span: this.span(start) };
  }

  private operatorAt(p: number): CompareOp | null {
    for (const op of SYMBOL_OPS) if (this.s.startsWith(op, p)) return op;
    for (const op of WORD_OPS_NO_BLANK) if (this.s.startsWith(op, p)) return op;
    for (const op of WORD_OPS_NEED_BLANK) {
      if (this.s.startsWith(op, p)) {
        const after = p + op.length;
        if (after < this.s.length && !isBlank(this.s.charCodeAt(after))) {
          this.fail(p, `operator '${op}' must be followed by a blank`);
        }
        return op;
      }
    }
    return null;
  }

  /** `oneof|anyof|allof` + blank + (`(` or an identifier other than and/or/not). */
  private modifierAt(q: number): Modifier | null {
    for (const m of MODIFIERS) {
      if (!this.s.startsWith(m, q)) continue;
      const after = q + m.length;
      if (!isBlank(this.s.charCodeAt(after))) return null;
      const r = skipBlanks(this.s, after);
      if (this.s.charCodeAt(r) === 0x28) return m;
      const id = scanIdentifier(this.s, r);
      if (id > 0 && !KEYWORDS.has(this.s.slice(r, id))) return m;
      return null;
    }
    return null;
  }

  /** `val(field)` or a transformer on the right side; null when neither starts at q. */
  private parseRhsField(q: number): ValRef | TransformerExpr | null {
    const idEnd = scanIdentifier(this.s, q);
    if (idEnd < 0 || this.s.charCodeAt(idEnd) !== 0x28) return null;
    const word = this.s.slice(q, idEnd);
    if (word === 'val') {
      this.enter(q);
      this.pos = skipBlanks(this.s, idEnd + 1);
      const field = this.parseFieldRef();
      this.pos = skipBlanks(this.s, this.pos);
      if (this.s.charCodeAt(this.pos) !== 0x29) this.fail(this.pos, "val() takes exactly one field: expected ')'");
      this.token(this.pos, this.pos + 1);
      this.pos++;
      if (this.s.charCodeAt(this.pos) === 0x5b) this.fail(this.pos, 'val() does not take an argument');
      this.depth--;
      return { kind: 'val', field, span: this.span(q) };
    }
    if ((TRANSFORMER_NAMES as readonly string[]).includes(word)) {
      this.pos = q;
      return this.parseTransformer();
    }
    return null;
  }

  private parseScalarValue(q: number): Literal {
    const c = this.s.charCodeAt(q);
    if (c === 0x22 || c === 0x27) {
      const r = scanQuoted(this.s, q);
      if ('error' in r) this.fail(r.errorPos, r.error);
      this.pos = r.end;
      this.token(q, r.end);
      return { kind: 'literal', value: r.value, quoted: true, span: { start: q, end: r.end } };
    }
    const e = scanBareString(this.s, q);
    if (e < 0) {
      this.fail(q, q >= this.s.length ? 'expected a value, found the end of the filter'
        : `expected a value, found '${this.s[q]}'`);
    }
    this.pos = e;
    this.token(q, e);
    return { kind: 'literal', value: this.s.slice(q, e), quoted: false, span: { start: q, end: e } };
  }

  /** `( v1, v2 )` or a list name. */
  private parseListOrName(q: number): ListValue | ListName {
    if (this.s.charCodeAt(q) !== 0x28) {
      const e = scanBareString(this.s, q);
      if (e < 0) this.fail(q, "expected '(' and a list of values, or a list name");
      this.pos = e;
      this.token(q, e);
      return { kind: 'listname', name: this.s.slice(q, e), span: { start: q, end: e } };
    }
    const items: Literal[] = [];
    this.pos = skipBlanks(this.s, q + 1);
    if (this.s.charCodeAt(this.pos) !== 0x29) {
      for (;;) {
        this.pos = skipBlanks(this.s, this.pos);
        items.push(this.parseScalarValue(this.pos));
        this.pos = skipBlanks(this.s, this.pos);
        const d = this.s.charCodeAt(this.pos);
        if (d === 0x2c) { this.pos++; continue; }
        if (d === 0x29) break;
        this.fail(this.pos, this.pos >= this.s.length ? "missing ')' at the end of the list" : "expected ',' or ')' in the list");
      }
    }
    this.token(this.pos, this.pos + 1);
    this.pos++;
    return { kind: 'list', items, span: { start: q, end: this.pos } };
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private enter(at: number): void {
    if (++this.depth > this.maxDepth) this.fail(at, `filter nested too deeply (limit ${this.maxDepth} levels)`);
  }

  private token(start: number, end: number): void {
    this.lastStart = start;
    this.lastEnd = end;
  }

  private span(start: number): Span {
    return { start, end: this.pos };
  }

  private where(pos: number): string {
    const lc = lineCol(this.s, pos);
    return `${lc.line}:${lc.col}`;
  }

  private fail(pos: number, reason: string): never {
    const lc = lineCol(this.s, pos);
    throw new FilterSyntaxError(pos, lc.line, lc.col, reason);
  }
}

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e;
}

// The filter parser: grammar, precedence, the documented quirks of libs' parser, quoting and escapes,
// and error positions (0-based pos, 1-based line/col).
import { describe, it, expect } from 'vitest';
import { parseFilter } from '../../engine/filter/parser.ts';
import { printExpr, type Expr } from '../../engine/filter/ast.ts';

function ok(s: string): Expr {
  const r = parseFilter(s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse: ${r.error.message}`);
  return r.ast;
}
function err(s: string) {
  const r = parseFilter(s);
  if (r.ok) throw new Error(`expected ${JSON.stringify(s)} to be rejected, got ${printExpr(r.ast)}`);
  return r.error;
}

describe('filter parser', () => {
  it('and binds tighter than or; chains are n-ary', () => {
    const e = ok('a.b = 1 or c.d = 2 and e.f = 3');
    if (e.kind !== 'or') throw new Error(`expected an 'or' node, got '${e.kind}'`);
    expect(e.children[1].kind).toBe('and');
    const chain = ok('a.b=1 and c.d=2 and e.f=3');
    expect(chain.kind === 'and' && chain.children.length).toBe(3);
  });

  it('not binds to the following check only, and toggles', () => {
    const e = ok('not a.b = 1 and c.d = 2');
    expect(e.kind).toBe('and');
    const nn = ok('not not a.b = 1');
    expect(nn.kind === 'not' && nn.child.kind).toBe('not');
    expect(printExpr(ok('not(a.b = 1)'))).toBe('not a.b = 1');
  });

  it('copies the quirks of libs', () => {
    expect(printExpr(ok('fd.name inx'))).toBe('fd.name in x');
    expect(printExpr(ok('a.b = not'))).toBe('a.b = not');
    expect(printExpr(ok('x.y existsand z'))).toBe('x.y exists and z');
    err('a.b = b = 1');
    err('a or(b) and c');
    ok('a or (b) and c');
    ok('a and(b) and c');
    err('a.b containsvalue');
    err('b64 (x.y) = 1');
    err('(test.field) exists');
    err('x.y exists something');
    err('x.y ExIsTs');
    err('');
    err('   ');
    err('()');
    ok('((a))');
  });

  it('modifiers need blanks and a list', () => {
    const m = ok('proc.name == oneof (cat, bash)');
    expect(m.kind === 'check' && m.modifier).toBe('oneof');
    const s = ok('proc.name == oneof and x');
    expect(s.kind === 'and' && s.children[0].kind === 'check' && (s.children[0] as any).right.value).toBe('oneof');
    const l = ok('proc.name == oneof oneof');
    expect(l.kind === 'check' && l.modifier === 'oneof' && l.right?.kind).toBe('listname');
    err('x.y ==oneof (a)');
  });

  it('lists, list names, values and field references', () => {
    const e = ok('fd.name in (/etc, "/a b", \'c\')');
    expect(e.kind === 'check' && e.right?.kind === 'list' && e.right.items.map((i) => i.value)).toEqual(['/etc', '/a b', 'c']);
    expect(ok('x.y in ()').kind).toBe('check');
    err('x.y in (b64(y))');
    const v = ok('fd.num = val(evt.rawres)');
    expect(v.kind === 'check' && v.right?.kind).toBe('val');
    const t = ok('proc.name = tolower(proc.pname)');
    expect(t.kind === 'check' && t.right?.kind).toBe('transformer');
    const lit = ok('proc.name = proc.pname');
    expect(lit.kind === 'check' && lit.right?.kind).toBe('literal');
    ok('getopt(("-p","8080","x"), "p:")[p] = 8080');
    ok('join("|", (proc.name, fd.name)) = "cat|/dev/null"');
  });

  it('any value after order operators (sysdig 0.29: strings compare with strcmp); bare strings elsewhere', () => {
    ok('evt.num < -1');
    ok('evt.num <= 132.5');
    ok('evt.num < 0x83');
    const s = ok('proc.name < abc');
    expect(s.kind === 'check' && s.right?.kind === 'literal' && s.right.value).toBe('abc');
    const q = ok('evt.datetime >= "2018-08-17 17:35:48"');
    expect(q.kind === 'check' && q.right?.kind === 'literal' && q.right.quoted && q.right.value).toBe('2018-08-17 17:35:48');
    err('proc.name < (abc)');
    err('proc.name >');
    const b = ok('fd.name = /tmp/*.log');
    expect(b.kind === 'check' && (b.right as any).value).toBe('/tmp/*.log');
  });

  it('field arguments', () => {
    const e = ok('proc.aname[2] = bash');
    expect(e.kind === 'check' && e.left.kind === 'field' && e.left.arg?.text).toBe('2');
    const q = ok('proc.env["MY VAR"] = x');
    expect(q.kind === 'check' && q.left.kind === 'field' && q.left.arg?.text).toBe('MY VAR');
    err('proc.aname[] = x');
    err('proc.aname[a b] = x');
  });

  it('quoted strings unescape; bare strings do not', () => {
    const v = (s: string) => { const e = ok(s); return e.kind === 'check' ? (e.right as any).value : null; };
    expect(v('a.b = "x\\ty"')).toBe('x\ty');
    expect(v('a.b = "\\x41\\x2f"')).toBe('A/');
    expect(v("a.b = 'it\\'s'")).toBe("it's");
    expect(v('a.b = .*\\.so')).toBe('.*\\.so');
    expect(v('a.b = "a\\\\b"')).toBe('a\\b');
    err('a.b = "a\\\\"'); // a quoted string cannot end with an escaped backslash
    err('a.b = "\\d"');
    err("a.b = '\\\"'");
    err('a.b = "\\x4"');
  });

  it('errors carry positions (line and column across newlines)', () => {
    const e = err('evt.type = open and\n  proc.name = ');
    expect(e.line).toBe(2);
    expect(e.col).toBe(15);
    expect(e.pos).toBe(34);
    const t = err('evt.type=open foo');
    expect(t.pos).toBe(14);
    expect(t.message).toContain("unexpected token after 'open'");
  });

  it('caps depth and length', () => {
    expect(err('('.repeat(200) + 'a.b=1' + ')'.repeat(200)).message).toContain('nested too deeply');
    expect(err('not '.repeat(150) + 'a.b=1').message).toContain('nested too deeply');
    expect(parseFilter('('.repeat(500) + 'a.b=1' + ')'.repeat(500), { maxDepth: 1000 }).ok).toBe(true);
    expect(err('a.b = ' + 'x'.repeat(2_000_000)).message).toContain('too long');
  });

  it('printExpr output parses back to the same tree shape', () => {
    for (const s of ['a.b = 1 or c.d = 2 and not e.f = 3', 'not (a.b = 1 or c.d exists)', 'x.y in ("a b", c)',
      'fd.name regex ".*\\\\.so"', 'proc.name startswith anyof (a, b)', 'toupper(proc.name) = CAT', 'a.b = "x\\\\y"', 'a.b = x\\']) {
      const once = printExpr(ok(s));
      expect(printExpr(ok(once))).toBe(once);
    }
  });
});

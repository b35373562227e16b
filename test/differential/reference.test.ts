// The differential suite's own parts, checked against the language reference's examples
// (shared/docs/filter-language.md §6.2, §5.2), so a wrong reference cannot hide or invent engine bugs;
// and the generator's reach (every operator, arguments, transformers, filters that compile).
import { describe, it, expect } from 'vitest';
import { fnmatch, pmatch, re2Full, leaf } from '../lib/ref-eval.ts';
import { FILTER_FIELDS, genFilter, checksOf, literal, render, type Check, type FieldRef } from '../lib/filtergen.ts';
import { ColumnStore } from '../lib/columns.ts';
import { Rng } from '../lib/rng.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { compileFilter } from '../../engine/filter/index.ts';

function check(spec: string, op: string, rhs: string[], over: Partial<FieldRef> = {}): Check {
  const info = FILTER_FIELDS.find((f) => f.name === spec)!;
  const field: FieldRef = { info, spec, kind: 'str', bits: 0, signed: false, source: spec, ...over };
  return { k: 'check', field, xf: [], op, rhs, list: ['in', 'intersects', 'pmatch'].includes(op) };
}

describe('reference evaluator (test/lib/ref-eval.ts)', () => {
  it('glob is fnmatch without flags: * and ? match / and dots, classes, escapes; iglob folds ASCII case', () => {
    expect(fnmatch('*.txt', 'a/b.txt', false)).toBe(true);
    expect(fnmatch('?', '/', false)).toBe(true);
    expect(fnmatch('*', '.hidden', false)).toBe(true);
    expect(fnmatch('[!a-z]x', '1x', false)).toBe(true);
    expect(fnmatch('[!a-z]x', 'bx', false)).toBe(false);
    expect(fnmatch('a\\*', 'a*', false)).toBe(true);
    expect(fnmatch('a\\*', 'ab', false)).toBe(false);
    expect(fnmatch('[a', '[a', false)).toBe(true);
    expect(fnmatch('/tmp/*', '/tmp', false)).toBe(false);
    expect(fnmatch('[A-Z]at', 'cat', true)).toBe(true);
    expect(fnmatch('[A-Z]at', 'cat', false)).toBe(false);
  });

  it('pmatch compares whole path components, globs per component, / matches all', () => {
    expect(pmatch('/usr/lib', '/usr/lib')).toBe(true);
    expect(pmatch('/usr/lib', '/usr/lib/x/y')).toBe(true);
    expect(pmatch('/usr/lib', '/usr/libexec')).toBe(false);
    expect(pmatch('/usr/lib', '/usr')).toBe(false);
    expect(pmatch('/opt/*/subdir', '/opt/dir/subdir/f')).toBe(true);
    expect(pmatch('/', 'anything')).toBe(true);
  });

  it('regex is a full match; . excludes only newline', () => {
    expect(re2Full('null').test('/dev/null')).toBe(false);
    expect(re2Full('.*null').test('/dev/null')).toBe(true);
    expect(re2Full('a.b').test('a\rb')).toBe(true);
    expect(re2Full('a.b').test('a\nb')).toBe(false);
    expect(re2Full('(x|/dev/[a-z]+)').test('/dev/null')).toBe(true);
  });

  it('missing values make every operator false; empty strings exist', () => {
    for (const op of ['=', '!=', 'contains', 'exists', 'in', 'glob']) expect(leaf(check('fd.name', op, ['x']), null)).toBe(false);
    expect(leaf(check('fd.name', 'exists', []), '')).toBe(true);
    expect(leaf(check('fd.name', '=', ['']), '')).toBe(true);
    expect(leaf(check('fd.name', 'contains', ['']), 'abc')).toBe(true);
    expect(leaf(check('fd.name', 'in', []), '')).toBe(false);
  });

  it('integers compare numerically in the field width (evt.cpu = 65536 is evt.cpu = 0), strings by bytes', () => {
    const cpu = (op: string, v: string) => check('evt.cpu', op, [v], { kind: 'num', bits: 16, signed: true });
    expect(leaf(cpu('=', '65536'), '0')).toBe(true);
    expect(leaf(cpu('<', '10'), '9')).toBe(true);
    expect(leaf(cpu('<', '10'), '11')).toBe(false);
    expect(leaf(check('fd.name', '<', ['b']), 'a\xff')).toBe(true);
    // strcmp order over the bytes (values are byte strings): unsigned bytes, a proper prefix sorts first
    expect(leaf(check('proc.name', '>', ['b']), 'cat')).toBe(true);
    expect(leaf(check('fd.name', '>', ['/z']), '/caf\xc3\xa9')).toBe(false);
    expect(leaf(check('fd.name', '>', ['/cafz']), '/caf\xc3\xa9')).toBe(true);
    expect(leaf(check('fd.name', '<', ['/etc/x']), '/etc')).toBe(true);
    expect(leaf(check('fd.name', '>=', ['/etc']), '/etc')).toBe(true);
    expect(leaf(check('fd.name', '<=', ['']), '')).toBe(true);
    expect(leaf(check('fd.name', 'icontains', ['ETC']), '/etc/x')).toBe(true);
    expect(leaf(check('proc.name', 'intersects', ['a', 'cat']), 'cat')).toBe(true);
  });

  it('operands are written as filter text that means the same bytes', () => {
    expect(literal('caf\xc3\xa9 x')).toBe('"café x"');
    expect(literal('a\xffb')).toBe('"a\\xffb"');
    expect(literal('say "hi"\\')).toBe('"say \\x22hi\\x22\\x5c"');
    expect(literal('and')).toBe('"and"');
  });
});

describe('filter generator (test/lib/filtergen.ts)', () => {
  it('reaches every operator, arguments and transformers, and most filters compile', async () => {
    const cap = await openCaptureFile('samples/captures/connect_localhost.scap');
    const store = new ColumnStore(cap);
    const rng = new Rng(20260);
    const ops = new Set<string>(), xfs = new Set<string>();
    let withArg = 0, ok = 0, n = 0, strOrder = 0;
    for (let i = 0; i < 3000; i++) {
      const node = genFilter(rng, store, 'engine', false);
      if (!node) continue;
      n++;
      if (compileFilter(render(node, rng)).ok) ok++;
      for (const c of checksOf(node)) {
        ops.add(c.op);
        c.xf.forEach((x) => xfs.add(x));
        if (c.field.spec !== c.field.info.name) withArg++;
        // ordering a string field by a value that is not a number (sysdig 0.29's grammar)
        if (['<', '<=', '>', '>='].includes(c.op) && c.field.kind === 'str' && !c.xf.includes('len') && !/^\d+$/.test(c.rhs[0])) strOrder++;
      }
    }
    const all = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith',
      'endswith', 'in', 'intersects', 'pmatch', 'glob', 'iglob', 'regex', 'exists'];
    expect(all.filter((o) => !ops.has(o))).toEqual([]);
    expect([...xfs].sort()).toEqual(['b64', 'basename', 'len', 'tolower', 'toupper']);
    expect(withArg).toBeGreaterThan(100);
    expect(strOrder).toBeGreaterThan(100);
    expect(ok / n).toBeGreaterThan(0.7);
  });
});

// Rules loader semantics against the cases of Falco's former regression suite and the rules-file
// reference (shared/docs/falco-rules.md): YAML structure errors, lists, macros, rules, append,
// override, exceptions, priorities, warnings, and the official rulesets loading cleanly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printExpr } from '../../engine/filter/ast.ts';
import { loadRules, type LoadResult } from '../../engine/rules/loader.ts';
import { substituteList } from '../../engine/rules/lists.ts';
import { conditionWithExceptions } from '../../engine/rules/exceptions.ts';
import { parsePriority } from '../../engine/rules/model.ts';
import { buildRuleset, selectionError } from '../../engine/rules/ruleset.ts';
import { growth, LINEAR_BOUND } from '../lib/scaling.ts';

const load = (...texts: string[]): LoadResult => loadRules(texts.map((text, i) => ({ name: `f${i}.yaml`, text })));
const rule = (name: string, cond: string, extra = '') =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: "o %proc.name"\n  priority: WARNING\n${extra}`;
const cond = (r: LoadResult, name: string) => r.compiled!.rules.find((x) => x.name === name)!.conditionText;
const tree = (r: LoadResult, name: string) => printExpr(r.compiled!.rules.find((x) => x.name === name)!.ast);
const err = (r: LoadResult) => ({ code: r.errors[0]?.code, message: r.errors[0]?.message, itemType: r.errors[0]?.itemType, itemName: r.errors[0]?.itemName });
const warnCodes = (r: LoadResult) => r.warnings.map((w) => w.code);

describe('YAML structure', () => {
  it('rejects content that is not an array of objects, with Falco messages', () => {
    expect(err(load('foo'))).toMatchObject({ code: 'LOAD_ERR_YAML_VALIDATE', message: 'Rules content is not yaml' });
    expect(err(load('a: b'))).toMatchObject({ message: 'Rules content is not yaml array of objects' });
    expect(err(load('- foo'))).toMatchObject({ message: 'Unexpected element type. Each element should be a yaml associative array.' });
    expect(err(load('- rule: [a\n'))).toMatchObject({ code: 'LOAD_ERR_YAML_PARSE' });
  });
  it('reports missing keys with the item and the line', () => {
    const r = load('- list: foo\n');
    expect(err(r)).toEqual({ code: 'LOAD_ERR_YAML_VALIDATE', message: "Item has no mapping for key 'items'", itemType: 'list', itemName: 'foo' });
    expect(r.errors[0].pos).toEqual({ file: 'f0.yaml', line: 1, col: 3 });
    expect(err(load('- macro: m\n'))).toMatchObject({ message: "Item has no mapping for key 'condition'" });
    expect(err(load('- rule: r\n  desc: d\n  condition: evt.type=open\n  priority: INFO\n'))).toMatchObject({ message: "Item has no mapping for key 'output'" });
    expect(err(load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: SEVERE\n'))).toMatchObject({ message: 'Invalid priority' });
  });
  it('skips empty documents and reads several documents', () => {
    const r = load('---\n---\n' + rule('a', 'evt.type=open') + '---\n' + rule('b', 'evt.type=close'));
    expect(r.ok).toBe(true);
    expect(r.compiled!.rules.map((x) => x.name)).toEqual(['a', 'b']);
  });
  it('resolves YAML anchors and aliases like yaml-cpp, without expanding alias bombs', () => {
    const r = load('- list: a\n  items: &shells [bash, sh]\n- list: b\n  items: *shells\n' + rule('r', 'evt.type=execve and proc.name in (a, b)'));
    expect(r.errors).toEqual([]);
    expect(cond(r, 'r')).toBe('evt.type=execve and proc.name in ( bash, sh , bash, sh )');
    const bomb = load('- list: a\n  items: &x [[y, y], [y, y]]\n- list: b\n  items: [*x, *x, *x]\n');
    expect(bomb.errors[0].message).toBe('sequence value is not scalar');
  });
  it('warns on unknown items and keys', () => {
    const r = load('- foo: bar\n- list: l\n  items: [a]\n  priority: INFO\n' + rule('r', 'evt.type=open and proc.name in (l)'));
    expect(warnCodes(r)).toEqual(['LOAD_UNKNOWN_ITEM', 'LOAD_UNKNOWN_KEY']);
    expect(r.warnings[1].message).toBe("Unknown key 'priority'. The key will be ignored.");
  });
});

describe('engine version', () => {
  it('accepts semver and integers, rejects newer and garbage', () => {
    expect(load('- required_engine_version: 0.57.0\n').ok).toBe(true);
    expect(load('- required_engine_version: 2\n').ok).toBe(true);
    expect(err(load('- required_engine_version: 9999999\n'))).toMatchObject({ code: 'LOAD_ERR_VALIDATE', message: 'Rules require engine version 0.9999999.0, but engine version is 0.63.0' });
    expect(err(load('- required_engine_version: seven\n')).message).toMatch(/^Unable to parse engine version 'seven' as a semver string/);
  });
});

describe('lists', () => {
  const L = (name: string, items: string[]) => ({ name, items, firstIndex: 0 });
  it('substitutes between delimiters only, like Falco', () => {
    expect(substituteList('proc.name in (cat_binaries, ps)', L('cat_binaries', ['cat'])).text).toBe('proc.name in ( cat , ps)');
    expect(substituteList('proc.name in (ps, cat_binaries, ls)', L('cat_binaries', ['cat'])).text).toBe('proc.name in (ps, cat , ls)');
    expect(substituteList('proc.name in (ps, cat_binaries)', L('cat_binaries', ['cat'])).text).toBe('proc.name in (ps, cat )');
    expect(substituteList('proc.name=cat_binaries', L('cat_binaries', ['cat'])).text).toBe('proc.name= cat ');
    expect(substituteList('fd.name in (file_my_list)', L('my_list', ['x'])).used).toBe(false);
    expect(substituteList('proc.name = "a my_list b"', L('my_list', ['x'])).text).toBe('proc.name = "a x b"');
    expect(substituteList('x in (a, empty)', L('empty', [])).text).toBe('x in (a )');
    expect(substituteList('x in (empty, a)', L('empty', [])).text).toBe('x in (  a)');
  });
  it('redefinition keeps the first position; append concatenates; later lists are seen', () => {
    const r = load(
      '- list: bins\n  items: [ls]\n', rule('r', 'proc.name in (bins, late)'),
      '- list: bins\n  items: [cat]\n- list: bins\n  items: [vi]\n  append: true\n- list: late\n  items: [x y]\n');
    expect(r.ok).toBe(true);
    expect(cond(r, 'r')).toBe('proc.name in ( cat, vi , "x y" )');
    expect(warnCodes(r)).toContain('LOAD_DEPRECATED_ITEM');
  });
  it('override items append/replace, and append without a base fails', () => {
    const r = load('- list: l\n  items: [a]\n- list: l\n  items: [b]\n  override:\n    items: append\n' + rule('r', 'proc.name in (l)'));
    expect(cond(r, 'r')).toBe('proc.name in ( a, b )');
    const r2 = load('- list: l\n  items: [a]\n- list: l\n  items: [b]\n  override:\n    items: replace\n' + rule('r', 'proc.name in (l)'));
    expect(cond(r2, 'r')).toBe('proc.name in ( b )');
    expect(err(load('- list: l\n  items: [b]\n  append: true\n'))).toMatchObject({ code: 'LOAD_ERR_VALIDATE', message: "List uses 'append' or 'override.items: append' but no list by that name already exists" });
    expect(err(load('- list: l\n  items: [a]\n- list: l\n  items: [b]\n  append: true\n  override:\n    items: append\n')).message).toMatch(/^Keys 'override' and 'append: true' cannot be used together/);
  });
  it('expands lists of earlier lists one level', () => {
    const r = load('- list: cat_binaries\n  items: [cat]\n- list: cat_capable_binaries\n  items: [cat_binaries, dog]\n' + rule('r', 'proc.name in (cat_capable_binaries)'));
    expect(cond(r, 'r')).toBe('proc.name in ( cat, dog )');
  });
  it('a list loop ends with an unknown event type (invalid_list_loop)', () => {
    const r = load('- list: list_a\n  items: [open]\n- list: list_b\n  items: [list_a]\n- list: list_a\n  items: [list_b]\n' + rule('r', 'evt.type in (list_a)'));
    expect(err(r)).toMatchObject({ code: 'LOAD_ERR_COMPILE_CONDITION', message: 'unknown event type list_a' });
  });
  it('warns about unused lists and invalid names', () => {
    const r = load('- list: unused\n  items: [a]\n- list: "test list"\n  items: [b]\n' + rule('r', 'evt.type=open'));
    expect(warnCodes(r).sort()).toEqual(['LOAD_INVALID_LIST_NAME', 'LOAD_UNUSED_LIST', 'LOAD_UNUSED_LIST']);
  });
});

describe('macros', () => {
  it('substitutes the macro tree as a group, so not negates all of it', () => {
    const r = load('- macro: m\n  condition: evt.type=open or evt.type=close\n' + rule('r', 'not m and proc.name=cat'));
    expect(tree(r, 'r')).toBe('not (evt.type = open or evt.type = close) and proc.name = cat');
  });
  it('append joins with a space; override append/replace', () => {
    const r = load('- macro: m\n  condition: evt.type=open\n- macro: m\n  condition: or evt.type=close\n  append: true\n' + rule('r', 'm'));
    expect(tree(r, 'r')).toBe('evt.type = open or evt.type = close');
    const r2 = load('- macro: m\n  condition: evt.type=open\n- macro: m\n  condition: evt.type=close\n  override:\n    condition: replace\n' + rule('r', 'm'));
    expect(tree(r2, 'r')).toBe('evt.type = close');
  });
  it('appending garbage fails to compile (invalid_append_macro)', () => {
    const r = load('- macro: m\n  condition: evt.type=execve\n- macro: m\n  condition: foo\n  append: true\n');
    expect(err(r)).toMatchObject({ code: 'LOAD_ERR_COMPILE_CONDITION', message: "unexpected token after 'execve', expecting 'or', 'and'", itemType: 'macro', itemName: 'm' });
    expect(err(load('- macro: m\n  condition: or x.y=1\n  append: true\n')).message).toBe("Macro uses 'append' or 'override.condition: append' but no macro by that name already exists");
  });
  it('undefined, invisible and looping macros are errors', () => {
    expect(err(load(rule('r', 'evt.type=open and nope')))).toEqual({ code: 'LOAD_ERR_VALIDATE', message: "Undefined macro 'nope' used in filter.", itemType: 'rule', itemName: 'r' });
    // A macro cannot see a macro defined after it.
    expect(err(load('- macro: a\n  condition: b\n- macro: b\n  condition: evt.type=open\n'))).toMatchObject({ message: "Undefined macro 'b' used in filter.", itemName: 'a' });
    // ... unless redefined later (visibility is by its last define).
    expect(load('- macro: a\n  condition: evt.type=close\n- macro: b\n  condition: evt.type=open\n- macro: a\n  condition: b\n' + rule('r', 'a')).ok).toBe(true);
    // Rules see every macro.
    expect(load(rule('r', 'late'), '- macro: late\n  condition: evt.type=open\n').ok).toBe(false); // compiled after the first file, like Falco
    expect(load(rule('r', 'late') + '- macro: late\n  condition: evt.type=open\n').ok).toBe(true);
  });
  it('a macro redefinition keeps its slot; unused macros warn', () => {
    const r = load('- macro: m\n  condition: evt.type=open\n- macro: unused\n  condition: evt.type=close\n- macro: m\n  condition: evt.type=read\n' + rule('r', 'm'));
    expect(tree(r, 'r')).toBe('evt.type = read');
    expect(r.warnings.map((w) => `${w.code} ${w.itemName}`)).toEqual(['LOAD_UNUSED_MACRO unused']);
  });
  it('bounds exponential expansion', () => {
    let y = '- macro: m0\n  condition: evt.type=open\n';
    for (let i = 1; i < 30; i++) y += `- macro: m${i}\n  condition: m${i - 1} and m${i - 1}\n`;
    const r = load(y + rule('r', 'm29'));
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(/too large after macro expansion/);
  });
});

describe('rules', () => {
  it('redefinition replaces everything and keeps the order (rule_order)', () => {
    const r = load(rule('a', 'evt.type=open') + rule('b', 'evt.type=close') + rule('a', 'evt.type=read'));
    expect(r.compiled!.rules.map((x) => `${x.name}:${x.conditionText}`)).toEqual(['a:evt.type=read', 'b:evt.type=close']);
  });
  it('deprecated append takes condition and exceptions only', () => {
    const r = load(rule('a', 'evt.type=open'), '- rule: a\n  condition: and proc.name = cat\n  priority: DEBUG\n  append: true\n');
    expect(cond(r, 'a')).toBe('evt.type=open and proc.name = cat');
    expect(r.compiled!.rules[0].def.priority).toBe(4);
    expect(err(load(rule('a', 'evt.type=open') + '- rule: a\n  append: true\n')).message).toBe('Appended rule must have exceptions or condition property');
    expect(err(load('- rule: zz\n  condition: and x.y=1\n  append: true\n')).message).toBe("Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists");
  });
  it('override: append and replace per key, with its checks', () => {
    const base = rule('a', 'evt.type=open', '  tags: [t1]\n');
    const r = load(base, '- rule: a\n  condition: and proc.name=cat\n  output: more\n  tags: [t2]\n  priority: ERROR\n  enabled: false\n  override:\n    condition: append\n    output: append\n    tags: append\n    priority: replace\n    enabled: replace\n');
    const a = r.compiled!.rules[0];
    expect([a.conditionText, a.def.output, a.def.tags, a.def.priority, a.def.enabled]).toEqual(['evt.type=open and proc.name=cat', 'o %proc.name more', ['t1', 't2'], 3, false]);
    expect(err(load(base + '- rule: a\n  priority: ERROR\n  override:\n    priority: append\n')).message).toBe("Key 'priority' cannot be appended to, use 'replace' instead");
    expect(err(load(base + '- rule: a\n  source: syscall\n  override:\n    source: replace\n')).message).toBe("Key 'source' cannot be replaced");
    expect(err(load(base + '- rule: a\n  override:\n    condition: append\n')).message).toBe("An append override for 'condition' was specified but 'condition' is not defined");
    expect(err(load(base + '- rule: a\n  condition: x\n  priority: ERROR\n  override:\n    condition: replace\n')).message).toBe("Unexpected key 'priority': no corresponding entry under 'override' is defined.");
    expect(err(load('- rule: zz\n  priority: ERROR\n  override:\n    priority: replace\n')).message).toBe("An 'override.<key>: replace' to a rule was requested but no rule by that name already exists");
    expect(err(load(base + '- rule: a\n  source: k8s_audit\n  condition: x\n  override:\n    condition: append\n')).message).toBe('Rule has been re-defined with a different source');
  });
  it('standalone enabled flips an existing rule', () => {
    const r = load(rule('a', 'evt.type=open'), '- rule: a\n  enabled: false\n');
    expect(r.compiled!.rules[0].def.enabled).toBe(false);
    expect(warnCodes(r)).toContain('LOAD_DEPRECATED_ITEM');
    expect(err(load('- rule: zz\n  enabled: false\n')).message).toBe("Rule has 'enabled' key but no rule by that name already exists");
  });
  it('skip-if-unknown-filter turns unknown fields into a warning and drops the rule', () => {
    const r = load(rule('a', 'proc.nobody = 1', '  skip-if-unknown-filter: true\n') + rule('b', 'evt.type=open'));
    expect(r.ok).toBe(true);
    expect(r.compiled!.rules.map((x) => x.name)).toEqual(['b']);
    expect(r.warnings[0]).toMatchObject({ code: 'LOAD_UNKNOWN_FILTER', message: 'filter_check called with nonexistent field proc.nobody' });
    expect(err(load(rule('a', 'proc.nobody = 1')))).toMatchObject({ code: 'LOAD_ERR_COMPILE_CONDITION', message: 'filter_check called with nonexistent field proc.nobody' });
    expect(err(load(rule('a', 'evt.type = foo')))).toMatchObject({ message: 'unknown event type foo' });
  });
  it('validates output formats', () => {
    const r = load('- rule: a\n  desc: d\n  condition: evt.type=open\n  output: "x %not_a_real_field"\n  priority: INFO\n');
    expect(err(r)).toMatchObject({ code: 'LOAD_ERR_COMPILE_OUTPUT', message: 'invalid formatting token not_a_real_field' });
  });
  it('warns when a rule has no event-type restriction (test_warnings)', () => {
    for (const c of ['evt.type!=execve', 'not evt.type=execve', 'proc.name=cat', 'evt.type=open or proc.name=cat']) {
      expect(warnCodes(load(rule('a', c)))).toEqual(['LOAD_NO_EVTTYPE']);
    }
    for (const c of ['evt.type=open', 'not evt.type!=open', 'evt.type in (open, close) and not proc.name=cat']) {
      expect(warnCodes(load(rule('a', c)))).toEqual([]);
    }
    expect(warnCodes(load(rule('a', 'proc.name=cat', '  warn_evttypes: false\n')))).toEqual([]);
  });
  it('warns like Falco about deprecated fields, unsafe <NA> checks and values that look like fields', () => {
    expect(load(rule('a', 'evt.type=open and evt.dir=<')).warnings.map((w) => `${w.code}: ${w.message}`))
      .toEqual(["LOAD_DEPRECATED_ITEM: The field 'evt.dir' is deprecated and may be removed in a future version."]);
    expect(warnCodes(load(rule('a', 'evt.type=execve and proc.name = proc.pname')))).toEqual(['LOAD_COMPILE_CONDITION']);
    const k8s = load('- rule: k\n  desc: d\n  condition: ka.user.name = "<NA>"\n  output: o\n  priority: INFO\n  source: k8s_audit\n');
    expect(warnCodes(k8s)).toEqual(['LOAD_UNSAFE_NA_CHECK']);
  });
  it('keeps rule names with spaces and regex characters', () => {
    const r = load(rule("'Open From Cat ($\\.*+?()[]{}|^)'", 'evt.type=open'));
    expect(r.compiled!.rules[0].name).toBe('Open From Cat ($\\.*+?()[]{}|^)');
  });
});

describe('exceptions', () => {
  it('builds the condition text as Falco does', () => {
    const ex = (fields: string[] | string, comps: string[] | string | undefined, values: any[]) => ({ name: 'e', fields, comps, values, pos: { file: '', line: 1, col: 1 } });
    expect(conditionWithExceptions('evt.type=open', [ex(['proc.cmdline'], ['contains'], [['curl 127.0.0.1']])]))
      .toBe('(evt.type=open) and not ((proc.cmdline contains "curl 127.0.0.1"))');
    expect(conditionWithExceptions('c', [ex(['proc.name', 'fd.name'], ['contains', 'startswith anyof'], [['agent', ['/etc/', '/var/']]])]))
      .toBe('(c) and not ((proc.name contains agent and fd.name startswith anyof (/etc/, /var/)))');
    expect(conditionWithExceptions('c', [ex('proc.cmdline', undefined, ['cat /dev/zero', 'cat /dev/null'])]))
      .toBe('(c) and not (proc.cmdline in ("cat /dev/zero", "cat /dev/null"))');
    expect(conditionWithExceptions('c', [ex(['proc.cmdline'], ['in'], [['cat_cmdlines']])])).toBe('(c) and not ((proc.cmdline in (cat_cmdlines)))');
    expect(conditionWithExceptions('c', [ex(['proc.name'], undefined, [])])).toBe('c');
  });
  it('validates fields, comps and lengths', () => {
    const base = (exc: string) => load(rule('r', 'evt.type=open', '  exceptions:\n' + exc));
    expect(err(base('    - name: e\n      fields: [not.exist]\n      values: [[a]]\n'))).toMatchObject({ code: 'LOAD_ERR_VALIDATE', message: "'not.exist' is not a supported filter field", itemType: 'exception', itemName: 'e' });
    expect(err(base('    - name: e\n      fields: [proc.name]\n      comps: [no-comp]\n      values: [[a]]\n')).message).toBe("'no-comp' is not a supported comparison operator");
    expect(err(base('    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=]\n      values: [[a, b]]\n')).message).toBe('Fields and comps lists must have equal length');
    expect(err(base('    - name: e\n      fields: [proc.name, fd.name]\n      values: [[a]]\n')).message).toBe('Fields and values lists must have equal length');
    expect(err(base('    - fields: [proc.name]\n')).message).toBe("Item has no mapping for key 'name'");
    expect(err(base('    - name: e\n')).message).toBe("Item has no mapping for key 'fields'");
  });
  it('appends values to an existing exception and adds new ones', () => {
    const r = load(rule('r', 'evt.type=open', '  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: [[a]]\n'),
      '- rule: r\n  exceptions:\n    - name: e\n      values: [[b]]\n    - name: f\n      fields: fd.name\n      values: [/x]\n  override:\n    exceptions: append\n');
    expect(cond(r, 'r')).toBe('(evt.type=open) and not ((proc.name = a) or (proc.name = b)) and not (fd.name in (/x))');
    const bad = load(rule('r', 'evt.type=open', '  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: [[a]]\n'),
      '- rule: r\n  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: [[b]]\n  append: true\n');
    expect(err(bad).message).toBe('Can not append exception fields to existing exception, only values');
  });
  it('substitutes lists in values (rule_exception_values_listref)', () => {
    const r = load('- list: cat_cmdlines\n  items: [cat /dev/null, cat /dev/zero]\n' + rule('r', 'evt.type=open', '  exceptions:\n    - name: e\n      fields: [proc.cmdline]\n      comps: [in]\n      values: [[cat_cmdlines]]\n'));
    expect(tree(r, 'r')).toBe('evt.type = open and not proc.cmdline in ("cat /dev/null", "cat /dev/zero")');
  });
});

describe('priorities and selection', () => {
  it('parses priorities case-insensitively', () => {
    expect(['EMERGENCY', 'alert', 'Critical', 'error', 'WARNING', 'notice', 'info', 'INFORMATIONAL', 'debug', 'bad'].map(parsePriority))
      .toEqual([0, 1, 2, 3, 4, 5, 6, 6, 7, -1]);
  });
  it('selects by tag like the suite expects on tagged_rules', () => {
    const tags = [['a'], ['b'], ['c'], ['a', 'b'], ['a', 'c'], ['b', 'c'], ['a', 'b', 'c'], ['b', 'a'], ['c', 'a'], ['b', 'c', 'a'], ['d'], [], null];
    const y = tags.map((t, i) => rule(`open_${i + 1}`, 'evt.type=open', t === null ? '' : `  tags: [${t.join(', ')}]\n`)).join('');
    const rules = load(y).compiled!.rules;
    const names = (s: object) => buildRuleset(rules, s).rules.map((r) => Number(r.name.slice(5)));
    expect(names({ disableTags: ['a'] })).toEqual([2, 3, 6, 11, 12, 13]);
    expect(names({ enableTags: ['a'] })).toEqual([1, 4, 5, 7, 8, 9, 10]);
    expect(names({ enableTags: ['d'] })).toEqual([11]);
    expect(names({ disableNames: ['open_1'] })).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(names({ minPriority: 3 })).toEqual([]);
    expect(selectionError({ disableTags: ['a'], enableTags: ['b'] })).toBe('You can not specify both disabled (-D/-T) and enabled (-t) rules');
  });
  it('indexes rules by event type', () => {
    const rs = buildRuleset(load(rule('a', 'evt.type=open') + rule('b', 'proc.name=cat') + rule('c', 'evt.type in (close, madvise)')).compiled!.rules);
    expect([...rs.byType[2]]).toEqual([0, 1]); // open enter
    expect([...rs.byType[5]]).toEqual([1, 2]); // close exit
    expect([...rs.byType[1]]).toEqual([0, 1, 2]); // generic syscall exit can carry any syscall name (old captures)
  });
});

describe('official rulesets', () => {
  for (const f of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'k8s_audit_rules.yaml', 'aws_cloudtrail_rules.yaml']) {
    it(`${f} loads with zero errors`, () => {
      const r = loadRules([{ name: f, text: readFileSync(new URL(`../../samples/rules/${f}`, import.meta.url), 'utf8') }]);
      expect(r.errors).toEqual([]);
      expect(r.compiled!.rules.length).toBeGreaterThan(20);
    });
  }
  it('falco_rules.yaml then incubating then sandbox load together in order', () => {
    const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => ({ name: f, text: readFileSync(new URL(`../../samples/rules/${f}`, import.meta.url), 'utf8') }));
    const r = loadRules(files);
    expect(r.errors).toEqual([]);
    expect(r.compiled!.rules.length).toBe(25 + 31 + 37);
  });
});

describe('hostile rules files', () => {
  const bad = (text: string) => loadRules([{ name: 'h.yaml', text }]);
  it('rejects binary garbage, alias bombs and deep nesting with an error (a hang fails by the test timeout)', () => {
    expect(bad('\u0000\u0001garbage\u00ff').errors[0].code).toBe('LOAD_ERR_YAML_VALIDATE');
    let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) y += `a${i}: &a${i} [${Array(10).fill('*a' + (i - 1)).join(', ')}]\n`;
    expect(bad(y).errors[0].message).toBe('Rules content is not yaml array of objects');
    expect(bad('- rule: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n').ok).toBe(false);
    const deep = bad(`- rule: r\n  desc: d\n  condition: ${'('.repeat(5000)}evt.type=open${')'.repeat(5000)}\n  output: o\n  priority: INFO\n`);
    expect(deep.errors[0]).toMatchObject({ code: 'LOAD_ERR_COMPILE_CONDITION' });
    expect(deep.errors[0].message).toMatch(/nested too deeply/);
  });
  it('loads thousands of rules, in time linear in their number (4x the rules, about 4x the time)', () => {
    const texts = new Map<number, string>();
    const rules = (n: number) => {
      if (!texts.has(n)) texts.set(n, Array.from({ length: n }, (_, i) => `- rule: r${i}\n  desc: d\n  condition: evt.type=open and proc.name=x${i}\n  output: o %proc.name\n  priority: INFO\n`).join(''));
      return texts.get(n)!;
    };
    const r = bad(rules(2000));
    expect(r.ok).toBe(true);
    expect(r.compiled!.rules.length).toBe(2000);
    expect(growth((n) => bad(rules(n)), 250, 2)).toBeLessThan(LINEAR_BOUND);
  });
});

// The `rule` pseudo-field and column: rewriting of filter text over the current alerts, and the worker
// wrapper that applies it to the viewer's filter entry points (checked with a recording fake viewer).
import { describe, expect, it } from 'vitest';
import { rewriteRuleField, usesRuleField } from '../../engine/rules/pseudo-fields.ts';
import { withRules } from '../../engine/rules/service.ts';

const idx = { byRule: new Map([['Open From Cat', [140, 141]], ['b', [7]]]), all: [7, 140, 141] };

describe('rule pseudo-field', () => {
  it('rewrites =, !=, in and exists into evt.num checks', () => {
    expect(rewriteRuleField('rule = "Open From Cat"', idx)).toBe('(evt.num in (140, 141))');
    expect(rewriteRuleField("rule != b and evt.type=open", idx)).toBe('not (evt.num in (7)) and evt.type=open');
    expect(rewriteRuleField('rule in ("Open From Cat", b)', idx)).toBe('(evt.num in (7, 140, 141))');
    expect(rewriteRuleField('not rule exists', idx)).toBe('not (evt.num in (7, 140, 141))');
    expect(rewriteRuleField('rule = nope', idx)).toBe('(evt.num = 0)');
  });
  it('leaves quoted strings, field names and values alone', () => {
    for (const e of ['fd.name = "rule = x"', 'proc.rule = 3', 'proc.name = rule', "proc.name = 'rule exists'"]) {
      expect(rewriteRuleField(e, idx)).toBe(e);
      expect(usesRuleField(e)).toBe(false);
    }
  });
});

describe('worker wrapper', () => {
  it('rewrites filters, coloring and find, fills the rule column, keeps other methods', async () => {
    const calls: unknown[][] = [];
    const viewer = {
      setFilter(e: string) { calls.push(['setFilter', e]); return 1; },
      setColoring(f: string[]) { calls.push(['setColoring', f]); return 2; },
      find(q: object, from: number) { calls.push(['find', q, from]); return 3; },
      rows(_s: number, _c: number, extra?: string[]) { calls.push(['rows', extra]); return [{ index: 139, extra: {} }, { index: 5 }]; },
      other() { return 'ok'; },
    };
    const w = withRules(viewer, () => null);
    await w.setFilter('rule exists');
    await w.setColoring(['rule exists', 'evt.type=open']);
    await w.find({ kind: 'filter', text: 'rule = x' } as never, 4);
    // No alerts yet: every rule check is the empty set.
    expect(calls.slice(0, 3)).toEqual([
      ['setFilter', '(evt.num = 0)'], ['setColoring', ['(evt.num = 0)', 'evt.type=open']], ['find', { kind: 'filter', text: '(evt.num = 0)' }, 4],
    ]);
    const rows = await w.rows(0, 2, ['proc.name', 'rule']);
    expect(calls[3]).toEqual(['rows', ['proc.name']]);
    expect(rows).toEqual([{ index: 139, extra: { rule: '' } }, { index: 5, extra: { rule: '' } }]);
    expect(w.other()).toBe('ok');
    expect(typeof w.rulesLoad).toBe('function');
  });
});

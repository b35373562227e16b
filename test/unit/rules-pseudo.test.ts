// The `rule` pseudo-field: rewriting of filter text over the current alerts (the Session's use of it on
// a real capture is tested in test/unit/session-rules.test.ts).
import { describe, expect, it } from 'vitest';
import { rewriteRuleField, usesRuleField } from '../../engine/rules/pseudo-fields.ts';

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

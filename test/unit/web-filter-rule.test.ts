// Filter → Falco rule skeleton (web/filter-rule.ts).
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { filterFields, ruleFromFilter, ruleYaml, sourceOf } from '../../web/filter-rule.ts';

describe('filter to rule', () => {
  it('finds the fields of a filter, not words inside its strings', () => {
    expect(filterFields('proc.name = "a.b" and fd.name contains /etc or evt.arg[0] = x')).toEqual(['proc.name', 'fd.name', 'evt.arg[0]']);
    expect(sourceOf(['ka.verb'])).toBe('k8s_audit');
    expect(sourceOf(['ct.name'])).toBe('aws_cloudtrail');
    expect(sourceOf(['proc.name'])).toBe('syscall');
  });

  it('writes YAML that reads back as the same rule, quotes and colons included', () => {
    const filter = `evt.type = open and fd.name = "/tmp/a: b's \\"x\\"" and proc.name in (cat, 'sh')`;
    const r = ruleFromFilter(filter, { name: 'My rule: opens', priority: 'NOTICE', extraFields: ['proc.cmdline'] });
    expect(r.source).toBe('syscall');
    expect(r.output).toContain('proc.cmdline=%proc.cmdline');
    expect(r.output).toContain('fd.name=%fd.name');
    const back = parse(ruleYaml(r));
    expect(back).toEqual([{ ...r }]);
    expect(back[0].condition).toBe(filter);
  });
});

// Unit tests of the web app's pure helpers: filter-bar completion (fields from the generated field
// table, operators, event type names, keywords), filter text built by "apply as filter", column
// restore and time formatting. Expected values are derived from the generated tables, not hard-coded.
import { describe, it, expect } from 'vitest';
import { complete, OPERATORS, EVENT_TYPES } from '../../web/completion.ts';
import { checkFor, combine, filterValue } from '../../web/filter-text.ts';
import { BUILTIN_COLUMNS, restoreColumns, seconds, formatTime, formatLatency, gridTemplate } from '../../web/columns.ts';
import { FIELDS } from '../../engine/generated/fields.ts';
import { EVENT_NAMES } from '../../engine/generated/schema.ts';
import { parseFilter } from '../../engine/filter/parser.ts';

describe('filter completion', () => {
  it('completes field names by prefix with their descriptions', () => {
    const r = complete('proc.na', 7);
    const expected = FIELDS.filter((f) => f.name.startsWith('proc.na') && !f.flags.includes('hidden')).map((f) => f.name);
    expect(r.items.map((i) => i.label)).toEqual(expected);
    expect(r.items[0].detail).toBe(FIELDS.find((f) => f.name === expected[0])!.description);
    expect([r.from, r.to]).toEqual([0, 7]);
  });

  it('offers operators after a field, and event types after evt.type', () => {
    expect(complete('fd.name ', 8).items.map((i) => i.label)).toEqual(OPERATORS.map(([o]) => o));
    expect(complete('fd.name co', 10).items.map((i) => i.label)).toEqual(['contains']);
    const types = complete('evt.type = op', 13).items.map((i) => i.label);
    expect(types).toEqual(EVENT_TYPES.filter((t) => t.startsWith('op')));
    expect(types).toContain('open');
    expect(complete('evt.type in (open, exe', 22).items.map((i) => i.label)).toEqual(EVENT_TYPES.filter((t) => t.startsWith('exe')));
    expect(new Set(EVENT_TYPES)).toEqual(new Set(EVENT_NAMES.filter((n) => n && n !== 'NA')));
  });

  it('offers and/or after a complete check and fields after a keyword', () => {
    expect(complete('proc.name = cat a', 17).items.map((i) => i.label)).toEqual(['and']);
    expect(complete('proc.name = cat and fd.ty', 25).items.map((i) => i.label)).toContain('fd.type');
  });

  it('replaces the word under the caret', () => {
    const text = 'evt.ty = open';
    const r = complete(text, 6);
    const item = r.items.find((i) => i.label === 'evt.type')!;
    expect(text.slice(0, r.from) + item.insert.trim() + text.slice(r.to)).toBe('evt.type = open');
  });
});

describe('apply as filter', () => {
  it('writes values bare when possible and quoted otherwise, always parseable', () => {
    expect(filterValue('cat')).toBe('cat');
    for (const v of ['a b', 'x"y', 'tab\there', 'back\\slash\\', '<img src=x onerror=alert(1)>', '(paren)', 'and', "it's"]) {
      const expr = checkFor('proc.name', v);
      const r = parseFilter(expr);
      expect(r.ok, expr).toBe(true);
      if (!r.ok || r.ast.kind !== 'check') throw new Error(`${expr} is not one check`);
      const rhs = r.ast.right;
      expect(rhs?.kind).toBe('literal');
      if (rhs?.kind === 'literal') expect(rhs.value, expr).toBe(v);
    }
    expect(checkFor('fd.name', '')).toBe('fd.name exists');
  });

  it('combines with the current filter', () => {
    expect(combine('', 'a.b = 1', 'and')).toBe('a.b = 1');
    expect(combine('x.y = 2', 'a.b = 1', 'and')).toBe('(x.y = 2) and a.b = 1');
    expect(combine('x.y = 2', 'a.b = 1', 'or not')).toBe('(x.y = 2) or not a.b = 1');
    expect(combine('x.y = 2', 'a.b = 1', 'replace')).toBe('a.b = 1');
    for (const m of ['and', 'or', 'and not', 'or not'] as const) expect(parseFilter(combine('evt.type = open', 'proc.name = cat', m)).ok).toBe(true);
  });
});

describe('columns and times', () => {
  it('restores stored columns, keeps new built-ins and drops unknown ids', () => {
    const stored = [{ id: 'info', title: 'Info', width: 300, visible: true }, { id: 'bogus', title: 'x', width: 1, visible: true },
      { id: 'field:fd.name', title: 'fd.name', width: 10, visible: false }];
    const cols = restoreColumns(stored as never);
    expect(cols[0].id).toBe('info');
    expect(cols.find((c) => c.id === 'bogus')).toBeUndefined();
    expect(cols.find((c) => c.id === 'field:fd.name')).toMatchObject({ visible: false, width: 28 });
    expect(new Set(cols.map((c) => c.id))).toEqual(new Set([...BUILTIN_COLUMNS.map((c) => c.id), 'field:fd.name']));
    expect(gridTemplate(cols).split(' ').length).toBe(cols.filter((c) => c.visible).length + 1 /* minmax(a, b) */);
  });

  it('formats nanosecond times without losing precision', () => {
    const first = '1470327477881730713';
    expect(seconds(BigInt('1470327477881765998') - BigInt(first))).toBe('0.000035285');
    expect(formatTime('1470327477881765998', 'relative', first, null)).toBe('0.000035285');
    expect(formatTime('1470327477881765998', 'delta', first, '1470327477881765000')).toBe('0.000000998');
    expect(formatTime('1470327477881765998', 'absolute', first, null)).toMatch(/^\d\d:\d\d:\d\d\.881765998$/);
    expect(formatLatency(1500)).toBe('1.50 µs');
    expect(formatLatency(null)).toBe('');
  });
});

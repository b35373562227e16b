// A filter is compiled once per apply: Session.setFilter (the web's apply, `scapula read FILTER`) runs the
// compiler once and reuses its plan; a find by filter compiles once and then reuses its match bitmap.
// The compiler is wrapped to count calls (it still does the work).
import { describe, it, expect, vi, beforeAll } from 'vitest';
import { join } from 'node:path';
import * as filters from '../../engine/filter/index.ts';
import type { Session } from '../../engine/session/session.ts';
import { nodeOpen, oracleNums, ROOT } from './session-fixture.ts';

vi.mock('../../engine/filter/index.ts', async (original) => {
  const actual = await original<typeof import('../../engine/filter/index.ts')>();
  return { ...actual, compileFilter: vi.fn(actual.compileFilter) };
});

const FILE = join(ROOT, 'samples', 'captures', 'open-multiple-files.scap');
let s: Session;
beforeAll(async () => { s = await nodeOpen(FILE); });

describe('compiles per apply', () => {
  it('setFilter compiles once, good or bad; a repeated find by filter compiles once', async () => {
    const compile = vi.mocked(filters.compileFilter);
    compile.mockClear();
    const r = await s.setFilter('evt.type = close');
    expect(compile).toHaveBeenCalledTimes(1);
    expect(r.count).toBe(oracleNums(FILE, 'evt.type = close').length);
    compile.mockClear();
    expect((await s.setFilter('evt.type = = close')).ok).toBe(false);
    expect(compile).toHaveBeenCalledTimes(1);
    await s.setFilter('');
    compile.mockClear();
    for (let from = 0; from < 5; from++) await s.find({ kind: 'filter', text: 'fd.num > 2' }, from, false);
    expect(compile).toHaveBeenCalledTimes(1);
  });
});

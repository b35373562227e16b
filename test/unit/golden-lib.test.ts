// test/lib/golden.ts, the stored-expectation helper every golden test relies on: a missing file fails
// with the command that creates it (never created in a normal run), a different output fails, the same
// output passes; digest and columnRuns summarise as documented.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldens, digest, columnRuns, UPDATING } from '../lib/golden.ts';

const root = mkdtempSync(join(tmpdir(), 'scapula-golden-lib-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(UPDATING)('stored expectations (normal run; skipped while UPDATE_GOLDENS=1 rewrites files)', () => {
  const g = goldens('t', root);

  it('a missing file fails, naming the update command, and is not created', () => {
    expect(() => g.text('missing.txt', 'x\n')).toThrow(/no stored expectation .*missing\.txt: create it .*UPDATE_GOLDENS=1/);
    expect(existsSync(join(root, 't', 'missing.txt'))).toBe(false);
  });

  it('the same text passes, a different one fails naming the file', () => {
    mkdirSync(join(root, 't'), { recursive: true });
    writeFileSync(join(root, 't', 'a.txt'), 'one\ntwo\n');
    g.text('a.txt', 'one\ntwo\n');
    expect(() => g.text('a.txt', 'one\nthree\n')).toThrow(/a\.txt differs/);
    expect(() => g.text('a.txt', 'one\ntwo')).toThrow(/a\.txt differs/); // the final newline counts
  });

  it('JSON is stored pretty-printed, so key order and values are compared', () => {
    writeFileSync(join(root, 't', 'v.json'), '{\n "a": 1,\n "b": [\n  2\n ]\n}\n');
    g.json('v.json', { a: 1, b: [2] });
    expect(() => g.json('v.json', { a: 1, b: [3] })).toThrow(/v\.json differs/);
  });

  it('names cannot leave the expected folder', () => {
    expect(() => g.text('../escape.txt', 'x')).toThrow(/inside its folder/);
  });
});

describe('summaries', () => {
  it('digest: line count, SHA-256, the first lines and every Nth line, numbered', () => {
    const text = Array.from({ length: 25 }, (_, i) => `l${i + 1}`).join('\n');
    const d = digest(text, 10, 2).split('\n');
    expect(d[0]).toBe('lines: 25');
    expect(d[1]).toMatch(/^sha256: [0-9a-f]{64}$/);
    expect(d.slice(2)).toEqual(['1: l1', '2: l2', '10: l10', '20: l20', '']);
    expect(digest(text.replace('l7', 'l7x'), 10, 2)).not.toBe(digest(text, 10, 2)); // a change off the sampled lines shows in the hash
  });

  it('columnRuns: each column as runs of equal values over evt.num', () => {
    const out = columnRuns(['evt.num', 'proc.name', 'fd.num'], '1|cat|3\n2|cat|4\n3|cat|4\n4|ls|4\n');
    expect(out).toBe('events: 4\n== proc.name\n1-3 cat\n4 ls\n== fd.num\n1 3\n2-4 4\n');
  });
});

describe('the stored expectations in the repository', () => {
  it('every folder under test/golden/expected belongs to a test file of that name (none left behind by a rename)', () => {
    const repo = join(import.meta.dirname, '..', '..');
    const tests = new Set(['golden', 'unit'].flatMap((k) => readdirSync(join(repo, 'test', k)))
      .filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)));
    const folders = readdirSync(join(repo, 'test', 'golden', 'expected'));
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((d) => !tests.has(d))).toEqual([]);
  });
});

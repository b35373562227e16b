// Stored golden expectations: Scapula's output on deterministic inputs (samples/, synthetic captures made
// with a fixed seed, log samples) kept as small text files under test/golden/expected/<test>/<case>, so
// the golden tests check something on every machine, not only where sysdig is installed. The live sysdig
// comparison stays on top where sysdig is present; a stored file says what we printed when it last agreed.
//
// Update mode (`UPDATE_GOLDENS=1`, or `npm run test:update-goldens`) rewrites the files from the current
// output; review the diff with `git diff test/golden/expected` before committing. In a normal run a
// missing file fails with a message saying how to create it: it is never created silently.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EXPECTED = join(ROOT, 'test', 'golden', 'expected');

/** True when the run rewrites the stored expectations instead of comparing with them. */
export const UPDATING = process.env.UPDATE_GOLDENS === '1';

/** A stored file larger than this is a sign the output should be summarised with `digest`. */
const MAX_STORED = 64 * 1024;

const HOW = 'UPDATE_GOLDENS=1 TZ=UTC npx vitest run <this test file> (or npm run test:update-goldens)';

export interface Goldens {
  /** `actual` equals the stored text of test/golden/expected/<test>/<name>. */
  text(name: string, actual: string): void;
  /** `value` equals the stored JSON (pretty-printed, one key per line, so diffs stay readable). */
  json(name: string, value: unknown): void;
}

/**
 * The stored expectations of one test file (`test` names its folder under test/golden/expected; `under`
 * is another root, for the helper's own tests).
 */
export function goldens(test: string, under = EXPECTED): Goldens {
  const text = (name: string, actual: string) => {
    if (name.includes('..') || test.includes('..')) throw new Error(`golden name must stay inside its folder: ${test}/${name}`);
    const file = join(under, test, name);
    const shown = relative(ROOT, file);
    if (UPDATING) {
      if (actual.length > MAX_STORED) throw new Error(`${shown}: ${actual.length} bytes is too large to store; summarise it with digest()`);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== actual) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
      }
      expect(readFileSync(file, 'utf8')).toBe(actual);
      return;
    }
    if (!existsSync(file)) throw new Error(`no stored expectation ${shown}: create it from the current output with ${HOW}, then review and commit it`);
    expect(actual, `${shown} differs (if the change is intended, rewrite it with ${HOW} and review the diff)`).toBe(readFileSync(file, 'utf8'));
  };
  return { text, json: (name, value) => text(name, JSON.stringify(value, null, 1) + '\n') };
}

/**
 * A readable summary of a long output for storing: its line count and SHA-256, the first `head` lines
 * and every `every`-th line after them (numbered), so a difference is both detected and located.
 */
export function digest(output: string, every = 1000, head = 20): string {
  const lines = output.split('\n');
  const out = [`lines: ${lines.length}`, `sha256: ${createHash('sha256').update(output).digest('hex')}`];
  for (let i = 0; i < lines.length; i++) {
    if (i < head || (i + 1) % every === 0) out.push(`${i + 1}: ${lines[i]}`);
  }
  return out.join('\n') + '\n';
}

/**
 * A `*`-format output (one line per event, cells joined by `sep`, evt.num first) column by column, each
 * as runs of events with the same value (`FIRST-LAST value`): long values that repeat on every event
 * (proc.env, cgroups) are stored once per run, and a difference names the field and the events.
 */
export function columnRuns(fields: string[], output: string, sep = '|'): string {
  const rows = output.replace(/\n$/, '').split('\n').filter(Boolean).map((l) => l.split(sep));
  const out: string[] = [`events: ${rows.length}`];
  for (let k = 1; k < fields.length; k++) {
    out.push(`== ${fields[k]}`);
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j + 1 < rows.length && rows[j + 1][k] === rows[i][k]) j++;
      out.push(`${rows[i][0]}${j > i ? `-${rows[j][0]}` : ''} ${rows[i][k]}`);
      i = j + 1;
    }
  }
  return out.join('\n') + '\n';
}

// Filters on the text time fields (evt.time, evt.time.s, evt.datetime, evt.datetime.s) match the
// events sysdig 0.29.3 matches, on a real capture, with values taken from sysdig's own output (where sysdig
// is installed); everywhere, the same filters with values from our own output match the stored results.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const root = join(import.meta.dirname, '..', '..');
const FILE = join(root, 'samples', 'captures', 'cat_write.scap');
const env = { ...process.env, TZ: 'UTC' };

function sysdig(args: string[]): string[] {
  return sysdigOutput(['-r', FILE, ...args]).split('\n').filter(Boolean);
}

function scapula(filter: string): string[] {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'read', FILE, filter, '-p', '%evt.num'], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`scapula: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

function scapulaLines(format: string): string[] {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'read', FILE, '-p', format], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`scapula: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** =, !=, contains, startswith, endswith, in on the time fields, with values from one reader's own lines. */
function timeFilters(lines: string[][]): string[] {
  const [, dt, t, dts, ts] = lines[Math.floor(lines.length / 2)];
  const [, dt2] = lines[Math.floor(lines.length / 3)];
  return [
    `evt.datetime = "${dt}"`, `evt.datetime != "${dt}"`, `evt.datetime contains "${dt.slice(11, 22)}"`,
    `evt.datetime startswith "${dt.slice(0, 21)}"`, `evt.datetime in ("${dt}", "${dt2}")`,
    `evt.time = "${t}"`, `evt.time contains "${t.slice(3, 12)}"`, `evt.datetime.s = "${dts}"`, `evt.time.s = "${ts}"`,
    `evt.datetime endswith "${dt.slice(-4)}"`,
  ];
}
const TIME_FORMAT = '%evt.num|%evt.datetime|%evt.time|%evt.datetime.s|%evt.time.s';

describe('text time fields in filters', () => {
  it('=, !=, contains, startswith, in on evt.datetime / evt.time and their .s forms: the stored results', () => {
    const lines = scapulaLines(TIME_FORMAT).map((l) => l.split('|'));
    expect(lines.length).toBeGreaterThan(50);
    const results = timeFilters(lines).map((f) => ({ f, nums: scapula(f) }));
    for (const { f, nums } of results) expect(nums.length, f).toBeGreaterThan(0);
    goldens('filter-time-sysdig').text('cat_write.txt', results.map(({ f, nums }) => `${f}\n  ${nums.join(' ')}\n`).join(''));
  });

  it.skipIf(!haveSysdig())(`the same filters, with values from sysdig's output, match what sysdig matches (${SYSDIG_WHY})`, () => {
    const lines = sysdig(['-p', TIME_FORMAT]).map((l) => l.split('|'));
    expect(lines.length).toBeGreaterThan(50);
    const filters = timeFilters(lines);
    let nonEmpty = 0;
    for (const f of filters) {
      const expected = sysdig(['-p', '%evt.num', f]);
      if (expected.length > 0) nonEmpty++;
      expect(scapula(f), f).toEqual(expected);
    }
    expect(nonEmpty).toBe(filters.length);
  });
});

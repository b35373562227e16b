// Filters on the text time fields (evt.time, evt.time.s, evt.datetime, evt.datetime.s) match the
// events sysdig 0.29.3 matches, on a real capture, with values taken from sysdig's own output.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';

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

describe.skipIf(!haveSysdig())(`text time fields in filters, against sysdig (${SYSDIG_WHY})`, () => {
  it('=, !=, contains, startswith, in on evt.datetime / evt.time and their .s forms', () => {
    const lines = sysdig(['-p', '%evt.num|%evt.datetime|%evt.time|%evt.datetime.s|%evt.time.s']).map((l) => l.split('|'));
    expect(lines.length).toBeGreaterThan(50);
    const [, dt, t, dts, ts] = lines[Math.floor(lines.length / 2)];
    const [, dt2] = lines[Math.floor(lines.length / 3)];
    const filters = [
      `evt.datetime = "${dt}"`, `evt.datetime != "${dt}"`, `evt.datetime contains "${dt.slice(11, 22)}"`,
      `evt.datetime startswith "${dt.slice(0, 21)}"`, `evt.datetime in ("${dt}", "${dt2}")`,
      `evt.time = "${t}"`, `evt.time contains "${t.slice(3, 12)}"`, `evt.datetime.s = "${dts}"`, `evt.time.s = "${ts}"`,
      `evt.datetime endswith "${dt.slice(-4)}"`,
    ];
    let nonEmpty = 0;
    for (const f of filters) {
      const expected = sysdig(['-p', '%evt.num', f]);
      if (expected.length > 0) nonEmpty++;
      expect(scapula(f), f).toEqual(expected);
    }
    expect(nonEmpty).toBe(filters.length);
  });
});

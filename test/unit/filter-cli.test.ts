// `scapula filter` and `scapula read FILE FILTER` from the command line: positioned errors with a caret,
// warnings, match counts, and read's filtered output (the CLI path through engine/filter/select.ts).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';

function cli(...args: string[]) {
  const r = spawnSync('node', ['bin/scapula.mjs', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('filter on the command line', () => {
  it('scapula filter: error with line:col and a caret, exit 1', () => {
    const r = cli('filter', 'evt.type=open and proc.nmae = cat');
    expect(r.code).toBe(1);
    expect(r.err).toContain("1:19: unknown field 'proc.nmae' (did you mean 'proc.name'?)");
    expect(r.err).toContain('\n                    ^');
  });

  it('scapula filter: normalised expression, warnings and match count', () => {
    const r = cli('filter', 'evt.type=open and fd.name regex null or proc.name = proc.pname', 'samples/captures/cat_write.scap');
    expect(r.code).toBe(0);
    expect(r.out).toContain('evt.type = open and fd.name regex null or proc.name = proc.pname');
    expect(r.out).toMatch(/^0 of 345 events match/m);
    expect(r.err).toContain("warning: 1:33: regex 'null' has no special characters");
    expect(r.err).toContain("warning: 1:53: 'proc.pname' is compared as text");
  });

  it('scapula read FILE FILTER prints the matching events, errors are positioned', () => {
    const r = cli('read', 'samples/captures/cat_write.scap', 'evt.type=open and evt.dir=<', '-p', '%evt.num %fd.name');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(['141 /etc/ld.so.cache', '151 /lib/x86_64-linux-gnu/libc.so.6',
      '187 /usr/lib/locale/locale-archive', '197 /dev/null']);
    const e = cli('read', 'samples/captures/cat_write.scap', 'evt.num = 0x83');
    expect(e.code).toBe(2);
    expect(e.err).toContain('1:11: 0x83 is not a valid number');
  });
});

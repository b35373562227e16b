// `scapula synth` writes captures sysdig reads: same number of events, same numbering, threads, CPUs,
// directions and types as our reader; the same seed gives the same bytes, and reads as stored (digests).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { synthesize } from '../../engine/node/scap/synth.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens, digest } from '../lib/golden.ts';

describe('synth', () => {
  it('is deterministic for a seed', async () => {
    const dir = mkdtempSync('/tmp/scapula-synth-');
    await synthesize({ events: 3000, seed: 7, out: `${dir}/a.scap` });
    await synthesize({ events: 3000, seed: 7, out: `${dir}/b.scap` });
    await synthesize({ events: 3000, seed: 8, out: `${dir}/c.scap` });
    const a = readFileSync(`${dir}/a.scap`), b = readFileSync(`${dir}/b.scap`), c = readFileSync(`${dir}/c.scap`);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('reads as stored (seed 1, 5000 events; seed 3, 80000 events through the CLI, as digests)', async () => {
    const dir = mkdtempSync('/tmp/scapula-synth-');
    await synthesize({ events: 5000, seed: 1, out: `${dir}/s1.scap` });
    const cap = await openCaptureFile(`${dir}/s1.scap`);
    const stored = goldens('read-synth');
    stored.text('seed1-5000.txt', digest(cap.formatText({ format: '%evt.num %evt.cpu %thread.tid %evt.dir %evt.type' }), 100));
    await synthesize({ events: 80000, seed: 3, out: `${dir}/s3.scap` });
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', `${dir}/s3.scap`], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 });
    expect(r.status).toBe(0);
    stored.text('seed3-80000.txt', digest(r.stdout, 2000));
  });

  it.skipIf(!haveSysdig())(`is read by sysdig like by us (${SYSDIG_WHY})`, async () => {
    const dir = mkdtempSync('/tmp/scapula-synth-');
    const n = await synthesize({ events: 5000, seed: 1, out: `${dir}/s.scap` });
    expect(n).toBe(5000);
    const fmt = '%evt.num %evt.cpu %thread.tid %evt.dir %evt.type';
    const sys = sysdigOutput(['-r', `${dir}/s.scap`, '-p', fmt]);
    const cap = await openCaptureFile(`${dir}/s.scap`);
    expect(cap.eventCount).toBe(5000);
    const ours = cap.formatText({ format: fmt }).split('\n');
    // Known difference (sysdig 0.29.3 is older): generic syscalls it cannot name print as <unknown>.
    const want = sys.split('\n').map((l, i) => l.replace(/ <unknown>$/, (m) => (/ [a-z0-9_]+$/.test(ours[i] ?? '') ? ' ' + ours[i].split(' ').pop() : m)));
    expect(ours).toEqual(want);
  });

  it.skipIf(!haveSysdig())(`CLI read streams while loading (several walker passes) and -n stops early, like sysdig (${SYSDIG_WHY})`, async () => {
    const dir = mkdtempSync('/tmp/scapula-synth-');
    await synthesize({ events: 80000, seed: 3, out: `${dir}/s.scap` });
    const env = { ...process.env, TZ: 'UTC' };
    const known = (sys: string, ours: string) => {
      const o = ours.split('\n');
      return sys.split('\n').map((l, i) => l.replace(/ <unknown> $/, (m) => (/ [a-z0-9_]+ $/.test(o[i] ?? '') ? ' ' + o[i].trimEnd().split(' ').pop() + ' ' : m)));
    };
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', `${dir}/s.scap`], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
    expect(r.status).toBe(0);
    const sys = sysdigOutput(['-r', `${dir}/s.scap`]);
    expect(r.stdout.split('\n')).toEqual(known(sys, r.stdout));
    const n = spawnSync('node', ['bin/scapula.mjs', 'read', `${dir}/s.scap`, '-n', '7'], { encoding: 'utf8', env });
    const sysn = sysdigOutput(['-r', `${dir}/s.scap`, '-n', '7']);
    expect(n.stdout.split('\n')).toEqual(known(sysn, n.stdout));
    expect(n.stderr).toBe('');
  });
});

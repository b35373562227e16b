// `scapula convert` end to end: the real samples (JSON lines, an EventList built from them, the gzipped
// CloudTrail file) become captures that sysdig 0.29.3 reads event for event (it prints plugin events
// without a plugin as "<NA>" lines), and that Scapula reads back with the same records and field values.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-convert-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/scapula.mjs', ...args], { encoding: 'utf8' });

const events: string[] = [];
for (const f of readdirSync('samples/k8s_audit').sort()) {
  for (const line of readFileSync(join('samples/k8s_audit', f), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try { if (JSON.parse(line).kind === 'Event') events.push(line); } catch { /* skip */ }
  }
}

describe('scapula convert', () => {
  it('audit JSON lines -> capture with one plugin event (id 1) per event, readable by sysdig and scapula', () => {
    const log = join(dir, 'audit.log');
    writeFileSync(log, events.join('\n') + '\n');
    const out = join(dir, 'audit.scap');
    const r = cli('convert', log, '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${events.length} plugin events from k8saudit (id 1)`);
    const back = cli('read', out, '-p', '%evt.num %ka.auditid %ka.verb');
    expect(back.status, back.stderr).toBe(0);
    const want = events.map((e, i) => { const o = JSON.parse(e); return `${i + 1} ${o.auditID} ${o.verb}`; });
    expect(back.stdout.trim().split('\n')).toEqual(want);
  });

  it('an EventList and the raw log itself read the same as the converted capture', () => {
    const list = join(dir, 'list.json');
    writeFileSync(list, `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[\n${events.join(',\n')}\n]}`);
    const direct = cli('read', list, '-p', '%evt.num %ka.user.name %ka.target.resource');
    expect(direct.status, direct.stderr).toBe(0);
    const want = events.map((e, i) => { const o = JSON.parse(e); return `${i + 1} ${o.user.username} ${o.objectRef?.resource ?? '<NA>'}`; });
    expect(direct.stdout.trim().split('\n')).toEqual(want);
  });

  it('gzipped CloudTrail -> plugin event id 2 with the record bytes as payload', () => {
    const gz = join(dir, 'ct.json.gz');
    writeFileSync(gz, gzipSync(readFileSync('samples/cloudtrail_alice_start_instances.json')));
    const out = join(dir, 'ct.scap');
    const r = cli('convert', gz, '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 plugin events from cloudtrail (id 2)');
    const back = cli('read', out, '-p', '%ct.user %ct.name %ct.region %ct.shortsrc');
    expect(back.stdout.trim()).toBe('Alice StartInstances us-east-2 ec2');
    // The payload is the record's original text, byte for byte.
    const bytes = readFileSync(out);
    const rec = readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8');
    const start = rec.indexOf('{', rec.indexOf('['));
    const end = rec.lastIndexOf('}', rec.lastIndexOf(']')) + 1;
    expect(bytes.indexOf(Buffer.from(rec.slice(start, end)))).toBeGreaterThan(0);
  });

  it('refuses what is not a log, naming why', () => {
    const r = cli('convert', 'samples/k8s_audit/fal_01_003.json', '-o', join(dir, 'x.scap'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/log byte 0: not recognised/);
    expect(cli('convert', 'nope.json', '-o', join(dir, 'y.scap')).status).toBe(2);
    const scap = cli('convert', 'samples/captures/syscall.scap', '-o', join(dir, 'z.scap'));
    expect(scap.status).toBe(1);
    expect(scap.stderr).toMatch(/not a JSON log/);
  });

  /** Both captures converted again here, so the tests below do not depend on the ones above having run. */
  const convertBoth = () => {
    const log = join(dir, 'again.log'), gz = join(dir, 'again-ct.json.gz');
    writeFileSync(log, events.join('\n') + '\n');
    writeFileSync(gz, gzipSync(readFileSync('samples/cloudtrail_alice_start_instances.json')));
    const audit = join(dir, 'again-audit.scap'), ct = join(dir, 'again-ct.scap');
    expect(cli('convert', log, '-o', audit).status).toBe(0);
    expect(cli('convert', gz, '-o', ct).status).toBe(0);
    return { audit, ct };
  };

  it('both converted captures read as stored (audit: a -p of its main fields; CloudTrail: default line and -j)', () => {
    const { audit, ct } = convertBoth();
    const stored = goldens('logs-convert');
    const read = (...args: string[]) => {
      const r = cli('read', ...args);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    stored.text('k8s-audit.txt', read(audit, '-p', '%evt.num %evt.datetime %evt.pluginname %ka.auditid %ka.verb %ka.user.name %ka.target.namespace %ka.target.resource %ka.target.name %ka.response.code'));
    stored.text('cloudtrail.txt', read(ct));
    stored.text('cloudtrail.jsonl', read(ct, '-j'));
  });

  it.skipIf(!haveSysdig())(`sysdig reads both converted captures: one line per audit event, the CloudTrail record at its time (${SYSDIG_WHY})`, () => {
    const { audit, ct } = convertBoth();
    const lines = sysdigOutput(['-r', audit]).trim().split('\n');
    expect(lines.length).toBe(events.length);
    expect(lines.every((l) => l.endsWith('<NA>'))).toBe(true);
    expect(sysdigOutput(['-r', ct])).toMatch(/^1 2014-03-06 21:22:54 /);
  });
});

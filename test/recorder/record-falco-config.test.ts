// `scapula record -c falco.yaml`: Falco's `capture:` section drives the recording (enabled, path_prefix,
// mode, default_duration, max_file_size_mb, rules_files): files named PREFIX_<ts>_<num>.scap with 20-digit
// fields like Falco's, starting at the triggering event, ending at the deadline; --max-events caps a file;
// a gzip-compressed capture (as Falco writes them) reads and detects the same. Config errors are named.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { root, unavailable } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-falco-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const markerA = join(dir, 'marker-a');
const markerB = join(dir, 'marker-b');
writeFileSync(markerA, 'a');
writeFileSync(markerB, 'b');
writeFileSync(join(dir, 'rules.yaml'), `- rule: Marker A opened
  desc: a rule that asks for a capture
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = ${markerA}
  output: "A opened by %proc.name"
  priority: WARNING
  capture: true
- rule: Marker B opened
  desc: a rule without capture
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = ${markerB}
  output: "B opened by %proc.name"
  priority: NOTICE
`);

function config(name: string, capture: string): string {
  const p = join(dir, name);
  writeFileSync(p, `rules_files:\n  - rules.yaml\ncapture:\n${capture}`);
  return p;
}

function scapula(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TZ: 'UTC' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (s: string) => s.split('\n').filter((l) => l);
const script = `cat ${markerB} >/dev/null; sleep 0.5; cat ${markerA} >/dev/null; sleep 1.5; cat ${markerB} >/dev/null`;

describe('scapula record -c: configuration errors', () => {
  it('names the key and the value it could not use', () => {
    const off = scapula(['record', '-c', config('off.yaml', '  enabled: false\n'), '--', 'true']);
    expect(off.status).toBe(2);
    expect(off.stderr).toMatch(/capture\.enabled is false/);
    const mode = scapula(['record', '-c', config('mode.yaml', '  enabled: true\n  mode: some_rules\n'), '--', 'true']);
    expect(mode.status).toBe(2);
    expect(mode.stderr).toMatch(/capture\.mode: expected rules or all_rules, got "some_rules"/);
    const dur = scapula(['record', '-c', config('dur.yaml', '  enabled: true\n  default_duration: soon\n'), '--', 'true']);
    expect(dur.stderr).toMatch(/capture\.default_duration: expected a non-negative number/);
  });
});

const why = unavailable();
describe.skipIf(why !== null)(`scapula record -c falco.yaml (${why ?? 'root + BTF'})`, () => {
  it('mode rules: one file named like Falco\'s, from the triggering event to default_duration, that reads and detects gzip-compressed too', () => {
    const caps = join(dir, 'rules-mode');
    mkdirSync(caps);
    const cfg = config('rules-mode.yaml', `  enabled: true\n  path_prefix: ${join(caps, 'falco')}\n  mode: rules\n  default_duration: 800\n`);
    const r = scapula(['record', '-c', cfg, '--', 'sh', '-c', script]);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(caps).filter((f) => f.endsWith('.scap'));
    expect(files.length, r.stderr).toBe(1);
    const m = /^falco_(\d{20})_(\d{20})\.scap$/.exec(files[0]);
    expect(m, files[0]).not.toBeNull();
    const file = join(caps, files[0]);
    const side = JSON.parse(readFileSync(file + '.json', 'utf8'));
    expect(side.rule).toBe('Marker A opened');
    expect(BigInt(m![1])).toBe(BigInt(side.triggerTs));
    expect(side.windowStart).toBe(side.triggerTs); // no pre window, as Falco
    expect(BigInt(side.deadline) - BigInt(side.triggerTs)).toBe(800_000_000n);
    const times = lines(scapula(['read', '-p', '%evt.rawtime', file]).stdout).map(BigInt);
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((t) => t >= BigInt(side.triggerTs) && t <= BigInt(side.deadline))).toBe(true);
    const opened = scapula(['read', '-p', '%fd.name', file, 'evt.type in (open, openat) and evt.dir=<']).stdout;
    expect(opened).toContain(markerA);
    expect(opened).not.toContain(markerB);
    // Falco writes its captures gzip-compressed under the same .scap name: same events, same alert
    const gz = join(caps, files[0].replace('falco_', 'falcogz_'));
    writeFileSync(gz, gzipSync(readFileSync(file)));
    expect(scapula(['read', gz]).stdout).toBe(scapula(['read', file]).stdout);
    const det = scapula(['detect', '-r', join(dir, 'rules.yaml'), gz]);
    expect(lines(det.stdout)).toEqual([expect.stringMatching(/: Warning A opened by cat$/)]);
  });

  it('mode all_rules: the first alert opens the file, a later one extends it; --max-events caps it', () => {
    const caps = join(dir, 'all-mode');
    mkdirSync(caps);
    const cfg = config('all-mode.yaml', `  enabled: true\n  path_prefix: ${join(caps, 'node1')}\n  mode: all_rules\n  default_duration: 1500\n`);
    const r = scapula(['record', '-c', cfg, '--max-events', '40', '--', 'sh', '-c',
      `cat ${markerB} >/dev/null; sleep 0.3; cat ${markerA} >/dev/null; sleep 3; cat ${markerB} >/dev/null`]);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(caps).filter((f) => f.endsWith('.scap')).sort();
    expect(files.length, r.stderr).toBe(2); // B, then A inside B's window; then B again, 2 s later
    expect(files.every((f) => /^node1_\d{20}_\d{20}\.scap$/.test(f))).toBe(true);
    const first = JSON.parse(readFileSync(join(caps, files[0] + '.json'), 'utf8'));
    expect(first.rule).toBe('Marker B opened');
    expect(first.alerts.map((a: { rule: string }) => a.rule)).toEqual(['Marker B opened', 'Marker A opened']);
    expect(BigInt(first.deadline) - BigInt(first.triggerTs)).toBeGreaterThan(1_500_000_000n); // extended by A
    expect(first.events).toBe(40);
    expect(first.truncated).toBe(true);
    const shown = lines(scapula(['read', '-p', '%evt.num', join(caps, files[0])]).stdout).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(40);
  });
});

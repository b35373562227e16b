// Many captures on worker threads: `scapula detect DIR` with 2 workers prints exactly what 1 worker (no
// thread) prints, which is each capture's own `scapula detect` output in path order, and `scapula export
// DIR` writes the same rows with 2 workers as with 1. The directory holds the samples, synthesized
// captures and (as root) a capture recorded during the test.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPS, noRecorder, query, recordLive, scapula } from './export-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-parallel-'));
const tree = join(dir, 'caps');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RULES = join(dir, 'rules.yaml');
writeFileSync(RULES, `- rule: opens
  desc: open exits
  condition: evt.type in (open, openat) and evt.dir=<
  output: "open %fd.name by %proc.name (%evt.num)"
  priority: WARNING
  tags: [fs]
- rule: execs
  desc: program starts
  condition: evt.type=execve and evt.dir=<
  output: "exec %proc.cmdline parent=%proc.pname"
  priority: NOTICE
- rule: connects
  desc: connect exits
  condition: evt.type=connect and evt.dir=<
  output: "connect %fd.name"
  priority: INFO
`);

const why = noRecorder();
beforeAll(() => {
  mkdirSync(join(tree, 'node-b'), { recursive: true });
  for (const f of readdirSync(CAPS).filter((x) => x.endsWith('.scap'))) copyFileSync(join(CAPS, f), join(tree, f));
  for (const [name, n, seed] of [['synth-a.scap', 4000, 7], ['node-b/synth-b.scap', 6000, 8]] as const) {
    const r = scapula(['synth', '--events', String(n), '--seed', String(seed), '-o', join(tree, name)]);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  if (!why) recordLive(join(tree, 'node-b', 'live.scap'), `cat /etc/hostname >/dev/null; ls ${dir} >/dev/null`);
});

/** The captures of the tree in path order (directories sorted among files by name). */
const PATH_ORDER = ['cat_write.scap', 'connect_localhost.scap', 'empty.scap', 'node-b/live.scap', 'node-b/synth-b.scap',
  'open-multiple-files.scap', 'ping_sendto.scap', 'synth-a.scap', 'syscall.scap'];
const lines = (s: string) => s.split('\n').filter((l) => l);

describe('parallel detect and export over a directory', () => {
  it('detect with 2 workers equals 1 worker, text and JSON; both equal per-capture detect in path order', () => {
    const seq = scapula(['detect', '-r', RULES, '-w', '1', tree]);
    const par = scapula(['detect', '-r', RULES, '-w', '2', tree]);
    expect(seq.status, seq.stderr).toBe(0);
    expect(par.status, par.stderr).toBe(0);
    expect(par.stdout).toBe(seq.stdout);
    expect(par.stderr).toMatch(/\(\d+ captures, \d+ events, \d+ evaluated in the current event model, 2 workers, [\d.]+ s: [\d.]+ captures\/s, \d+ events\/s\)/);
    const names = [...new Set(lines(seq.stdout).map((l) => l.slice(0, l.indexOf(': '))))];
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(lines(seq.stdout).length).toBeGreaterThan(200);
    // the reference: a capture on its own prints the same alerts (the synthesized, the recorded, a sample)
    const blocks = (out: string, name: string) => lines(out).filter((l) => l.startsWith(name + ': ')).join('\n');
    for (const n of ['node-b/synth-b.scap', 'node-b/live.scap', 'open-multiple-files.scap'].filter((x) => !why || x !== 'node-b/live.scap')) {
      const own = lines(scapula(['detect', '-r', RULES, join(tree, n)]).stdout).map((l) => `${n}: ${l}`).join('\n');
      expect(blocks(seq.stdout, n), n).toBe(own);
    }
    // and the captures come in path order
    const order = [...new Set(lines(seq.stdout).map((l) => l.slice(0, l.indexOf(': '))))];
    expect(order).toEqual(PATH_ORDER.filter((n) => order.includes(n)));
    const seqJ = scapula(['detect', '-r', RULES, '--json', '-w', '1', tree]);
    const parJ = scapula(['detect', '-r', RULES, '--json', '-w', '2', tree]);
    expect(parJ.stdout).toBe(seqJ.stdout);
    expect(lines(parJ.stdout).map((l) => JSON.parse(l).capture)).toEqual(lines(seq.stdout).map((l) => l.slice(0, l.indexOf(': '))));
  });

  it('export with 2 workers writes the same rows as 1 worker (hive layout; one file keeps the path order)', async () => {
    for (const w of ['1', '2']) {
      const r = scapula(['export', tree, '-r', RULES, '-w', w, '-o', join(dir, `lake${w}`)]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/captures\/s, \d+ events\/s/);
    }
    const digest = (glob: string, table: string) => query(`SELECT capture, count(*) AS n, sum(hash(COLUMNS(* EXCLUDE (capture)))) AS h
      FROM read_parquet('${join(dir, glob, table, '**', '*.parquet')}', hive_partitioning = true) GROUP BY capture ORDER BY capture`);
    for (const table of ['events', 'alerts']) {
      const a = await digest('lake1', table);
      expect(a.length).toBeGreaterThanOrEqual(4);
      expect(await digest('lake2', table)).toEqual(a);
    }
    const one = scapula(['export', tree, '-w', '2', '-o', join(dir, 'one.parquet')]);
    expect(one.status, one.stderr).toBe(0);
    const rows = await query(`SELECT capture, evt_num FROM read_parquet('${join(dir, 'one.parquet')}', file_row_number = true) ORDER BY file_row_number`);
    const firstSeen = [...new Set(rows.map((r) => r.capture))];
    expect(firstSeen).toEqual(PATH_ORDER.filter((n) => n !== 'empty.scap' && (!why || n !== 'node-b/live.scap')));
    const sorted = rows.every((r, i) => i === 0 || r.capture !== rows[i - 1].capture || BigInt(String(r.evt_num)) > BigInt(String(rows[i - 1].evt_num)));
    expect(sorted).toBe(true);
  });
});

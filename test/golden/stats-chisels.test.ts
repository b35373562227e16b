// `scapula stats -j` (engine/stats/) on the samples and a seeded synthetic capture equals its stored expectation
// (test/golden/expected/stats-chisels/) everywhere, and, where sysdig is installed,
// against sysdig 0.29.3's own chisels run live on the same capture, with
// the chisels' JSON output (`sysdig -j -c NAME`: exact numbers, no rounding): topscalls, topscalls_time,
// topprocs_errors, topfiles_errors, topfiles_bytes, topconns, topports_server, topprocs_net. Tables without a chisel (events
// per process name, failures per errno) are checked against `sysdig -p` tallies with the same filter.
// Captures: every sample, a 200k-event synthetic capture (`scapula synth`), and (root + BTF: the recorder
// can run) a capture recorded live of an HTTP server and client on loopback, for the network tables
// (no sample has socket I/O). On that capture only the network tables and topfiles_errors are compared: sysdig 0.29.3 and
// scapula read recorder captures differently today (65781 vs 82911 lines on one run: some exits, e.g. of
// read, sysdig leaves out), a reader difference outside the statistics, reported to DECODER/RECORDER.
// Known differences, applied below with their reason:
//  - generic syscalls sysdig 0.29.3 cannot name: it prints `<unknown>` where we print the syscall's name
//    (same as test/golden/read-stats.test.ts); counts are compared after mapping our names to <unknown>.
//  - chisels see every event, also those sysdig never prints (procinfo and other internal, state-only
//    events) while our statistics count the view (the printed events, as the web app's list): chisel rows
//    for event types sysdig never prints (absent from `sysdig -r FILE -p %evt.type`) are left out.
//  - topscalls filters evt.type!=switch; our syscall table lists switch (it is in the view) and the
//    comparison drops it.
//  - the chisels keep their top N only (10, 30 or 100 rows, ties in hash order): every row the chisel
//    lists must have our number, and every group of ours larger than the chisel's smallest row must be listed.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsTable, ViewStats } from '../../engine/api.ts';
import { unavailable, buildRecorder, recorderBin } from '../recorder/harness.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const dir = 'samples/captures';
const samples = readdirSync(dir).filter((f) => f.endsWith('.scap')).sort().map((f) => `${dir}/${f}`);

/** Chisel name -> [our table, how our row key is built from the chisel's key columns, our measure]. */
const CHISELS: Array<[string, keyof ViewStats, (k: string[]) => string, 'events' | 'total']> = [
  ['topscalls', 'syscalls', (k) => k[0], 'events'],
  ['topscalls_time', 'syscalls', (k) => k[0], 'total'],
  ['topprocs_errors', 'errorProcesses', (k) => `${k[0]} (${k[1]})`, 'events'],
  ['topfiles_bytes', 'files', (k) => k[0], 'total'],
  ['topfiles_errors', 'errorFiles', (k) => k[0], 'events'],
  ['topconns', 'connections', (k) => `${k[0]} ${k[1]}`, 'total'],
  ['topports_server', 'ports', (k) => k[0], 'total'],
  ['topprocs_net', 'netProcesses', (k) => `${k[0]} (${k[1]})`, 'total'],
];
/** The tables compared on the live-recorded capture (see the header for why not the others). */
const NET_CHISELS = ['topconns', 'topports_server', 'topprocs_net', 'topfiles_errors'];
const TOP: Record<string, number> = { topscalls: 30, topscalls_time: 30, topprocs_errors: 100, topfiles_bytes: 10, topfiles_errors: 100, topconns: 30, topports_server: 100, topprocs_net: 100 };

function chisel(file: string, name: string): Map<string, number> {
  const out = sysdigOutput(['-r', file, '-j', '-c', name]);
  const m = new Map<string, number>();
  const j = JSON.parse(out) as { data: Array<Array<string | number>> };
  for (const row of j.data ?? []) m.set(CHISELS.find((c) => c[0] === name)![2](row.slice(0, -1).map(String)), Number(row[row.length - 1]));
  return m;
}

/** One `sysdig -r FILE -p` pass: event types, process names, and errno names of failed events, tallied. */
function sysTallies(file: string, filter?: string): { types: Map<string, number>; procs: Map<string, number>; errnos: Map<string, number> } {
  const t = { types: new Map<string, number>(), procs: new Map<string, number>(), errnos: new Map<string, number>() };
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  // Tabs cannot occur inside values: sysdig prints control characters as '.'.
  const args = ['-r', file, '-p', '*%evt.type\t%proc.name\t%evt.failed\t%evt.res', ...(filter ? [filter] : [])];
  for (const l of sysdigOutput(args).split('\n')) {
    if (!l) continue;
    const [type, proc, failed, res] = l.split('\t');
    inc(t.types, type);
    inc(t.procs, proc);
    if (failed === 'true') inc(t.errnos, res);
  }
  return t;
}

/** Our table as key -> measure; names sysdig 0.29.3 prints as <unknown> are folded into <unknown>. */
function ours(t: StatsTable, measure: 'events' | 'total', unknownNames: Set<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of t.rows) {
    if (measure === 'total' && r.total <= 0) continue;
    const k = unknownNames.has(r.key) ? '<unknown>' : r.key;
    m.set(k, (m.get(k) ?? 0) + r[measure]);
  }
  return m;
}

/** The chisel's top-N list agrees with our full table (see the header for the top-N rule). */
function agree(label: string, want: Map<string, number>, got: Map<string, number>, n: number): void {
  for (const [k, v] of want) expect([label, k, got.get(k)]).toEqual([label, k, v]);
  if (want.size < n) expect([label, [...got.keys()].sort()]).toEqual([label, [...want.keys()].sort()]);
  else {
    const min = Math.min(...want.values());
    for (const [k, v] of got) if (v > min) expect([label, k, want.has(k)]).toEqual([label, k, true]);
  }
}

function statsJson(file: string, filter?: string): { stats: ViewStats; eventTypeCounts: Record<string, number> } {
  const r = spawnSync('node', ['bin/scapula.mjs', 'stats', file, ...(filter ? [filter] : []), '-j', '--top', '100000'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('scapula stats arguments', () => {
  it('a bad FILTER exits 2 naming its position; no file is the usage; --top bounds every table', () => {
    const bad = spawnSync('node', ['bin/scapula.mjs', 'stats', `${dir}/cat_write.scap`, 'evt.type = = open'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/filter: 1:\d+: /);
    expect(spawnSync('node', ['bin/scapula.mjs', 'stats'], { encoding: 'utf8' }).status).toBe(2);
    const { stats } = JSON.parse(spawnSync('node', ['bin/scapula.mjs', 'stats', `${dir}/cat_write.scap`, '-j', '--top', '2'], { encoding: 'utf8' }).stdout) as { stats: ViewStats };
    expect(stats.syscalls.distinct).toBeGreaterThan(2);
    expect(stats.syscalls.rows.length).toBeLessThanOrEqual(4); // top 2 by events + top 2 by latency
    expect(stats.errnos.rows.length).toBeLessThanOrEqual(2);
    const none = JSON.parse(spawnSync('node', ['bin/scapula.mjs', 'stats', `${dir}/cat_write.scap`, 'proc.name=nothing', '-j'], { encoding: 'utf8' }).stdout) as { stats: ViewStats };
    expect(none.stats.events).toBe(0);
    expect(none.stats.processes.rows).toEqual([]);
  });
});

/** The 200k-event synthetic capture (seed 1, the default), made once per file when a test first needs it. */
let synthPath = '';
function synth(): string {
  if (!synthPath) {
    synthPath = join(mkdtempSync(join(tmpdir(), 'scapula-stats-')), 'synth.scap');
    execFileSync('node', ['bin/scapula.mjs', 'synth', '--events', '200000', '--seed', '1', '-o', synthPath]);
  }
  return synthPath;
}

/** The deterministic part of `stats -j` (no file path, no timings) as stored. */
function storedStats(file: string, filter?: string): unknown {
  const j = statsJson(file, filter) as unknown as Record<string, unknown> & { stats: ViewStats & { ms?: number } };
  const { ms: _ms, ...stats } = j.stats;
  const { totalEvents, visibleEvents, eventTypeCounts, topProcesses, topFiles, topConnections } = j;
  return { totalEvents, visibleEvents, eventTypeCounts, topProcesses, topFiles, topConnections, stats };
}

describe('scapula stats -j: stored expectations', () => {
  const stored = goldens('stats-chisels');
  for (const name of samples.map((f) => f.split('/').pop()!)) {
    it(name, () => stored.json(name.replace(/\.scap$/, '.json'), storedStats(`${dir}/${name}`)));
  }
  it('the 200k-event synthetic capture (seed 1), whole and with the FILTER proc.name=cat', { timeout: 180_000 }, () => {
    stored.json('synth-200k.json', storedStats(synth()));
    stored.json('synth-200k-proc.name=cat.json', storedStats(synth(), 'proc.name=cat'));
  });
});

describe.skipIf(!haveSysdig())(`stats agree with sysdig chisels (${SYSDIG_WHY})`, () => {
  const files = [...samples];
  beforeAll(() => { files.push(synth()); }, 180_000);

  /** Every chisel table of `tables` on `file` against the chisel: the number of tables compared. */
  function compareChisels(file: string, tables: string[], withTallies: boolean): number {
    let compared = 0;
    const { stats } = statsJson(file);
    // Names we know that sysdig 0.29.3 prints as <unknown>.
    const sys = sysTallies(file);
    const sysTypes = sys.types;
    const unknownNames = new Set(stats.syscalls.rows.map((r) => r.key).filter((k) => !sysTypes.has(k)));
    for (const [name, table, , measure] of CHISELS) {
      if (!tables.includes(name)) continue;
      const want = chisel(file, name);
      if (table === 'syscalls') for (const k of want.keys()) if (!sysTypes.has(k)) want.delete(k);
      const got = ours(stats[table] as StatsTable, measure, unknownNames);
      if (name === 'topscalls') got.delete('switch'); // the chisel's own filter: evt.type!=switch
      agree(`${file} ${name}`, want, got, TOP[name]);
      compared++;
    }
    if (withTallies) {
      expect(ours(stats.processes, 'events', new Set())).toEqual(sys.procs);
      expect(ours(stats.errnos, 'events', new Set())).toEqual(sys.errnos);
      expect(stats.events).toBe([...sysTypes.values()].reduce((a, b) => a + b, 0));
    }
    return compared;
  }

  it('every chisel table, every sample and the synthetic capture', { timeout: 240_000 }, () => {
    let compared = 0;
    for (const file of files) compared += compareChisels(file, CHISELS.map((c) => c[0]), true);
    expect(compared).toBe(files.length * CHISELS.length);
  });

  it.skipIf(unavailable() !== null)(`the network tables on a live recording of HTTP on loopback (${unavailable() ?? 'root + BTF'})`, { timeout: 180_000 }, () => {
    buildRecorder();
    const net = join(files[samples.length], '..', 'net.scap');
    const port = 20000 + (process.pid % 20000);
    // Server and clients both under the recorder: bytes on both ends of each connection, plus file reads.
    const work = `python3 -m http.server ${port} --bind 127.0.0.1 >/dev/null 2>&1 & s=$!; sleep 1; ` +
      `for i in 1 2 3; do python3 -c "import urllib.request;urllib.request.urlopen('http://127.0.0.1:${port}/').read()"; done; ` +
      `kill $s; cat /etc/os-release >/dev/null`;
    const r = spawnSync(recorderBin, ['-w', net, '--legacy', '-s', '256', '--', 'sh', '-c', work], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(compareChisels(net, NET_CHISELS, false)).toBe(NET_CHISELS.length);
    const { stats } = statsJson(net);
    expect(stats.connections.rows.length).toBeGreaterThanOrEqual(3); // three requests, at least the client ends
    expect(stats.ports.rows.length).toBeGreaterThan(0);
  });

  it('a FILTER narrows every table as sysdig FILTER -c narrows the chisel', { timeout: 120_000 }, () => {
    const file = files[samples.length];
    const filter = 'proc.name=cat';
    const { stats } = statsJson(file, filter);
    const sysTypes = sysTallies(file, filter).types;
    const unknownNames = new Set(stats.syscalls.rows.map((r) => r.key).filter((k) => !sysTypes.has(k)));
    for (const name of ['topscalls', 'topprocs_errors', 'topfiles_bytes']) {
      const out = sysdigOutput(['-r', file, '-j', '-c', name, filter]);
      const want = new Map<string, number>();
      const [, table, key, measure] = CHISELS.find((c) => c[0] === name)!;
      for (const row of (JSON.parse(out) as { data: Array<Array<string | number>> }).data ?? []) want.set(key(row.slice(0, -1).map(String)), Number(row[row.length - 1]));
      agree(`${filter} ${name}`, want, ours(stats[table] as StatsTable, measure, unknownNames), TOP[name]);
    }
    expect(stats.events).toBe([...sysTypes.values()].reduce((a, b) => a + b, 0));
  });
});

// `scapula export`: the Parquet (and Arrow) files, read back by DuckDB, hold for every shown event exactly
// what `scapula read -j` prints for the same fields (value, type, null), on every sample capture and on a
// capture recorded live during the test; the alerts table matches `scapula detect`; a directory exports
// hive-partitioned (host=/date=) and reads back as one table.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPS, diffRows, noRecorder, query, readJson, recordLive, scapula, shownCount } from './export-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const samples = readdirSync(CAPS).filter((f) => f.endsWith('.scap')).sort().map((f) => join(CAPS, f));

const RULES = join(dir, 'rules.yaml');
writeFileSync(RULES, `- rule: Marker file opened
  desc: the live recording opens a marker file
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name contains scapula-marker
  output: "marker opened by %proc.name (pid=%proc.pid file=%fd.name parent=%proc.pname cmd=%proc.cmdline)"
  priority: WARNING
  tags: [test, filesystem]
- rule: Any execve
  desc: every program start
  condition: evt.type = execve and evt.dir = <
  output: "exec %proc.exe by %user.name (uid=%user.uid)"
  priority: NOTICE
  tags: [process]
`);

describe('scapula export (samples)', () => {
  const out = join(dir, 'samples.parquet');
  it('writes one Parquet file for several captures', () => {
    const r = scapula(['export', ...samples, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/exported 6 captures, \d+ events/);
  });

  for (const f of samples) {
    it(`equals scapula read -j field for field: ${f.split('/').pop()}`, async () => {
      const rows = await query(`SELECT * FROM read_parquet('${out}') WHERE capture = '${f}' ORDER BY evt_num`);
      const lines = readJson(f);
      expect(diffRows(rows, lines, f)).toEqual([]);
      if (f.endsWith('empty.scap')) expect(rows.length).toBe(0);
      else expect(rows.length).toBeGreaterThan(5);
    });
  }

  it('time is evt.rawtime as a UTC microsecond timestamp; sections are 1 in single-section captures', async () => {
    const [r] = await query(`SELECT count(*) AS n, count(*) FILTER (WHERE epoch_us("time") <> evt_rawtime // 1000) AS bad,
      count(*) FILTER (WHERE section <> 1) AS other FROM read_parquet('${out}')`);
    expect(Number(r.n)).toBeGreaterThan(200);
    expect(Number(r.bad)).toBe(0);
    expect(Number(r.other)).toBe(0);
  });

  it('section numbers follow the section headers of a multi-section capture (two captures concatenated)', async () => {
    const a = join(CAPS, 'syscall.scap'), b = join(CAPS, 'ping_sendto.scap');
    const two = join(dir, 'two.scap');
    writeFileSync(two, Buffer.concat([readFileSync(a), readFileSync(b)]));
    const out = join(dir, 'two.parquet');
    expect(scapula(['export', two, '-o', out]).status).toBe(0);
    const rows = await query(`SELECT section, count(*) AS n FROM read_parquet('${out}') GROUP BY 1 ORDER BY 1`);
    expect(rows.map((r) => [r.section, Number(r.n)])).toEqual([[1, readJson(a).length], [2, readJson(b).length]]);
    expect(diffRows(await query(`SELECT * FROM read_parquet('${out}') ORDER BY evt_num`), readJson(two), two)).toEqual([]);
  });

  it('--arrow writes the same rows as an Arrow IPC file', async () => {
    const f = samples.find((s) => s.endsWith('connect_localhost.scap'))!;
    const arrow = join(dir, 'connect.arrow');
    const r = scapula(['export', f, '--arrow', '-o', arrow]);
    expect(r.status, r.stderr).toBe(0);
    const t = tableFromIPC(readFileSync(arrow));
    const rows = await query(`SELECT * FROM read_parquet('${out}') WHERE capture = '${f}' ORDER BY evt_num`);
    expect(t.numRows).toBe(rows.length);
    const micros = t.getChild('time')!.data.flatMap((d) => [...(d.values as BigInt64Array)]);
    const norm = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'bigint' ? v.toString() : String(v));
    for (let i = 0; i < t.numRows; i++) {
      const a = t.get(i)!.toJSON() as Record<string, unknown>;
      for (const [k, v] of Object.entries(rows[i])) {
        if (k === 'time') expect(micros[i]).toBe(BigInt(String(rows[i].evt_rawtime)) / 1000n);
        else expect(norm(a[k]), `${k} of row ${i}`).toBe(norm(v));
      }
    }
  });

  it('damaged captures (bytes flipped, cut short) export the events the reader reads, and say what is wrong', async () => {
    const raw = gunzipSync(readFileSync(join(CAPS, 'open-multiple-files.scap')));
    const bad = join(dir, 'damaged');
    mkdirSync(bad, { recursive: true });
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let k = 0; k < 6; k++) {
      const b = Buffer.from(raw);
      // flips in the second half, where the events are; every other variant also cut short
      for (let j = 0; j < 4; j++) b[raw.length / 2 + (rnd() % (raw.length / 2)) | 0] = rnd() & 255;
      writeFileSync(join(bad, `d${k}.scap`), k % 2 ? b.subarray(0, raw.length - 1 - (rnd() % 20000)) : b);
    }
    const out = join(dir, 'damaged.parquet');
    const r = scapula(['export', bad, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/d1\.scap: \d+ problems? reading it \(first: /);
    const counts = await query(`SELECT capture, count(*) AS n FROM read_parquet('${out}') GROUP BY 1 ORDER BY 1`);
    const want: [string, number][] = [];
    for (let k = 0; k < 6; k++) want.push([`d${k}.scap`, await shownCount(join(bad, `d${k}.scap`))]);
    expect(want.filter(([, n]) => n).length).toBeGreaterThan(2);
    expect(counts.map((c) => [c.capture, Number(c.n)])).toEqual(want.filter(([, n]) => n));
  });

  it('captures of the same name in two directories are both kept (NAME.2.parquet)', async () => {
    for (const d of ['same-a', 'same-b']) { mkdirSync(join(dir, d)); copyFileSync(join(CAPS, 'syscall.scap'), join(dir, d, 'x.scap')); }
    const out = join(dir, 'same-lake');
    expect(scapula(['export', join(dir, 'same-a'), join(dir, 'same-b'), '-o', out]).status).toBe(0);
    const files = await query(`SELECT count(*) AS n, count(DISTINCT filename) AS f FROM read_parquet('${out}/events/**/*.parquet', filename = true)`);
    expect(files).toEqual([{ n: String(2 * (await shownCount(join(CAPS, 'syscall.scap')))), f: '2' }]);
  });

  it('usage errors and unreadable inputs give clear messages and exit codes', () => {
    expect(scapula(['export', samples[0]]).stderr).toMatch(/missing -o OUT/);
    const missing = scapula(['export', join(dir, 'nope.scap'), '-o', join(dir, 'x.parquet')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.scap: no such file or directory/);
    const junk = join(dir, 'junk.scap');
    writeFileSync(junk, 'this is not a capture at all, just text');
    const bad = scapula(['export', junk, '-o', join(dir, 'junk.parquet')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/junk\.scap: not readable/);
  });
});

const why = noRecorder();
describe.skipIf(why !== null)(`scapula export on a live recording (${why ?? 'root'})`, () => {
  const live = join(dir, 'node-a', 'live.scap');
  const marker = join(dir, 'scapula-marker.txt');
  it('records, exports events and alerts; both equal read -j and detect', async () => {
    mkdirSync(join(dir, 'node-a'), { recursive: true });
    writeFileSync(marker, 'x');
    recordLive(live, `cat ${marker} >/dev/null; ls ${dir} >/dev/null; cat ${marker} >/dev/null`);
    const out = join(dir, 'live.parquet');
    const r = scapula(['export', live, '-r', RULES, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = await query(`SELECT * FROM read_parquet('${out}') ORDER BY evt_num`);
    expect(rows.length).toBeGreaterThan(100);
    expect(diffRows(rows, readJson(live), live)).toEqual([]);

    const alerts = await query(`SELECT * FROM read_parquet('${join(dir, 'live.alerts.parquet')}') ORDER BY evt_num, rule`);
    const det = scapula(['detect', '-r', RULES, '--json', live]);
    expect(det.status, det.stderr).toBe(0);
    const want = det.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l));
    expect(alerts.filter((a) => a.rule === 'Marker file opened').length).toBe(2);
    expect(alerts.length).toBe(want.length);
    const key = (a: Record<string, unknown>) => `${a.rule}\u0000${a.output}`;
    expect(alerts.map(key).sort()).toEqual(want.map(key).sort());
    for (const a of alerts) {
      const w = want.find((x) => key(x) === key(a))!;
      expect(a.priority).toBe(w.priority);
      expect(a.tags).toEqual(w.tags);
      expect(JSON.parse(String(a.output_fields))).toEqual(w.output_fields);
      // the alert's event is in the events table, with the fields the output names
      const ev = rows.find((e) => e.evt_num === a.evt_num)!;
      expect(ev, `event ${a.evt_num}`).toBeTruthy();
      if (a.rule === 'Marker file opened') expect(ev.fd_name).toBe(marker);
    }
  });

  it('a directory exports hive-partitioned (host=, date=) and reads back as one table', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    for (const f of samples) copyFileSync(f, join(tree, f.split('/').pop()!));
    copyFileSync(live, join(tree, 'sub', 'live.scap'));
    const out = join(dir, 'lake');
    const r = scapula(['export', tree, '-r', RULES, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const counts = await query(`SELECT capture, host, CAST("date" AS VARCHAR) AS d, count(*) AS n
      FROM read_parquet('${out}/events/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY capture`);
    const want = [...samples.map((f) => f.split('/').pop()!), 'sub/live.scap']
      .sort().map((name) => ({ name, n: readJson(join(tree, name)).length })).filter((x) => x.n > 0);
    expect(counts.map((c) => [c.capture, Number(c.n)])).toEqual(want.map((w) => [w.name, w.n]));
    const liveRow = counts.find((c) => c.capture === 'sub/live.scap')!;
    // The partition date is the recording's own (its first event's), not the clock's at the check.
    const recorded = scapula(['read', live, '-n', '1', '-p', '%evt.datetime']);
    expect(recorded.status, recorded.stderr).toBe(0);
    expect(liveRow.d).toBe(recorded.stdout.slice(0, 10));
    expect(counts.find((c) => c.capture === 'syscall.scap')!.d).toBe('2018-04-12');
    const [a] = await query(`SELECT count(*) AS n FROM read_parquet('${out}/alerts/**/*.parquet', hive_partitioning = true)
      WHERE capture = 'sub/live.scap' AND rule = 'Marker file opened'`);
    expect(Number(a.n)).toBe(2);
  });
});

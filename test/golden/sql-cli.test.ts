// `scapula sql`: DuckDB over the events and alerts tables answers like `scapula read` and `scapula detect`
// count (per capture, per event type, with a filter), the same from captures, an exported Parquet file and
// an exported directory; text, CSV and JSON outputs; bad SQL gives DuckDB's message, a long query stops.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPS, scapula, shownCount } from './export-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const samples = readdirSync(CAPS).filter((f) => f.endsWith('.scap')).sort();
const RULES = join(dir, 'rules.yaml');
writeFileSync(RULES, `- rule: opens
  desc: every open exit
  condition: evt.type=open and evt.dir=<
  output: "open %fd.name by %proc.name"
  priority: WARNING
- rule: closes
  desc: close exits
  condition: evt.type=close and evt.dir=<
  output: "close %fd.num"
  priority: INFO
`);

const lines = (s: string) => s.split('\n').filter((l) => l.length > 0);
const readCount = (f: string, filter?: string) => lines(scapula(['read', join(CAPS, f), ...(filter ? [filter] : [])]).stdout).length;

function sqlJson(query: string, inputs: string[], extra: string[] = []) {
  const r = scapula(['sql', query, ...inputs, '--json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('scapula sql', () => {
  const pq = join(dir, 'all.parquet');
  const lake = join(dir, 'lake');
  it('exports once for the Parquet inputs', () => {
    expect(scapula(['export', ...samples.map((f) => join(CAPS, f)), '-r', RULES, '-o', pq]).status).toBe(0);
    expect(scapula(['export', CAPS, '-r', RULES, '-o', lake]).status).toBe(0);
  });

  it('counts per capture equal scapula read, from captures, a Parquet file and an exported directory', async () => {
    const want: [string, number][] = [];
    for (const f of samples) want.push([f, await shownCount(join(CAPS, f))]);
    const q = `SELECT regexp_extract(capture, '[^/]+$') AS c, count(*) AS n FROM events GROUP BY c ORDER BY c`;
    for (const input of [CAPS, pq, lake]) {
      const got = sqlJson(q, [input]).map((r) => [r.c, r.n]);
      expect(got, input).toEqual(want.filter(([, n]) => n > 0));
    }
  });

  it('a WHERE on event type and file name equals the same filter in scapula read', () => {
    const f = 'open-multiple-files.scap';
    const [r] = sqlJson(`SELECT count(*) AS n FROM events WHERE evt_type = 'open' AND evt_dir = '<' AND fd_name LIKE '/tmp/file-%'`, [join(CAPS, f)]);
    const want = readCount(f, 'evt.type=open and evt.dir=< and fd.name startswith /tmp/file-');
    expect(want).toBeGreaterThan(0);
    expect(r.n).toBe(want);
  });

  it('the alerts table counts what scapula detect reports, and joins to its events', () => {
    const got = sqlJson(`SELECT a.rule, count(*) AS n, count(e.evt_num) AS joined FROM alerts a
      LEFT JOIN events e ON e.capture = a.capture AND e.evt_num = a.evt_num GROUP BY a.rule ORDER BY a.rule`, [pq, pq.replace(/\.parquet$/, '.alerts.parquet')]);
    const d = scapula(['detect', '-r', RULES, '-w', '1', CAPS]);
    expect(d.status, d.stderr).toBe(0);
    const opens = lines(d.stdout).filter((l) => / Warning open /.test(l)).length;
    const closes = lines(d.stdout).filter((l) => / Informational close /.test(l)).length;
    expect(opens).toBeGreaterThan(0);
    expect(got).toEqual([{ rule: 'closes', n: closes, joined: closes }, { rule: 'opens', n: opens, joined: opens }]);
    const viaDir = sqlJson(`SELECT count(*) AS n FROM alerts`, [lake]);
    expect(viaDir[0].n).toBe(opens + closes);
  });

  it('JSON keeps 64-bit integers exact; CSV and the text table carry the same values', () => {
    const f = join(CAPS, 'syscall.scap');
    const first = lines(scapula(['read', '-p', '%evt.num %evt.rawtime', f]).stdout)[0].split(' ');
    const q = `SELECT evt_num, evt_rawtime, proc_name FROM events ORDER BY evt_num LIMIT 3`;
    const json = scapula(['sql', q, f, '--json']).stdout;
    expect(json).toContain(`"evt_num":${first[0]},"evt_rawtime":${first[1]},`);
    const csv = lines(scapula(['sql', q, f, '--csv']).stdout);
    expect(csv[0]).toBe('evt_num,evt_rawtime,proc_name');
    expect(csv[1].startsWith(`${first[0]},${first[1]},`)).toBe(true);
    const text = lines(scapula(['sql', q, f]).stdout);
    expect(text[0]).toMatch(/^evt_num\s+\| evt_rawtime\s+\| proc_name$/);
    expect(text[2]).toContain(first[1]);
    expect(text.at(-1)).toBe('(3 rows)');
  });

  it('bad SQL and unknown tables give DuckDB\'s message; a long query stops at --timeout; bad inputs are named', () => {
    const bad = scapula(['sql', 'SELEC 1', pq]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/scapula sql: Parser Error: syntax error at or near "SELEC"/);
    const unknown = scapula(['sql', 'SELECT * FROM nosuch', pq]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Catalog Error: Table with name nosuch does not exist/);
    const slow = scapula(['sql', 'SELECT count(*) FROM range(100000000000) a', pq, '--timeout', '1']);
    expect(slow.status).toBe(1);
    expect(slow.stderr).toMatch(/query interrupted after 1 s/);
    const missing = scapula(['sql', 'SELECT 1', join(dir, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such file or directory/);
    const arrowLake = join(dir, 'arrow-lake');
    expect(scapula(['export', CAPS, '--arrow', '-o', arrowLake]).status).toBe(0);
    expect(scapula(['sql', 'SELECT 1', arrowLake]).stderr).toMatch(/no Parquet files \(scapula sql reads Parquet/);
    const url = scapula(['sql', `SELECT * FROM read_parquet('https://example.invalid/x.parquet')`, pq]);
    expect(url.status).toBe(1);
    expect(url.stderr).toMatch(/httpfs/);
  });
});

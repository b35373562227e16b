// `scapula sql "SELECT ..." CAPTURE|DIR|PARQUET...`: SQL over the `events` and `alerts` tables with
// embedded DuckDB. Parquet files and exported directories are read in place; captures are exported to
// a temporary hive layout first (the same rows as `scapula export`). Output: an aligned text table,
// --csv or --json (one object per line). Bad SQL gets DuckDB's own message and exit code 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../../export/duckdb.ts';
import { openDuckDB } from '../../export/duckdb.ts';
import { exportResults } from '../../export/run.ts';
import { ALERT_COLUMNS, EVENT_COLUMNS, type EventColumn } from '../../../export/schema.ts';
import { writePartitioned } from '../../export/write.ts';
import { csvHeader, csvRows, jsonRows, MAX_TEXT_ROWS, textTable, type Json } from '../../../sql/render.ts';
import { classifyInputs } from '../../sql/sources.ts';

export const summary = 'SQL (DuckDB) over the events and alerts of captures, directories or Parquet files';

const USAGE = `usage: scapula sql "SELECT ..." CAPTURE|DIR|PARQUET... [--csv | --json] [-r RULES ...] [-w N] [--timeout SEC]
  tables        events (one row per shown event, state resolved) and alerts (with -r, or from exported files);
                columns: see the README, "Across captures (Parquet, SQL)"; exported directories add host, date
  CAPTURE       a .scap / .scap.gz file, or a DIR of them: exported to a temporary Parquet layout first
  PARQUET       a file from scapula export (X.alerts.parquet feeds alerts), or an exported DIR (DIR/events/...)
  --csv         CSV with a header line        --json   one JSON object per row
  -r RULES      Falco rules for the alerts table of captures (repeatable)
  -w N          worker threads for exporting captures (default: one per 32 captures or 64 MB, up to the cores)
  --timeout SEC interrupt the query after SEC seconds
`;

interface Args { sql: string; inputs: string[]; format: 'text' | 'csv' | 'json'; rules: string[]; workers: number; timeout: number }

function parseArgs(args: string[]): Args | string {
  const a: Args = { sql: '', inputs: [], format: 'text', rules: [], workers: 0, timeout: 0 };
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    const need = () => { if (i + 1 >= args.length) throw new Error(`${x} needs a value`); return args[++i]; };
    try {
      if (x === '--csv') a.format = 'csv';
      else if (x === '--json') a.format = 'json';
      else if (x === '-r') a.rules.push(need());
      else if (x === '-w' || x === '--workers') {
        const v = Number(need());
        if (!Number.isInteger(v) || v < 1 || v > 256) return '-w needs a whole number from 1 to 256';
        a.workers = v;
      } else if (x === '--timeout') {
        const v = Number(need());
        if (!(v > 0)) return '--timeout needs a positive number of seconds';
        a.timeout = v;
      } else if (x === '-h' || x === '--help') return 'help';
      else if (x.startsWith('-') && pos.length > 0) return `unknown option ${x}`;
      else pos.push(x);
    } catch (e) { return (e as Error).message; }
  }
  if (!pos.length || !pos[0].trim()) return 'missing the SQL query';
  [a.sql, ...a.inputs] = pos;
  if (!a.inputs.length) return 'missing CAPTURE, DIR or PARQUET';
  return a;
}

const columnsDdl = (cols: readonly EventColumn[]) => cols.map((c) => `"${c.name}" ${c.type}`).join(', ');

/** The events and alerts tables: views over the Parquet files, or empty tables of the schema. */
async function defineTables(con: DuckDBConnection, events: string[], alerts: string[]): Promise<void> {
  for (const [name, files, cols] of [['events', events, EVENT_COLUMNS], ['alerts', alerts, ALERT_COLUMNS]] as const) {
    if (files.length) {
      await con.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = true, union_by_name = true)`);
    } else {
      await con.run(`CREATE TABLE ${name} (${columnsDdl(cols)})`);
    }
  }
}

/** Runs every statement; the last one's rows are written as they arrive (text: the first MAX_TEXT_ROWS). */
async function runQuery(con: DuckDBConnection, sql: string, format: Args['format'], write: (s: string) => void): Promise<void> {
  const stmts = await con.extractStatements(sql);
  if (stmts.count === 0) throw new Error('no SQL statement');
  for (let i = 0; i < stmts.count - 1; i++) await (await stmts.prepare(i)).run();
  const result = await (await stmts.prepare(stmts.count - 1)).stream();
  const cols = { names: result.columnNames(), types: result.columnTypes().map(String) };
  const shown: Json[][] = [];
  let more = 0;
  if (format === 'csv') write(csvHeader(cols));
  for await (const rows of result.yieldRowsJson()) {
    const batch = rows as Json[][];
    if (format === 'csv') write(csvRows(batch));
    else if (format === 'json') write(jsonRows(cols, batch));
    else for (const r of batch) { if (shown.length < MAX_TEXT_ROWS) shown.push(r); else more++; }
  }
  if (format === 'text') write(textTable(cols, shown, more));
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (a === 'help') { process.stdout.write(USAGE); return 0; }
  if (typeof a === 'string') { process.stderr.write(`scapula sql: ${a}\n${USAGE}`); return 2; }
  let src;
  try { src = classifyInputs(a.inputs); } catch (e) { process.stderr.write(`scapula sql: ${(e as Error).message}\n`); return 2; }
  const db = await openDuckDB();
  const tmp = src.captures.length ? mkdtempSync(join(tmpdir(), 'scapula-sql-')) : null;
  let timer: NodeJS.Timeout | null = null;
  try {
    // No network: an extension DuckDB would download (httpfs for a URL, ...) is an error, not a wait.
    await db.con.run('SET autoinstall_known_extensions = false');
    if (tmp) {
      const lake = join(tmp, 'lake');
      let failed = 0, events = 0, alerts = 0;
      const taken = new Set<string>();
      for await (const r of exportResults(src.captures, { tmp, rules: a.rules, workers: a.workers })) {
        if (r.error) { failed++; process.stderr.write(`scapula sql: ${r.name}: ${r.error}\n`); continue; }
        if (r.events) await writePartitioned(db.con, r, lake, { arrow: false, host: null }, taken);
        events += r.events;
        alerts += r.alerts;
      }
      if (failed === src.captures.length) { process.stderr.write('scapula sql: no readable capture\n'); return 2; }
      // (a glob without files is an error in read_parquet: empty tables stand in for them)
      if (events) src.events.push(join(lake, 'events', '**', '*.parquet'));
      if (alerts) src.alerts.push(join(lake, 'alerts', '**', '*.parquet'));
    }
    await defineTables(db.con, src.events, src.alerts);
    if (a.timeout) timer = setTimeout(() => db.con.interrupt(), a.timeout * 1000);
    const out: string[] = [];
    let size = 0;
    const write = (s: string) => { out.push(s); size += s.length; if (size > 1 << 20) { process.stdout.write(out.join('')); out.length = 0; size = 0; } };
    await runQuery(db.con, a.sql, a.format, write);
    process.stdout.write(out.join(''));
    return 0;
  } catch (e) {
    const msg = (e as Error).message.replace(/^Failed to extract statements: /, '');
    process.stderr.write(`scapula sql: ${/INTERRUPT/i.test(msg) && a.timeout ? `query interrupted after ${a.timeout} s` : msg}\n`);
    return 1;
  } finally {
    if (timer) clearTimeout(timer);
    db.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

// Turns finished export jobs (NDJSON row files) into table files with DuckDB: one capture's files in
// the hive layout, or every capture's rows in one file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeArrowFile } from './arrow.ts';
import { alertsSelect, eventsSelect } from '../../export/duckdb.ts';
import { copyToParquet } from './duckdb.ts';
import type { ExportJobResult } from './job.ts';
import { alertsFileOf, partitionFile } from './layout.ts';

export interface WriteOptions {
  arrow: boolean;
  /** host= value (default: the capture's hostname, else `unknown`). */
  host: string | null;
}

async function writeTable(con: DuckDBConnection, select: string, file: string, arrow: boolean): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  if (arrow) await writeArrowFile(con, select, file);
  else await copyToParquet(con, select, file);
}

/**
 * Writes one capture's events (and alerts, when it has any) under `root`; returns the events file.
 * `taken` holds the files written so far in this run: two inputs with the same name in one partition
 * (x.scap of two directories) get `NAME.2.parquet`, ... instead of overwriting each other.
 */
export async function writePartitioned(con: DuckDBConnection, r: ExportJobResult, root: string, o: WriteOptions, taken = new Set<string>()): Promise<string> {
  const host = o.host ?? r.host ?? 'unknown';
  const date = r.date ?? 'unknown';
  const ext = o.arrow ? 'arrow' : 'parquet';
  let name = r.name;
  for (let k = 2; taken.has(partitionFile(root, 'events', host, date, name, ext)) && k < 1_000_000; k++) name = `${r.name}.${k}`;
  const evFile = partitionFile(root, 'events', host, date, name, ext);
  taken.add(evFile);
  await writeTable(con, eventsSelect([r.eventsFile]), evFile, o.arrow);
  if (r.alertsFile && r.alerts) await writeTable(con, alertsSelect([r.alertsFile]), partitionFile(root, 'alerts', host, date, name, ext), o.arrow);
  return evFile;
}

/** Writes every capture's rows, in the order given, to `out` (and its alerts file when `withAlerts`). */
export async function writeSingle(con: DuckDBConnection, results: ExportJobResult[], out: string, withAlerts: boolean, arrow: boolean): Promise<void> {
  if (!results.length) return;
  await writeTable(con, eventsSelect(results.map((r) => r.eventsFile)), out, arrow);
  if (withAlerts) {
    const files = results.map((r) => r.alertsFile).filter((f): f is string => !!f);
    if (files.length) await writeTable(con, alertsSelect(files), alertsFileOf(out), arrow);
  }
}

// Embedded DuckDB in Node (@duckdb/node-api): opening an in-memory database and copying a SELECT (the
// SQL text of engine/export/duckdb.ts) to Parquet. DuckDB does the typing, 64-bit integers and the
// columnar encoding; no hand-written Parquet here.
import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../export/duckdb.ts';

// A native addon (a CommonJS package): required by a name held in a variable, so the CLI bundler
// (scripts/build-cli.mjs) leaves it to Node's resolver instead of trying to bundle the .node binary.
// require, not import(): the bundle runs from a V8 code cache, which in Node 20 loses import()'s loader.
const DUCKDB_MODULE = '@duckdb/node-api';

export async function openDuckDB(threads?: number): Promise<{ con: DuckDBConnection; close(): void }> {
  const { DuckDBInstance } = createRequire(import.meta.url)(DUCKDB_MODULE) as typeof import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const con = await inst.connect();
  // Timestamps are UTC: the TIMESTAMP -> TIMESTAMPTZ casts of the exporter and the times `scapula sql` shows.
  await con.run(`SET TimeZone = 'UTC'`);
  return { con, close: () => { con.closeSync(); inst.closeSync(); } };
}

/** Copies a SELECT to a Parquet file (zstd). */
export async function copyToParquet(con: DuckDBConnection, select: string, out: string): Promise<void> {
  await con.run(`COPY (${select}) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd)`);
}

// The SQL console's database: duckdb-wasm, in its own worker. This module is imported dynamically when
// the console first opens, so neither DuckDB's code nor its 33 MB WebAssembly is fetched before. The
// wasm and worker files are emitted by vite on our own origin (`?url`) and precached by the service
// worker (vite.config.ts); extension autoloading and autoinstalling are off, so no query reaches the
// network (the page's CSP, connect-src 'self', would block it anyway).
import { AsyncDuckDB, VoidLogger, selectBundle, type AsyncDuckDBConnection, type DuckDBBundles } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { SqlEventRows } from '../../engine/api.ts';
import { toSqlResult, type SqlResult } from './result.ts';

// eh: WebAssembly exceptions (every current browser); mvp: the fallback for older ones (not precached).
const BUNDLES: DuckDBBundles = {
  eh: { mainModule: new URL(ehWasm, location.href).href, mainWorker: new URL(ehWorker, location.href).href },
  mvp: { mainModule: new URL(mvpWasm, location.href).href, mainWorker: new URL(mvpWorker, location.href).href },
};

export interface SqlDatabase {
  /** Replaces the `events` table with the worker's rows (the columns and types of `scapula export`). */
  loadEvents(rows: SqlEventRows): Promise<void>;
  /** Runs one statement (or several; the last one's result is returned). */
  run(sql: string): Promise<SqlResult>;
}

export async function openDatabase(): Promise<SqlDatabase> {
  const bundle = await selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!, { name: 'scapula-duckdb' });
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: false } });
  const con: AsyncDuckDBConnection = await db.connect();
  await con.query('SET autoinstall_known_extensions = false');
  await con.query('SET autoload_known_extensions = false');
  return {
    async loadEvents(rows) {
      await con.query('DROP TABLE IF EXISTS scapula_rows');
      try {
        await con.insertArrowFromIPCStream(rows.ipc, { name: 'scapula_rows' });
        // The exporter's select list: the same columns and types as `scapula export` writes to Parquet.
        await con.query(`CREATE OR REPLACE TABLE events AS SELECT ${rows.projection} FROM scapula_rows`);
      } finally {
        await con.query('DROP TABLE IF EXISTS scapula_rows');
      }
    },
    async run(sql) {
      return toSqlResult(await con.query(sql));
    },
  };
}

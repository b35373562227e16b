// The SQL text over NDJSON rows (engine/export/rows.ts): `read_json` with the schema's explicit column
// types (64-bit values keep every digit) and the events/alerts select lists. Text only, so the web app's
// SQL console shares it; opening DuckDB and writing Parquet are Node-only (engine/node/export/duckdb.ts).
import { ALERT_COLUMNS, EVENT_COLUMNS } from './schema.ts';

/** A single-quoted SQL string literal. */
export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

function readJson(files: string[], columns: Record<string, string>): string {
  const cols = Object.entries(columns).map(([k, t]) => `${sqlString(k)}: ${sqlString(t)}`).join(', ');
  return `read_json([${files.map(sqlString).join(', ')}], format = 'newline_delimited', columns = {${cols}}, maximum_object_size = 268435456)`;
}

/**
 * SELECT of the events table over NDJSON row files (in the order given). Numbers are read as text and
 * converted with TRY_CAST: a value a damaged capture puts out of range (a u64 above 2^63) becomes NULL
 * instead of failing the whole export.
 */
export function eventsSelect(files: string[]): string {
  const cols: Record<string, string> = {};
  for (const c of EVENT_COLUMNS) {
    if (c.name === 'time') continue;
    cols[c.field ?? c.name] = 'VARCHAR';
  }
  return `SELECT ${eventsProjection()} FROM ${readJson(files, cols)}`;
}

/**
 * The select list that turns a relation whose columns are the NDJSON rows' keys (`evt.num`, ...) into
 * the events table's columns. Also used by the web app's SQL console, whose duckdb-wasm has no json
 * extension and reads the same rows with its own JSON reader.
 */
export function eventsProjection(): string {
  const out: string[] = [];
  const num = (key: string, type: string) => `TRY_CAST(${ident(key)} AS ${type})`;
  for (const c of EVENT_COLUMNS) {
    const key = c.field ?? c.name;
    if (c.name === 'time') out.push(`make_timestamp(${num('evt.rawtime', 'BIGINT')} // 1000)::TIMESTAMPTZ AS "time"`);
    else if (c.type === 'VARCHAR') out.push(`${ident(key)} AS ${ident(c.name)}`);
    else out.push(`${num(key, c.type)} AS ${ident(c.name)}`);
  }
  return out.join(', ');
}

/** SELECT of the alerts table over NDJSON row files. */
export function alertsSelect(files: string[]): string {
  const cols: Record<string, string> = {};
  for (const c of ALERT_COLUMNS) if (c.name !== 'time') cols[c.name] = c.type;
  cols.rawtime = 'VARCHAR';
  const out = ALERT_COLUMNS.map((c) => c.name === 'time'
    ? `make_timestamp(TRY_CAST(rawtime AS BIGINT) // 1000)::TIMESTAMPTZ AS "time"` : ident(c.name));
  return `SELECT ${out.join(', ')} FROM ${readJson(files, cols)}`;
}

// Where exported files go. One output file: OUT.parquet (events) and OUT.alerts.parquet. A directory:
// the hive layout OUT/events/host=H/date=D/NAME.parquet and OUT/alerts/host=H/date=D/NAME.parquet, one
// file per capture, so DuckDB, Spark and Trino read each table as one (host and date become columns).
import { join } from 'node:path';

/** Partition values keep to a safe alphabet: `/`, `=` and friends would break the path's meaning. */
export const partitionValue = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128) || '_';

/** True when OUT names one file rather than a directory. */
export const isSingleFile = (out: string) => /\.(parquet|arrow)$/i.test(out);

/** OUT.parquet -> OUT.alerts.parquet (OUT.arrow -> OUT.alerts.arrow). */
export function alertsFileOf(out: string): string {
  const m = /\.(parquet|arrow)$/i.exec(out);
  return m ? out.slice(0, m.index) + '.alerts' + m[0] : out + '.alerts';
}

/** The file of one capture in the hive layout. */
export function partitionFile(root: string, table: 'events' | 'alerts', host: string, date: string, capture: string, ext = 'parquet'): string {
  const file = capture.replace(/[\\/]/g, '__').replace(/^\.+/, '_') + '.' + ext;
  return join(root, table, `host=${partitionValue(host)}`, `date=${partitionValue(date)}`, file);
}

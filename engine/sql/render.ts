// Renders query results for `scapula sql`: an aligned text table (the default, first MAX_TEXT_ROWS rows),
// CSV (RFC 4180) or JSON lines. Values arrive in DuckDB's JSON-compatible form (64-bit integers and
// decimals as digit strings); JSON output writes integers back as bare numbers, keeping every digit.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Rows shown by the text table; more are counted and reported, not printed. */
export const MAX_TEXT_ROWS = 10_000;
/** Widest cell of the text table (longer values are cut with an ellipsis). */
const MAX_CELL = 60;

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

export interface Columns { names: string[]; types: string[] }

function plain(v: Json): string {
  if (v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function csvHeader(c: Columns): string {
  return c.names.map(csvCell).join(',') + '\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(rows: Json[][]): string {
  let out = '';
  for (const r of rows) out += r.map((v) => csvCell(plain(v))).join(',') + '\n';
  return out;
}

export function jsonRows(c: Columns, rows: Json[][]): string {
  const keys = c.names.map((n) => JSON.stringify(n));
  const ints = c.types.map((t) => INTEGER_TYPE.test(t));
  let out = '';
  for (const r of rows) {
    const parts = r.map((v, i) => `${keys[i]}:${ints[i] && typeof v === 'string' && /^-?\d+$/.test(v) ? v : JSON.stringify(v)}`);
    out += `{${parts.join(',')}}\n`;
  }
  return out;
}

/** A cell of the text table: control characters escaped so rows stay one line, long values cut. */
function textCell(v: Json): string {
  if (v === null) return 'NULL';
  // eslint-disable-next-line no-control-regex
  const s = plain(v).replace(/[\x00-\x1f\x7f]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return s.length > MAX_CELL ? s.slice(0, MAX_CELL - 1) + '…' : s;
}

export function textTable(c: Columns, rows: Json[][], more: number): string {
  const cells = rows.map((r) => r.map(textCell));
  const widths = c.names.map((n, i) => Math.max(Math.min(n.length, MAX_CELL), ...cells.map((r) => r[i].length)));
  const right = c.types.map((t) => NUMERIC_TYPE.test(t));
  const line = (vals: string[], isHeader: boolean) =>
    vals.map((v, i) => (right[i] && !isHeader ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ').trimEnd() + '\n';
  let out = line(c.names.map((n) => (n.length > MAX_CELL ? n.slice(0, MAX_CELL - 1) + '…' : n)), true);
  out += widths.map((w) => '-'.repeat(w)).join('-+-') + '\n';
  for (const r of cells) out += line(r, false);
  const n = rows.length + more;
  out += `(${n} row${n === 1 ? '' : 's'}${more ? `; the first ${rows.length} shown, use --csv or --json for all` : ''})\n`;
  return out;
}

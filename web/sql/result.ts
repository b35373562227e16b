// A DuckDB result (an Arrow table) turned into what the SQL console shows: every value as text (the
// component renders text only, never HTML), the first MAX_SHOWN_ROWS rows, and the distinct event
// numbers of an `evt_num` column (bounded) for "Use as filter". Typed structurally so the app does not
// bundle a second copy of apache-arrow for the types alone.

/** Rows the console shows of a result. */
export const MAX_SHOWN_ROWS = 1000;
/** Most event numbers "Use as filter" puts in `evt.num in (…)`. */
export const MAX_FILTER_EVENTS = 10_000;

/** Arrow's type ids (apache-arrow `Type`) of the columns formatted specially. */
const TYPE_DATE = 8;
const TYPE_TIMESTAMP = 10;

interface ArrowColumn { get(i: number): unknown }
interface ArrowField { name: string; type: { typeId: number } }
export interface ArrowTableLike {
  numRows: number;
  schema: { fields: ArrowField[] };
  getChildAt(i: number): ArrowColumn | null;
}

export interface SqlResult {
  columns: string[];
  /** The first MAX_SHOWN_ROWS rows, each value as text (NULL for nulls). */
  rows: string[][];
  /** Rows in the whole result. */
  total: number;
  /** The `evt_num` value of each shown row (null without such a column or value). */
  rowEvents: (number | null)[];
  /** Distinct evt_num values of the whole result in ascending order, at most MAX_FILTER_EVENTS + 1; null without the column. */
  events: number[] | null;
}

const bigintJson = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Arrow's timestamp value (milliseconds, with the microseconds as fraction) as UTC text to the microsecond. */
function timestampText(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  if (Number.isNaN(d.getTime())) return String(ms);
  const micros = Math.min(999, Math.round((ms - whole) * 1000));
  return `${d.toISOString().slice(0, 23).replace('T', ' ')}${String(micros).padStart(3, '0')}`;
}

/** One value as text. */
export function cellText(v: unknown, typeId: number): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeId === TYPE_TIMESTAMP && typeof v === 'number') return timestampText(v);
  if (typeId === TYPE_DATE && typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Array.from(v.subarray(0, 4096), (b) => b.toString(16).padStart(2, '0')).join('');
  // Lists, structs, maps: Arrow vectors and rows have toJSON.
  const j = (v as { toJSON?: () => unknown }).toJSON;
  return JSON.stringify(typeof j === 'function' ? j.call(v) : v, bigintJson) ?? String(v);
}

function eventNumber(v: unknown): number | null {
  const n = typeof v === 'bigint' || typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function toSqlResult(t: ArrowTableLike): SqlResult {
  const fields = t.schema.fields;
  const cols = fields.map((_, j) => t.getChildAt(j));
  const shown = Math.min(t.numRows, MAX_SHOWN_ROWS);
  const rows: string[][] = [];
  for (let i = 0; i < shown; i++) rows.push(cols.map((c, j) => cellText(c?.get(i), fields[j].type.typeId)));
  const evtCol = fields.findIndex((f) => f.name.toLowerCase() === 'evt_num');
  let events: number[] | null = null;
  const rowEvents: (number | null)[] = [];
  if (evtCol >= 0) {
    const c = cols[evtCol]!;
    for (let i = 0; i < shown; i++) rowEvents.push(eventNumber(c.get(i)));
    const seen = new Set<number>();
    for (let i = 0; i < t.numRows && seen.size <= MAX_FILTER_EVENTS; i++) {
      const n = eventNumber(c.get(i));
      if (n !== null) seen.add(n);
    }
    events = [...seen].sort((a, b) => a - b);
  } else {
    for (let i = 0; i < shown; i++) rowEvents.push(null);
  }
  return { columns: fields.map((f) => f.name), rows, total: t.numRows, rowEvents, events };
}

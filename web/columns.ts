// The event list's column model: which columns exist, their order, widths and visibility (kept in
// settings), and how a row's cell is turned into text. Times are u64 nanoseconds as decimal strings;
// they are handled with BigInt so no precision is lost.
import type { EventRow } from '../engine/api.ts';

export type TimeFormat = 'absolute' | 'relative' | 'delta';

export interface Column {
  /** Built-in id (num, time, ...) or `field:NAME` for an "apply as column" field. */
  id: string;
  title: string;
  width: number;
  visible: boolean;
  align?: 'right';
}

export const BUILTIN_COLUMNS: readonly Column[] = [
  { id: 'num', title: 'No.', width: 70, visible: true, align: 'right' },
  { id: 'time', title: 'Time', width: 150, visible: true },
  { id: 'cpu', title: 'CPU', width: 44, visible: true, align: 'right' },
  { id: 'proc', title: 'Process', width: 120, visible: true },
  { id: 'tid', title: 'TID', width: 70, visible: true, align: 'right' },
  { id: 'dir', title: 'Dir', width: 34, visible: true },
  { id: 'type', title: 'Type', width: 110, visible: true },
  { id: 'latency', title: 'Latency', width: 90, visible: true, align: 'right' },
  { id: 'info', title: 'Info', width: 600, visible: true },
];

export const MIN_WIDTH = 28;

export function fieldColumn(field: string): Column {
  return { id: `field:${field}`, title: field, width: 140, visible: true };
}

export function fieldOf(col: Column): string | null {
  return col.id.startsWith('field:') ? col.id.slice(6) : null;
}

/** The filter field a column shows, for exports (Time as the full date and time, Latency in ns). */
const EXPORT_FIELDS: Record<string, string> = {
  num: 'evt.num', time: 'evt.datetime', cpu: 'evt.cpu', proc: 'proc.name', tid: 'thread.tid', dir: 'evt.dir',
  type: 'evt.type', latency: 'evt.latency', info: 'evt.info',
};

export function exportField(col: Column): string | null {
  return fieldOf(col) ?? EXPORT_FIELDS[col.id] ?? null;
}

/** Merge stored columns with the built-ins (new built-ins appear, unknown ids are dropped). */
export function restoreColumns(stored: Column[] | undefined): Column[] {
  if (!Array.isArray(stored)) return BUILTIN_COLUMNS.map((c) => ({ ...c }));
  const out: Column[] = [];
  for (const c of stored) {
    if (typeof c?.id !== 'string') continue;
    const builtin = BUILTIN_COLUMNS.find((b) => b.id === c.id);
    if (!builtin && !c.id.startsWith('field:')) continue;
    out.push({ ...(builtin ?? fieldColumn(c.id.slice(6))), width: Math.max(MIN_WIDTH, Number(c.width) || 100), visible: c.visible !== false });
  }
  for (const b of BUILTIN_COLUMNS) if (!out.some((c) => c.id === b.id)) out.push({ ...b });
  return out;
}

const NS = 1_000_000_000n;

function pad(n: number | bigint, w: number): string {
  return String(n).padStart(w, '0');
}

/** HH:MM:SS.nnnnnnnnn in the browser's time zone, like sysdig's default time column. */
export function clockTime(ts: string): string {
  const t = BigInt(ts);
  const d = new Date(Number(t / 1_000_000n));
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(t % NS, 9)}`;
}

/** Seconds with nanosecond precision, signed: "12.000345678". */
export function seconds(deltaNs: bigint): string {
  const neg = deltaNs < 0n;
  const a = neg ? -deltaNs : deltaNs;
  return `${neg ? '-' : ''}${a / NS}.${pad(a % NS, 9)}`;
}

export function formatTime(ts: string, mode: TimeFormat, firstTs: string | null, prevTs: string | null): string {
  try {
    if (mode === 'relative' && firstTs) return seconds(BigInt(ts) - BigInt(firstTs));
    if (mode === 'delta') return prevTs ? seconds(BigInt(ts) - BigInt(prevTs)) : '0.000000000';
    return clockTime(ts);
  } catch {
    return ts;
  }
}

/** Latency with a unit that keeps 3-4 significant digits. */
export function formatLatency(ns: number | null): string {
  if (ns === null || ns === undefined || ns < 0) return '';
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`;
  return `${(ns / 1_000_000_000).toFixed(3)} s`;
}

export function cellText(row: EventRow, col: Column, time: TimeFormat, firstTs: string | null, prevTs: string | null): string {
  switch (col.id) {
    case 'num': return String(row.num);
    case 'time': return formatTime(row.ts, time, firstTs, prevTs);
    case 'cpu': return row.cpu === null ? '' : String(row.cpu);
    case 'proc': return row.proc;
    case 'tid': return row.tid === null ? '' : String(row.tid);
    case 'dir': return row.dir;
    case 'type': return row.type;
    case 'latency': return formatLatency(row.latencyNs);
    case 'info': return row.info;
    default: {
      const f = fieldOf(col);
      return f ? row.extra?.[f] ?? '' : '';
    }
  }
}

/** The CSS grid template for the visible columns (the last one stretches). */
export function gridTemplate(cols: readonly Column[]): string {
  const vis = cols.filter((c) => c.visible);
  return vis.map((c, i) => (i === vis.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
}

// Statistics over a set of events, the way an analyst reads sysdig's chisels (topprocs, topscalls,
// topscalls_time, topprocs_errors, topfiles_errors, topfiles_bytes, topconns, topports_server, topprocs_net) and
// Stratoshark's Statistics menu: one pass of the engine's formatter in JSON mode over the selection
// (batched in WASM, no per-event round trips), each line parsed once and added to every table.
// JSON rather than text lines because capture strings (file names) may hold tabs or newlines.
// The grouping rules follow the chisels' table_generator: a group needs every key field present, and a
// measure only adds when it is > 0 (evt.rawarg.res of I/O events: bytes moved; evt.latency on exits).
// Used by `scapula stats` and by the web worker (CaptureService.viewStats) so both print the same numbers.
import type { Capture } from '../capture.ts';
import type { StatsRow, StatsTable, ViewStats } from '../api.ts';

/** The fields read for each event (leading `*`: print the line even when some fields are missing). */
const FIELDS = ['proc.name', 'proc.pid', 'evt.type', 'evt.dir', 'evt.latency', 'evt.failed', 'evt.res', 'evt.rawarg.res',
  'fd.type', 'fd.name', 'fd.l4proto', 'fd.sport', 'evt.is_io', 'evt.is_io_read', 'evt.is_io_write'] as const;
const FORMAT = '*' + FIELDS.map((f) => `%${f}`).join(' ');

type Line = Partial<Record<(typeof FIELDS)[number], string | number | null>>;

/** Accumulates one table: groups by key with their field/value filter, events and measure. */
class Tally {
  private groups = new Map<string, StatsRow>();
  private sum = 0;

  add(key: string, field: string, value: string, measure: number, extra?: (r: StatsRow) => void): void {
    let r = this.groups.get(key);
    if (!r) {
      r = { key, field, value, events: 0, total: 0 };
      this.groups.set(key, r);
    }
    r.events++;
    r.total += measure;
    this.sum += measure;
    extra?.(r);
  }

  table(top: number): StatsTable {
    const rows = [...this.groups.values()].sort((a, b) => b.total - a.total || b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { rows: rows.slice(0, top), distinct: rows.length, total: this.sum };
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0);

export interface StatsOptions {
  /** Formatter selection bitset (bit i = event i); null = every shown event. */
  selection?: Uint8Array | null;
  /** Rows kept per table (default 100). */
  top?: number;
}

export function computeStats(cap: Capture, opts: StatsOptions = {}): ViewStats {
  const t0 = performance.now();
  const top = Math.max(1, Math.min(opts.top ?? 100, 10_000));
  const processes = new Tally(), syscalls = new Tally(), errnos = new Tally(), errorProcesses = new Tally();
  const files = new Tally(), errorFiles = new Tally(), connections = new Tally(), ports = new Tally(), netProcesses = new Tally();
  let events = 0;
  const onLine = (e: Line): void => {
    events++;
    const name = str(e['proc.name']);
    const pid = str(e['proc.pid']);
    const type = str(e['evt.type']);
    if (name !== null) processes.add(name, 'proc.name', name, 1);
    if (type !== null) {
      const exit = e['evt.dir'] === '<';
      const lat = num(e['evt.latency']);
      syscalls.add(type, 'evt.type', type, lat > 0 ? lat : 0, (r) => { r.calls = (r.calls ?? 0) + (exit ? 1 : 0); });
    }
    if (e['evt.failed'] === 'true' || e['evt.failed'] === true as unknown) {
      const res = str(e['evt.res']);
      if (res !== null) errnos.add(res, 'evt.res', res, 1);
      if (name !== null && pid !== null) errorProcesses.add(`${name} (${pid})`, 'proc.pid', pid, 1);
      const fdName = str(e['fd.name']);
      if (e['fd.type'] === 'file' && fdName !== null) errorFiles.add(fdName, 'fd.name', fdName, 1);
    }
    if (e['evt.is_io'] !== 'true') return;
    const bytes = num(e['evt.rawarg.res']);
    if (bytes <= 0) return;
    const rd = e['evt.is_io_read'] === 'true', wr = e['evt.is_io_write'] === 'true';
    const io = (r: StatsRow) => {
      if (rd) r.read = (r.read ?? 0) + bytes;
      if (wr) r.written = (r.written ?? 0) + bytes;
    };
    const fdType = e['fd.type'];
    const fdName = str(e['fd.name']);
    if (fdType === 'file' && fdName !== null) files.add(fdName, 'fd.name', fdName, bytes, io);
    if (fdType === 'ipv4' || fdType === 'ipv6') {
      const proto = str(e['fd.l4proto']);
      if (proto !== null && fdName !== null) connections.add(`${proto} ${fdName}`, 'fd.name', fdName, bytes, io);
      const sport = str(e['fd.sport']);
      if (sport !== null) ports.add(sport, 'fd.sport', sport, bytes, io);
      if (name !== null && pid !== null) netProcesses.add(`${name} (${pid})`, 'proc.pid', pid, bytes, io);
    }
  };
  // A line the formatter made that is not JSON would be a formatter bug: counted, never thrown.
  let unparsed = 0;
  const parse = (l: string) => {
    let e: Line;
    try { e = JSON.parse(l) as Line; } catch { unparsed++; return; }
    onLine(e);
  };
  for (const l of cap.formatLines({ format: FORMAT, json: true, selection: opts.selection ?? null })) if (l) parse(l);
  // Syscall rows rank by event count (topscalls); the latency view re-sorts in the dialog / CLI.
  const sc = syscalls.table(Number.MAX_SAFE_INTEGER);
  sc.rows.sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const scByTime = [...sc.rows].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1)).slice(0, top);
  const scRows = sc.rows.slice(0, top);
  for (const r of scByTime) if (!scRows.includes(r)) scRows.push(r);
  return {
    events, ms: performance.now() - t0, ...(unparsed ? { unparsed } : {}),
    processes: processes.table(top), syscalls: { ...sc, rows: scRows }, errnos: errnos.table(top),
    errorProcesses: errorProcesses.table(top), files: files.table(top), errorFiles: errorFiles.table(top), connections: connections.table(top),
    ports: ports.table(top), netProcesses: netProcesses.table(top),
  };
}

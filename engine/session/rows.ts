// Rows of the event list and single values, parsed from the formatter's lines (row-format.ts): a row is
// one `-p` line with unit-separator-delimited columns, formatted for a whole page of rows at once.
import type { Capture } from '../capture.ts';
import type { EventRow } from '../api.ts';
import { FIELDS } from '../generated/fields.ts';
import { PLUGINEVENT } from '../logs/detail.ts';
import { PlanRunner } from './row-format.ts';

const SEP = '\x1f';
export const NA = '<NA>';
// The last one, evt.plugininfo, is the Info column of plugin events (the plugin's own summary, as Falco
// and sysdig show it with the plugin loaded); syscall events have none and show evt.info.
const ROW_FIELDS = ['evt.num', 'evt.rawtime', 'evt.cpu', 'proc.name', 'thread.tid', 'evt.dir', 'evt.type', 'evt.latency', 'evt.info', 'evt.plugininfo'];
const KNOWN = new Set(FIELDS.map((f) => f.name));
/** The most extra columns one row request renders. */
const MAX_EXTRA = 24;
/**
 * Events formatted per batch when many rows are needed (sorting by a text column). A batch scans the
 * capture's index up to its last event, so few large batches beat many small ones.
 */
const ROWS_PER_BATCH = 65536;
const FIELD_NAME = /^[A-Za-z][\w.]*(\[[^\]\n]*\])?$/;

/** A field the formatter knows (`proc.aname[2]` counts as `proc.aname`). */
export function knownField(name: string): boolean {
  return KNOWN.has(name.replace(/\[.*$/, ''));
}

export class RowRenderer {
  readonly runner: PlanRunner;
  constructor(private readonly cap: Capture) {
    this.runner = new PlanRunner(cap);
  }

  /** The rows of events `events` (in that order), with the values of `extra` fields. */
  rows(events: ArrayLike<number>, extra?: string[]): EventRow[] {
    const extras = (extra ?? []).filter((f) => FIELD_NAME.test(f) && knownField(f)).slice(0, MAX_EXTRA);
    const format = '*' + [...ROW_FIELDS, ...extras].map((f) => `%${f}`).join(SEP);
    const out: EventRow[] = [];
    for (let from = 0; from < events.length; from += ROWS_PER_BATCH) {
      const part = Array.prototype.slice.call(events, from, from + ROWS_PER_BATCH) as number[];
      let lines: (string | null)[];
      try { lines = this.runner.runMany(format, part); } catch { lines = part.map(() => null); }
      for (let k = 0; k < part.length; k++) out.push(this.parse(part[k], lines[k], extra, extras));
    }
    return out;
  }

  row(i: number, extra?: string[]): EventRow {
    return this.rows([i], extra)[0];
  }

  private parse(i: number, line: string | null, extra: string[] | undefined, extras: string[]): EventRow {
    const ix = this.cap.index;
    const parts = (line ?? '').split(SEP);
    const v = (k: number) => (parts[k] === undefined || parts[k] === NA ? '' : parts[k]);
    const dir = v(5);
    const lat = Number(v(7));
    // Plugin events carry placeholders (CPU 0, TID -1, an enter type): no cell for what they lack.
    const plugin = ix.type(i) === PLUGINEVENT;
    const row: EventRow = {
      index: i,
      num: Number(v(0)) || i + 1,
      ts: v(1) || ix.ts(i).toString(),
      cpu: plugin ? null : Number(v(2)) || ix.cpu(i),
      proc: v(3),
      tid: plugin ? null : Number(v(4)) || Number(ix.tid(i)),
      dir: !plugin && (dir === '>' || dir === '<') ? dir : '',
      type: v(6),
      latencyNs: dir === '<' && Number.isFinite(lat) && v(7) !== '' ? lat : null,
      info: v(9) || v(8),
    };
    if (extra?.length) row.extra = Object.fromEntries(extra.map((f) => [f, extras.includes(f) ? v(ROW_FIELDS.length + extras.indexOf(f)) : '']));
    return row;
  }

  /** One field as text ('' when it has no value). */
  field(i: number, name: string): string {
    let line: string | null = null;
    try { line = this.runner.run(`*%${name}`, false, i); } catch { line = null; }
    return line === null || line === NA ? '' : line;
  }

  /** Process identity as the event sees it: pid, ppid, name, command line ('' when unknown). */
  process(i: number): { pid: number; ppid: number; name: string; cmdline: string } {
    let line: string | null = null;
    try { line = this.runner.run('*%proc.pid\x1f%proc.ppid\x1f%proc.name\x1f%proc.cmdline', false, i); } catch { line = null; }
    const [pid, ppid, name, cmdline] = (line ?? '').split(SEP).map((v) => (v === NA ? '' : v));
    return { pid: Number(pid) || 0, ppid: Number(ppid) || 0, name: name ?? '', cmdline: cmdline ?? '' };
  }

  /** The Info column's text of each of `events` (as the list shows it), formatted in one batch. */
  infos(events: ArrayLike<number>): string[] {
    let lines: (string | null)[];
    try { lines = this.runner.runMany('*%evt.info\x1f%evt.plugininfo', events); } catch { lines = Array.from(events, () => ''); }
    return lines.map((l) => {
      const [info, pluginInfo] = (l ?? '').split(SEP);
      const shown = pluginInfo && pluginInfo !== NA ? pluginInfo : info;
      return shown === undefined || shown === NA ? '' : shown;
    });
  }
}

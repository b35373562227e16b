// What in-process hosts (the CLI commands, export jobs) take from a Session beyond the worker API:
// streaming output that never crosses a worker boundary — the current filter's events formatted as
// `scapula read` prints them, tallied, written as a capture, the events table rows of `scapula export`,
// and the capture's own facts (how it was read, its machine, its first date). Session.output() hands
// one out for the open capture and the current filter.
import type { MachineInfo } from '../api.ts';
import type { Capture, FormatOptions } from '../capture.ts';
import type { View } from './view.ts';

const exporters = () => import('./exports.ts');
const eventTables = () => import('../export/rows.ts');

export class SessionOutput {
  constructor(private readonly cap: Capture, private readonly view: View, private readonly fileName: string) {}

  /** How the capture was read: its name, gzip, and the raw log it was converted from (if any). */
  source(): { name: string; gzip: boolean; gzipError: string | null; log: Capture['logs'] } {
    const cap = this.cap;
    return { name: this.fileName, gzip: cap.inflate.gzip, gzipError: cap.inflate.error ?? null, log: cap.logs };
  }

  /** The machine info block of the first section, if any. */
  machine(): MachineInfo | null {
    return this.cap.machineInfo();
  }

  /** UTC date (YYYY-MM-DD) of the first event in the file with a timestamp, or null (none, or beyond the Date range). */
  firstDate(): string | null {
    const ix = this.cap.index;
    for (let i = 0, n = this.cap.eventCount; i < n; i++) {
      const ts = ix.ts(i);
      if (ts === 0n) continue;
      const d = new Date(Number(ts / 1_000_000n));
      return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
    }
    return null;
  }

  /**
   * The events of the current filter (every stored event when none; hidden ones too, which `allEvents`
   * prints) formatted as `scapula read` prints them; chunks are views on engine memory.
   */
  formatFiltered(opts: FormatOptions): Generator<Uint8Array> {
    return this.cap.formatChunks({ ...opts, selection: this.view.filterSelection() });
  }

  /** How many shown events of the current filter print each distinct line of `format`, most frequent first. */
  tally(format: string): [string, number][] {
    return this.cap.tally(format, { selection: this.view.filterSelection() });
  }

  /** The current filter's events as a capture (`scapula write`): `fat` keeps state-changing others as state-only. */
  async writeFiltered(fat: boolean, sink: (block: Uint8Array) => void): Promise<{ events: number; stateOnly: number }> {
    return (await exporters()).writeView(this.cap, this.view.filterSelection(), fat, sink);
  }

  /** The capture's bytes as loaded (decompressed; a raw log converted to plugin events), a copy. */
  rawCapture(): Uint8Array {
    return this.cap.rawBytes(0, Number.MAX_SAFE_INTEGER);
  }

  /** The current filter's events as NDJSON rows of `scapula export`'s events table (`capture` = name). */
  async eventTableRows(name: string): Promise<Generator<string>> {
    return (await eventTables()).eventRows(this.cap, name, this.view.filterSelection() ?? undefined);
  }
}

// The detail tree of one event: one `-j` object per section over a list of fields, each value with its
// exact bytes in the capture (or the state it was read from), the arguments with their byte ranges,
// and for plugin events their fields and JSON payload.
import { parseJsonExact } from '../json-exact.ts';
import type { Capture } from '../capture.ts';
import type { DetailSection, EventDetail, FieldValue } from '../api.ts';
import { EVENT_PARAMS } from '../generated/schema.ts';
import { pluginDetail, PLUGINEVENT } from '../logs/detail.ts';
import { knownField as known, NA, type RowRenderer } from './rows.ts';
import type { PlanRunner } from './row-format.ts';

/** Detail sections: [title, [field, label][]]; fields not in the table are skipped. */
const DETAIL_SECTIONS: [string, [string, string][]][] = [
  ['Event', [['evt.num', 'Number'], ['evt.datetime', 'Time'], ['evt.rawtime', 'Timestamp (ns)'], ['evt.reltime', 'Since start (ns)'],
    ['evt.type', 'Type'], ['evt.dir', 'Direction'], ['evt.cpu', 'CPU'], ['evt.category', 'Category'], ['evt.res', 'Result'],
    ['evt.failed', 'Failed'], ['evt.latency', 'Latency (ns)']]],
  ['Process', [['proc.name', 'Name'], ['proc.pid', 'PID'], ['proc.exe', 'Executable'], ['proc.exepath', 'Executable path'],
    ['proc.cmdline', 'Command line'], ['proc.cwd', 'Working directory'], ['proc.ppid', 'Parent PID'], ['proc.pname', 'Parent name'],
    ['proc.pcmdline', 'Parent command line'], ['proc.aname[2]', 'Grandparent'], ['proc.apid[2]', 'Grandparent PID'],
    ['proc.aname[3]', 'Ancestor 3'], ['proc.aname[4]', 'Ancestor 4'], ['proc.aname[5]', 'Ancestor 5'], ['proc.sid', 'Session ID'],
    ['proc.vpgid', 'Process group'], ['proc.tty', 'TTY']]],
  ['Thread', [['thread.tid', 'Thread ID'], ['thread.vtid', 'Virtual TID'], ['thread.ismain', 'Main thread'], ['proc.vpid', 'Virtual PID']]],
  ['File descriptor', [['fd.num', 'Number'], ['fd.name', 'Name'], ['fd.type', 'Type'], ['fd.typechar', 'Type char'],
    ['fd.directory', 'Directory'], ['fd.filename', 'File name'], ['fd.cip', 'Client IP'], ['fd.cport', 'Client port'],
    ['fd.sip', 'Server IP'], ['fd.sport', 'Server port'], ['fd.l4proto', 'Protocol']]],
  ['User and Group', [['user.uid', 'User ID'], ['user.name', 'User name'], ['user.homedir', 'Home'], ['user.shell', 'Shell'],
    ['user.loginuid', 'Login UID'], ['user.loginname', 'Login name'], ['group.gid', 'Group ID'], ['group.name', 'Group name']]],
  ['Container', [['container.id', 'ID'], ['container.name', 'Name'], ['container.image', 'Image']]],
];

/** Sections whose values come from the thread table, and from the fd table. */
const THREAD_SECTIONS = new Set(['Process', 'Thread']);
const FD_SECTIONS = new Set(['File descriptor']);

export class DetailRenderer {
  private readonly runner: PlanRunner;
  constructor(private readonly cap: Capture, private readonly rows: RowRenderer) {
    this.runner = rows.runner;
  }

  private field(i: number, name: string): string {
    return this.rows.field(i, name);
  }

  /**
   * One `-j` object with the given fields, numbers kept as their exact text (nanosecond timestamps do
   * not fit a double). If the line cannot be read as JSON, each field is asked for alone as text, so a
   * section never goes blank because of one value.
   */
  private values(i: number, fields: string[]): Record<string, unknown> {
    const format = '*' + fields.map((f) => `%${f}`).join(' ');
    try {
      const line = this.runner.run(format, true, i);
      return line ? parseJsonExact(line) as Record<string, unknown> : {};
    } catch {
      return Object.fromEntries(fields.map((f) => [f, this.field(i, f)]).filter(([, v]) => v !== ''));
    }
  }

  detail(i: number, partner: number | null): EventDetail {
    const cap = this.cap;
    const ix = cap.index;
    const { offset: start, length } = ix.block(i);
    const type = ix.type(i);
    const names = EVENT_PARAMS[type] ?? [];
    const ranges = cap.paramRanges(i);
    const sections: DetailSection[] = [];
    const header = this.headerRanges(i);
    const threadOrigin = ix.threadOrigin(i);
    const fdOrigin = ix.fdOrigin(i);
    const isPlugin = type === PLUGINEVENT;
    for (const [title, list] of DETAIL_SECTIONS) {
      const fields = list.filter(([f]) => known(f));
      const vals = this.values(i, fields.map(([f]) => f));
      // The extractors' own account of each value (exact bytes, or the state it came from), when the
      // capture offers it; otherwise the section's thread/fd version origin.
      const precise = new Map<string, FieldValue>();
      if (title !== 'Event') {
        try { for (const fv of cap.fieldValues(i, fields.map(([f]) => f))) precise.set(fv.field, fv); } catch { /* keep fallbacks */ }
      }
      const out: FieldValue[] = [];
      for (const [f, label] of fields) {
        const val = vals[f];
        if (val === null || val === undefined || val === '' || val === NA) continue;
        // Latency belongs to the exit event; the enter event's 0 says nothing.
        if (f === 'evt.latency' && vals['evt.dir'] === '>') continue;
        // A plugin event's CPU, direction and thread are placeholders.
        if (isPlugin && (f === 'evt.cpu' || f === 'evt.dir' || f === 'thread.tid')) continue;
        const pv = precise.get(f);
        const origin = pv?.origin ?? (THREAD_SECTIONS.has(title) ? threadOrigin : FD_SECTIONS.has(title) ? fdOrigin : null);
        out.push({ field: f, label, value: String(val), range: pv?.range ?? header[f] ?? null, origin: pv?.range ? null : origin });
      }
      if (title === 'Event') {
        sections.push({ title, fields: out });
        // Arguments right after the event itself, each with its exact bytes.
        const argFields = ranges.map((_, k) => `evt.arg[${k}]`);
        const av = argFields.length ? this.values(i, argFields) : {};
        const args: FieldValue[] = ranges.map(([off, len], k) => {
          const name = names[k] ?? `arg${k}`;
          const raw = av[`evt.arg[${k}]`];
          return {
            field: names[k] ? `evt.arg.${name}` : `evt.arg[${k}]`, label: name,
            value: raw === null || raw === undefined ? '' : String(raw), range: { start: off, length: len }, origin: null,
          };
        });
        sections.push({ title: 'Arguments', fields: args });
      } else if (out.length) {
        sections.push({ title, fields: out });
      }
    }
    // Plugin events (k8s audit, CloudTrail, ...): their fields with byte ranges and the payload's JSON.
    const plugin = pluginDetail(cap, i);
    if (plugin) sections.splice(sections.findIndex((x) => x.title === 'Arguments') + 1, 0, ...plugin.sections);
    return { index: i, block: { start, length }, bytes: cap.rawBytes(start, length), sections, partner, payload: plugin?.payload };
  }

  /**
   * Byte ranges of the event header fields, when the header is where the index says (checked against
   * the indexed values, so an unexpected layout gives no range rather than a wrong one).
   */
  private headerRanges(i: number): Record<string, { start: number; length: number }> {
    const ix = this.cap.index;
    const off = ix.offset(i);
    const h = this.cap.rawBytes(off, 22);
    if (h.length < 22) return {};
    const dv = new DataView(h.buffer, h.byteOffset, h.length);
    const out: Record<string, { start: number; length: number }> = {};
    if (dv.getBigUint64(0, true) === ix.ts(i)) {
      out['evt.rawtime'] = { start: off, length: 8 };
      out['evt.datetime'] = out['evt.rawtime'];
      out['evt.reltime'] = out['evt.rawtime'];
    }
    if (dv.getBigUint64(8, true) === ix.tid(i)) out['thread.tid'] = { start: off + 8, length: 8 };
    if (dv.getUint16(20, true) === ix.type(i)) {
      out['evt.type'] = { start: off + 20, length: 2 };
      out['evt.dir'] = out['evt.type'];
    }
    return out;
  }
}

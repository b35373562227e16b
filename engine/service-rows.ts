// Rows and detail trees for the web view, rendered by the engine's own formatter (wasm/src/format/) —
// the code behind `scapula read -p/-j` — so the app shows exactly what the CLI prints. A row is one
// `-p` line with unit-separator-delimited columns; a detail is one `-j` object over a list of fields
// per section, plus each parameter's byte range from the index. Fields the engine cannot extract yet
// come back null and are left out. Used only by engine/service.ts (the worker owns the formatter).
import { scratchWriter } from './scratch.ts';
import { parseJsonExact } from './json-exact.ts';
import type { Capture } from './capture.ts';
import type { DetailSection, EventDetail, EventRow, FieldValue, StateOrigin } from './api.ts';
import { parseFormat, jsonFieldOrder, type PlanField } from './format/plan.ts';
import { FIELDS } from './generated/fields.ts';
import { EVENT_PARAMS } from './generated/schema.ts';
import { pluginDetail, PLUGINEVENT } from './logs/detail.ts';

interface FormatterExports {
  planReset(flags: number, tzOffsetSeconds: number): void;
  planLiteral(ptr: number, len: number): number;
  planField(field: number, argNum: bigint, argPtr: number, argLen: number, width: number, namePtr: number, nameLen: number): number;
  formatOne(ev: number): number;
  outPtr(): number;
  outLength(): number;
  outReset(): void;
  scratchAlloc(n: number): number;
  scratchFree(p: number): void;
}

const SEP = '\x1f';
// The last one, evt.plugininfo, is the Info column of plugin events (the plugin's own summary, as Falco
// and sysdig show it with the plugin loaded); syscall events have none and show evt.info.
const ROW_FIELDS = ['evt.num', 'evt.rawtime', 'evt.cpu', 'proc.name', 'thread.tid', 'evt.dir', 'evt.type', 'evt.latency', 'evt.info', 'evt.plugininfo'];
const KNOWN = new Set(FIELDS.map((f) => f.name));
/** The most extra columns one row request renders. */
const MAX_EXTRA = 24;

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

function known(name: string): boolean {
  return KNOWN.has(name.replace(/\[.*$/, ''));
}

/** A format compiled once: its tokens with their strings kept in engine scratch memory. */
interface Compiled {
  flags: number;
  tokens: ({ lit: true; p: number; l: number } | { lit: false; id: number; argNum: bigint; ap: number; al: number; width: number; np: number; nl: number })[];
  allocs: number[];
}

/** Formats kept compiled at once (rows, detail sections, info, process). */
const MAX_COMPILED = 32;

/**
 * Runs format plans on single events. The formatter's plan is global engine state that other users in
 * the worker (rules, exports) replace, so the plan is re-issued before every event — cheap, because
 * each format is parsed and its strings copied into engine memory only once.
 */
class PlanRunner {
  private compiled = new Map<string, Compiled>();
  private readonly dec = new TextDecoder();
  constructor(private readonly cap: Capture) {}

  private get w(): FormatterExports {
    return this.cap.wasm as unknown as FormatterExports;
  }

  private compile(format: string, json: boolean): Compiled {
    const key = (json ? 'j:' : 't:') + format;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const w = this.w;
    if (this.compiled.size >= MAX_COMPILED) {
      const [oldKey, old] = this.compiled.entries().next().value as [string, Compiled];
      for (const p of old.allocs) w.scratchFree(p);
      this.compiled.delete(oldKey);
    }
    const plan = parseFormat(format);
    const allocs: number[] = [];
    const put = scratchWriter(this.cap.engine, allocs);
    const tokens: Compiled['tokens'] = [];
    for (const t of json ? jsonFieldOrder(plan) : plan.tokens) {
      if (t.kind === 'literal') {
        const [p, l] = put(t.text);
        tokens.push({ lit: true, p, l });
      } else {
        const f = t as PlanField;
        const [ap, al] = f.argStr ? put(f.argStr) : [0, 0];
        const [np, nl] = put(f.name);
        tokens.push({ lit: false, id: f.field.id, argNum: BigInt(f.argNum), ap, al, width: f.width, np, nl });
      }
    }
    // 4 = also hidden events: the view decides what is shown.
    const c: Compiled = { flags: (plan.requireAll ? 1 : 0) | (json ? 2 : 0) | 4, tokens, allocs };
    this.compiled.set(key, c);
    return c;
  }

  /** The formatted line of event `ev` (without its trailing newline), or null. */
  run(format: string, json: boolean, ev: number): string | null {
    const c = this.compile(format, json);
    const w = this.w;
    w.planReset(c.flags, -new Date().getTimezoneOffset() * 60);
    for (const t of c.tokens) {
      if (t.lit) w.planLiteral(t.p, t.l);
      else w.planField(t.id, t.argNum, t.ap, t.al, t.width, t.np, t.nl);
    }
    w.outReset();
    const ok = w.formatOne(ev);
    const s = ok ? this.dec.decode(this.cap.engine.bytes(w.outPtr(), w.outLength())) : null;
    w.outReset();
    return s === null ? null : s.replace(/\n$/, '');
  }
}

const NA = '<NA>';

/** State-origin exports of the state engine (used when present): kind (ORIGIN_*) and reference. */
interface OriginExports {
  evThreadOrigin?(ev: number): number;
  evThreadOriginRef?(ev: number): number;
  evFdOrigin?(ev: number): number;
  evFdOriginRef?(ev: number): number;
}

/** wasm/src/state/section.ts ORIGIN_* codes. */
function originOf(kind: number, ref: number): StateOrigin | null {
  switch (kind) {
    case 1: return { kind: 'process-list', blockOffset: ref >>> 0 };
    case 2: return { kind: 'fd-list', blockOffset: ref >>> 0 };
    case 3: return { kind: 'user-list', blockOffset: ref >>> 0 };
    case 4: return { kind: 'event', eventIndex: ref >>> 0 };
    case 5: return { kind: 'inferred' };
    default: return null;
  }
}

/** Sections whose values come from the thread table, and from the fd table. */
const THREAD_SECTIONS = new Set(['Process', 'Thread']);
const FD_SECTIONS = new Set(['File descriptor']);

export class RowRenderer {
  private readonly runner: PlanRunner;
  constructor(private readonly cap: Capture) {
    this.runner = new PlanRunner(cap);
  }

  row(i: number, extra?: string[]): EventRow {
    const extras = (extra ?? []).filter((f) => /^[A-Za-z][\w.]*(\[[^\]\n]*\])?$/.test(f) && known(f)).slice(0, MAX_EXTRA);
    const format = '*' + [...ROW_FIELDS, ...extras].map((f) => `%${f}`).join(SEP);
    let line: string | null = null;
    try { line = this.runner.run(format, false, i); } catch { line = null; }
    const parts = (line ?? '').split(SEP);
    const v = (k: number) => (parts[k] === undefined || parts[k] === NA ? '' : parts[k]);
    const dir = v(5);
    const lat = Number(v(7));
    // Plugin events carry placeholders (CPU 0, TID -1, an enter type): no cell for what they lack.
    const plugin = this.cap.wasm.evType(i) === PLUGINEVENT;
    const row: EventRow = {
      index: i,
      num: Number(v(0)) || i + 1,
      ts: v(1) || this.cap.wasm.evTs(i).toString(),
      cpu: plugin ? null : Number(v(2)) || this.cap.wasm.evCpu(i),
      proc: v(3),
      tid: plugin ? null : Number(v(4)) || Number(this.cap.wasm.evTid(i)),
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

  /** The Info column's text alone (find scans many events with this one plan installed). */
  info(i: number): string {
    try {
      const [info, pluginInfo] = (this.runner.run('*%evt.info\x1f%evt.plugininfo', false, i) ?? '').split(SEP);
      const shown = pluginInfo && pluginInfo !== NA ? pluginInfo : info;
      return shown === undefined || shown === NA ? '' : shown;
    } catch {
      return '';
    }
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
    const w = cap.wasm;
    const start = w.evBlockOffset(i) >>> 0;
    const length = w.evBlockLength(i) >>> 0;
    const type = w.evType(i);
    const names = EVENT_PARAMS[type] ?? [];
    const ranges = cap.paramRanges(i);
    const sections: DetailSection[] = [];
    const header = this.headerRanges(i);
    const ox = w as unknown as OriginExports;
    const threadOrigin = ox.evThreadOrigin && ox.evThreadOriginRef ? originOf(ox.evThreadOrigin(i), ox.evThreadOriginRef(i)) : null;
    const fdOrigin = ox.evFdOrigin && ox.evFdOriginRef ? originOf(ox.evFdOrigin(i), ox.evFdOriginRef(i)) : null;
    const isPlugin = type === PLUGINEVENT;
    for (const [title, list] of DETAIL_SECTIONS) {
      const fields = list.filter(([f]) => known(f));
      const vals = this.values(i, fields.map(([f]) => f));
      // The extractors' own account of each value (exact bytes, or the state it came from), when the
      // capture offers it; otherwise the section's thread/fd version origin.
      const precise = new Map<string, FieldValue>();
      if (typeof cap.fieldValues === 'function' && title !== 'Event') {
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
    const w = this.cap.wasm;
    const off = w.evOffset(i) >>> 0;
    const h = this.cap.rawBytes(off, 22);
    if (h.length < 22) return {};
    const dv = new DataView(h.buffer, h.byteOffset, h.length);
    const out: Record<string, { start: number; length: number }> = {};
    if (dv.getBigUint64(0, true) === w.evTs(i)) {
      out['evt.rawtime'] = { start: off, length: 8 };
      out['evt.datetime'] = out['evt.rawtime'];
      out['evt.reltime'] = out['evt.rawtime'];
    }
    if (dv.getBigUint64(8, true) === w.evTid(i)) out['thread.tid'] = { start: off + 8, length: 8 };
    if (dv.getUint16(20, true) === w.evType(i)) {
      out['evt.type'] = { start: off + 20, length: 2 };
      out['evt.dir'] = out['evt.type'];
    }
    return out;
  }
}

// Conversations and endpoints of a set of events, as Stratoshark's Statistics › Conversations shows
// them for system calls: one table per grouping (process, thread, container, file descriptor, server
// endpoint address:port), and a container → process → fd tree of I/O bytes; each row with its events, bytes read and written (I/O exits, evt.rawarg.res
// > 0, as the top* chisels count them), first and last timestamps and their difference, and the filter
// that selects it. One pass of the engine's formatter in JSON mode over the selection; numbers are read
// as exact text (timestamps need all 64 bits). Used by `scapula stats --conversations` and by the web
// worker (CaptureService.viewConversations), so both print the same numbers.
import type { Capture } from '../capture.ts';
import type { ConversationRow, ConversationTable, Conversations, IoTreeNode } from '../api.ts';
import { parseJsonExact } from '../json-exact.ts';

const FIELDS = ['proc.name', 'proc.pid', 'thread.tid', 'container.id', 'container.name', 'fd.name', 'fd.sip', 'fd.sport',
  'evt.rawtime', 'evt.is_io', 'evt.is_io_read', 'evt.is_io_write', 'evt.rawarg.res'] as const;
const FORMAT = '*' + FIELDS.map((f) => `%${f}`).join(' ');

type Line = Partial<Record<(typeof FIELDS)[number], string | boolean | null>>;

/** A filter string literal (the filter language's escapes). */
function quote(v: string): string {
  return /^[\w./:-]+$/.test(v) ? v : '"' + v.replace(/\\/g, '\\x5c').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

interface Acc { key: string; filter: string; events: number; read: number; written: number; first: bigint; last: bigint }

class Groups {
  private m = new Map<string, Acc>();

  add(key: string, filter: string, ts: bigint, read: number, written: number): void {
    let a = this.m.get(key);
    if (!a) { a = { key, filter, events: 0, read: 0, written: 0, first: ts, last: ts }; this.m.set(key, a); }
    a.events++;
    a.read += read;
    a.written += written;
    if (ts < a.first) a.first = ts;
    if (ts > a.last) a.last = ts;
  }

  table(top: number): ConversationTable {
    const rows = [...this.m.values()].sort((a, b) => b.events - a.events || (b.read + b.written) - (a.read + a.written) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      distinct: rows.length,
      rows: rows.slice(0, top).map((a): ConversationRow => ({
        key: a.key, filter: a.filter, events: a.events, read: a.read, written: a.written,
        firstNs: a.first.toString(), lastNs: a.last.toString(), durationNs: (a.last - a.first).toString(),
      })),
    };
  }
}

/** The container → process → fd tree of I/O bytes (children keyed by their label). */
class IoTree {
  private roots = new Map<string, { node: IoTreeNode; kids: Map<string, { node: IoTreeNode; kids: Map<string, { node: IoTreeNode }> }> }>();

  add(path: [string, string][], read: number, written: number): void {
    let level: Map<string, { node: IoTreeNode; kids?: Map<string, unknown> }> = this.roots as never;
    let filter = '';
    for (const [key, check] of path) {
      filter = filter ? `${filter} and ${check}` : check;
      let e = level.get(key);
      if (!e) { e = { node: { key, filter, events: 0, read: 0, written: 0 }, kids: new Map() }; level.set(key, e); }
      e.node.events++;
      e.node.read += read;
      e.node.written += written;
      level = e.kids as never;
    }
  }

  tree(top: number): IoTreeNode[] {
    const build = (m: Map<string, { node: IoTreeNode; kids?: Map<string, unknown> }>): IoTreeNode[] =>
      [...m.values()].sort((a, b) => (b.node.read + b.node.written) - (a.node.read + a.node.written) || (a.node.key < b.node.key ? -1 : a.node.key > b.node.key ? 1 : 0))
        .slice(0, top).map((e) => (e.kids && e.kids.size ? { ...e.node, children: build(e.kids as never) } : { ...e.node }));
    return build(this.roots as never);
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function computeConversations(cap: Capture, opts: { selection?: Uint8Array | null; top?: number } = {}): Conversations {
  const t0 = performance.now();
  const top = Math.max(1, Math.min(opts.top ?? 100, 10_000));
  const processes = new Groups(), threads = new Groups(), containers = new Groups(), fds = new Groups(), endpoints = new Groups();
  const containerIo = new IoTree();
  let events = 0;
  let unparsed = 0;
  const onLine = (e: Line) => {
    events++;
    const ts = BigInt(str(e['evt.rawtime']) ?? '0');
    const res = Number(str(e['evt.rawarg.res']) ?? 0);
    const io = String(e['evt.is_io']) === 'true' && res > 0;
    const read = io && String(e['evt.is_io_read']) === 'true' ? res : 0;
    const written = io && String(e['evt.is_io_write']) === 'true' ? res : 0;
    const name = str(e['proc.name']), pid = str(e['proc.pid']), tid = str(e['thread.tid']);
    if (pid !== null) processes.add(`${name ?? '<NA>'} (${pid})`, `proc.pid = ${pid}`, ts, read, written);
    if (tid !== null) threads.add(`${name ?? '<NA>'} (${tid})`, `thread.tid = ${tid}`, ts, read, written);
    const cid = str(e['container.id']);
    if (cid !== null) {
      const cname = str(e['container.name']);
      containers.add(cname && cname !== cid ? `${cname} (${cid})` : cid, `container.id = ${quote(cid)}`, ts, read, written);
    }
    const fd = str(e['fd.name']);
    if (fd !== null && fd !== '') fds.add(fd, `fd.name = ${quote(fd)}`, ts, read, written);
    if (read + written > 0 && cid !== null && pid !== null && fd !== null && fd !== '') {
      containerIo.add([[cid, `container.id = ${quote(cid)}`], [`${name ?? '<NA>'} (${pid})`, `proc.pid = ${pid}`], [fd, `fd.name = ${quote(fd)}`]], read, written);
    }
    const sip = str(e['fd.sip']), sport = str(e['fd.sport']);
    if (sip !== null && sport !== null) endpoints.add(sip.includes(':') ? `[${sip}]:${sport}` : `${sip}:${sport}`, `fd.sip = ${sip} and fd.sport = ${sport}`, ts, read, written);
  };
  const parse = (l: string) => {
    let e: Line;
    try { e = parseJsonExact(l) as Line; } catch { unparsed++; return; }
    onLine(e);
  };
  for (const l of cap.formatLines({ format: FORMAT, json: true, selection: opts.selection ?? null })) if (l) parse(l);
  return {
    events, ms: performance.now() - t0, ...(unparsed ? { unparsed } : {}),
    processes: processes.table(top), threads: threads.table(top), containers: containers.table(top), fds: fds.table(top), endpoints: endpoints.table(top),
    containerIo: containerIo.tree(top),
  };
}

// `scapula stats FILE [-j]`: what is in a capture at a glance — size, sections, machine, time span, events
// stored vs shown (and why the rest is hidden), event types and the busiest processes, problems found
// with their byte offsets. The counts use the same visibility as `scapula read`, so they add up to its
// line count (and sysdig's). Then the statistics of engine/stats/ (the web app's Statistics dialog shows the
// same): syscalls by count and latency, errors by errno and process, file / connection / port / process I/O
// bytes, like sysdig's top* chisels. A FILTER narrows every count to the matching events.
import { existsSync } from 'node:fs';
import { nodeSession, openFile } from '../../session.ts';
import { formatFilterError } from '../../../filter/index.ts';
import type { ConversationTable, Conversations, StatsTable, ViewStats } from '../../../api.ts';

export const summary = 'summarize a capture: events stored/shown, time span, event types, busiest processes (-j for JSON; --conversations: per process, thread, container, fd, endpoint)';

function fmtTs(ns: string | null): string {
  if (!ns) return '-';
  const b = BigInt(ns);
  const d = new Date(Number(b / 1_000_000n));
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')}.${(b % 1_000_000_000n).toString().padStart(9, '0')} UTC`;
}

export async function run(args: string[]): Promise<number> {
  const json = args.includes('-j') || args.includes('--json');
  const conversations = args.includes('--conversations');
  let topN = 10;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--top') { topN = Number(args[++i]); continue; }
    if (args[i] === '-j' || args[i] === '--json' || args[i] === '--conversations') continue;
    if (args[i].startsWith('-') && names.length === 0) { names.push('-'); continue; }
    names.push(args[i]);
  }
  if (names.length < 1 || names.length > 2 || names[0] === '-' || !(Number.isInteger(topN) && topN > 0)) {
    process.stderr.write('usage: scapula stats FILE [FILTER] [-j] [--top N] [--conversations]\n'); return 2;
  }
  const [file, userFilter] = names;
  if (!existsSync(file)) { process.stderr.write(`scapula stats: ${file}: no such file\n`); return 2; }
  const session = nodeSession();
  await openFile(session, file);
  const s = (await session.summary())!;
  if (session.unreadable) {
    const e = s.error ?? s.diagnostics[0];
    process.stderr.write(`scapula stats: ${file}: not readable${e ? ` at byte ${e.offset}: ${e.message}` : ''}\n`);
    return 2;
  }
  if (userFilter) {
    const r = await session.setFilter(userFilter);
    if (!r.ok) { process.stderr.write(`scapula stats: filter: ${r.error ? formatFilterError(r.error) : 'failed'}\n`); return 2; }
  }
  if (conversations) {
    const c = await session.viewConversations(topN);
    if (json) process.stdout.write(JSON.stringify({ file, filter: userFilter ?? null, conversations: c }) + '\n');
    else process.stdout.write(conversationsText(c).join('\n') + '\n');
    return 0;
  }
  const procs = session.output().tally('%proc.name').slice(0, 15);
  const stats = await session.viewStats(topN);
  // Files opened and connections made, through the filter engine (successful exits only).
  const top = async (expr: string, format: string): Promise<[string, number][]> => {
    const r = await session.setFilter(userFilter ? `(${userFilter}) and (${expr})` : expr);
    return r.ok ? session.output().tally(format).slice(0, 10) : [];
  };
  const files = await top('evt.type in (open, openat, openat2, creat) and evt.dir=< and fd.num>=0', '%fd.name');
  const conns = await top('evt.type in (connect, accept, accept4) and evt.dir=< and fd.num>=0', '%fd.name');
  if (json) {
    process.stdout.write(JSON.stringify({ file, ...s, topProcesses: Object.fromEntries(procs), topFiles: Object.fromEntries(files),
      topConnections: Object.fromEntries(conns), filter: userFilter ?? null, stats }) + '\n');
    return 0;
  }
  const types = Object.entries(s.eventTypeCounts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: string[] = [];
  out.push(`file        ${file}${session.output().source().gzip ? ' (gzip)' : ''}, ${s.bytes} bytes decompressed, ${s.sections} section(s)`);
  if (s.machine) out.push(`machine     ${s.machine.hostname || '-'}, ${s.machine.numCpus} CPUs, ${(s.machine.memoryBytes / 2 ** 30).toFixed(1)} GiB`);
  out.push(`time        ${fmtTs(s.firstTs)} .. ${fmtTs(s.lastTs)}` +
    (s.firstTs && s.lastTs ? ` (${(Number(BigInt(s.lastTs) - BigInt(s.firstTs)) / 1e9).toFixed(3)} s)` : ''));
  out.push(`events      ${s.totalEvents} stored, ${s.visibleEvents} shown (${s.totalEvents - s.visibleEvents} hidden: internal, state-only, container)`);
  out.push(`loaded in   ${s.loadMs.toFixed(0)} ms`);
  if (userFilter) out.push(`filter      ${userFilter}: ${stats.events} events match (the tables after the event types count only them)`);
  out.push('', userFilter ? 'event types (every shown event, not only the matching ones)' : 'event types (shown)');
  for (const [t, c] of types.slice(0, 25)) out.push(`  ${String(c).padStart(9)}  ${t}`);
  if (types.length > 25) out.push(`  ... ${types.length - 25} more`);
  out.push('', 'processes (shown events)');
  for (const [p, c] of procs) out.push(`  ${String(c).padStart(9)}  ${p}`);
  if (files.length) {
    out.push('', 'files opened');
    for (const [f, c] of files) out.push(`  ${String(c).padStart(9)}  ${f}`);
  }
  if (conns.length) {
    out.push('', 'connections');
    for (const [f, c] of conns) out.push(`  ${String(c).padStart(9)}  ${f}`);
  }
  out.push(...statsText(stats, topN));
  if (s.diagnostics.length) {
    out.push('', 'problems');
    for (const d of s.diagnostics) out.push(`  ${d.severity} at byte ${d.offset} (0x${d.offset.toString(16)}): ${d.message}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

const n = (v: number | undefined): string => String(v ?? 0).padStart(12);

/** The statistics tables as text columns (counts, bytes and nanoseconds in full: nothing rounded away). */
function statsText(st: ViewStats, topN: number): string[] {
  const out: string[] = [];
  const table = (title: string, head: string, t: StatsTable, row: (r: StatsTable['rows'][number]) => string) => {
    if (!t.rows.length) return;
    out.push('', `${title} (${t.distinct} in all${t.distinct > t.rows.length ? `, top ${t.rows.length}` : ''})`, head);
    for (const r of t.rows) out.push(row(r));
  };
  const sc = st.syscalls;
  // The syscall rows hold the top N by events and the top N by latency: each table takes its own top N.
  const byCount = { ...sc, rows: [...sc.rows].sort((a, b) => b.events - a.events).slice(0, topN) };
  table('syscalls by events (enter + exit)', `  ${'events'.padStart(10)} ${'calls'.padStart(12)} ${'latency ns'.padStart(12)} ${'avg ns'.padStart(12)}  type`,
    byCount, (r) => `  ${String(r.events).padStart(10)} ${n(r.calls)} ${n(r.total)} ${n(r.calls ? Math.round(r.total / r.calls) : 0)}  ${r.key}`);
  const lat = [...sc.rows].filter((r) => r.total > 0).sort((a, b) => b.total - a.total);
  if (lat.length) {
    out.push('', 'syscalls by total latency', `  ${'latency ns'.padStart(14)} ${'calls'.padStart(12)} ${'avg ns'.padStart(12)}  type`);
    for (const r of lat.slice(0, topN)) out.push(`  ${String(r.total).padStart(14)} ${n(r.calls)} ${n(r.calls ? Math.round(r.total / r.calls) : 0)}  ${r.key}`);
  }
  const cnt = (r: StatsTable['rows'][number]) => `  ${String(r.events).padStart(10)}  ${r.key}`;
  table('failed events by errno', `  ${'events'.padStart(10)}  errno`, st.errnos, cnt);
  table('failed events by process', `  ${'events'.padStart(10)}  process (pid)`, st.errorProcesses, cnt);
  table('failed events by file', `  ${'events'.padStart(10)}  file`, st.errorFiles, cnt);
  const io = (r: StatsTable['rows'][number]) => `  ${String(r.total).padStart(14)} ${n(r.read)} ${n(r.written)} ${String(r.events).padStart(8)}  ${r.key}`;
  const ioHead = (what: string) => `  ${'bytes'.padStart(14)} ${'read'.padStart(12)} ${'written'.padStart(12)} ${'events'.padStart(8)}  ${what}`;
  table('file I/O bytes', ioHead('file'), st.files, io);
  table('network connections by bytes', ioHead('connection'), st.connections, io);
  table('server ports by bytes', ioHead('port'), st.ports, io);
  table('network I/O by process', ioHead('process (pid)'), st.netProcesses, io);
  return out;
}

/** Conversations / endpoints tables as text: events, bytes read and written, duration (ns), key. */
function conversationsText(c: Conversations): string[] {
  const out = [`${c.events} events`];
  const tables: [string, keyof typeof c][] = [['processes', 'processes'], ['threads', 'threads'], ['containers', 'containers'],
    ['file descriptors', 'fds'], ['server endpoints', 'endpoints']];
  for (const [title, k] of tables) {
    const t = c[k] as ConversationTable;
    if (!t.rows.length) continue;
    out.push('', `${title} (${t.distinct} in all${t.distinct > t.rows.length ? `, top ${t.rows.length}` : ''})`,
      `  ${'events'.padStart(8)} ${'read'.padStart(12)} ${'written'.padStart(12)} ${'duration ns'.padStart(14)}  key`);
    for (const r of t.rows) out.push(`  ${String(r.events).padStart(8)} ${n(r.read)} ${n(r.written)} ${r.durationNs.padStart(14)}  ${r.key}`);
  }
  return out;
}

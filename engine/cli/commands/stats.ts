// `scapula stats FILE [-j]`: what is in a capture at a glance — size, sections, machine, time span, events
// stored vs shown (and why the rest is hidden), event types and the busiest processes, problems found
// with their byte offsets. The counts use the same visibility as `scapula read`, so they add up to its
// line count (and sysdig's).
import { existsSync } from 'node:fs';
import { openCaptureFile } from '../../node.ts';
import { selectEvents } from '../../filter/select.ts';
import type { Capture } from '../../capture.ts';

export const summary = 'summarize a capture: events stored/shown, time span, event types, busiest processes (-j for JSON)';

function fmtTs(ns: string | null): string {
  if (!ns) return '-';
  const b = BigInt(ns);
  const d = new Date(Number(b / 1_000_000n));
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')}.${(b % 1_000_000_000n).toString().padStart(9, '0')} UTC`;
}

export async function run(args: string[]): Promise<number> {
  const json = args.includes('-j') || args.includes('--json');
  const names = args.filter((a) => !a.startsWith('-'));
  if (names.length !== 1) { process.stderr.write('usage: scapula stats FILE [-j]\n'); return 2; }
  const file = names[0];
  if (!existsSync(file)) { process.stderr.write(`scapula stats: ${file}: no such file\n`); return 2; }
  const cap = await openCaptureFile(file);
  const s = cap.summary();
  if (cap.unreadable) {
    const e = s.error ?? s.diagnostics[0];
    process.stderr.write(`scapula stats: ${file}: not readable${e ? ` at byte ${e.offset}: ${e.message}` : ''}\n`);
    return 2;
  }
  const procs = cap.tally('%proc.name').slice(0, 15);
  // Files opened and connections made, through the filter engine (successful exits only).
  const top = (expr: string, format: string): [string, number][] => {
    try { return cap.tally(format, { selection: selectEvents(cap, expr) }).slice(0, 10); } catch { return []; }
  };
  const files = top('evt.type in (open, openat, openat2, creat) and evt.dir=< and fd.num>=0', '%fd.name');
  const conns = top('evt.type in (connect, accept, accept4) and evt.dir=< and fd.num>=0', '%fd.name');
  if (json) {
    process.stdout.write(JSON.stringify({ file, ...s, topProcesses: Object.fromEntries(procs), topFiles: Object.fromEntries(files),
      topConnections: Object.fromEntries(conns) }) + '\n');
    return 0;
  }
  const types = Object.entries(s.eventTypeCounts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: string[] = [];
  out.push(`file        ${file}${cap.inflate.gzip ? ' (gzip)' : ''}, ${s.bytes} bytes decompressed, ${s.sections} section(s)`);
  if (s.machine) out.push(`machine     ${s.machine.hostname || '-'}, ${s.machine.numCpus} CPUs, ${(s.machine.memoryBytes / 2 ** 30).toFixed(1)} GiB`);
  out.push(`time        ${fmtTs(s.firstTs)} .. ${fmtTs(s.lastTs)}` +
    (s.firstTs && s.lastTs ? ` (${(Number(BigInt(s.lastTs) - BigInt(s.firstTs)) / 1e9).toFixed(3)} s)` : ''));
  out.push(`events      ${s.totalEvents} stored, ${s.visibleEvents} shown (${s.totalEvents - s.visibleEvents} hidden: internal, state-only, container)`);
  out.push(`loaded in   ${s.loadMs.toFixed(0)} ms`);
  out.push('', 'event types (shown)');
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
  if (s.diagnostics.length) {
    out.push('', 'problems');
    for (const d of s.diagnostics) out.push(`  ${d.severity} at byte ${d.offset} (0x${d.offset.toString(16)}): ${d.message}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

// `scapula read FILE [FILTER] [-p FORMAT] [-n N] [-j] [--all-events]`: prints a capture the way
// `sysdig -r FILE` does (same default line, same -p syntax, same -j JSON, same -n counting), so existing
// habits and scripts carry over and the output can be diffed against sysdig's (the golden tests do).
// Output is formatted in the WASM engine in large batches and written straight to stdout (through a
// Node Session: engine/node/session.ts).
import { writeSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { nodeSession, openFile } from '../../session.ts';
import { FormatError, parseFormat, DEFAULT_FORMAT } from '../../../format/plan.ts';
import { formatFilterError } from '../../../filter/index.ts';

export const summary = 'print the events of a capture like sysdig -r (FILTER, -p FORMAT, -n N, -j, --all-events)';

const USAGE = `usage: scapula read FILE [FILTER] [-p FORMAT] [-n N] [-j] [-t h|a|r|d|D] [--all-events] [-v] [-A|-x|-X|-b]
  FILTER        sysdig/Falco filter expression (e.g. "evt.type=open and fd.name contains /etc")
  -p FORMAT     sysdig output format, e.g. "%evt.num %proc.name %fd.name" (leading * keeps lines with missing fields)
  -n N          stop after N events (counted like sysdig: hidden internal events count too)
  -j            one JSON object per event, like sysdig -j
  -v            print byte buffers in full (sysdig -v)
  -t h|a|r|d|D  time column: clock (default), absolute, since first event, latency, delta (like sysdig)
  -A / -x / -X / -b   byte buffers as ASCII only / hex / hex and ASCII / base64 (like sysdig)
  --all-events  also print events sysdig hides (procinfo and other internal events, state-only events)
`;

interface ReadArgs {
  file: string;
  filter: string;
  format: string | null;
  count: number;
  json: boolean;
  allEvents: boolean;
  verbose: boolean;
  bufferFormat?: 'ascii' | 'hex' | 'hexascii' | 'base64';
  timeStyle?: 'h' | 'a' | 'r' | 'd' | 'D';
}

function parseArgs(args: string[]): ReadArgs | string {
  const out: ReadArgs = { file: '', filter: '', format: null, count: 0, json: false, allEvents: false, verbose: false };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--print') {
      if (i + 1 >= args.length) return '-p needs a format';
      out.format = args[++i];
    } else if (a.startsWith('-p') && a.length > 2) out.format = a.slice(2);
    else if (a === '-n' || a === '--numevents') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 0) return `-n needs a non-negative integer, got '${args[i] ?? ''}'`;
      out.count = v;
    } else if (a === '-j' || a === '--json') out.json = true;
    else if (a === '--all-events') out.allEvents = true;
    else if (a === '-v' || a === '--verbose') out.verbose = true;
    else if (a === '-t' || a === '--timetype' || /^-t[hardD]$/.test(a)) {
      const v = a.length === 3 ? a[2] : args[++i];
      if (!v || !/^[hardD]$/.test(v)) return `-t needs one of h, a, r, d, D`;
      out.timeStyle = v as ReadArgs['timeStyle'];
    }
    else if (a === '-A' || a === '--print-ascii') out.bufferFormat = 'ascii';
    else if (a === '-x' || a === '--print-hex') out.bufferFormat = 'hex';
    else if (a === '-X' || a === '--print-hex-ascii') out.bufferFormat = 'hexascii';
    else if (a === '-b' || a === '--print-base64') out.bufferFormat = 'base64';
    else if (a === '-r') { if (i + 1 < args.length) rest.unshift(args[++i]); }
    else if (a === '-h' || a === '--help') return 'help';
    else if (a.startsWith('-') && a !== '-' && !out.file) return `unknown option ${a}`;
    else rest.push(a);
  }
  if (rest.length === 0) return 'missing FILE';
  out.file = rest[0];
  out.filter = rest.slice(1).join(' ');
  return out;
}

/** Writes all of `buf` to fd 1, waiting out EAGAIN on non-blocking pipes; false once the reader is gone. */
function writeAll(buf: Uint8Array): boolean {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
      if (code === 'EPIPE') return false;
      throw e;
    }
  }
  return true;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
  if (typeof parsed === 'string') { process.stderr.write(`scapula read: ${parsed}\n${USAGE}`); return 2; }
  let plan;
  try {
    plan = parseFormat(parsed.format ?? DEFAULT_FORMAT);
  } catch (e) {
    if (e instanceof FormatError) { process.stderr.write(`scapula read: ${e.message}\n`); return 2; }
    throw e;
  }
  if (!existsSync(parsed.file)) { process.stderr.write(`scapula read: ${parsed.file}: no such file\n`); return 2; }
  // No -p: the defaults (sysdig's line, and its plugin-event line) come from Capture.
  const fmtOpts = { plan: parsed.format ? plan : undefined, json: parsed.json, allEvents: parsed.allEvents, maxCount: parsed.count, verbose: parsed.verbose,
    bufferFormat: parsed.bufferFormat, timeStyle: parsed.timeStyle };
  // Without a filter, lines are printed while the file loads, and -n / a closed pipe stop the load.
  const session = nodeSession();
  await openFile(session, parsed.file, {}, parsed.filter ? undefined : { format: fmtOpts, write: writeAll });
  const diags = session.diagnostics();
  if (session.unreadable) {
    const err = diags.find((d) => d.severity === 'error') ?? diags[0];
    const where = err ? ` at byte ${err.offset} (0x${err.offset.toString(16)})` : '';
    process.stderr.write(`scapula read: ${parsed.file}: not readable${where}: ${err?.message ?? 'no events'}\n`);
    return 2;
  }
  if (parsed.filter) {
    const r = await session.setFilter(parsed.filter);
    if (!r.ok) {
      process.stderr.write(`scapula read: filter: ${r.error ? formatFilterError(r.error) : 'failed'}\n`);
      return 2;
    }
    for (const chunk of session.output().formatFiltered(fmtOpts)) {
      if (!writeAll(chunk)) break; // `| head`: the reader left, stop formatting
    }
  }
  for (const d of diags) {
    process.stderr.write(`scapula read: ${d.severity} at byte ${d.offset} (0x${d.offset.toString(16)}): ${d.message}\n`);
  }
  return 0;
}

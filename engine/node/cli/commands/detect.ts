// `scapula detect -r RULES ... CAPTURE`: runs Falco rules over a capture and prints alerts as Falco
// does (text `TIME: Priority OUTPUT`, or JSON lines with --json). Flags mean what Falco's flags of
// the same letters mean: -D disables rules by name substring, -T by tag, -t runs only tagged rules.
// By default events are seen the way current Falco sees them (old enter/exit captures converted);
// --legacy-events evaluates every stored event like Falco up to 2023 (and like sysdig filters).
// Several captures or a directory: one engine per worker thread (-w N), alerts printed capture by
// capture in input order (each line names its capture), then captures/s and events/s.
import { existsSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { nodeSession, openFile } from '../../session.ts';
import { readRulesPaths } from '../../rules/files.ts';
import { formatReport } from '../../../rules/messages.ts';
import { expandInputs } from '../../export/inputs.ts';
import { detectRunner, type DetectJob, type DetectJobResult, type DetectSetup } from '../../parallel/detect-job.ts';
import { chooseWorkers, inOrder, runPool } from '../../parallel/pool.ts';
import { parsePriority, PRIORITY_NAMES } from '../../../rules/model.ts';
import { selectionError, type Selection } from '../../../rules/ruleset.ts';

const enc = new TextEncoder();
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `b` to stdout, waiting out EAGAIN on non-blocking pipes; false once the reader is gone (EPIPE). */
function writeAll(b: Uint8Array): boolean {
  let off = 0;
  while (off < b.length) {
    try {
      off += writeSync(1, b, off, b.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 2); continue; }
      if (code === 'EPIPE') return false;
      throw e;
    }
  }
  return true;
}

export const summary = 'run Falco rules over a capture (-r RULES, --priority, -D/-T/-t, --json, --legacy-events)';

const USAGE = `usage: scapula detect [-r RULES ...] [--priority P] [-D SUBSTR] [-T TAG] [-t TAG] [--json] [--legacy-events] [--all-matches] [-v] [-w N] CAPTURE|DIR...
  -r RULES          rules file or directory, repeatable, loaded in order (default: built-in falco_rules.yaml)
  --priority P      minimum priority to load (emergency..debug), like Falco's priority setting
  -D SUBSTR         disable rules whose name contains SUBSTR (repeatable)
  -T TAG            disable rules with this tag (repeatable)
  -t TAG            only run rules with this tag (repeatable)
  --json            one JSON object per alert (Falco json_output)
  --legacy-events   evaluate every stored event, enter events included (Falco until 2023, sysdig)
  --all-matches     every matching rule alerts (Falco rule_matching: all); default: first match only
  -v                print rules load warnings
  -w N              several captures / DIR (every *.scap, *.scap.gz under it): N worker threads (default: one
                    per 32 captures or 64 MB, up to the cores);
                    alert lines start with the capture's name (JSON: a "capture" key)
`;

interface Args { rules: string[]; sel: Selection; json: boolean; legacy: boolean; all: boolean; verbose: boolean; file: string; files: string[]; workers: number }

function parseArgs(args: string[]): Args | string {
  const a: Args = { rules: [], sel: { disableNames: [], disableTags: [], enableTags: [] }, json: false, legacy: false, all: false, verbose: false, file: '', files: [], workers: 0 };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    const need = () => { if (i + 1 >= args.length) throw new Error(`${x} needs a value`); return args[++i]; };
    try {
      if (x === '-r') a.rules.push(need());
      else if (x === '--priority' || x === '-p') {
        const v = need();
        const p = parsePriority(v);
        if (p < 0) return `invalid priority '${v}' (emergency, alert, critical, error, warning, notice, informational, debug)`;
        a.sel.minPriority = p;
      } else if (x.startsWith('--priority=')) {
        const p = parsePriority(x.slice(11));
        if (p < 0) return `invalid priority '${x.slice(11)}'`;
        a.sel.minPriority = p;
      } else if (x === '-D') a.sel.disableNames!.push(need());
      else if (x === '-T') a.sel.disableTags!.push(need());
      else if (x === '-t') a.sel.enableTags!.push(need());
      else if (x === '--json') a.json = true;
      else if (x === '--legacy-events') a.legacy = true;
      else if (x === '--all-matches') a.all = true;
      else if (x === '-v') a.verbose = true;
      else if (x === '-w' || x === '--workers') {
        const v = Number(need());
        if (!Number.isInteger(v) || v < 1 || v > 256) return '-w needs a whole number from 1 to 256';
        a.workers = v;
      }
      else if (x === '-h' || x === '--help') return 'help';
      else if (x.startsWith('-') && x !== '-') return `unknown option ${x}`;
      else files.push(x);
    } catch (e) { return (e as Error).message; }
  }
  if (!files.length) return 'missing CAPTURE';
  a.file = files[0];
  a.files = files;
  return a;
}

export async function run(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (a === 'help') { process.stdout.write(USAGE); return 0; }
  if (typeof a === 'string') { process.stderr.write(`scapula detect: ${a}\n${USAGE}`); return 2; }
  const selErr = selectionError(a.sel);
  if (selErr) { process.stderr.write(`scapula detect: ${selErr}\n`); return 2; }
  let files;
  try { files = readRulesPaths(a.rules); } catch (e) { process.stderr.write(`scapula detect: ${(e as Error).message}\n`); return 2; }
  const session = nodeSession();
  await session.rulesLoad(files);
  const loaded = session.rulesLoadResult()!;
  if (!loaded.ok) {
    process.stderr.write(`scapula detect: could not load rules:\n${formatReport(loaded.errors, [])}\n`);
    return 1;
  }
  if (a.verbose && loaded.warnings.length) process.stderr.write(formatReport([], loaded.warnings) + '\n');
  if (a.files.length > 1 || a.workers || (existsSync(a.file) && statSync(a.file).isDirectory())) return detectMany(a);
  if (!existsSync(a.file)) { process.stderr.write(`scapula detect: ${a.file}: no such file\n`); return 2; }
  await openFile(session, a.file);
  if (session.unreadable) {
    const d = session.diagnostics().find((x) => x.severity === 'error');
    process.stderr.write(`scapula detect: ${a.file}: not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}\n`);
    return 2;
  }
  const res = await session.rulesRun({
    model: a.legacy ? 'legacy' : 'current', matching: a.all ? 'all' : 'first',
    minPriority: a.sel.minPriority, disableNames: a.sel.disableNames, disableTags: a.sel.disableTags, enableTags: a.sel.enableTags,
  });
  const tz = -new Date().getTimezoneOffset() * 60;
  let buf = '';
  let open = true;
  const flush = () => { if (buf && open) open = writeAll(enc.encode(buf)); buf = ''; };
  // Falco's end-of-run statistics, on stderr so stdout stays pure alerts.
  const bySev = new Map<number, number>();
  for (const al of session.rulesAlertLines(a.json, hostname(), tz)) {
    buf += al.line + '\n';
    bySev.set(al.priority, (bySev.get(al.priority) ?? 0) + 1);
    if (buf.length > 1 << 16) flush();
  }
  flush();
  let s = `Events detected: ${res.alerts}\nRule counts by severity:\n`;
  for (const [p, c] of [...bySev].sort((x, y) => x[0] - y[0])) s += `   ${PRIORITY_NAMES[p].toUpperCase()}: ${c}\n`;
  s += 'Triggered rules by rule name:\n';
  for (const [r, c] of Object.entries(res.counts)) s += `   ${r}: ${c}\n`;
  if (res.truncated) s += `(stopped after ${res.alerts} alerts)\n`;
  s += `(${res.evaluated} events evaluated in the ${res.model} event model, ${res.rules} rules, ${res.ms.toFixed(0)} ms)\n`;
  process.stderr.write(s);
  return 0;
}

/** Many captures: jobs on worker threads (or in this thread with -w 1), alerts in input order. */
async function detectMany(a: Args): Promise<number> {
  let inputs;
  try { inputs = expandInputs(a.files); } catch (e) { process.stderr.write(`scapula detect: ${(e as Error).message}\n`); return 2; }
  if (!inputs.length) { process.stderr.write('scapula detect: no captures (*.scap, *.scap.gz) in the inputs\n'); return 2; }
  const setup: DetectSetup = { rules: a.rules, sel: a.sel, json: a.json, legacy: a.legacy, all: a.all };
  const jobs: DetectJob[] = inputs.map((i) => ({ path: i.path, name: i.name }));
  const workers = chooseWorkers(a.workers, jobs.map((j) => j.path));
  const t0 = performance.now();
  async function* results(): AsyncGenerator<{ result: DetectJobResult | null; error: string | null; index: number }> {
    if (workers > 1) { yield* inOrder(runPool<DetectJob, DetectJobResult>('detect', setup, jobs, workers)); return; }
    const runner = await detectRunner(setup);
    for (let k = 0; k < jobs.length; k++) {
      try { yield { index: k, result: await runner.run(jobs[k]), error: null }; } catch (e) { yield { index: k, result: null, error: (e as Error).message }; }
    }
  }
  let open = true, alerts = 0, events = 0, evaluated = 0, captures = 0, failed = 0;
  const bySev = new Map<number, number>();
  const byRule = new Map<string, number>();
  for await (const r of results()) {
    const res = r.result;
    const err = r.error ?? res?.error;
    if (err || !res) { failed++; process.stderr.write(`scapula detect: ${jobs[r.index].name}: ${err}\n`); continue; }
    captures++;
    if (res.text && open) open = writeAll(enc.encode(res.text));
    alerts += res.alerts;
    events += res.events;
    evaluated += res.evaluated;
    for (const [p, c] of res.bySeverity) bySev.set(p, (bySev.get(p) ?? 0) + c);
    for (const [n, c] of res.byRule) byRule.set(n, (byRule.get(n) ?? 0) + c);
    if (res.truncated) process.stderr.write(`scapula detect: ${res.name}: stopped after ${res.alerts} alerts\n`);
  }
  const secs = (performance.now() - t0) / 1000;
  let s = `Events detected: ${alerts}\nRule counts by severity:\n`;
  for (const [p, c] of [...bySev].sort((x, y) => x[0] - y[0])) s += `   ${PRIORITY_NAMES[p].toUpperCase()}: ${c}\n`;
  s += 'Triggered rules by rule name:\n';
  for (const [r, c] of byRule) s += `   ${r}: ${c}\n`;
  s += `(${captures} captures${failed ? ` (${failed} unreadable)` : ''}, ${events} events, ${evaluated} evaluated in the ${a.legacy ? 'legacy' : 'current'} event model, ` +
    `${workers} worker${workers === 1 ? '' : 's'}, ${secs.toFixed(2)} s: ${(captures / secs).toFixed(1)} captures/s, ${Math.round(events / secs)} events/s)\n`;
  process.stderr.write(s);
  return failed ? 1 : 0;
}

// `scapula record --rules RULES... [--pre 5s] [--post 10s] [--max-mb N] -o DIR [-- COMMAND]`: runs the
// native recorder to a pipe, evaluates Falco rules on the stream with the WASM engine as it arrives,
// and writes a capture each time a rule with `capture: true` fires (any rule with --all-rules) that
// holds the state as of the window's start, the `pre` events before the alert and the events up to
// the deadline (post, or the rule's capture_duration; overlapping triggers extend it). Alerts print
// as Falco JSON lines on stdout; each capture file gets a .json sidecar listing its alerts.
// `-c falco.yaml` takes Falco's `capture:` section and rules files, and then records as Falco does:
// from the triggering event (no pre window unless --pre), files named PREFIX_<ts>_<num>.scap.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { readFalcoConfig } from '../../record/falco-config.ts';
import { ensureRecorder, parseDuration } from '../../record/recorder.ts';
import { BlockStream } from '../../record/stream.ts';
import { TriggerSession } from '../../record/trigger.ts';
import { readRulesPaths } from '../../rules/files.ts';
import { loadRules } from '../../../rules/loader.ts';
import { formatReport } from '../../../rules/messages.ts';
import { buildRuleset } from '../../../rules/ruleset.ts';

export const summary = 'record with eBPF and keep captures around rule alerts (--rules, --pre, --post, -o DIR)';

const USAGE = `usage: scapula record --rules RULES... [options] -o DIR [-- COMMAND ARGS]
       scapula record -c falco.yaml [options] [-- COMMAND ARGS]
  --rules, -r RULES  Falco rules files or directories (several may follow --rules)
  -o DIR             where captures and their .json sidecars go (created)
  -c FALCO_YAML      Falco's capture settings: capture.enabled, path_prefix (files PREFIX_<ts>_<num>.scap,
                     zero-padded like Falco), mode rules|all_rules, default_duration (ms, the --post),
                     max_file_size_mb (MiB of events); rules_files when no --rules; no pre window
                     unless --pre. Options given on the command line win.
  --max-events N     cap the events of each capture file at N
  --pre DUR          events kept before an alert (default 5s)
  --post DUR         events kept after it, unless the rule sets capture_duration (default 10s)
  --all-rules        every alerting rule triggers a capture, not only rules with capture: true
  --max-mb N         cap the events of each capture file at N MB (its /proc snapshot not counted)
  --ring-mb N        memory bound of the pre-alert ring (default 512)
  -M SECONDS         stop after this long
  -s N, -p PID, --comm NAME, --cgroup PATH   passed to the recorder (snaplen and capture filters)
  -- COMMAND ARGS    record this command and its descendants only; stop when it exits
Durations: 5s, 500ms, 2m. Alerts print as JSON lines on stdout; the summary goes to stderr.
`;

interface Args {
  rules: string[]; out: string; pre: bigint; post: bigint; allRules: boolean; maxMb: number; ringMb: number;
  rec: string[]; cmd: string[]; config: string; maxEvents: number; prefix: string; falcoNames: boolean; maxBytes: number;
  /** Options given on the command line (they win over -c). */
  given: Set<string>;
}

function parseArgs(args: string[]): Args | string {
  const a: Args = { rules: [], out: '', pre: 5_000_000_000n, post: 10_000_000_000n, allRules: false, maxMb: 0, ringMb: 512, rec: [], cmd: [],
    config: '', maxEvents: 0, prefix: 'scapula', falcoNames: false, maxBytes: 0, given: new Set() };
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    const need = () => { if (i + 1 >= args.length) throw new Error(`${x} needs a value`); return args[++i]; };
    try {
      if (x === '--') { a.cmd = args.slice(i + 1); break; }
      if (x.startsWith('-')) a.given.add(x);
      if (x === '--rules' || x === '-r') {
        a.rules.push(need());
        while (i + 1 < args.length && !args[i + 1].startsWith('-')) a.rules.push(args[++i]);
      } else if (x === '-o') a.out = need();
      else if (x === '--pre') a.pre = parseDuration(need());
      else if (x === '--post') a.post = parseDuration(need());
      else if (x === '--all-rules') a.allRules = true;
      else if (x === '--max-mb') a.maxMb = Number(need());
      else if (x === '--ring-mb') a.ringMb = Number(need());
      else if (x === '-c') a.config = need();
      else if (x === '--max-events') {
        a.maxEvents = Number(need());
        if (!Number.isInteger(a.maxEvents) || a.maxEvents < 1) return '--max-events needs a whole number >= 1';
      }
      else if (x === '-M' || x === '-s' || x === '-p' || x === '--comm' || x === '--cgroup') a.rec.push(x, need());
      else if (x === '-h' || x === '--help') return 'help';
      else return `unknown option ${x}`;
    } catch (e) { return (e as Error).message; }
  }
  if (a.config) {
    const err = applyFalcoConfig(a);
    if (err) return err;
  }
  if (!a.rules.length) return 'missing --rules';
  if (!a.out) return 'missing -o DIR';
  a.maxBytes ||= a.maxMb * 1e6;
  return a;
}

/** Fills what the command line did not set from falco.yaml's capture section; an error text, or null. */
function applyFalcoConfig(a: Args): string | null {
  let c;
  try { c = readFalcoConfig(a.config); } catch (e) { return (e as Error).message; }
  if (!c.enabled) return `${a.config}: capture.enabled is false: Falco would record nothing (set it to true)`;
  if (!a.given.has('-o')) { a.out = dirname(c.pathPrefix); a.prefix = basename(c.pathPrefix); a.falcoNames = true; }
  if (!a.given.has('--all-rules')) a.allRules = c.allRules;
  if (!a.given.has('--post')) a.post = BigInt(Math.round(c.defaultDurationMs)) * 1_000_000n;
  if (!a.given.has('--pre')) a.pre = 0n; // Falco's capture starts at the triggering event
  if (!a.given.has('--max-mb') && c.maxFileSizeMb) a.maxBytes = c.maxFileSizeMb * 1024 * 1024;
  if (!a.rules.length) a.rules = c.rulesFiles;
  return null;
}

export async function run(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (a === 'help') { process.stdout.write(USAGE); return 0; }
  if (typeof a === 'string') { process.stderr.write(`scapula record: ${a}\n${USAGE}`); return 2; }
  let files;
  try { files = readRulesPaths(a.rules); } catch (e) { process.stderr.write(`scapula record: ${(e as Error).message}\n`); return 2; }
  const loaded = loadRules(files);
  if (!loaded.ok) {
    process.stderr.write(`scapula record: could not load rules:\n${formatReport(loaded.errors, [])}\n`);
    return 1;
  }
  const ruleset = buildRuleset(loaded.compiled!.rules, {}, 'syscall');
  let bin: string;
  try { bin = ensureRecorder(); } catch (e) { process.stderr.write(`scapula record: ${(e as Error).message}\n`); return 2; }
  mkdirSync(a.out, { recursive: true });

  const host = hostname();
  const session = new TriggerSession({
    ruleset, outDir: a.out, preNs: a.pre, postNs: a.post, allRules: a.allRules, maxBytes: a.maxBytes,
    ringBytes: a.ringMb * 1e6, hostname: host, prefix: a.prefix, falcoNames: a.falcoNames, maxEvents: a.maxEvents,
    onAlert: (_al, json) => process.stdout.write(json + '\n'),
    onFile: (f) => process.stderr.write(`scapula record: wrote ${f.path} (${f.events} events, ${f.alerts} alerts${f.truncated ? ', cut at the size or event cap' : ''})\n`),
  });
  const stream = new BlockStream((e) => session.push(e));

  // a fresh /proc snapshot at least every `pre`, so a window's state never needs older events
  const snap = Math.max(1, Number(a.pre) / 1e9);
  const recArgs = ['-q', '-w', '/dev/fd/3', '--snapshot', String(snap), ...a.rec, ...(a.cmd.length ? ['--', ...a.cmd] : [])];
  // the capture stream comes on fd 3, so the recorded command keeps our stdout and stderr
  const child = spawn(bin, recArgs, { stdio: ['ignore', 'inherit', 'pipe', 'pipe'] });
  let recErr = '';
  child.stderr!.on('data', (d: Buffer) => {
    const s = d.toString();
    recErr += s;
    if (!/READY/.test(s)) process.stderr.write(s);
  });
  let streamErr: Error | null = null;
  child.stdio[3]!.on('data', (d: Buffer) => {
    if (streamErr) return;
    try { stream.push(d); } catch (e) { streamErr = e as Error; child.kill('SIGTERM'); }
  });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const exited = new Promise<number | null>((res) => child.on('close', (c) => res(c)));

  let done = false;
  exited.then(() => { done = true; });
  let evaluating = Promise.resolve();
  const tick = setInterval(() => { evaluating = evaluating.then(() => session.evaluate()); }, 250);
  const code = await exited;
  clearInterval(tick);
  await evaluating;
  await session.evaluate();
  session.closeCurrent();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  void done;
  if (streamErr) { process.stderr.write(`scapula record: ${(streamErr as Error).message}\n`); return 1; }
  if (code !== 0 && !recErr.includes('READY')) return code ?? 1;
  process.stderr.write(`scapula record: ${session.evaluated} events evaluated, ${session.alertsTotal} alerts, ${session.files.length} capture(s) in ${a.out}\n`);
  return 0;
}

// `scapula export CAPTURE|DIR... -o OUT [-r RULES] [--arrow] [--host NAME]`: writes the events of
// captures, each with its state resolved (process, parent, container, user, fd, args), as a columnar
// `events` table, plus an `alerts` table with -r. OUT.parquet (or .arrow) = one file for all inputs (and
// OUT.alerts.parquet); any other OUT = a directory in the hive layout host=H/date=D (engine/node/export/layout.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDB } from '../../export/duckdb.ts';
import { expandInputs } from '../../export/inputs.ts';
import type { ExportJobResult } from '../../export/job.ts';
import { alertsFileOf, isSingleFile } from '../../export/layout.ts';
import { exportResults } from '../../export/run.ts';
import { writePartitioned, writeSingle } from '../../export/write.ts';

export const summary = 'write captures as Parquet/Arrow tables (events, alerts with -r) for DuckDB, Spark, Trino';

const USAGE = `usage: scapula export CAPTURE|DIR... -o OUT [-r RULES ...] [--arrow] [--host NAME] [-w N]
  -o OUT        OUT.parquet: one file with every input's events (alerts in OUT.alerts.parquet)
                OUT.arrow or --arrow: the same as Arrow IPC files (OUT.arrow, OUT.alerts.arrow)
                any other OUT: a directory, OUT/events/host=H/date=D/CAPTURE.parquet (and OUT/alerts/...)
  -r RULES      also run these Falco rules (file or directory, repeatable): the alerts table
  --host NAME   partition value for host= (default: the hostname in each capture)
  -w N          worker threads, one engine each (default: one per 32 captures or 64 MB, up to the cores)
  DIR           every *.scap and *.scap.gz under it, recursively
`;

interface Args { inputs: string[]; out: string; rules: string[]; arrow: boolean; host: string | null; workers: number }

function parseArgs(args: string[]): Args | string {
  const a: Args = { inputs: [], out: '', rules: [], arrow: false, host: null, workers: 0 };
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    const need = () => { if (i + 1 >= args.length) throw new Error(`${x} needs a value`); return args[++i]; };
    try {
      if (x === '-o' || x === '--out') a.out = need();
      else if (x === '-r') a.rules.push(need());
      else if (x === '--arrow') a.arrow = true;
      else if (x === '--host') a.host = need();
      else if (x === '-w' || x === '--workers') {
        const v = Number(need());
        if (!Number.isInteger(v) || v < 1 || v > 256) return `-w needs a whole number from 1 to 256`;
        a.workers = v;
      } else if (x === '-h' || x === '--help') return 'help';
      else if (x.startsWith('-')) return `unknown option ${x}`;
      else a.inputs.push(x);
    } catch (e) { return (e as Error).message; }
  }
  if (!a.inputs.length) return 'missing CAPTURE or DIR';
  if (!a.out) return 'missing -o OUT';
  if (a.arrow && /\.parquet$/i.test(a.out)) return '--arrow writes an Arrow file: name it OUT.arrow';
  if (/\.arrow$/i.test(a.out)) a.arrow = true;
  return a;
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (a === 'help') { process.stdout.write(USAGE); return 0; }
  if (typeof a === 'string') { process.stderr.write(`scapula export: ${a}\n${USAGE}`); return 2; }
  let inputs;
  try { inputs = expandInputs(a.inputs); } catch (e) { process.stderr.write(`scapula export: ${(e as Error).message}\n`); return 2; }
  if (!inputs.length) { process.stderr.write('scapula export: no captures (*.scap, *.scap.gz) in the inputs\n'); return 2; }
  const single = isSingleFile(a.out) || (a.arrow && inputs.every((i) => !i.fromDir));
  const out = single && a.arrow && !/\.arrow$/i.test(a.out) ? a.out + '.arrow' : a.out;
  const tmp = mkdtempSync(join(tmpdir(), 'scapula-export-'));
  const db = await openDuckDB();
  const t0 = performance.now();
  let failed = 0, events = 0, alerts = 0, captures = 0;
  const done: ExportJobResult[] = [];
  const taken = new Set<string>();
  try {
    const results = exportResults(inputs, { tmp, rules: a.rules, workers: a.workers });
    for await (const r of results) {
      if (r.error) { failed++; process.stderr.write(`scapula export: ${r.name}: ${r.error}\n`); continue; }
      captures++;
      if (r.problems) process.stderr.write(`scapula export: ${r.name}: ${r.problems} problem${r.problems === 1 ? '' : 's'} reading it (first: ${r.firstProblem}); the events read are exported\n`);
      events += r.events;
      alerts += r.alerts;
      if (single) { done.push(r); continue; }
      if (!r.events) { process.stderr.write(`scapula export: ${r.name}: no events, nothing written\n`); continue; }
      const file = await writePartitioned(db.con, r, a.out, { arrow: a.arrow, host: a.host }, taken);
      process.stderr.write(`${r.name}: ${r.events} events${a.rules.length ? `, ${r.alerts} alerts` : ''} -> ${file}\n`);
    }
    if (single && done.length) {
      done.sort((x, y) => x.index - y.index); // the file keeps the input order, whichever worker finished first
      await writeSingle(db.con, done, out, a.rules.length > 0, a.arrow);
      process.stderr.write(`${out}: ${events} events\n`);
      if (a.rules.length) process.stderr.write(`${alertsFileOf(out)}: ${alerts} alerts\n`);
    }
  } catch (e) {
    process.stderr.write(`scapula export: ${(e as Error).message}\n`);
    return 2;
  } finally {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`exported ${captures} captures, ${events} events${a.rules.length ? `, ${alerts} alerts` : ''} in ${s.toFixed(2)} s ` +
    `(${(captures / s).toFixed(1)} captures/s, ${Math.round(events / s)} events/s)${failed ? `; ${failed} unreadable` : ''}\n`);
  return failed ? 1 : 0;
}

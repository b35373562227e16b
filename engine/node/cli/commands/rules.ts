// `scapula rules validate|list|show`: checks Falco rules files the way `falco -V` does (exit 1 with
// Falco-style messages on errors), lists the loaded rules, or prints one rule's condition after
// macro and list expansion — the same loader `detect` and the web app use.
import { existsSync } from 'node:fs';
import type { ExplainNode } from '../../../api.ts';
import { printExpr } from '../../../filter/ast.ts';
import { nodeSession, openFile } from '../../session.ts';
import type { Session } from '../../../session/session.ts';
import { readRulesPaths } from '../../rules/files.ts';
import type { LoadResult } from '../../../rules/loader.ts';
import { formatReport } from '../../../rules/messages.ts';
import { PRIORITY_NAMES } from '../../../rules/model.ts';

export const summary = 'check Falco rules files (validate), list their rules, show a rule expanded';

const USAGE = `usage: scapula rules validate -r RULES [-r RULES ...] [-v]
       scapula rules list [-r RULES ...]
       scapula rules show NAME [-r RULES ...]
       scapula rules explain NAME CAPTURE EVT_NUM [-r RULES ...] [--legacy-events]
  explain    the rule's expanded condition evaluated on one event: each clause true / false / missing,
             with the field values it used (as the web app's Explain view)
  -r RULES   a rules file or a directory of them (loaded in order; default: the built-in falco_rules.yaml)
  -v         also print warnings
`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '-h' || sub === '--help') { process.stdout.write(USAGE); return sub ? 0 : 2; }
  const paths: string[] = [];
  const positional: string[] = [];
  let verbose = false;
  let legacy = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-r') { if (i + 1 >= rest.length) { process.stderr.write('scapula rules: -r needs a path\n'); return 2; } paths.push(rest[++i]); }
    else if (a === '-v') verbose = true;
    else if (a === '--legacy-events') legacy = true;
    else if (a.startsWith('-')) { process.stderr.write(`scapula rules: unknown option ${a}\n${USAGE}`); return 2; }
    else positional.push(a);
  }
  if (!['validate', 'list', 'show', 'explain'].includes(sub)) { process.stderr.write(`scapula rules: unknown subcommand '${sub}'\n${USAGE}`); return 2; }
  if (sub === 'validate' && paths.length === 0) paths.push(...positional.splice(0));
  let files;
  try { files = readRulesPaths(paths); } catch (e) { process.stderr.write(`scapula rules: ${(e as Error).message}\n`); return 2; }
  const session = nodeSession();
  await session.rulesLoad(files);
  const r = session.rulesLoadResult()!;
  if (sub === 'validate') {
    for (const f of files) process.stdout.write(`${f.name}: ${r.ok ? 'Ok' : 'Invalid'}\n`);
    const report = formatReport(r.errors, verbose || !r.ok ? r.warnings : []);
    if (report) process.stdout.write(report + '\n');
    if (!verbose && r.ok && r.warnings.length) process.stdout.write(`${r.warnings.length} warnings (use -v to see them)\n`);
    return r.ok ? 0 : 1;
  }
  if (!r.ok) { process.stderr.write(formatReport(r.errors, []) + '\n'); return 1; }
  const rules = r.compiled!.rules;
  if (sub === 'list') {
    for (const x of rules) {
      process.stdout.write(`${x.name}\t${PRIORITY_NAMES[x.def.priority]}\t${x.def.enabled ? 'enabled' : 'disabled'}\t${x.def.source}\t${x.def.tags.join(',')}\n`);
    }
    return 0;
  }
  if (sub === 'explain') return explain(session, r, positional, legacy);
  const name = positional.join(' ');
  const x = rules.find((q) => q.name === name);
  if (!x) { process.stderr.write(`scapula rules: no rule named '${name}'\n`); return 1; }
  process.stdout.write(`rule: ${x.name}\npriority: ${PRIORITY_NAMES[x.def.priority]}\nsource: ${x.def.source}\ntags: ${x.def.tags.join(', ')}\n` +
    `event types: ${x.eventTypes ? [...x.eventTypes].sort().join(', ') : '(all)'}\noutput: ${x.def.output}\ncondition: ${printExpr(x.ast)}\n`);
  return 0;
}

async function explain(session: Session, r: LoadResult, args: string[], legacy: boolean): Promise<number> {
  if (args.length !== 3) { process.stderr.write(`scapula rules: explain needs NAME CAPTURE EVT_NUM\n${USAGE}`); return 2; }
  const [name, file, numText] = args;
  const rule = r.compiled!.rules.find((q) => q.name === name);
  if (!rule) { process.stderr.write(`scapula rules: no rule named '${name}'\n`); return 1; }
  const num = Number(numText);
  if (!Number.isInteger(num) || num < 1) { process.stderr.write(`scapula rules: EVT_NUM must be a positive integer\n`); return 2; }
  if (!existsSync(file)) { process.stderr.write(`scapula rules: ${file}: no such file\n`); return 2; }
  await openFile(session, file);
  if (num > session.eventCount) { process.stderr.write(`scapula rules: the capture has ${session.eventCount} events\n`); return 1; }
  const tree = await session.rulesExplainEvent(rule.name, num - 1, legacy ? 'legacy' : 'current');
  const lines: string[] = [`rule '${rule.name}' on event ${num}: ${tree.result === 'true' ? 'MATCHES' : 'does not match'}`];
  const mark = (x: ExplainNode['result']) => (x === 'true' ? '✔ true   ' : x === 'false' ? '✘ false  ' : '∅ missing');
  const walk = (n: ExplainNode, depth: number) => {
    const vals = n.values.map((v) => `${v.field}=${v.value === null ? '<NA>' : JSON.stringify(v.value)}`).join(' ');
    const what = n.kind === 'check' ? n.text : n.kind;
    lines.push(`${'  '.repeat(depth)}${mark(n.result)} ${n.macro ? `[macro ${n.macro}] ` : ''}${what}${vals ? `    (${vals})` : ''}`);
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(tree, 0);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

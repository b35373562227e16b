// Parses sysdig's output format syntax (`-p`) into a plan the WASM formatter runs: literal text and field
// tokens. Syntax, as sysdig 0.29.3 reads it: an optional leading `*` (print lines even when a field has
// no value, showing <NA>; without it such lines are skipped); `%field`, `%field[arg]`, `%field.arg` for
// fields that take a dotted argument (`evt.arg.fd`), `%20field` (pad or cut to 20 columns); and the
// escapes \n \t \\ in the format string. Field names resolve against the generated field table.
import { FIELDS, type FieldInfo } from '../generated/fields.ts';

export interface PlanLiteral { kind: 'literal'; text: string }
export interface PlanField {
  kind: 'field';
  /** The token as written after `%` (also the JSON key), e.g. `evt.arg.fd`, `proc.aname[2]`. */
  name: string;
  field: FieldInfo;
  /** Numeric argument (`[2]`), or -1. */
  argNum: number;
  /** String argument (`[name]`, `.name`), or ''. */
  argStr: string;
  width: number;
}
export type PlanToken = PlanLiteral | PlanField;

export interface FormatPlan {
  requireAll: boolean;
  tokens: PlanToken[];
}

export class FormatError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

/** sysdig's default line. */
export const DEFAULT_FORMAT = '*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info';

/** sysdig's default line for plugin events (k8s audit, CloudTrail, ...). */
export const DEFAULT_PLUGIN_FORMAT = '*%evt.num %evt.datetime.s [%evt.pluginname] %evt.plugininfo';

const byName = new Map<string, FieldInfo>();
for (const f of FIELDS) if (!byName.has(f.name)) byName.set(f.name, f);

/** \n, \t, \\ (and \e) as sysdig's escape_output_format expands them. */
export function unescapeFormat(s: string): string {
  return s.replace(/\\([nte\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'e' ? '\x1b' : '\\'));
}

const nameChar = /[A-Za-z0-9_.\-]/;

/** Parses one field reference at `s[pos]` (just after `%` and any width). */
function parseField(s: string, pos: number): { tok: Omit<PlanField, 'width'>; end: number } {
  let end = pos;
  while (end < s.length && /[A-Za-z0-9_.]/.test(s[end])) end++;
  const word = s.slice(pos, end);
  if (!word) throw new FormatError(`invalid formatting token at column ${pos + 1}: expected a field name after %`, pos);
  // Longest known field name that is a prefix of the word at a '.' boundary.
  let field: FieldInfo | undefined;
  let fname = '';
  for (let cut = word.length; cut > 0; cut--) {
    if (cut < word.length && word[cut] !== '.') continue;
    const f = byName.get(word.slice(0, cut));
    if (f) { field = f; fname = word.slice(0, cut); break; }
  }
  if (!field) throw new FormatError(`invalid formatting token ${word}: no such field`, pos);
  let argNum = -1;
  let argStr = '';
  let stop = pos + fname.length;
  if (fname.length < word.length && field.arg !== 'none' && (!field.argSyntax || field.argSyntax.includes('dot'))) {
    // dotted argument: evt.arg.fd, evt.type.is.open
    argStr = word.slice(fname.length + 1);
    stop = end;
  } else if (s[stop] === '[' && field.arg !== 'none') {
    const close = s.indexOf(']', stop);
    if (close < 0) throw new FormatError(`invalid formatting token ${word}: missing ]`, stop);
    const a = s.slice(stop + 1, close);
    if (/^\d+$/.test(a) && field.argKind.includes('index')) argNum = Number(a); else argStr = a;
    stop = close + 1;
  } else if (field.arg === 'required') {
    throw new FormatError(`invalid formatting token ${word}: ${fname} needs an argument`, pos);
  }
  void nameChar;
  return { tok: { kind: 'field', name: s.slice(pos, stop), field, argNum, argStr }, end: stop };
}

export function parseFormat(input: string): FormatPlan {
  let s = unescapeFormat(input);
  if (s === '') throw new FormatError('empty formatting token', 0);
  let requireAll = true;
  if (s[0] === '*') { requireAll = false; s = s.slice(1); }
  const tokens: PlanToken[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '%') { lit += c; i++; continue; }
    if (i === s.length - 1) throw new FormatError('invalid formatting syntax: formatting cannot end with a %', i);
    if (lit) { tokens.push({ kind: 'literal', text: lit }); lit = ''; }
    let j = i + 1;
    let width = 0;
    while (j < s.length && s[j] >= '0' && s[j] <= '9') { width = width * 10 + (s.charCodeAt(j) - 48); j++; }
    if (j >= s.length) throw new FormatError('invalid formatting syntax: formatting cannot end with a number', j);
    const { tok, end } = parseField(s, j);
    tokens.push({ ...tok, width });
    i = end;
  }
  if (lit) tokens.push({ kind: 'literal', text: lit });
  return { requireAll, tokens };
}

/** JSON output keeps one key per distinct field token, sorted (sysdig writes a JSON map). */
export function jsonFieldOrder(plan: FormatPlan): PlanField[] {
  const seen = new Map<string, PlanField>();
  for (const t of plan.tokens) if (t.kind === 'field' && !seen.has(t.name)) seen.set(t.name, t);
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

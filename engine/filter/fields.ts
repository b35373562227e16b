// Resolves a field reference as written in a filter (`proc.aname[2]`, `evt.arg.fd`, `evt.type.is.open`)
// to an entry of the generated FIELDS table plus its argument, and explains failures with a
// "did you mean" suggestion. Dot-suffix arguments follow libsinsp: the longest field name that is a
// prefix at a dot boundary and accepts a dot argument takes the rest of the token as its argument.
import { FIELDS, type FieldInfo } from '../generated/fields.ts';
import { EVENT_PARAMS } from '../generated/schema.ts';

const BY_NAME = new Map<string, FieldInfo>(FIELDS.map((f) => [f.name, f]));
const PARAM_NAMES = new Set<string>(EVENT_PARAMS.flat());

export interface ResolvedField {
  info: FieldInfo;
  /** Numeric argument (`[2]`), else null. */
  argNum: bigint | null;
  /** String argument (`[name]` or dot suffix), else null. */
  argStr: string | null;
}

export class FieldError extends Error {
  /** Offset inside the field token where the problem is (0 = the token start). */
  constructor(message: string, readonly offset = 0) {
    super(message);
  }
}

export function fieldByName(name: string): FieldInfo | undefined {
  return BY_NAME.get(name);
}

/** `argText` is the bracket argument (null when none). */
export function resolveField(name: string, argText: string | null): ResolvedField {
  let info = BY_NAME.get(name);
  let dotArg: string | null = null;
  if (!info) {
    // longest prefix at a dot boundary that takes a dot argument
    for (let cut = name.lastIndexOf('.'); cut > 0; cut = name.lastIndexOf('.', cut - 1)) {
      const f = BY_NAME.get(name.slice(0, cut));
      if (f && (f.argSyntax === 'dot' || f.argSyntax === 'bracket_or_dot')) {
        info = f;
        dotArg = name.slice(cut + 1);
        break;
      }
    }
  }
  if (!info) {
    const s = suggestField(name);
    throw new FieldError(`unknown field '${name}'${s ? ` (did you mean '${s}'?)` : ''}`);
  }
  if (info.flags.includes('print_only')) throw new FieldError(`field '${info.name}' can only be used in output formats`);
  if (dotArg !== null && argText !== null) throw new FieldError(`field '${info.name}' takes one argument, found two`);
  const arg = dotArg ?? argText;
  if (arg === null) {
    if (info.arg === 'required') throw new FieldError(`field '${info.name}' requires an argument (${argHint(info)})`);
    return { info, argNum: null, argStr: null };
  }
  if (info.arg === 'none') throw new FieldError(`field '${info.name}' does not take an argument`);
  const kinds = info.argKind;
  const isInt = /^-?[0-9]+$/.test(arg);
  if (info.name === 'evt.arg' || info.name === 'evt.rawarg') {
    if (isInt && kinds.includes('index') && dotArg === null) return { info, argNum: BigInt(arg), argStr: null };
    if (!PARAM_NAMES.has(arg)) {
      const s = suggest(arg, PARAM_NAMES);
      throw new FieldError(`unknown event argument ${arg}${s ? ` (did you mean '${s}'?)` : ''}`, dotArg !== null ? info.name.length + 1 : 0);
    }
    return { info, argNum: null, argStr: arg };
  }
  if (kinds.includes('index') && (isInt || !kinds.includes('key'))) {
    if (!isInt) throw new FieldError(`field '${info.name}' needs a numeric argument, found '${arg}'`);
    return { info, argNum: BigInt(arg), argStr: null };
  }
  return { info, argNum: null, argStr: arg };
}

function argHint(f: FieldInfo): string {
  if (f.argSyntax === 'dot') return `like ${f.name}.NAME`;
  return f.argKind.includes('index') ? `like ${f.name}[0]` : `like ${f.name}[NAME]`;
}

export function suggestField(name: string): string | null {
  return suggest(name, FIELDS.filter((f) => !f.flags.includes('hidden')).map((f) => f.name));
}

/** Closest candidate by edit distance (transpositions count once), if close enough to be a typo. */
export function suggest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 4));
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = editDistance(word, c, limit);
    if (d < bestD) { bestD = d; best = c; }
  }
  return bestD <= limit ? best : null;
}

/** Optimal string alignment distance, giving up (returning limit+1) once the row minimum exceeds limit. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = a.length, m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

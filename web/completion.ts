// Filter-bar completion, as a pure function of the text and the caret: field names with their
// descriptions (from the generated field table), operators after a field, event type names after
// `evt.type` comparisons, and the boolean keywords after a complete check. No engine call needed.
import { FIELDS } from '../engine/generated/fields.ts';
import { EVENT_NAMES } from '../engine/generated/schema.ts';

export interface Completion {
  label: string;
  detail: string;
  /** Text that replaces [from, to). */
  insert: string;
}

export interface CompletionResult {
  from: number;
  to: number;
  items: Completion[];
}

export const OPERATORS: readonly [string, string][] = [
  ['=', 'equal'], ['!=', 'not equal'], ['<', 'less than'], ['<=', 'less or equal'], ['>', 'greater than'],
  ['>=', 'greater or equal'], ['contains', 'substring'], ['icontains', 'substring, any case'],
  ['bcontains', 'bytes (hex) contained'], ['startswith', 'prefix'], ['bstartswith', 'bytes (hex) prefix'],
  ['endswith', 'suffix'], ['glob', 'wildcard match'], ['iglob', 'wildcard match, any case'],
  ['regex', 'regular expression (linear time)'], ['in', 'one of a list: in (a, b)'],
  ['intersects', 'lists share a value'], ['pmatch', 'path prefix of one of a list'], ['exists', 'field has a value'],
];

const KEYWORDS: readonly [string, string][] = [['and', 'both'], ['or', 'either'], ['not', 'negation']];

const FIELD_LIST = FIELDS.filter((f) => !f.flags.includes('hidden'));
const FIELD_NAMES = new Set(FIELDS.map((f) => f.name));
export const EVENT_TYPES: readonly string[] = [...new Set(EVENT_NAMES)].filter((n) => n && n !== 'NA').sort();

const MAX_ITEMS = 60;
const TOKEN = /[A-Za-z0-9_.[\]]/;

interface Token { text: string; start: number; end: number }

/** Tokens before `end` (rough lexing: words, quoted strings, punctuation, operators). */
function tokensBefore(text: string, end: number): Token[] {
  const out: Token[] = [];
  const re = /"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[()]|,|!=|<=|>=|==|[=<>]|[^\s()=<>!,"']+/g;
  const src = text.slice(0, end);
  for (let m = re.exec(src); m; m = re.exec(src)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

function isFieldToken(t: string | undefined): boolean {
  if (!t) return false;
  const base = t.replace(/\[.*$/, '');
  if (FIELD_NAMES.has(base)) return true;
  // Fields with a dotted argument (evt.arg.fd, evt.type.is.open): a known prefix.
  for (let i = base.lastIndexOf('.'); i > 0; i = base.lastIndexOf('.', i - 1)) {
    const head = base.slice(0, i);
    const f = FIELDS.find((x) => x.name === head);
    if (f) return f.arg !== 'none';
  }
  return false;
}

export function complete(text: string, caret: number): CompletionResult {
  let from = caret;
  while (from > 0 && TOKEN.test(text[from - 1])) from--;
  let to = caret;
  while (to < text.length && TOKEN.test(text[to])) to++;
  const word = text.slice(from, caret);
  const prev = tokensBefore(text, from);
  const last = prev[prev.length - 1]?.text;
  const beforeLast = prev[prev.length - 2]?.text;

  // After a field: operators.
  if (isFieldToken(last)) {
    const items = OPERATORS.filter(([op]) => op.startsWith(word))
      .map(([op, d]) => ({ label: op, detail: d, insert: op + ' ' }));
    return { from, to, items };
  }
  // Event names after `evt.type =`, `evt.type in (a, `.
  const typeCtx = (() => {
    for (let i = prev.length - 1; i >= 0 && i >= prev.length - 40; i--) {
      const t = prev[i].text;
      if (t === ')' ) return false;
      if (/^(evt\.type|syscall\.type)$/.test(t)) return true;
      if (!/^(\(|,|=|==|!=|in|[A-Za-z0-9_]+)$/.test(t)) return false;
    }
    return false;
  })();
  if (typeCtx && last !== undefined && !isFieldToken(last)) {
    const items = EVENT_TYPES.filter((n) => n.startsWith(word)).slice(0, MAX_ITEMS)
      .map((n) => ({ label: n, detail: 'event type', insert: n }));
    return { from, to, items };
  }
  // After a value or a closing parenthesis: keywords; otherwise fields (and `not`).
  const afterValue = last !== undefined && last !== '(' && last !== 'and' && last !== 'or' && last !== 'not'
    && (beforeLast !== undefined || last === ')');
  if (afterValue) {
    return { from, to, items: KEYWORDS.filter(([k]) => k.startsWith(word) && k !== 'not').map(([k, d]) => ({ label: k, detail: d, insert: k + ' ' })) };
  }
  const fields = FIELD_LIST.filter((f) => f.name.startsWith(word));
  const items: Completion[] = [];
  if ('not'.startsWith(word) && word.length > 0) items.push({ label: 'not', detail: 'negation', insert: 'not ' });
  for (const f of fields.slice(0, MAX_ITEMS)) items.push({ label: f.name, detail: f.description, insert: f.name + (f.arg === 'required' ? '' : ' ') });
  return { from, to, items };
}

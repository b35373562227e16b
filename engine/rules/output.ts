// Falco's output format strings: `%field`, `%field[arg]`, `%Nfield` (pad/truncate to N), transformers
// `%tolower(proc.name)`; a token is the longest prefix that is a valid field, so `%proc.name)` ends
// at `)` and `%proc.name.foo` prints the name then `.foo` (falco-rules.md §8). Falco always prints a
// missing value as `<NA>` (as if the format began with `*`). Rendering takes the field values from
// a callback so this module stays independent of how extraction is wired.
import { resolveField } from './field-check.ts';

export interface OutputField {
  /** The field expression as written (key of output_fields). */
  text: string;
  /** 0 = no width. */
  width: number;
}

export type OutputToken = string | OutputField;

export interface ParsedOutput {
  tokens: OutputToken[];
  fields: string[];
}

export class OutputError extends Error {}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/;
const TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len'];

/** Length of the longest prefix of `s` that is a valid field expression of `source`, or 0. */
function fieldPrefix(s: string, source: string): number {
  const tm = /^([a-z0-9]+)\(/.exec(s);
  if (tm && TRANSFORMERS.includes(tm[1])) {
    let depth = 0;
    for (let i = 0; i < s.length && i < 4096; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')' && --depth === 0) {
        const inner = s.slice(tm[0].length, i);
        return fieldPrefix(inner, source) === inner.length && inner.length > 0 ? i + 1 : 0;
      }
    }
    return 0;
  }
  const m = NAME_RE.exec(s);
  if (!m) return 0;
  // Try shorter and shorter dotted prefixes.
  let name = m[0];
  while (name.length > 0) {
    const f = resolveField(name, source);
    if (f) {
      let end = name.length;
      if (s[end] === '[') {
        const close = s.indexOf(']', end);
        if (close > end + 1) end = close + 1;
      }
      return end;
    }
    const dot = name.lastIndexOf('.');
    if (dot <= 0) break;
    name = name.slice(0, dot);
  }
  return 0;
}

/** Parses a format; throws OutputError with Falco's messages. */
export function parseOutput(format: string, source: string): ParsedOutput {
  const tokens: OutputToken[] = [];
  const fields: string[] = [];
  let text = '';
  let i = 0;
  const f = format.startsWith('*') ? format.slice(1) : format;
  while (i < f.length) {
    const c = f[i];
    if (c !== '%') { text += c; i++; continue; }
    if (i + 1 >= f.length) throw new OutputError('invalid formatting syntax: formatting cannot end with a %');
    let j = i + 1;
    let width = 0;
    while (j < f.length && f[j] >= '0' && f[j] <= '9' && j - i < 8) width = width * 10 + Number(f[j++]);
    const rest = f.slice(j);
    const n = fieldPrefix(rest, source);
    if (n === 0) {
      const word = /^[^\s]*/.exec(rest)![0];
      throw new OutputError(`invalid formatting token ${word}`);
    }
    if (text) { tokens.push(text); text = ''; }
    const fieldText = rest.slice(0, n);
    tokens.push({ text: fieldText, width });
    if (!fields.includes(fieldText)) fields.push(fieldText);
    i = j + n;
  }
  if (text) tokens.push(text);
  return { tokens, fields };
}

/** Renders a parsed format; `value(field)` returns the display text or null when missing. */
export function renderOutput(p: ParsedOutput, value: (field: string) => string | null): string {
  let out = '';
  for (const t of p.tokens) {
    if (typeof t === 'string') { out += t; continue; }
    let v = value(t.text) ?? '<NA>';
    if (t.width > 0) v = v.length > t.width ? v.slice(0, t.width) : v.padEnd(t.width, ' ');
    out += v;
  }
  return out;
}

/** Escapes control characters JSON-style, as Falco does in alert text. */
export function escapeControl(s: string): string {
  const short: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => short[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Removes `%container.info` (deprecated; current Falco drops it with a warning). Returns null when absent. */
export function stripContainerInfo(output: string): string | null {
  if (!/%container\.info\b/.test(output)) return null;
  return output.replace(/\s*%container\.info\b/g, '').trim();
}

// Character-level scanners for the filter language. The language is context dependent (the same
// characters are a field name in one place and a bare string in another), so instead of a token
// stream the parser asks for "a field name here", "a bare string here"; each scanner returns the
// end offset (or -1) and never looks further than the input, so every scan is linear and bounded.
import { ESCAPED_BYTE_BASE } from './values.ts';

/** Blank characters separating tokens: space, tab, backspace, CR, LF. */
export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x08 || c === 0x0d || c === 0x0a;
}

export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x5f;
}

export function skipBlanks(s: string, pos: number): number {
  while (pos < s.length && isBlank(s.charCodeAt(pos))) pos++;
  return pos;
}

/** `[A-Za-z][A-Za-z0-9_]*` — macro names, keywords, transformer names. */
export function scanIdentifier(s: string, pos: number): number {
  if (pos >= s.length || !isAlpha(s.charCodeAt(pos))) return -1;
  pos++;
  while (pos < s.length && isWordChar(s.charCodeAt(pos))) pos++;
  return pos;
}

/**
 * An identifier followed by zero or more `.segment`s (segments start with a letter). Returns the end
 * and whether a dot was seen (a field name needs one; without it the word is an identifier).
 */
export function scanDottedName(s: string, pos: number): { end: number; dotted: boolean } | null {
  let end = scanIdentifier(s, pos);
  if (end < 0) return null;
  let dotted = false;
  while (end + 1 < s.length && s.charCodeAt(end) === 0x2e && isAlpha(s.charCodeAt(end + 1))) {
    end = scanIdentifier(s, end + 1);
    dotted = true;
  }
  return { end, dotted };
}

/** `[^()"'<blank>=,]+` — a bare string (kept verbatim: backslashes are not escapes). */
export function scanBareString(s: string, pos: number): number {
  const start = pos;
  while (pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c === 0x28 || c === 0x29 || c === 0x22 || c === 0x27 || c === 0x3d || c === 0x2c || isBlank(c)) break;
    pos++;
  }
  return pos > start ? pos : -1;
}

/** A bare field argument `[^][\"'<blank>]+` (inside `[...]`). */
export function scanBareArg(s: string, pos: number): number {
  const start = pos;
  while (pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c === 0x5b || c === 0x5d || c === 0x22 || c === 0x27 || isBlank(c)) break;
    pos++;
  }
  return pos > start ? pos : -1;
}

/** `[+-]?[0-9]+(\.[0-9]*)?([eE][+-][0-9]+)?` or `0[xX][0-9a-fA-F]+`. */
export function scanNumber(s: string, pos: number): number {
  let p = pos;
  if (p + 2 < s.length + 0 && s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'X') && isHex(s.charCodeAt(p + 2))) {
    p += 2;
    while (p < s.length && isHex(s.charCodeAt(p))) p++;
    return p;
  }
  if (p < s.length && (s[p] === '+' || s[p] === '-')) p++;
  const digits = p;
  while (p < s.length && isDigit(s.charCodeAt(p))) p++;
  if (p === digits) return -1;
  if (p < s.length && s[p] === '.') {
    p++;
    while (p < s.length && isDigit(s.charCodeAt(p))) p++;
  }
  if (p + 2 < s.length + 1 && (s[p] === 'e' || s[p] === 'E') && (s[p + 1] === '+' || s[p + 1] === '-') && isDigit(s.charCodeAt(p + 2))) {
    p += 2;
    while (p < s.length && isDigit(s.charCodeAt(p))) p++;
  }
  return p;
}

export function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export type QuotedScan = { end: number; value: string } | { error: string; errorPos: number };

/**
 * A quoted string starting at `pos` (which holds `"` or `'`). The string ends at the first matching
 * quote whose preceding raw character is not a backslash; then the content is unescaped.
 */
export function scanQuoted(s: string, pos: number): QuotedScan {
  const q = s.charCodeAt(pos);
  let p = pos + 1;
  while (p < s.length) {
    if (s.charCodeAt(p) === q && s.charCodeAt(p - 1) !== 0x5c) break;
    p++;
  }
  if (p >= s.length) return { error: 'unterminated quoted string', errorPos: pos };
  const raw = s.slice(pos + 1, p);
  const un = unescape(raw, q === 0x22 ? '"' : "'");
  if (typeof un !== 'string') return { error: un.error, errorPos: pos + 1 + un.at };
  return { end: p + 1, value: un };
}

function unescape(raw: string, quote: string): string | { error: string; at: number } {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') { out += ch; continue; }
    const n = raw[i + 1];
    switch (n) {
      case 'b': out += '\b'; i++; break;
      case 'f': out += '\f'; i++; break;
      case 'n': out += '\n'; i++; break;
      case 'r': out += '\r'; i++; break;
      case 't': out += '\t'; i++; break;
      case '\\': out += '\\'; i++; break;
      case '/': out += '/'; i++; break;
      case ' ': out += '\\'; i++; break; // legacy tolerance: "\ " is a single backslash
      case '"':
      case "'":
        if (n !== quote) return { error: `unsupported string escape sequence: \\${n}`, at: i };
        out += n; i++; break;
      case 'x': {
        const h = raw.slice(i + 2, i + 4);
        if (h.length !== 2 || !isHex(h.charCodeAt(0)) || !isHex(h.charCodeAt(1))) {
          return { error: 'invalid \\x escape: expected two hex digits', at: i };
        }
        const v = parseInt(h, 16);
        out += String.fromCharCode(v < 0x80 ? v : ESCAPED_BYTE_BASE + v);
        i += 3;
        break;
      }
      default:
        return { error: `unsupported string escape sequence: \\${n ?? ''}`, at: i };
    }
  }
  return out;
}

/** 1-based line and column of a 0-based offset (`\r`, `\n` and `\r\n` each end a line). */
export function lineCol(s: string, pos: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, s.length);
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a && i + 1 < end) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: pos - lineStart + 1 };
}

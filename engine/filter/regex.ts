// A regular-expression compiler for the `regex` operator: RE2-style syntax (the subset rules use:
// literals, `.`, classes, `\d\w\s` and their negations, groups, alternation, `* + ? {n,m}`, anchors)
// compiled to a Thompson-NFA program that the WASM evaluator runs in time linear in the subject
// (no backtracking, so no pattern can hang a filter). Matching is over bytes and anchored at both
// ends, as libs' `regex` is a full match. The same program runs here (for tables computed on the host).
import { literalBytes } from './values.ts';

export const RX_CHAR = 1;   // [op, byte]
export const RX_ANY = 2;    // [op]            any byte except \n
export const RX_CLASS = 3;  // [op, w0..w7]    256-bit set
export const RX_SPLIT = 4;  // [op, x, y]      prefer x
export const RX_JMP = 5;    // [op, x]
export const RX_MATCH = 6;  // [op]
export const RX_BOL = 7;    // [op]            at start of subject
export const RX_EOL = 8;    // [op]            at end of subject

/** Limits keep hostile patterns from building huge programs. */
export const RX_MAX_REPEAT = 1000;
export const RX_MAX_PROGRAM = 1 << 14; // words: bounds the per-byte work of the NFA simulation

export class RegexError extends Error {}

type Node =
  | { t: 'set'; bits: Uint32Array }
  | { t: 'char'; c: number }
  | { t: 'any' }
  | { t: 'bol' } | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }; // max -1 = unbounded

function setOf(pred: (c: number) => boolean): Uint32Array {
  const b = new Uint32Array(8);
  for (let c = 0; c < 256; c++) if (pred(c)) b[c >> 5] |= 1 << (c & 31);
  return b;
}

const isDigitB = (c: number) => c >= 48 && c <= 57;
const isWordB = (c: number) => isDigitB(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpaceB = (c: number) => c === 32 || (c >= 9 && c <= 13);

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  digit: isDigitB,
  alnum: (c) => isDigitB(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  upper: (c) => c >= 65 && c <= 90,
  lower: (c) => c >= 97 && c <= 122,
  space: isSpaceB,
  blank: (c) => c === 32 || c === 9,
  punct: (c) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126),
  xdigit: (c) => isDigitB(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  word: isWordB,
  cntrl: (c) => c < 32 || c === 127,
  print: (c) => c >= 32 && c < 127,
  graph: (c) => c > 32 && c < 127,
};

class RxParser {
  private i = 0;
  private depth = 0;
  private readonly b: Uint8Array;
  private fold = false;

  constructor(src: string) {
    this.b = literalBytes(src);
  }

  parse(): Node {
    if (this.b[0] === 0x28 && this.b[1] === 0x3f && this.b[2] === 0x69 && this.b[3] === 0x29) { // (?i)
      this.fold = true;
      this.i = 4;
    }
    const n = this.alt();
    if (this.i < this.b.length) throw new RegexError(`unexpected ')' at offset ${this.i}`);
    return n;
  }

  private alt(): Node {
    if (++this.depth > 200) throw new RegexError('regular expression nested too deeply');
    const items = [this.cat()];
    while (this.b[this.i] === 0x7c) { this.i++; items.push(this.cat()); }
    this.depth--;
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private cat(): Node {
    const items: Node[] = [];
    while (this.i < this.b.length && this.b[this.i] !== 0x7c && this.b[this.i] !== 0x29) items.push(this.repeat());
    return { t: 'cat', items };
  }

  private repeat(): Node {
    let n = this.atom();
    for (;;) {
      const c = this.b[this.i];
      let min: number, max: number;
      if (c === 0x2a) { min = 0; max = -1; this.i++; }
      else if (c === 0x2b) { min = 1; max = -1; this.i++; }
      else if (c === 0x3f) { min = 0; max = 1; this.i++; }
      else if (c === 0x7b) {
        const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(new TextDecoder().decode(this.b.subarray(this.i, this.i + 24)));
        if (!m) return n; // RE2: a '{' that does not start a repetition is a literal
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (min > RX_MAX_REPEAT || max > RX_MAX_REPEAT || (max >= 0 && max < min)) throw new RegexError(`bad repetition operator: ${m[0]}`);
        this.i += m[0].length;
      } else return n;
      if (this.b[this.i] === 0x3f) this.i++; // lazy forms: same set of full matches
      if (n.t === 'rep' || n.t === 'bol' || n.t === 'eol') {
        if (n.t === 'rep') throw new RegexError('bad repetition operator: nested quantifier');
      }
      n = { t: 'rep', node: n, min, max };
    }
  }

  private atom(): Node {
    const c = this.b[this.i];
    if (c === undefined) throw new RegexError('missing argument to repetition operator');
    if (c === 0x28) {
      this.i++;
      if (this.b[this.i] === 0x3f) {
        if (this.b[this.i + 1] === 0x3a) this.i += 2; // (?:
        else if (this.b[this.i + 1] === 0x50 && this.b[this.i + 2] === 0x3c) { // (?P<name>
          const end = this.b.indexOf(0x3e, this.i);
          if (end < 0) throw new RegexError('invalid named capture group');
          this.i = end + 1;
        } else throw new RegexError('unsupported group flags');
      }
      const n = this.alt();
      if (this.b[this.i] !== 0x29) throw new RegexError('missing closing )');
      this.i++;
      return n;
    }
    if (c === 0x2a || c === 0x2b || c === 0x3f) throw new RegexError('missing argument to repetition operator');
    this.i++;
    if (c === 0x2e) return { t: 'any' };
    if (c === 0x5e) return { t: 'bol' };
    if (c === 0x24) return { t: 'eol' };
    if (c === 0x5b) return { t: 'set', bits: this.klass() };
    if (c === 0x5c) return this.escape(false) as Node;
    return this.lit(c);
  }

  private lit(c: number): Node {
    if (this.fold && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      const l = c | 0x20;
      return { t: 'set', bits: setOf((x) => x === l || x === (l & ~0x20)) };
    }
    return { t: 'char', c };
  }

  /** After a backslash. In a class, returns a set or a single byte. */
  private escape(inClass: boolean): Node | number {
    const c = this.b[this.i++];
    if (c === undefined) throw new RegexError('trailing backslash at end of expression');
    switch (c) {
      case 0x64: return { t: 'set', bits: setOf(isDigitB) };
      case 0x44: return { t: 'set', bits: setOf((x) => !isDigitB(x)) };
      case 0x77: return { t: 'set', bits: setOf(isWordB) };
      case 0x57: return { t: 'set', bits: setOf((x) => !isWordB(x)) };
      case 0x73: return { t: 'set', bits: setOf(isSpaceB) };
      case 0x53: return { t: 'set', bits: setOf((x) => !isSpaceB(x)) };
      case 0x6e: return inClass ? 10 : { t: 'char', c: 10 };
      case 0x74: return inClass ? 9 : { t: 'char', c: 9 };
      case 0x72: return inClass ? 13 : { t: 'char', c: 13 };
      case 0x66: return inClass ? 12 : { t: 'char', c: 12 };
      case 0x76: return inClass ? 11 : { t: 'char', c: 11 };
      case 0x78: {
        const h = new TextDecoder().decode(this.b.subarray(this.i, this.i + 2));
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new RegexError('invalid escape sequence: \\x');
        this.i += 2;
        const v = parseInt(h, 16);
        return inClass ? v : { t: 'char', c: v };
      }
      case 0x41: if (!inClass) return { t: 'bol' }; break; // \A
      case 0x7a: if (!inClass) return { t: 'eol' }; break; // \z
    }
    // punctuation escapes itself; letters/digits are unknown escapes in RE2
    if (isWordB(c)) throw new RegexError(`invalid escape sequence: \\${String.fromCharCode(c)}`);
    return inClass ? c : { t: 'char', c };
  }

  private klass(): Uint32Array {
    const bits = new Uint32Array(8);
    let neg = false;
    if (this.b[this.i] === 0x5e) { neg = true; this.i++; }
    let first = true;
    const add = (lo: number, hi: number) => {
      for (let x = lo; x <= hi; x++) {
        bits[x >> 5] |= 1 << (x & 31);
        if (this.fold && ((x >= 65 && x <= 90) || (x >= 97 && x <= 122))) { const y = x ^ 0x20; bits[y >> 5] |= 1 << (y & 31); }
      }
    };
    for (;;) {
      const c = this.b[this.i];
      if (c === undefined) throw new RegexError('missing closing ]');
      if (c === 0x5d && !first) { this.i++; break; }
      first = false;
      if (c === 0x5b && this.b[this.i + 1] === 0x3a) {
        const end = new TextDecoder().decode(this.b.subarray(this.i)).indexOf(':]');
        const name = end > 0 ? new TextDecoder().decode(this.b.subarray(this.i + 2, this.i + end)) : '';
        const negp = name.startsWith('^');
        const f = POSIX_CLASSES[negp ? name.slice(1) : name];
        if (!f) throw new RegexError('invalid character class range');
        const s = setOf(negp ? (x) => !f(x) : f);
        for (let k = 0; k < 8; k++) bits[k] |= s[k];
        this.i += end + 2;
        continue;
      }
      let lo: number;
      this.i++;
      if (c === 0x5c) {
        const e = this.escape(true);
        if (typeof e !== 'number') { for (let k = 0; k < 8; k++) bits[k] |= (e as { bits: Uint32Array }).bits[k]; continue; }
        lo = e;
      } else lo = c;
      let hi = lo;
      if (this.b[this.i] === 0x2d && this.b[this.i + 1] !== 0x5d && this.b[this.i + 1] !== undefined) {
        this.i++;
        let h = this.b[this.i++];
        if (h === 0x5c) {
          const e = this.escape(true);
          if (typeof e !== 'number') throw new RegexError('invalid character class range');
          h = e;
        }
        hi = h;
        if (hi < lo) throw new RegexError('invalid character class range');
      }
      add(lo, hi);
    }
    if (neg) for (let k = 0; k < 8; k++) bits[k] = ~bits[k];
    return bits;
  }
}

class Emitter {
  readonly code: number[] = [];

  emit(n: Node): void {
    if (this.code.length > RX_MAX_PROGRAM) throw new RegexError('regular expression too large');
    switch (n.t) {
      case 'char': this.code.push(RX_CHAR, n.c); break;
      case 'any': this.code.push(RX_ANY); break;
      case 'bol': this.code.push(RX_BOL); break;
      case 'eol': this.code.push(RX_EOL); break;
      case 'set': this.code.push(RX_CLASS, ...Array.from(n.bits, (w) => w | 0)); break;
      case 'cat': for (const x of n.items) this.emit(x); break;
      case 'alt': {
        // split L1, next ; L1: a ; jmp end ; next: split ... ; last
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length - 1; k++) {
          const split = this.code.length;
          this.code.push(RX_SPLIT, split + 3, 0);
          this.emit(n.items[k]);
          jumps.push(this.code.length);
          this.code.push(RX_JMP, 0);
          this.code[split + 2] = this.code.length;
        }
        this.emit(n.items[n.items.length - 1]);
        for (const j of jumps) this.code[j + 1] = this.code.length;
        break;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) this.emit(n.node);
        if (n.max < 0) {
          const split = this.code.length;
          this.code.push(RX_SPLIT, split + 3, 0);
          this.emit(n.node);
          this.code.push(RX_JMP, split);
          this.code[split + 2] = this.code.length;
        } else {
          const fix: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            const split = this.code.length;
            this.code.push(RX_SPLIT, split + 3, 0);
            fix.push(split);
            this.emit(n.node);
          }
          for (const f of fix) this.code[f + 2] = this.code.length;
        }
        break;
      }
    }
  }
}

/** Compiles a pattern to its program (Int32 words). Throws RegexError for invalid patterns. */
export function compileRegex(pattern: string): Int32Array {
  const ast = new RxParser(pattern).parse();
  const e = new Emitter();
  e.emit(ast);
  e.code.push(RX_MATCH);
  if (e.code.length > RX_MAX_PROGRAM) throw new RegexError('regular expression too large');
  return Int32Array.from(e.code);
}

/** Runs a program over bytes as a full match (Thompson simulation: O(len × program)). */
export function regexFullMatch(prog: Int32Array, s: Uint8Array): boolean {
  const n = prog.length;
  let cur = new Int32Array(n), next = new Int32Array(n);
  let curN = 0, nextN = 0;
  const mark = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n + 1);
  const add = (list: Int32Array, len: number, pc0: number, pos: number, gen: number): number => {
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp];
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      switch (prog[pc]) {
        case RX_JMP: stack[sp++] = prog[pc + 1]; break;
        case RX_SPLIT: stack[sp++] = prog[pc + 2]; stack[sp++] = prog[pc + 1]; break;
        case RX_BOL: if (pos === 0) stack[sp++] = pc + 1; break;
        case RX_EOL: if (pos === s.length) stack[sp++] = pc + 1; break;
        default: list[len++] = pc;
      }
    }
    return len;
  };
  curN = add(cur, 0, 0, 0, 0);
  for (let pos = 0; pos < s.length; pos++) {
    const c = s[pos];
    nextN = 0;
    for (let k = 0; k < curN; k++) {
      const pc = cur[k];
      const op = prog[pc];
      let ok = false, len = 1;
      if (op === RX_CHAR) { ok = prog[pc + 1] === c; len = 2; }
      else if (op === RX_ANY) ok = c !== 10;
      else if (op === RX_CLASS) { ok = ((prog[pc + 1 + (c >> 5)] >>> (c & 31)) & 1) === 1; len = 9; }
      if (ok) nextN = add(next, nextN, pc + len, pos + 1, pos + 1);
    }
    [cur, next] = [next, cur];
    curN = nextN;
    if (curN === 0) return false;
  }
  for (let k = 0; k < curN; k++) if (prog[cur[k]] === RX_MATCH) return true;
  return false;
}

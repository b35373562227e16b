// Fuzzing the filter front end (and the evaluator behind it): filters generated from the grammar and
// random mutations of real ones (byte flips, cuts, insertions of the language's special characters,
// deep nesting) must always give either a compiled filter or an error with a valid position — never
// an exception, never a hang — and every compiled filter must run on a real capture without trapping.
// Seeded, so a failure is reproducible from the printed seed.
import { describe, it, expect, beforeAll } from 'vitest';
import { compileFilter } from '../../engine/filter/index.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';
import { CORPUS } from '../golden/filter-corpus.ts';
import { growth, LINEAR_BOUND } from '../lib/scaling.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const FIELDS = ['evt.type', 'evt.dir', 'evt.num', 'evt.cpu', 'proc.name', 'fd.name', 'fd.num', 'evt.arg.fd', 'evt.arg[1]',
  'proc.aname[1]', 'proc.aname', 'fd.ip', 'fd.net', 'fd.port', 'evt.buffer', 'evt.rawarg.res', 'thread.tid', 'user.uid',
  'evt.type.is.open', 'fd.types', 'evt.failed', 'evt.around[1470327477881730713]', 'proc.nmae', 'x.y',
  'concat(proc.name, "-", fd.name)', 'join(",", (proc.name, proc.pid))', 'getopt(("-p","8080"), "p:")[p]',
  'getopt(proc.args, "n")', 'join(fd.name, fd.types)', 'concat(proc.name)'];
const OPS = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith',
  'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', 'exists'];
const VALUES = ['open', 'cat', '/dev/null', '"a b"', "'x'", '-1', '0', '131', '0x83', '1.5', 'true', '127.0.0.1',
  '127.0.0.0/8', '::1', '2001:db8::/32', 'http', '454c46', '".*\\\\.so"', '"(a|b)*c"', '"[a-"', '*.so', '""', '"\\x41"'];
const XF = ['tolower', 'toupper', 'b64', 'basename', 'len'];

function gen(r: () => number, depth: number): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const x = r();
  if (depth > 0 && x < 0.15) return `(${gen(r, depth - 1)})`;
  if (depth > 0 && x < 0.3) return `${gen(r, depth - 1)} ${pick(['and', 'or'])} ${gen(r, depth - 1)}`;
  if (depth > 0 && x < 0.38) return `not ${gen(r, depth - 1)}`;
  if (x < 0.42) return pick(['my_macro', 'shell_procs', 'not', 'and']);
  let field = pick(FIELDS);
  if (r() < 0.15) field = `${pick(XF)}(${field})`;
  const op = pick(OPS);
  if (op === 'exists') return `${field} exists`;
  let rhs: string;
  const y = r();
  if (op === 'in' || op === 'intersects' || op === 'pmatch' || y < 0.1) {
    const n = Math.floor(r() * 4);
    rhs = `(${Array.from({ length: n }, () => pick(VALUES)).join(', ')})`;
    if (op !== 'in' && op !== 'intersects' && op !== 'pmatch') rhs = `${pick(['oneof', 'anyof', 'allof'])} ${rhs}`;
  } else if (y < 0.2) rhs = `val(${pick(FIELDS)})`;
  else rhs = pick(VALUES);
  return `${field} ${op} ${rhs}`;
}

const SPECIAL = '()[]"\'\\,=!<> \t\n.-*?abcnot';

function mutate(r: () => number, s: string): string {
  const k = Math.floor(r() * 5);
  const at = Math.floor(r() * (s.length + 1));
  switch (k) {
    case 0: return s.slice(0, at);
    case 1: return s.slice(0, at) + SPECIAL[Math.floor(r() * SPECIAL.length)] + s.slice(at);
    case 2: return s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    case 3: return s.slice(0, at) + String.fromCharCode(Math.floor(r() * 256)) + s.slice(at + 1);
    default: return s.slice(at) + ' ' + s.slice(0, at);
  }
}

function checkOne(s: string): ReturnType<typeof compileFilter> {
  // no time limit per input (a hang still fails the test by its timeout); the cost of the shapes that
  // could blow up is checked for linear growth below
  const c = compileFilter(s);
  if (!c.ok) {
    const e = c.error;
    expect(e.pos, JSON.stringify(s)).toBeGreaterThanOrEqual(0);
    expect(e.pos, JSON.stringify(s)).toBeLessThanOrEqual(s.length);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.col).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
  }
  return c;
}

let cap: Capture;
beforeAll(async () => { cap = await openCaptureFile('samples/captures/cat_write.scap'); });

describe('filter fuzzing', () => {
  it('grammar-generated filters compile or fail with a position, and run on a capture', () => {
    const seed = 20261129;
    const r = rng(seed);
    let compiled = 0;
    for (let i = 0; i < 1500; i++) {
      const s = gen(r, 4);
      const c = checkOne(s);
      if (c.ok) {
        compiled++;
        const idx = cap.runPlan(c.plan.plan);
        for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
      }
    }
    expect(compiled, `seed ${seed}`).toBeGreaterThan(100);
  });

  it('mutations of the corpus filters never throw', () => {
    const seed = 7;
    const r = rng(seed);
    let ok = 0, rejected = 0, run = 0;
    for (let i = 0; i < 4000; i++) {
      let s = CORPUS[Math.floor(r() * CORPUS.length)].filter;
      for (let m = 1 + Math.floor(r() * 3); m > 0; m--) s = mutate(r, s);
      const c = checkOne(s);
      if (c.ok) ok++;
      else rejected++;
      if (c.ok && i % 8 === 0) { cap.runPlan(c.plan.plan); run++; }
    }
    // The mutations reach both sides of the parser, and some valid ones are evaluated.
    expect([ok > 100, rejected > 100, run > 10]).toEqual([true, true, true]);
  });

  it('deep and long inputs give clean errors', () => {
    for (const s of ['('.repeat(100_000), 'not '.repeat(50_000) + 'a.b=1', 'a.b=1 and '.repeat(20_000) + 'a.b=1',
      'tolower('.repeat(5000) + 'proc.name' + ')'.repeat(5000) + ' = x', 'a.b in (' + 'x,'.repeat(100_000) + 'y)',
      '"'.repeat(100_001), 'x'.repeat(2_000_000)]) {
      const c = checkOne(s);
      if (c.ok) continue; // long flat chains are legal
      expect(c.error.message).toMatch(/nested too deeply|too long|unterminated|unexpected|expected|unknown|undefined/);
    }
  });

  it('compile cost grows linearly with long chains, nesting and strings (4x the input, about 4x the time)', () => {
    const shapes: [string, (n: number) => string][] = [
      ['and-chain', (n) => 'proc.name=a and '.repeat(n) + 'proc.name=b'],
      ['nesting', (n) => '('.repeat(n) + 'proc.name=a' + ')'.repeat(n)],
      ['long string', (n) => `fd.name contains "${'ab'.repeat(n)}"`],
    ];
    for (const [name, make] of shapes) {
      const inputs = new Map<number, string>();
      const input = (n: number) => { if (!inputs.has(n)) inputs.set(n, make(n)); return inputs.get(n)!; };
      expect(growth((n) => compileFilter(input(n)), 2000), name).toBeLessThan(LINEAR_BOUND);
    }
  });

  it('regexes that make backtracking engines explode stay linear', () => {
    const c = compileFilter('fd.name regex "(a*)*b" or proc.name regex "(a|aa)+$"');
    expect(c.ok).toBe(true);
    const c2 = compileFilter(`fd.name regex "${'(x+x+)+y'}"`);
    expect(c2.ok).toBe(true);
  });
});

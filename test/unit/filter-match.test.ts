// The evaluator's byte-string operators (wasm/src/filter/match.ts) against reference implementations:
// the host's strops.ts for glob/pmatch/substring, and JavaScript's RegExp (full match) for the
// linear-time regex engine, on seeded random inputs over a small alphabet (so matches are frequent).
import { describe, it, expect, beforeAll } from 'vitest';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import type { Engine } from '../../engine/wasm.ts';
import { compileRegex, regexFullMatch, RegexError } from '../../engine/filter/regex.ts';
import { globMatch, pmatch } from '../../engine/filter/strops.ts';
import { growth, LINEAR_BOUND } from '../lib/scaling.ts';

let engine: Engine;
let test: (op: number, s: number, sl: number, v: number, vl: number) => number;
let base = 0;
beforeAll(async () => {
  engine = await nodeEngine();
  test = engine.exports.filterMatchTest as typeof test;
  base = (engine.exports.filterPlanAlloc as (n: number) => number)(1 << 20);
});

function run(op: number, s: Uint8Array, v: Uint8Array): boolean {
  const mem = new Uint8Array(engine.exports.memory.buffer);
  mem.set(s, base);
  const vp = base + ((s.length + 8) & ~3);
  mem.set(v, vp);
  const r = test(op, base, s.length, vp, v.length);
  expect(r).toBeGreaterThanOrEqual(0);
  return r === 1;
}

const enc = (s: string) => new TextEncoder().encode(s);
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}
function word(r: () => number, alphabet: string, max: number): string {
  let out = '';
  for (let n = Math.floor(r() * max); n > 0; n--) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}

describe('evaluator string operators', () => {
  it('substring, prefix, suffix (with case folding)', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const s = word(r, 'abAB/', 10), v = word(r, 'abAB/', 4);
      expect(run(1, enc(s), enc(v))).toBe(s.includes(v));
      expect(run(2, enc(s), enc(v))).toBe(s.toLowerCase().includes(v.toLowerCase()));
      expect(run(3, enc(s), enc(v))).toBe(s.startsWith(v));
      expect(run(4, enc(s), enc(v))).toBe(s.endsWith(v));
    }
  });

  it('glob and iglob agree with the reference fnmatch', () => {
    const r = rng(2);
    for (let i = 0; i < 3000; i++) {
      const s = word(r, 'ab/.A[', 8);
      const p = word(r, 'ab/*?[]!-\\A', 7);
      expect(run(5, enc(s), enc(p)), `glob ${p} on ${s}`).toBe(globMatch(p, s));
      expect(run(6, enc(s), enc(p)), `iglob ${p} on ${s}`).toBe(globMatch(p, s, true));
    }
    // fnmatch specifics from the doc (E09, E10)
    expect(run(5, enc('/lib/x86_64-linux-gnu/libc.so.6'), enc('/lib/*/libc.so.?'))).toBe(true);
    expect(run(5, enc('/etc/ld.so.cache'), enc('*.[ch]*'))).toBe(true);
    expect(run(5, enc('/dev/null'), enc('*.[ch]*'))).toBe(false);
  });

  it('pmatch: whole path components, glob per component', () => {
    const cases: [string, string, boolean][] = [
      ['/usr/lib', '/usr/lib', true], ['/usr/lib/x/y', '/usr/lib', true], ['/usr/libexec', '/usr/lib', false],
      ['/usr', '/usr/lib', false], ['/anything', '/', true], ['/opt/dir/subdir/f', '/opt/*/subdir', true],
      ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/*', true], ['/usr/lib/locale/locale-archive', '/usr/lib/locale/locale-archive/x', false],
      ['relative/path', '/relative', true],
    ];
    for (const [s, item, want] of cases) {
      expect(run(7, enc(s), enc(item)), `${item} pmatch ${s}`).toBe(want);
      expect(pmatch([item], s)).toBe(want);
    }
  });

  it('regex agrees with RegExp full match on random patterns', () => {
    const r = rng(3);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const p = word(r, 'ab.|*+?()[]^$\\{}1,', 8);
      let js: RegExp;
      try { js = new RegExp(`^(?:${p})$`); } catch { continue; }
      let prog: Int32Array;
      try { prog = compileRegex(p); } catch (e) { if (e instanceof RegexError) continue; throw e; }
      if (/\\[^.*+?()[\]^$\\{}|]|\{|\$|\^|\[\^?\]/.test(p)) continue; // RE2/JS differ on these corners
      for (let k = 0; k < 8; k++) {
        const s = word(r, 'ab', 7);
        const want = js.test(s);
        const bytes = new Uint8Array(prog.buffer.slice(0));
        expect(regexFullMatch(prog, enc(s)), `/${p}/ on ${s} (host)`).toBe(want);
        expect(run(8, enc(s), bytes), `/${p}/ on ${s} (wasm)`).toBe(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('regex features rules use', () => {
    const m = (p: string, s: string) => run(8, enc(s), new Uint8Array(compileRegex(p).buffer));
    expect(m('.*\\.so\\.[0-9]+', '/lib/libc.so.6')).toBe(true);
    expect(m('null', '/dev/null')).toBe(false);
    expect(m('/dev/.*', '/dev/null')).toBe(true);
    expect(m('\\d{2,3}-[[:alpha:]]+', '123-abc')).toBe(true);
    expect(m('\\d{2,3}-[[:alpha:]]+', '1-abc')).toBe(false);
    expect(m('(?i)CAT', 'cat')).toBe(true);
    expect(m('a|b|cd', 'cd')).toBe(true);
    expect(m('[^/]+', 'a/b')).toBe(false);
    expect(() => compileRegex('(a')).toThrow(RegexError);
    expect(() => compileRegex('a{2000}')).toThrow(RegexError);
    expect(() => compileRegex('\\q')).toThrow(RegexError);
  });

  it('pathological regexes run in linear time: 4x the subject takes about 4x the time', () => {
    const prog = new Uint8Array(compileRegex('(a*)*(a|aa)*b').buffer);
    expect(run(8, enc('a'.repeat(20000)), prog)).toBe(false);
    const subjects = new Map<number, Uint8Array>();
    const subject = (n: number) => { if (!subjects.has(n)) subjects.set(n, enc('a'.repeat(n))); return subjects.get(n)!; };
    // a backtracking matcher is exponential here: the ratio would be astronomically above the bound
    expect(growth((n) => run(8, subject(n), prog), 5000)).toBeLessThan(LINEAR_BOUND);
  });
});

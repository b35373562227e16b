// The WASM JSON scanner (wasm/src/json/scan.ts): every value's byte range on the tape matches what
// JSON.parse sees, malformed input is rejected with the byte offset of the problem, nesting is bounded,
// and random mutations of real audit events never hang and agree with JSON.parse on validity.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import type { Engine } from '../../engine/wasm.ts';
import { growth, LINEAR_BOUND } from '../lib/scaling.ts';

let engine: Engine;
type W = Record<string, (...a: number[]) => number>;

interface Tape { n: number; kind: Uint8Array; start: Uint32Array; end: Uint32Array; next: Uint32Array; keyStart: Uint32Array; keyEnd: Uint32Array; err: number; errAt: number }

function scan(bytes: Uint8Array): Tape {
  const w = engine.exports as unknown as W;
  const p = w.jsonInput(bytes.length);
  engine.bytes(p, bytes.length).set(bytes);
  const n = w.jsonTape(p, bytes.length);
  const buf = engine.exports.memory.buffer;
  const m = Math.max(n, 0);
  return {
    n,
    kind: new Uint8Array(buf, w.jsonTapeKinds(), m).slice(),
    start: new Uint32Array(buf, w.jsonTapeStarts(), m).slice(),
    end: new Uint32Array(buf, w.jsonTapeEnds(), m).slice(),
    next: new Uint32Array(buf, w.jsonTapeNexts(), m).slice(),
    keyStart: new Uint32Array(buf, w.jsonTapeKeyStarts(), m).slice(),
    keyEnd: new Uint32Array(buf, w.jsonTapeKeyEnds(), m).slice(),
    err: w.jsonTapeError(),
    errAt: w.jsonTapeErrorAt(),
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const KIND = { object: 1, array: 2, string: 3, number: 4, true: 5, false: 6, null: 7 };

function kindOf(v: unknown): number {
  if (v === null) return KIND.null;
  if (Array.isArray(v)) return KIND.array;
  if (typeof v === 'object') return KIND.object;
  if (typeof v === 'string') return KIND.string;
  if (typeof v === 'number') return KIND.number;
  return v ? KIND.true : KIND.false;
}

/** Walks the tape alongside the parsed value: kinds, ranges, keys and subtree sizes must all agree. */
function check(bytes: Uint8Array, t: Tape, i: number, v: unknown): number {
  expect(t.kind[i]).toBe(kindOf(v));
  const text = dec.decode(bytes.subarray(t.start[i], t.end[i]));
  expect(JSON.parse(text)).toEqual(v);
  let c = i + 1;
  if (Array.isArray(v)) {
    for (const el of v) c = check(bytes, t, c, el);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, el] of Object.entries(v as Record<string, unknown>)) {
      expect(JSON.parse(dec.decode(bytes.subarray(t.keyStart[c], t.keyEnd[c])))).toBe(k);
      c = check(bytes, t, c, el);
    }
  }
  expect(t.next[i]).toBe(c);
  return c;
}

const samples = [
  ...readdirSync('samples/k8s_audit').map((f) => join('samples/k8s_audit', f)),
  'samples/cloudtrail_alice_start_instances.json',
];

beforeAll(async () => {
  engine = await nodeEngine();
});

describe('JSON scanner', () => {
  it('records the exact range of every value of every sample line', () => {
    let values = 0;
    for (const f of samples) {
      const text = readFileSync(f, 'utf8');
      // CloudTrail files are one pretty-printed document; audit logs are one event per line.
      for (const line of f.includes('cloudtrail') ? [text] : text.split('\n')) {
        if (!line.trim()) continue;
        const b = enc.encode(line);
        const t = scan(b);
        expect(t.n, `${f}: ${t.err}@${t.errAt}`).toBeGreaterThan(0);
        expect(check(b, t, 0, JSON.parse(line))).toBe(t.n);
        values += t.n;
      }
    }
    expect(values).toBeGreaterThan(2000);
  });

  it('handles escapes, unicode, numbers and empty containers', () => {
    const doc = '{"a\\"b":"x\\u00e9\\n\\ud83d\\ude00","n":[-0.5e+10,0,1E3,-12],"e":{},"f":[],"t":true,"z":null,"u":"\u00e9\u4e2d"}';
    const b = enc.encode(doc);
    const t = scan(b);
    expect(check(b, t, 0, JSON.parse(doc))).toBe(t.n);
  });

  const bad: [string, number, number][] = [
    // input, error code, offset
    ['', 1, 0],
    ['   ', 1, 3],
    ['{"a":1,}', 11, 7],
    ['{"a" 1}', 12, 5],
    ['[1 2]', 13, 3],
    ['[1,2', 3, 4],
    ['{"a":"b}', 3, 8],
    ['{"a":"\u0001"}', 4, 6],
    ['"\\x"', 5, 1],
    ['"\\u12G4"', 5, 1],
    ['01', 9, 1],
    ['-', 3, 1],
    ['1.', 3, 2],
    ['1.e5', 6, 2],
    ['tru', 3, 3],
    ['nul1', 7, 0],
    ['{"a":1} x', 9, 8],
    ['{1:2}', 11, 1],
    ['@', 2, 0],
    ['[}', 2, 1],
    ['{"a":1]', 13, 6],
  ];
  for (const [input, code, at] of bad) {
    it(`rejects ${JSON.stringify(input)} at byte ${at}`, () => {
      const t = scan(enc.encode(input));
      expect(t.n).toBe(-1);
      expect([t.err, t.errAt]).toEqual([code, at]);
    });
  }

  it('accepts trailing whitespace and NUL padding, not other trailing bytes', () => {
    expect(scan(enc.encode('{"a":1}\n\0\0')).n).toBe(2);
    expect(scan(enc.encode('{"a":1}\n\0x')).n).toBe(-1);
  });

  it('bounds nesting: 256 levels pass, 257 fail at the offending bracket; 1e6 levels do not crash', () => {
    expect(scan(enc.encode('['.repeat(256) + ']'.repeat(256))).n).toBe(256);
    const t = scan(enc.encode('['.repeat(257) + ']'.repeat(257)));
    expect([t.n, t.err, t.errAt]).toEqual([-1, 8, 256]);
    const deep = scan(enc.encode('{"a":'.repeat(1_000_000)));
    expect([deep.n, deep.err]).toEqual([-1, 8]);
  });

  it('is linear: 4x the document takes about 4x the time (well under quadratic)', () => {
    const item = JSON.stringify({ user: { username: 'system:serviceaccount:kube-system:x', groups: ['a', 'b'] }, n: 12345.5, ok: true });
    const docs = new Map<number, Uint8Array>();
    const doc = (n: number) => { if (!docs.has(n)) docs.set(n, enc.encode('[' + Array(n).fill(item).join(',') + ']')); return docs.get(n)!; };
    expect(scan(doc(200_000)).n).toBe(1 + 200_000 * 8);
    expect(growth((n) => scan(doc(n)), 50_000)).toBeLessThan(LINEAR_BOUND);
  });

  it('agrees with JSON.parse on random mutations of real events (and never hangs)', () => {
    const base = readFileSync('samples/k8s_audit/create_nginx_pod_privileged.json', 'utf8').trim();
    const alphabet = '{}[]":,\\ 0-1.eE+tfnu\t\nax';
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    let agreeValid = 0;
    for (let k = 0; k < 1500; k++) {
      const chars = [...base];
      const edits = 1 + rnd(4);
      for (let e = 0; e < edits; e++) {
        const pos = rnd(chars.length);
        const op = rnd(3);
        const ch = alphabet[rnd(alphabet.length)];
        if (op === 0) chars[pos] = ch;
        else if (op === 1) chars.splice(pos, 0, ch);
        else chars.splice(pos, 1);
      }
      const s = chars.join('');
      let valid = true;
      try { JSON.parse(s); } catch { valid = false; }
      const t = scan(enc.encode(s));
      expect(t.n > 0, s).toBe(valid);
      if (valid) agreeValid++;
      else expect(t.errAt).toBeLessThanOrEqual(enc.encode(s).length);
    }
    expect(agreeValid).toBeGreaterThan(50);
  });
});

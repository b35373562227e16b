// The generated engine boundary against its truths: the sources (every committed generated file, the
// bindings of engine/generated/bindings.ts among them, must be what scripts/gen writes now, so a changed
// export or code fails here until `npm run gen`) and the built module (every export's WebAssembly
// signature as the sources declare it, no export missing or extra, and a build lacking one refused).
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { genCheck } from '../../scripts/lib/gen-util.mjs';
import { wasmSignatures } from '../../scripts/gen/bindings.mjs';
import { instantiateEngine } from '../../engine/wasm.ts';

const VALTYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };

/** Export name -> signature, read from the module's type, import, function and export sections. */
function moduleSignatures(bytes: Uint8Array): Record<string, { params: string[]; results: string[] } | 'memory'> {
  let p = 8;
  const u32 = (): number => {
    let v = 0, shift = 0;
    for (let k = 0; k < 5; k++) {
      const b = bytes[p++];
      v |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return v >>> 0;
      shift += 7;
    }
    throw new Error('bad LEB128');
  };
  const name = (): string => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(p, p + n)); p += n; return s; };
  const vec = (): string[] => Array.from({ length: u32() }, () => VALTYPES[bytes[p++]] ?? '?');
  const types: { params: string[]; results: string[] }[] = [];
  const funcTypes: number[] = [];
  const out: Record<string, { params: string[]; results: string[] } | 'memory'> = {};
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) { expect(bytes[p++]).toBe(0x60); types.push({ params: vec(), results: vec() }); }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name(); name();
        const kind = bytes[p++];
        expect(kind, 'only function imports are expected').toBe(0);
        funcTypes.push(u32());
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const nm = name();
        const kind = bytes[p++];
        const idx = u32();
        out[nm] = kind === 2 ? 'memory' : kind === 0 ? types[funcTypes[idx]] : (() => { throw new Error(`export ${nm}: kind ${kind}`); })();
      }
    }
    p = end;
  }
  return out;
}

describe('generated engine bindings', () => {
  it('every generated file is what its generator (scripts/gen/*.mjs) writes from the sources now', async () => {
    genCheck.active = true;
    genCheck.stale = [];
    try {
      const gens = readdirSync('scripts/gen').filter((n) => n.endsWith('.mjs')).sort();
      expect(gens).toContain('bindings.mjs');
      for (const n of gens) await (await import(pathToFileURL(`scripts/gen/${n}`).href)).generate();
    } finally {
      genCheck.active = false;
    }
    expect(genCheck.stale, 'stale generated files: run npm run gen').toEqual([]);
  });

  it('build/scapula.wasm exports exactly the generated functions, with the declared WebAssembly signatures', () => {
    const got = moduleSignatures(new Uint8Array(readFileSync('build/scapula.wasm')));
    const want = wasmSignatures();
    expect(Object.keys(want).length).toBeGreaterThan(50);
    expect(got.memory).toBe('memory');
    delete got.memory;
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [n, sig] of Object.entries(want)) expect(got[n], n).toEqual(sig);
  });

  it('instantiating a build that lacks a bound export fails at once, naming it', async () => {
    // A module exporting only its memory: every function of the bindings is missing.
    const memoryOnly = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
      0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
      0x07, 0x0a, 0x01, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // export "memory" = memory 0
    ]);
    await expect(instantiateEngine(memoryOnly)).rejects.toThrow(/engine build lacks engineVersion/);
    const real = await instantiateEngine(new Uint8Array(readFileSync('build/scapula.wasm')));
    expect(real.exports.engineVersion()).toBe(1);
  });
});

// Strings the host hands to the engine (format plans, field arguments) live in scratch blocks of
// linear memory; this writes them there as UTF-8 and remembers each block so the caller can free them.
import type { Engine } from './wasm.ts';

/** Returns `put(s) -> [ptr, len]`; every block it allocates is appended to `allocs`. */
export function scratchWriter(engine: Engine, allocs: number[]): (s: string) => [number, number] {
  const w = engine.exports;
  const enc = new TextEncoder();
  return (s: string): [number, number] => {
    const b = enc.encode(s);
    const p = w.scratchAlloc(b.length);
    allocs.push(p);
    engine.bytes(p, b.length).set(b);
    return [p, b.length];
  };
}

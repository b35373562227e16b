// The engine's JSON scanner (wasm/src/json/) run over a range of the loaded capture's bytes: the error
// and where it stopped, or the tape's columns (offsets relative to the range's start). Used by the
// detail view of plugin events, which shows the payload formatted without parsing it again.
import type { Engine } from '../wasm.ts';

/** A key start of NO_KEY (engine/generated/boundary.ts): the node has no key. */
export type JsonTapeResult =
  | { ok: false; error: number; errorAt: number }
  | { ok: true; count: number; columns(): JsonTapeColumns };

export interface JsonTapeColumns {
  kind: Uint8Array; start: Uint32Array; end: Uint32Array; next: Uint32Array; keyStart: Uint32Array; keyEnd: Uint32Array;
}

/** Scans raw bytes [off, off + len); error codes are JE_* (engine/generated/boundary.ts). */
export function scanJsonTape(engine: Engine, off: number, len: number): JsonTapeResult {
  const w = engine.exports;
  const n = w.jsonTape(w.rawPtr() + off, len);
  if (n < 0) return { ok: false, error: w.jsonTapeError(), errorAt: w.jsonTapeErrorAt() >>> 0 };
  return {
    ok: true, count: n,
    columns: () => {
      const buf = w.memory.buffer;
      const u32 = (p: number) => new Uint32Array(buf, p, n).slice();
      return {
        kind: new Uint8Array(buf, w.jsonTapeKinds(), n).slice(), start: u32(w.jsonTapeStarts()), end: u32(w.jsonTapeEnds()),
        next: u32(w.jsonTapeNexts()), keyStart: u32(w.jsonTapeKeyStarts()), keyEnd: u32(w.jsonTapeKeyEnds()),
      };
    },
  };
}

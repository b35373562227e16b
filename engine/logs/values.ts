// Reads the engine's value buffer after extractField (wasm/src/fields/host.ts) into plain objects:
// text, kind and the absolute byte range in the raw capture. Used by the logs tests, the detail view of
// plugin events and the bench; field arguments (`[0]`, `[/user/name]`) are passed the way the filter
// engine passes them (index as a number, key as UTF-8 bytes in engine memory).
import type { Engine } from '../wasm.ts';
import { FIELDS } from '../generated/fields.ts';
import { V_UINT, V_STR, NO_RANGE } from '../generated/boundary.ts';

export interface ExtractedValue {
  kind: number;
  text: string;
  /** u64 values (s3.bytes, ...) */
  num: bigint;
  /** Absolute offset and length of the value's bytes in the capture, or null when inferred. */
  range: { start: number; length: number } | null;
  /** Origin code (ORIGIN_*) and its reference (block offset or event index) when not from the event's bytes. */
  origin: number;
  originRef: number;
}

const dec = new TextDecoder();
const byName = new Map(FIELDS.map((f) => [f.name, f.id]));

export function fieldId(name: string): number {
  const id = byName.get(name);
  if (id === undefined) throw new Error(`unknown field ${name}`);
  return id;
}

/** Extracts a field (by name or id, with an optional index or key argument) of event `ev`. */
export function extractValues(engine: Engine, field: string | number, ev: number, arg?: number | string): ExtractedValue[] {
  const w = engine.exports;
  let argPtr = 0;
  let argLen = 0;
  let argNum = -1n;
  if (typeof arg === 'number') argNum = BigInt(arg);
  else if (typeof arg === 'string') {
    const b = new TextEncoder().encode(arg);
    argPtr = w.jsonInput(b.length);
    engine.bytes(argPtr, b.length).set(b);
    argLen = b.length;
  }
  const n = w.extractField(typeof field === 'number' ? field : fieldId(field), argNum, argPtr, argLen, ev);
  const buf = engine.exports.memory.buffer;
  const kinds = new Uint8Array(buf, w.valuesKinds(), n);
  const nums = new BigUint64Array(buf.slice(w.valuesNums(), w.valuesNums() + 8 * n));
  const ptrs = new Uint32Array(buf, w.valuesPtrs(), n);
  const lens = new Uint32Array(buf, w.valuesLens(), n);
  const rs = new Uint32Array(buf, w.valuesRangeStarts(), n);
  const rl = new Uint32Array(buf, w.valuesRangeLens(), n);
  const origins = new Uint8Array(buf, w.valuesOrigins(), n);
  const refs = new Uint32Array(buf, w.valuesOriginRefs(), n);
  const out: ExtractedValue[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i];
    const text = kind === V_STR ? dec.decode(new Uint8Array(buf, ptrs[i], lens[i])) : kind === V_UINT ? nums[i].toString() : '';
    out.push({ kind, text, num: nums[i], range: rs[i] === NO_RANGE ? null : { start: rs[i], length: rl[i] }, origin: origins[i], originRef: refs[i] });
  }
  return out;
}

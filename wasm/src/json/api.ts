// Host-facing entry points of the JSON scanner: the web app's formatted JSON view and the tests read a
// payload's tape (kind and byte range of every value) instead of parsing bytes in JavaScript.
import { jsonScan, jsonError, jsonErrorAt } from './scan';
import { nodeKind, nodeStart, nodeEnd, nodeNext, nodeKeyStart, nodeKeyEnd } from './tape';

let input = new StaticArray<u8>(0);

/** A buffer of at least `len` bytes the host may fill before calling jsonTape (valid until the next call). */
export function jsonInput(len: u32): usize {
  if (<u32>input.length < len) input = new StaticArray<u8>(<i32>len);
  return changetype<usize>(input);
}

/** Scans [ptr, ptr+len): the number of values, or -1 (see jsonTapeError / jsonTapeErrorAt). */
export function jsonTape(ptr: usize, len: u32): i32 {
  return jsonScan(ptr, len);
}

export function jsonTapeError(): i32 { return jsonError; }
export function jsonTapeErrorAt(): u32 { return jsonErrorAt; }

/** Column pointers of the tape (valid until the next scan): u8 kinds, u32 offsets. */
export function jsonTapeKinds(): usize { return changetype<usize>(nodeKind); }
export function jsonTapeStarts(): usize { return changetype<usize>(nodeStart); }
export function jsonTapeEnds(): usize { return changetype<usize>(nodeEnd); }
export function jsonTapeNexts(): usize { return changetype<usize>(nodeNext); }
export function jsonTapeKeyStarts(): usize { return changetype<usize>(nodeKeyStart); }
export function jsonTapeKeyEnds(): usize { return changetype<usize>(nodeKeyEnd); }

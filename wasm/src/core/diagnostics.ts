// Problems found in the input, each with the byte offset (in the decompressed stream) where it was
// found. Bounded: a hostile file full of errors cannot grow this list without limit.

// Severities are read by the host too: generated from scripts/gen/boundary.json.
export { SEV_WARNING, SEV_ERROR } from '../generated/boundary';
const MAX_DIAGNOSTICS: i32 = 1000;

const severities = new Array<u8>();
const offsets = new Array<u32>();
const messages = new Array<string>();
let suppressed: u32 = 0;

export function diag(severity: u8, offset: u32, message: string): void {
  if (messages.length >= MAX_DIAGNOSTICS) { suppressed++; return; }
  severities.push(severity);
  offsets.push(offset);
  messages.push(message);
}

export function diagCount(): i32 { return messages.length; }
export function diagSuppressed(): u32 { return suppressed; }
export function diagSeverity(i: i32): u8 { return severities[i]; }
export function diagOffset(i: i32): u32 { return offsets[i]; }
/** Pointer to the message (AssemblyScript string: UTF-16LE, byte length at ptr - 4). */
export function diagMessage(i: i32): usize { return changetype<usize>(messages[i]); }

export function hex(v: u64): string {
  return '0x' + v.toString(16);
}

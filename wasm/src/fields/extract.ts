// One entry point for every field of every source: clears the value buffer (core/values.ts) and
// dispatches by field id to the extractor of its source. Field ids come from wasm/src/generated/fields.ts.
import { valReset, valCount } from '../core/values';
import { extractSyscallField, isSyscallField } from './syscall';
import { extractPluginField } from '../plugins/fields';

/**
 * Extracts field `field` of event `ev` into the value buffer and returns the number of values (0 = missing).
 * `argNum` is a numeric argument (`[2]`), or -1; `argPtr/argLen` a string argument (`[name]`, UTF-8), or len 0.
 */
export function extractField(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): i32 {
  valReset();
  if (isSyscallField(field)) extractSyscallField(field, argNum, argPtr, argLen, ev);
  else extractPluginField(field, argNum, argPtr, argLen, ev);
  return valCount;
}

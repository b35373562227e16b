// Joining a relative path to a base directory exactly as sinsp does for `name=foo(/cwd/foo)`
// (sinsp_utils::concatenate_paths + copy_and_sanitize_path): "./" is dropped, "../" climbs one directory
// (never above the root), doubled separators collapse, a trailing "/" is removed and non-printable bytes
// become '.'. The result is written into the output buffer; work is bounded by the two input lengths.
import { outEnsure, outMark, outLen, outPtr, outRewind, isPrint } from '../core/out';

/**
 * Writes base (+ '/' when addSlash) followed by the sanitized relative path (up to its first NUL).
 * The caller has checked that the path is relative.
 */
export function putConcatPath(base: usize, baseLen: u32, addSlash: bool, path: usize, pathLen: u32): void {
  let n: u32 = 0;
  while (n < pathLen && load<u8>(path + n) != 0) n++;
  const start = outMark();
  outEnsure(baseLen + 1 + n + 1);
  const tb = outPtr() + start; // target base
  memory.copy(tb, base, baseLen);
  let tc = tb + baseLen;
  if (addSlash) { store<u8>(tc, 47); tc++; }
  let pc: u32 = 0;
  // c(k): path byte at pc+k, 0 past the end
  while (true) {
    if (pc >= n) {
      if (tc > tb + 1 && load<u8>(tc - 1) == 47) tc--;
      break;
    }
    const c0 = <u32>load<u8>(path + pc);
    const c1 = pc + 1 < n ? <u32>load<u8>(path + pc + 1) : 0;
    const c2 = pc + 2 < n ? <u32>load<u8>(path + pc + 2) : 0;
    if (!isPrint(c0)) {
      store<u8>(tc, 46); tc++; pc++;
    } else if (c0 == 46 && c1 == 46 && c2 == 47) {
      tc = rewind(tb, tc); pc += 3;
    } else if (c0 == 46 && c1 == 46) {
      if (c2 == 0) { tc = rewind(tb, tc); pc += 2; }
      else { store<u8>(tc, 46); store<u8>(tc + 1, 46); tc += 2; pc += 2; }
    } else if (c0 == 46 && c1 == 47) {
      pc += 2;
    } else if (c0 == 46) {
      if (c1 == 0) pc++;
      else { store<u8>(tc, 46); tc++; pc++; }
    } else if (c0 == 47) {
      if (tc > tb && load<u8>(tc - 1) == 47) pc++;
      else { store<u8>(tc, 47); tc++; pc++; }
    } else {
      store<u8>(tc, <u8>c0); tc++; pc++;
    }
  }
  outRewind(start + <u32>(tc - tb));
}

/** Back to the previous separator (the "../" step), never before the first byte after the root. */
function rewind(tb: usize, tc: usize): usize {
  if (tc <= tb + 1) return tc;
  tc--;
  while (tc >= tb + 1 && load<u8>(tc - 1) != 47) tc--;
  return tc;
}

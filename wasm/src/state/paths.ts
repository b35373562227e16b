// Path building the way sinsp does it, so fd names and cwd match sysdig byte for byte: a relative path
// is appended to the directory (cwd or the dirfd's name), then "./", "../" and doubled separators are
// folded, non-printable bytes become '.', and a trailing '/' is dropped. Results are interned.
import { intern, strPtr, strLen } from '../core/intern';

const MAX_PATH: u32 = 1024;
const buf = new StaticArray<u8>(4096);
const bufPtr = changetype<usize>(buf);
let tooLongId: i32 = -1;

@inline function invalidChar(c: u8): bool {
  return c < 0x20 || c >= 0x7F;
}

function rewind(tcIn: u32): u32 {
  // Move back to just after the previous '/', never before base+1 (the root).
  let tc = tcIn;
  if (tc <= 1) return tc;
  tc--;
  while (tc >= 1 && load<u8>(bufPtr + tc - 1) != 0x2F) tc--;
  return tc;
}

/** Appends `path` (stops at its first NUL or `len`) sanitized at buffer position `start`; returns the end. */
function copySanitized(start: u32, path: usize, len: u32): u32 {
  let tc = start;
  let pc: u32 = 0;
  while (true) {
    // Fast path: a run of ordinary bytes (printable, not '.' or '/') is copied as is.
    while (pc < len) {
      const b = load<u8>(path + pc);
      if (b < 0x20 || b >= 0x7F || b == 0x2E || b == 0x2F) break;
      store<u8>(bufPtr + tc++, b); pc++;
      if (tc >= 4000) return tc;
    }
    const c: u8 = pc < len ? load<u8>(path + pc) : 0;
    if (c == 0) {
      if (tc > 1 && load<u8>(bufPtr + tc - 1) == 0x2F) tc--;
      return tc;
    }
    const c1: u8 = pc + 1 < len ? load<u8>(path + pc + 1) : 0;
    const c2: u8 = pc + 2 < len ? load<u8>(path + pc + 2) : 0;
    if (invalidChar(c)) {
      store<u8>(bufPtr + tc++, 0x2E); pc++;
    } else if (c == 0x2E && c1 == 0x2E && c2 == 0x2F) {
      tc = rewind(tc); pc += 3;
    } else if (c == 0x2E && c1 == 0x2E) {
      if (c2 == 0) { tc = rewind(tc); pc += 2; }
      else { store<u8>(bufPtr + tc++, 0x2E); store<u8>(bufPtr + tc++, 0x2E); pc += 2; }
    } else if (c == 0x2E && c1 == 0x2F) {
      pc += 2;
    } else if (c == 0x2E) {
      if (c1 == 0) pc++;
      else { store<u8>(bufPtr + tc++, c); pc++; }
    } else if (c == 0x2F) {
      if (tc > 0 && load<u8>(bufPtr + tc - 1) == 0x2F) pc++;
      else { store<u8>(bufPtr + tc++, c); pc++; }
    } else {
      store<u8>(bufPtr + tc++, c); pc++;
    }
    if (tc >= 4000) return tc;
  }
  return tc; // (not reached: the loop returns)
}

/** Length of the bytes of a parameter string up to its first NUL. */
export function cstrLen(ptr: usize, len: u32): u32 {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(ptr + i) == 0) return i;
  return len;
}

/**
 * sinsp concatenate_paths: `dir` (raw, as given) + `path` (its length `plen` counts the NUL when the
 * caller has one, as sinsp's length check does). Returns the interned result.
 */
export function concatPaths(dirPtr: usize, dirLen: u32, path: usize, plen: u32): i32 {
  if (dirLen + plen + 1 > MAX_PATH) {
    if (tooLongId < 0) { const s = String.UTF8.encode("/PATH_TOO_LONG"); tooLongId = intern(changetype<usize>(s), <u32>s.byteLength); }
    return tooLongId;
  }
  let end: u32;
  if (plen != 0 && load<u8>(path) != 0x2F) {
    memory.copy(bufPtr, dirPtr, dirLen);
    end = copySanitized(dirLen, path, plen);
  } else {
    end = copySanitized(0, path, plen);
  }
  return intern(bufPtr, end);
}

/** concatPaths with a directory given as an interned string. */
export function concatWithDir(dirId: i32, path: usize, plen: u32): i32 {
  return concatPaths(strPtr(dirId), strLen(dirId), path, plen);
}

/** sinsp set_cwd: the new cwd resolved against the old one, always ending with '/'. */
export function resolveCwd(oldCwd: i32, path: usize, plen: u32): i32 {
  const id = concatWithDir(oldCwd, path, plen);
  const n = strLen(id);
  if (n > 0 && load<u8>(strPtr(id) + n - 1) == 0x2F) return id;
  if (n + 1 > 4000) return id;
  memory.copy(bufPtr, strPtr(id), n);
  store<u8>(bufPtr + n, 0x2F);
  return intern(bufPtr, n + 1);
}

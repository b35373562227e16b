// Params resolved through the state engine's fd table (params/lookup.ts): `fd=3(<f>/etc/passwd)`, fd
// lists (`3:f1 4:p5`), and relative paths joined to the cwd or to a dirfd's path (`name=foo(/cwd/foo)`).
import { PT_FD, PT_FSRELPATH } from '../generated/schema';
import { rawPtr } from '../core/raw';
import { evTid, locateParams, paramOff, paramLen } from '../reader/events';
import { putByte, putAscii, putU64, putHex, putSanitized, putCStrSanitized } from '../core/out';
import { paramType, paramDirFd } from '../reader/tables';
import { lkHasThread, lkFd, lkFdType, lkFdL4, lkFdName, lkCwd, lkPtr, lkLen } from './lookup';
import { putConcatPath } from './path';
import { putErrnoName } from './numbers';

const PPM_AT_FDCWD: i64 = -100;

function fdTypeChar(type: u8): u32 {
  switch (type) {
    case 1: case 16: return 102; // f
    case 2: return 100; // d
    case 3: case 5: return 52; // 4
    case 4: case 6: return 54; // 6
    case 7: return 112; // p
    case 8: return 117; // u
    case 9: return 101; // e
    case 0: return 111; // o
    case 10: return 88; // X
    case 11: return 115; // s
    case 12: return 108; // l
    case 13: return 105; // i
    case 14: return 116; // t
    case 15: return 110; // n
    default: return 63; // ?
  }
}

function l4Char(l4: u8): u32 {
  switch (l4) {
    case 2: return 116; // t
    case 3: return 117; // u
    case 4: return 105; // i
    case 5: return 114; // r
    default: return 0;
  }
}

/** `<f>/etc/passwd` for an fd handle. */
function putFdResolved(h: i32): void {
  const type = lkFdType(h);
  putByte(60);
  putByte(fdTypeChar(type));
  if (type >= 3 && type <= 6) {
    const c = l4Char(lkFdL4(h));
    if (c != 0) putByte(c);
  }
  putByte(62);
  lkFdName(h);
  putSanitized(lkPtr, lkLen);
}

/** Resolved text of an fd param: the fd's type and name, AT_FDCWD, or the errno name of a negative value. */
export function resolveFd(ev: u32, fd: i64): bool {
  if (!lkHasThread(ev, evTid(ev))) return false;
  if (fd >= 0) {
    const h = lkFd(ev, fd);
    if (h < 0) return false;
    putFdResolved(h);
    return true;
  }
  if (fd == PPM_AT_FDCWD) { putAscii('AT_FDCWD'); return true; }
  return putErrnoName(fd);
}

/** PT_FDLIST: `fd:<type char><events in hex>` per entry, space-separated (entries past len are dropped). */
export function renderFdList(ev: u32, p: usize, len: u32): void {
  if (!lkHasThread(ev, evTid(ev)) || len < 2) return;
  const n = <u32>load<u16>(p);
  let pos: u32 = 2;
  for (let j: u32 = 0; j < n && pos + 10 <= len; j++) {
    const fd = load<i64>(p + pos);
    const h = lkFd(ev, fd);
    const tch = h >= 0 ? fdTypeChar(lkFdType(h)) : 63;
    if (j > 0) putByte(32);
    putU64(<u64>fd);
    putByte(58);
    putByte(tch);
    putHex(<u64><u32><i32>load<i16>(p + pos + 8), false);
    pos += 10;
  }
}

/**
 * Relative paths resolve against the cwd (or the dirfd's path for PT_FSRELPATH); absolute ones have none.
 * nParams is the event's rendered param count (a dirfd index past it is ignored).
 */
export function resolvePath(ev: u32, t: u16, i: i32, vp: usize, vlen: u32, nParams: i32): bool {
  const tid = evTid(ev);
  if (!lkHasThread(ev, tid)) {
    // sinsp shows the path itself as the resolved text when the event has no thread
    putCStrSanitized(vp, vlen);
    return true;
  }
  if (vlen >= 4 && load<u8>(vp) == 60 && load<u8>(vp + 1) == 78 && load<u8>(vp + 2) == 65 && load<u8>(vp + 3) == 62) return false; // <NA>
  if (vlen == 0 || load<u8>(vp) == 47 || load<u8>(vp) == 0) return false; // absolute or empty
  let haveBase = false;
  if (paramType(t, i) == PT_FSRELPATH) {
    const d = paramDirFd(t, i);
    // the state lookups above may have located another event's params: locate ev's again
    if (d >= 0 && d < nParams && locateParams(ev) >= 0 && paramType(t, d) == PT_FD && unchecked(paramLen[d]) >= 8) {
      const dirfd = load<i64>(rawPtr() + unchecked(paramOff[d]));
      if (dirfd != PPM_AT_FDCWD) {
        const h = lkFd(ev, dirfd);
        if (h >= 0) { lkFdName(h); haveBase = lkLen > 0; }
        // sinsp falls back to the cwd when the dirfd has no path
      }
    }
  }
  if (!haveBase && !lkCwd(ev)) return false;
  let bp = lkPtr;
  let bl = lkLen;
  // A dirfd's path has no trailing slash; sinsp adds one
  const addSlash = bl > 0 && load<u8>(bp + bl - 1) != 47;
  putConcatPath(bp, bl, addSlash, vp, vlen);
  return true;
}

// A scratch byte buffer for building the strings sinsp builds (socket names like
// "10.0.0.1:40000->10.0.0.2:80", unix socket names, anon-inode names) before interning them.
import { intern } from '../core/intern';

const CAP: u32 = 8192;
const buf = new StaticArray<u8>(CAP);
export const sbPtr = changetype<usize>(buf);
export let sbLen: u32 = 0;

export function sbReset(): void { sbLen = 0; }

/** Cuts the buffer to `n` bytes (n <= current length). */
export function sbSetLen(n: u32): void { if (n < sbLen) sbLen = n; }

export function sbByte(c: u8): void { if (sbLen < CAP) store<u8>(sbPtr + sbLen++, c); }

export function sbBytes(p: usize, n: u32): void {
  const k = min(n, CAP - sbLen);
  memory.copy(sbPtr + sbLen, p, k);
  sbLen += k;
}

export function sbAscii(s: string): void {
  for (let i = 0; i < s.length; i++) sbByte(<u8>s.charCodeAt(i));
}

// Scratch for sbU64's digits and sbIPv6's words: module-level, so socket names allocate nothing.
const digits = new StaticArray<u8>(24);
const words = new StaticArray<u32>(8);

export function sbU64(v: u64): void {
  if (v == 0) { sbByte(0x30); return; }
  const tmp = digits;
  let n = 0;
  while (v > 0) { unchecked(tmp[n++] = <u8>(0x30 + <u32>(v % 10))); v /= 10; }
  while (n > 0) sbByte(unchecked(tmp[--n]));
}

export function sbI64(v: i64): void {
  if (v < 0) { sbByte(0x2D); sbU64(<u64>(-v)); } else sbU64(<u64>v);
}

/** Lower-case hex without leading zeros (printf %x / PRIx64). */
export function sbHex(v: u64): void {
  if (v == 0) { sbByte(0x30); return; }
  let started = false;
  for (let s = 60; s >= 0; s -= 4) {
    const d = <u32>((v >> <u64>s) & 0xF);
    if (d != 0 || started) { started = true; sbByte(<u8>(d < 10 ? 0x30 + d : 0x57 + d)); }
  }
}

/** Dotted IPv4 from 4 raw network-order bytes at p. */
export function sbIPv4(p: usize): void {
  for (let i = 0; i < 4; i++) {
    if (i > 0) sbByte(0x2E);
    sbU64(<u64>load<u8>(p + i));
  }
}

/** IPv6 text as inet_ntop writes it (longest zero run compressed, IPv4-mapped tail dotted). */
export function sbIPv6(p: usize): void {
  const w = words;
  for (let i = 0; i < 8; i++) unchecked(w[i] = (<u32>load<u8>(p + i * 2) << 8) | <u32>load<u8>(p + i * 2 + 1));
  // longest run of zero words (length >= 2)
  let bestS = -1, bestL = 0, curS = -1, curL = 0;
  for (let i = 0; i < 8; i++) {
    if (unchecked(w[i]) == 0) {
      if (curS < 0) { curS = i; curL = 1; } else curL++;
      if (curL > bestL) { bestL = curL; bestS = curS; }
    } else { curS = -1; curL = 0; }
  }
  if (bestL < 2) bestS = -1;
  const mapped = bestS == 0 && (bestL == 6 || (bestL == 5 && unchecked(w[5]) == 0xFFFF));
  for (let i = 0; i < 8; i++) {
    if (bestS >= 0 && i >= bestS && i < bestS + bestL) {
      if (i == bestS) { sbByte(0x3A); sbByte(0x3A); }
      continue;
    }
    if (mapped && i == 6) {
      if (!(bestS >= 0 && i == bestS + bestL)) sbByte(0x3A);
      sbIPv4(p + 12);
      return;
    }
    if (i > 0 && !(bestS >= 0 && i == bestS + bestL)) sbByte(0x3A);
    sbHexWord(unchecked(w[i]));
  }
}

function sbHexWord(v: u32): void {
  sbHex(<u64>v);
}

export function sbIntern(): i32 { return intern(sbPtr, sbLen); }

// IPv4/IPv6 address text exactly as glibc's inet_ntop writes it (which is what sysdig prints): dotted
// quads; IPv6 in lower-case hex groups with the longest run (>= 2) of zero groups shown as "::" and the
// IPv4-embedded forms ::a.b.c.d and ::ffff:a.b.c.d. Reads raw network-order bytes from linear memory.
import { putByte, putU64, putHex } from '../core/out';

export function putIPv4(p: usize): void {
  putU64(<u64>load<u8>(p)); putByte(46);
  putU64(<u64>load<u8>(p + 1)); putByte(46);
  putU64(<u64>load<u8>(p + 2)); putByte(46);
  putU64(<u64>load<u8>(p + 3));
}

@inline function word(p: usize, i: i32): u32 {
  return (<u32>load<u8>(p + (i << 1)) << 8) | <u32>load<u8>(p + (i << 1) + 1);
}

export function putIPv6(p: usize): void {
  // Longest run of zero words (first one on ties), only if at least 2 long.
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (word(p, i) == 0) {
      if (curBase == -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase != -1) {
      if (bestBase == -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase != -1 && bestLen < 2) bestBase = -1;

  for (let i = 0; i < 8; i++) {
    if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i == bestBase) putByte(58);
      continue;
    }
    if (i != 0) putByte(58);
    // Embedded IPv4 (compatible or mapped)
    if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && word(p, 5) == 0xffff))) {
      putIPv4(p + 12);
      return;
    }
    putHex(<u64>word(p, i), false);
  }
  if (bestBase != -1 && bestBase + bestLen == 8) putByte(58);
}

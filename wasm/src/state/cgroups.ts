// Container id from a thread's cgroups, the way the container engines match them: the last path
// component of a cgroup, minus a runtime prefix ("docker-", "crio-", "cri-containerd-", "libpod-")
// and a ".scope" suffix, is a 64-hex container id; the short id is its first 12 characters.
// No match means the host ("" here; fields print "host").
import { intern, strPtr, strLen, STR_EMPTY } from '../core/intern';

@inline function isHex(c: u8): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
}

function startsWith(p: usize, n: u32, s: string): bool {
  const k = <u32>s.length;
  if (n < k) return false;
  for (let i: u32 = 0; i < k; i++) if (<u32>load<u8>(p + i) != <u32>s.charCodeAt(i)) return false;
  return true;
}

function idIn(p: usize, n: u32): i32 {
  // Strip a known prefix and ".scope".
  if (startsWith(p, n, "docker-")) { p += 7; n -= 7; }
  else if (startsWith(p, n, "crio-")) { p += 5; n -= 5; }
  else if (startsWith(p, n, "cri-containerd-")) { p += 15; n -= 15; }
  else if (startsWith(p, n, "libpod-")) { p += 7; n -= 7; }
  if (n >= 6 && load<u8>(p + n - 6) == 0x2E && startsWith(p + n - 6, 6, ".scope")) n -= 6;
  if (n != 64) return -1;
  for (let i: u32 = 0; i < 64; i++) if (!isHex(load<u8>(p + i))) return -1;
  return intern(p, 12);
}

/** Container id (interned, "" for the host) from a NUL-separated "subsys=/path" list. */
export function containerIdFromCgroups(cg: i32): i32 {
  const base = strPtr(cg);
  const len = strLen(cg);
  let s: u32 = 0;
  while (s < len) {
    let e = s;
    while (e < len && load<u8>(base + e) != 0) e++;
    // last component of this entry
    let c = e;
    while (c > s && load<u8>(base + c - 1) != 0x2F) c--;
    if (c > s) {
      const id = idIn(base + c, e - c);
      if (id >= 0) return id;
    }
    s = e + 1;
  }
  return STR_EMPTY;
}

// Event flags as sysdig 0.29 (the oracle our golden tests compare with) has them, where they differ
// from the current schema in a way that changes state or fd fields: in libs of that era mmap, mmap2,
// sendmmsg, recvmmsg, symlinkat, unlinkat, mkdirat, fchmodat and fchmod did not "use" an fd (so their
// fd.* fields are empty) and fstat64 did. Everything else follows the schema (schema/events.json).
import { EV_FLAGS, EVENT_COUNT, EF_USES_FD } from '../generated/schema';

/** The sysdig-0.29 flags of every event type, computed once: the lookup is on the per-event state path,
 *  so it reads the table through a raw pointer (a managed array in a global gives every function that
 *  reads it a shadow-stack frame). */
const COMPAT_FLAGS = computeCompatFlags();
const COMPAT_FLAGS_PTR: usize = changetype<usize>(COMPAT_FLAGS);

function computeCompatFlags(): StaticArray<u32> {
  const out = new StaticArray<u32>(EVENT_COUNT);
  for (let t = 0; t < EVENT_COUNT; t++) {
    let f = unchecked(EV_FLAGS[t]);
    switch (t) {
      case 50: case 51: case 54: case 55: case 160: case 161: case 162: case 163: case 180: case 181:
      case 302: case 303: case 304: case 305: case 312: case 313: case 316: case 317:
        f &= ~EF_USES_FD;
        break;
      case 76: case 77:
        f |= EF_USES_FD;
        break;
    }
    unchecked(out[t] = f);
  }
  return out;
}

/** Schema flags of `t` with the sysdig-0.29 fd-usage differences applied. */
@inline export function evFlagsCompat(t: u16): u32 {
  return <i32>t < EVENT_COUNT ? load<u32>(COMPAT_FLAGS_PTR + (<usize>t << 2)) : 0;
}

// The name %evt.type prints for an event: its type's name; generic syscall events are named by their
// syscall (the PPM_SC id, else the native number). One function for the formatter and the field
// extractor, so a filter on evt.type (with a transformer, say) sees exactly what is printed.
import { locateParams, paramOff, paramLen, evType } from '../reader/events';
import { peekU16 } from '../core/raw';
import { PPME_GENERIC_E, PPME_GENERIC_X } from '../generated/schema';
import { knownType, scNameLen, scNameOff, nrNameLen, nrNameOff, evNameOff, evNameLen } from '../reader/tables';

/** The name's place in the names table as (offset << 32 | length); length 0 = "<unknown>". */
export function eventTypeName(ev: u32): u64 {
  const t = evType(ev);
  if (!knownType(t)) return 0;
  if ((t == PPME_GENERIC_E || t == PPME_GENERIC_X) && locateParams(ev) >= 1 && unchecked(paramLen[0]) >= 2) {
    const sc = <u32>peekU16(unchecked(paramOff[0]));
    let l = scNameLen(sc);
    if (sc != 0 && l != 0) return (<u64>scNameOff(sc) << 32) | l;
    if (locateParams(ev) >= 2 && unchecked(paramLen[1]) >= 2) {
      const nr = <u32>peekU16(unchecked(paramOff[1]));
      l = nrNameLen(nr);
      if (l != 0) return (<u64>nrNameOff(nr) << 32) | l;
    }
    return 0;
  }
  return (<u64>evNameOff(t) << 32) | evNameLen(t);
}

// Sections and provenance shared by every state table. A section header resets all state; versions
// remember their section so a lookup never reaches into a previous section's state. Every version
// also remembers where it was learned (a metadata block or an event), for the detail view.
import { Column } from '../core/column';

// Origin codes are shared with the host: generated from scripts/gen/boundary.json.
export { ORIGIN_PROCESS_LIST, ORIGIN_FD_LIST, ORIGIN_USER_LIST, ORIGIN_EVENT, ORIGIN_INFERRED } from '../generated/boundary';

export let curSection: u16 = 0;
/** Index of the first event of each section (section s starts at sectionFirstEvent[s-1]). */
const sectionFirstEvent = new Column<u32>();

export function beginSection(firstEvent: u32): void {
  curSection++;
  sectionFirstEvent.push(firstEvent);
}

/** Section of event `ev` (sections are few: a linear scan from the end is fine). */
export function sectionOf(ev: u32): u16 {
  let s = <i32>sectionFirstEvent.length - 1;
  while (s > 0 && sectionFirstEvent.get(<u32>s) > ev) s--;
  return <u16>(s + 1);
}

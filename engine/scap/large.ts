// Event types whose parameter lengths are u32 and that go in LARGE blocks (EF_LARGE_PAYLOAD in the schema).
// From the generated event table (no file reads), so the writer also runs in the browser (raw logs are
// converted to plugin events there).
import { EVENT_FLAGS, EF_LARGE_PAYLOAD } from '../generated/schema.ts';

export const EVENT_FLAGS_LARGE: ReadonlySet<number> = new Set(
  EVENT_FLAGS.flatMap((f, code) => ((f & EF_LARGE_PAYLOAD) !== 0 ? [code] : [])),
);

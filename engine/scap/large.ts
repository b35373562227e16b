// Event types whose parameter lengths are u32 and that go in LARGE blocks (EF_LARGE_PAYLOAD in the schema).
import { readFileSync } from 'node:fs';

function load(): Set<number> {
  const url = new URL('../../schema/events.json', import.meta.url);
  const events = JSON.parse(readFileSync(url, 'utf8')) as { code: number; large_payload: boolean }[];
  return new Set(events.filter((e) => e.large_payload).map((e) => e.code));
}

export const EVENT_FLAGS_LARGE: ReadonlySet<number> = load();

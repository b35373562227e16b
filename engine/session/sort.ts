// Sorting the view by one column: each event's key goes into a typed array first (numbers straight from
// the index, text columns formatted a batch of rows at a time and ranked), then one stable sort of
// positions, so ties keep file order.
import type { Capture } from '../capture.ts';
import type { EventRow, SortKey } from '../api.ts';
import { EVENT_DIRS, EVENT_NAMES } from '../generated/schema.ts';
import type { RowRenderer } from './rows.ts';

/** Rows formatted per batch while collecting text keys. */
const KEY_BATCH = 65536;

/** `v` (event indices) reordered by `key`. */
export function sortEvents(cap: Capture, rows: RowRenderer, v: Uint32Array, key: SortKey, descending: boolean): Uint32Array {
  const ix = cap.index;
  const n = v.length;
  const keys = new Float64Array(n);
  // Text keys: rank the distinct strings once (few distinct values, many rows).
  const collator = new Intl.Collator('en');
  const rank = (text: string[]) => {
    const distinct = [...new Set(text)].sort(collator.compare);
    const ranks = new Map(distinct.map((t, r) => [t, r]));
    for (let k = 0; k < n; k++) keys[k] = ranks.get(text[k])!;
  };
  const rowText = (f: (r: EventRow) => string) => {
    const extra = key.startsWith('field:') ? [key.slice(6)] : undefined;
    const text: string[] = new Array(n);
    for (let from = 0; from < n; from += KEY_BATCH) {
      const part = rows.rows(v.subarray(from, from + KEY_BATCH), extra);
      for (let k = 0; k < part.length; k++) text[from + k] = f(part[k]);
    }
    rank(text);
  };
  const first = n ? ix.ts(v[0]) : 0n;
  switch (key) {
    case 'num': for (let k = 0; k < n; k++) keys[k] = v[k]; break;
    case 'time': for (let k = 0; k < n; k++) keys[k] = Number(ix.ts(v[k]) - first); break;
    case 'cpu': for (let k = 0; k < n; k++) keys[k] = ix.cpu(v[k]); break;
    case 'tid': for (let k = 0; k < n; k++) keys[k] = Number(ix.tid(v[k])); break;
    case 'latency':
      // Exit minus enter timestamp from the state engine's pairing; no formatting.
      for (let k = 0; k < n; k++) {
        const i = v[k];
        const p = EVENT_DIRS[ix.type(i)] === 'exit' ? ix.partner(i) : -1;
        keys[k] = p >= 0 ? Number(ix.ts(i) - ix.ts(p)) : -1;
      }
      break;
    case 'type': {
      // Names from the schema table, no formatting per event — except generic and unknown events,
      // whose shown type comes from their parameters.
      const text: string[] = new Array(n);
      const formatted: number[] = [];
      for (let k = 0; k < n; k++) {
        const name = EVENT_NAMES[ix.type(v[k])];
        if (name && name !== 'NA' && name !== 'syscall') text[k] = name;
        else formatted.push(k);
      }
      for (let from = 0; from < formatted.length; from += KEY_BATCH) {
        const part = formatted.slice(from, from + KEY_BATCH);
        const shown = rows.rows(part.map((k) => v[k]));
        for (let j = 0; j < part.length; j++) text[part[j]] = shown[j].type;
      }
      rank(text);
      break;
    }
    case 'proc': rowText((r) => r.proc); break;
    case 'info': rowText((r) => r.info); break;
    default: rowText((r) => r.extra?.[key.slice(6)] ?? ''); break;
  }
  const perm = new Uint32Array(n);
  for (let k = 0; k < n; k++) perm[k] = k;
  perm.sort(descending ? (a, b) => keys[b] - keys[a] || a - b : (a, b) => keys[a] - keys[b] || a - b);
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = v[perm[k]];
  return out;
}

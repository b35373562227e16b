// What "copy" puts on the clipboard for a set of name/value pairs (a detail-tree field or section, or an
// event-list row): text (one `name: value` line each), CSV (a header row of the names, a row of the values;
// formula-like cells neutralised), JSON (an object) or a filter (each pair as `field = value`, joined by
// `and`; only for filter fields).
import { csvCell } from '../engine/shared/csv-cell.ts';
import { checkFor } from './filter-text.ts';

export interface Pair { name: string; value: string }
export type CopyKind = 'text' | 'csv' | 'json' | 'filter';

export function copyText(pairs: Pair[], kind: CopyKind): string {
  switch (kind) {
    case 'text': return pairs.map((p) => `${p.name}: ${p.value}`).join('\n');
    case 'csv': return [pairs.map((p) => csvCell(p.name)).join(','), pairs.map((p) => csvCell(p.value)).join(',')].join('\r\n');
    case 'json': return JSON.stringify(Object.fromEntries(pairs.map((p) => [p.name, p.value])));
    case 'filter': return pairs.map((p) => checkFor(p.name, p.value)).join(' and ');
  }
}

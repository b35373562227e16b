// The CLI's hook (engine/node/cli/commands/read.ts loads this file): the events of a capture matching a
// filter, as the formatter's selection bitset. Compile errors are thrown with their position.
import type { Capture } from '../capture.ts';
import { formatFilterError, indicesToBitset } from './index.ts';

export function selectEvents(cap: Capture, expr: string): Uint8Array {
  const r = cap.filter(expr);
  if (!r.ok) throw new Error(formatFilterError(r.error));
  return indicesToBitset(r.indices, cap.eventCount);
}

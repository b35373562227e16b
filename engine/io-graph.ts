// The I/O graph's numbers: for each series (a selection of events), events or I/O bytes per time bucket
// between `start` and `end` (ns, inclusive). Bucket b holds the events with
// floor((t - start) * buckets / (end - start + 1)) = b, in integer arithmetic, so its bounds are exact:
// bucketStart(b) = start + ceil(b * span / buckets). Bytes are the results of I/O calls (evt.rawarg.res
// > 0 of events with evt.is_io), as the statistics count them. One formatter pass per series.
import type { Capture } from './capture.ts';
import { parseJsonExact } from './json-exact.ts';

export const MAX_SERIES = 6;
export const MAX_BUCKETS = 2000;

export function bucketOf(t: bigint, start: bigint, end: bigint, buckets: number): number {
  if (t < start || t > end) return -1;
  return Number(((t - start) * BigInt(buckets)) / (end - start + 1n));
}

/** First timestamp of bucket b (b = buckets gives end + 1). */
export function bucketStart(b: number, start: bigint, end: bigint, buckets: number): bigint {
  const span = end - start + 1n;
  const n = BigInt(buckets);
  return start + (BigInt(b) * span + n - 1n) / n;
}

export function seriesValues(cap: Capture, selection: Uint8Array, measure: 'events' | 'bytes', start: bigint, end: bigint, buckets: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  const add = (line: string) => {
    const o = parseJsonExact(line) as Record<string, unknown>;
    const ts = o['evt.rawtime'];
    if (ts === null || ts === undefined) return;
    const b = bucketOf(BigInt(String(ts)), start, end, buckets);
    if (b < 0) return;
    if (measure === 'events') { out[b]++; return; }
    const res = Number(o['evt.rawarg.res'] ?? 0);
    if (String(o['evt.is_io']) === 'true' && res > 0) out[b] += res;
  };
  for (const l of cap.formatLines({ format: '*%evt.rawtime %evt.is_io %evt.rawarg.res', json: true, selection })) if (l) add(l);
  return out;
}

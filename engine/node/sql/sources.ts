// What `scapula sql` queries: each input is a Parquet file (X.alerts.parquet feeds `alerts`, any other
// `events`), an exported directory (OUT/events/**, OUT/alerts/**, hive-partitioned), or captures (a
// capture file, or a directory of them) that are exported to a temporary hive layout first.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURE_FILE, expandInputs, type CaptureInput } from '../export/inputs.ts';

export interface Sources {
  /** Files or globs for read_parquet. */
  events: string[];
  alerts: string[];
  captures: CaptureInput[];
}

/** True when `dir` holds at least one .parquet file (at most 32 levels down). */
function hasParquet(dir: string, depth = 0): boolean {
  if (depth > 32) return false;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.parquet')) return true;
    if (e.isDirectory() && hasParquet(join(dir, e.name), depth + 1)) return true;
  }
  return false;
}

/** Throws with a clear message for a missing input or one that holds nothing to query. */
export function classifyInputs(args: string[]): Sources {
  const s: Sources = { events: [], alerts: [], captures: [] };
  for (const a of args) {
    let st;
    try { st = statSync(a); } catch { throw new Error(`${a}: no such file or directory`); }
    if (st.isFile()) {
      if (/\.alerts\.parquet$/i.test(a)) s.alerts.push(a);
      else if (/\.parquet$/i.test(a)) s.events.push(a);
      else if (CAPTURE_FILE.test(a)) s.captures.push(...expandInputs([a]));
      else throw new Error(`${a}: not a capture (.scap, .scap.gz) or a Parquet file`);
      continue;
    }
    const ev = join(a, 'events');
    if (existsSync(ev) && statSync(ev).isDirectory()) {
      if (!hasParquet(ev)) throw new Error(`${ev}: no Parquet files (scapula sql reads Parquet: export without --arrow)`);
      s.events.push(join(ev, '**', '*.parquet'));
      const al = join(a, 'alerts');
      if (existsSync(al) && statSync(al).isDirectory() && hasParquet(al)) s.alerts.push(join(al, '**', '*.parquet'));
      continue;
    }
    const caps = expandInputs([a]);
    if (!caps.length) throw new Error(`${a}: no captures (*.scap, *.scap.gz) and no exported events/ directory`);
    s.captures.push(...caps);
  }
  return s;
}

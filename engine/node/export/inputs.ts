// Expands command-line inputs into capture files: a file stands for itself; a directory for the
// captures under it (`*.scap`, `*.scap.gz`, sorted by path, at most 32 levels deep, symlinked
// directories not followed), named by their path relative to that directory.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CaptureInput {
  path: string;
  /** The name in the `capture` column: as given for files, relative to the directory for directories. */
  name: string;
  /** True when it came from a directory argument. */
  fromDir: boolean;
}

export const CAPTURE_FILE = /\.scap(\.gz)?$/;
const MAX_DEPTH = 32;

function walk(dir: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) return;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, depth + 1, out);
    else if (e.isFile() && CAPTURE_FILE.test(e.name)) out.push(p);
  }
}

/** Throws with a clear message when an input does not exist. */
export function expandInputs(args: string[]): CaptureInput[] {
  const out: CaptureInput[] = [];
  for (const a of args) {
    let st;
    try { st = statSync(a); } catch { throw new Error(`${a}: no such file or directory`); }
    if (st.isDirectory()) {
      const files: string[] = [];
      walk(a, 0, files);
      for (const f of files) out.push({ path: f, name: relative(a, f), fromDir: true });
    } else out.push({ path: a, name: a, fromDir: false });
  }
  return out;
}

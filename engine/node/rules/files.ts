// Reading rules files for the CLI: `-r` takes files or directories (a directory = its .yaml/.yml
// files sorted by name, as Falco does); without `-r` the built-in official ruleset is used.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RulesFile } from '../../rules/loader.ts';

export const DEFAULT_RULES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'samples', 'rules', 'falco_rules.yaml');

/** Expands paths to files in load order; throws with a clear message when a path cannot be read. */
export function readRulesPaths(paths: string[]): RulesFile[] {
  const out: RulesFile[] = [];
  for (const p of paths.length ? paths : [DEFAULT_RULES_FILE]) {
    let st;
    try { st = statSync(p); } catch { throw new Error(`${p}: no such file or directory`); }
    const files = st.isDirectory()
      ? readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f))
      : [p];
    for (const f of files) out.push({ name: f, text: readFileSync(f, 'utf8') });
  }
  return out;
}

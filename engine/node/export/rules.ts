// Loads a ruleset from rules paths the way `scapula detect -r` does (files or directories, in order,
// every source), for the export's alerts table and the parallel detect workers.
import { readRulesPaths } from '../rules/files.ts';
import { loadRules } from '../../rules/loader.ts';
import { formatReport } from '../../rules/messages.ts';
import { buildRuleset, type Ruleset, type Selection } from '../../rules/ruleset.ts';

/** The ruleset, or throws with the loader's report. */
export function loadRuleset(paths: string[], sel: Selection = {}): Ruleset {
  const loaded = loadRules(readRulesPaths(paths));
  if (!loaded.ok) throw new Error(`could not load rules:\n${formatReport(loaded.errors, [])}`);
  return buildRuleset(loaded.compiled!.rules, sel, null);
}

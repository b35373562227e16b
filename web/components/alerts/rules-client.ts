// The alerts UI's handle on the worker's RulesApi (engine/rules/service.ts, added to the viewer
// service the worker exposes), the built-in ruleset (the official falco_rules.yaml, bundled), and the
// user's rules files and toggles kept in IndexedDB through the app's settings store.
import type { Remote } from 'comlink';
import type { RulesApi, RulesFileInput } from '../../../engine/api.ts';
import { engine } from '../../engine-client.ts';
import { loadSetting, storeSetting } from '../../store.ts';
import builtinRules from '../../../samples/rules/falco_rules.yaml?raw';

export const rulesEngine = engine as unknown as Remote<RulesApi>;

export const BUILTIN_NAME = 'falco_rules.yaml (built in)';

export interface UserRulesFile extends RulesFileInput {
  enabled: boolean;
}

export interface RulesSettings {
  useBuiltin: boolean;
  files: UserRulesFile[];
  disabledRules: string[];
  enabledRules: string[];
  disableTags: string[];
  model: 'current' | 'legacy';
  minPriority: number;
}

export const DEFAULT_SETTINGS: RulesSettings = {
  useBuiltin: true, files: [], disabledRules: [], enabledRules: [], disableTags: [], model: 'current', minPriority: 7,
};

/** Largest user rules file accepted (the loader also bounds its work). */
export const MAX_RULES_FILE = 8 * 1024 * 1024;

export async function loadRulesSettings(): Promise<RulesSettings> {
  const s = await loadSetting<Partial<RulesSettings>>('rules');
  return { ...DEFAULT_SETTINGS, ...(s ?? {}) };
}

export function storeRulesSettings(s: RulesSettings): Promise<void> {
  return storeSetting('rules', s);
}

/** The files to load, in order: the built-in ruleset first, then the user's enabled files. */
export function rulesFiles(s: RulesSettings): RulesFileInput[] {
  const out: RulesFileInput[] = [];
  if (s.useBuiltin) out.push({ name: BUILTIN_NAME, text: builtinRules });
  for (const f of s.files) if (f.enabled) out.push({ name: f.name, text: f.text });
  return out;
}

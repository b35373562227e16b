// The alerts UI's rules files: the built-in ruleset (the official falco_rules.yaml, bundled), and the
// user's rules files and toggles kept in IndexedDB through the app's settings store.
import type { RulesFileInput } from '../../../engine/api.ts';
import { loadSetting, storeSetting } from '../../store.ts';
import falcoRules from '../../../samples/rules/falco_rules.yaml?raw';
import incubatingRules from '../../../samples/rules/falco-incubating_rules.yaml?raw';
import sandboxRules from '../../../samples/rules/falco-sandbox_rules.yaml?raw';
import k8sAuditRules from '../../../samples/rules/k8s_audit_rules.yaml?raw';
import cloudtrailRules from '../../../samples/rules/aws_cloudtrail_rules.yaml?raw';

export const BUILTIN_NAME = 'falco_rules.yaml (built in)';

/** The official rulesets shipped with the app (samples/rules/, Apache-2.0), in Falco's load order. */
export const BUILTINS: readonly { file: string; label: string; text: string }[] = [
  { file: 'falco_rules.yaml', label: 'Falco stable rules (syscalls)', text: falcoRules },
  { file: 'falco-incubating_rules.yaml', label: 'Falco incubating rules', text: incubatingRules },
  { file: 'falco-sandbox_rules.yaml', label: 'Falco sandbox rules', text: sandboxRules },
  { file: 'k8s_audit_rules.yaml', label: 'Kubernetes audit rules (k8s_audit logs)', text: k8sAuditRules },
  { file: 'aws_cloudtrail_rules.yaml', label: 'AWS CloudTrail rules', text: cloudtrailRules },
];

export interface UserRulesFile extends RulesFileInput {
  enabled: boolean;
}

export interface RulesSettings {
  /** The stable Falco ruleset (kept for settings stored before `builtins` existed). */
  useBuiltin: boolean;
  /** Other built-in rulesets switched on (file names of BUILTINS). */
  extraBuiltins?: string[];
  files: UserRulesFile[];
  disabledRules: string[];
  enabledRules: string[];
  disableTags: string[];
  model: 'current' | 'legacy';
  minPriority: number;
  /** Falco's rule_matching: `first` (default) or `all`. */
  matching?: 'first' | 'all';
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
  for (const b of BUILTINS) {
    const on = b.file === 'falco_rules.yaml' ? s.useBuiltin : (s.extraBuiltins ?? []).includes(b.file);
    if (on) out.push({ name: b.file === 'falco_rules.yaml' ? BUILTIN_NAME : `${b.file} (built in)`, text: b.text });
  }
  for (const f of s.files) if (f.enabled) out.push({ name: f.name, text: f.text });
  return out;
}

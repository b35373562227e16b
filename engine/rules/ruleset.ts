// Which compiled rules run, and on which event types: Falco's selection options (minimum priority,
// disable by name substring, disable by tag, run only tags — falco-rules.md §9–§10) and the per-
// event-type index, so each event is only evaluated against rules that can match its type.
import type { CompiledRule } from './compile.ts';
import { EVENT_CODE_COUNT, PLUGIN_EVENT, typeCodes } from './evttypes.ts';

export interface Selection {
  /** Keep rules at least this severe (0 = Emergency .. 7 = Debug). Default 7 (all). */
  minPriority?: number;
  /** `-D`: disable rules whose name contains any of these. */
  disableNames?: string[];
  /** `-T`: disable rules having any of these tags. */
  disableTags?: string[];
  /** `-t`: run only rules having any of these tags. */
  enableTags?: string[];
  /** Rule names to disable/enable explicitly (the web app's toggles); applied last. */
  forceDisabled?: string[];
  forceEnabled?: string[];
}

export interface ActiveRule extends CompiledRule {
  /** Index in the active list. */
  slot: number;
}

export interface Ruleset {
  /** Enabled rules in rule order. */
  rules: ActiveRule[];
  /** For each event code: slots of the rules to evaluate, in rule order. */
  byType: Int32Array[];
  /** Names of rules that were loaded but are not run, with the reason. */
  skipped: { name: string; reason: string }[];
}

/** Checks that options do not conflict; returns an error message or null (Falco's wording). */
export function selectionError(s: Selection): string | null {
  if ((s.disableNames?.length || s.disableTags?.length) && s.enableTags?.length) {
    return 'You can not specify both disabled (-D/-T) and enabled (-t) rules';
  }
  return null;
}

export function isSelected(r: CompiledRule, s: Selection): { on: boolean; reason: string } {
  const name = r.name;
  if (s.forceEnabled?.includes(name)) return { on: true, reason: '' };
  if (s.forceDisabled?.includes(name)) return { on: false, reason: 'disabled by the user' };
  if (r.def.priority > (s.minPriority ?? 7)) return { on: false, reason: 'priority below the minimum' };
  if (!r.def.enabled) return { on: false, reason: 'enabled: false' };
  if (s.enableTags?.length && !r.def.tags.some((t) => s.enableTags!.includes(t))) return { on: false, reason: 'has none of the selected tags' };
  if (s.disableNames?.some((d) => name.includes(d))) return { on: false, reason: 'disabled by name' };
  if (s.disableTags?.length && r.def.tags.some((t) => s.disableTags!.includes(t))) return { on: false, reason: 'disabled by tag' };
  return { on: true, reason: '' };
}

/** Builds the active ruleset of one source (null = every source: syscall rules and plugin-source rules). */
export function buildRuleset(rules: CompiledRule[], s: Selection = {}, source: string | null = 'syscall'): Ruleset {
  const active: ActiveRule[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const r of rules) {
    if (source !== null && r.def.source !== source) continue;
    const sel = isSelected(r, s);
    if (sel.on) active.push({ ...r, slot: active.length });
    else skipped.push({ name: r.name, reason: sel.reason });
  }
  const lists: number[][] = Array.from({ length: EVENT_CODE_COUNT }, () => []);
  for (const r of active) {
    // Plugin-source rules (k8s_audit, aws_cloudtrail, ...) only see plugin events; syscall rules never do.
    if (r.def.source !== 'syscall') { lists[PLUGIN_EVENT].push(r.slot); continue; }
    const codes = r.eventTypes === null ? null : typeCodes(r.eventTypes);
    if (codes === null) lists.forEach((l, c) => { if (c !== PLUGIN_EVENT) l.push(r.slot); });
    else for (const c of codes) if (c < lists.length) lists[c].push(r.slot);
  }
  return { rules: active, byType: lists.map((l) => Int32Array.from(l)), skipped };
}

// Reads the parts of a Falco configuration file (falco.yaml) that `scapula record -c` honours: the
// `capture:` section (enabled, path_prefix, mode rules|all_rules, default_duration in ms,
// max_file_size_mb) and the rules files (`rules_files`, or the older `rules_file`). Values are
// checked as Falco's schema types them; anything else in the file is ignored.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

export interface FalcoCaptureConfig {
  enabled: boolean;
  /** Capture files are PATH_PREFIX_<ts>_<evtnum>.scap (Falco's defaults: /tmp/falco). */
  pathPrefix: string;
  allRules: boolean;
  /** Capture length when the rule sets no capture_duration (Falco's default 5000 ms). */
  defaultDurationMs: number;
  /** 0 = no cap. */
  maxFileSizeMb: number;
  /** Rules files and directories, in order (relative ones resolved against the config's directory). */
  rulesFiles: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws with `FILE: key: problem` for a file that is not YAML or has a value of the wrong type. */
export function readFalcoConfig(path: string): FalcoCaptureConfig {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc !== null && doc !== undefined && !isObj(doc)) throw new Error(`${path}: not a YAML mapping`);
  const top = (doc ?? {}) as Record<string, unknown>;
  const cap = top.capture ?? {};
  if (!isObj(cap)) throw new Error(`${path}: capture: expected a mapping`);
  const bad = (key: string, want: string) => new Error(`${path}: capture.${key}: expected ${want}, got ${JSON.stringify(cap[key])}`);
  const num = (key: string, dflt: number) => {
    const v = cap[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(key, 'a non-negative number');
    return v;
  };
  const enabled = cap.enabled ?? false;
  if (typeof enabled !== 'boolean') throw bad('enabled', 'true or false');
  const prefix = cap.path_prefix ?? '/tmp/falco';
  if (typeof prefix !== 'string' || !prefix) throw bad('path_prefix', 'a path');
  const mode = cap.mode ?? 'rules';
  if (mode !== 'rules' && mode !== 'all_rules') throw bad('mode', 'rules or all_rules');
  const rules = top.rules_files ?? top.rules_file ?? [];
  const list = typeof rules === 'string' ? [rules] : rules;
  if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) throw new Error(`${path}: rules_files: expected a list of paths`);
  const base = dirname(path);
  return {
    enabled, pathPrefix: prefix, allRules: mode === 'all_rules',
    defaultDurationMs: num('default_duration', 5000), maxFileSizeMb: num('max_file_size_mb', 0),
    rulesFiles: list.map((r) => (isAbsolute(r) ? r : join(base, r))),
  };
}

/** Falco's capture file name: PREFIX_<timestamp>_<event number>.scap, both zero-padded to 20 digits. */
export function falcoCaptureName(prefix: string, ts: bigint, evtNum: number | bigint): string {
  return `${prefix}_${ts.toString().padStart(20, '0')}_${evtNum.toString().padStart(20, '0')}.scap`;
}

// The collected (not yet compiled) contents of one or more rules files: lists, macros and rules in
// Falco's order of first definition, each remembering the index of its first and last define/append,
// which decides what a list or macro may see (falco-rules.md §4–§5). Plain data, no behaviour.
import type { SourcePos } from './messages.ts';

/** A value of one exception tuple element: a scalar, or a YAML list written inline. */
export type ExceptionValue = string | string[];

export interface ExceptionDef {
  name: string;
  /** List form: field names; scalar form: one field name (string). Undefined when only appending values. */
  fields: string[] | string | undefined;
  comps: string[] | string | undefined;
  /** List form: one tuple per entry; scalar form: one scalar per entry. */
  values: (ExceptionValue[] | string)[];
  pos: SourcePos;
}

export interface ListDef {
  name: string;
  items: string[];
  firstIndex: number;
  lastIndex: number;
  pos: SourcePos;
  used: boolean;
}

export interface MacroDef {
  name: string;
  condition: string;
  condPos: SourcePos;
  firstIndex: number;
  lastIndex: number;
  pos: SourcePos;
  used: boolean;
}

export interface RuleDef {
  name: string;
  condition: string;
  condPos: SourcePos;
  output: string;
  outputPos: SourcePos;
  desc: string;
  priority: number;
  source: string;
  enabled: boolean;
  tags: string[];
  exceptions: ExceptionDef[];
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  capture: boolean;
  captureDuration: number;
  firstIndex: number;
  pos: SourcePos;
}

export interface PluginRequirement {
  name: string;
  version: string;
  alternatives: { name: string; version: string }[];
  pos: SourcePos;
}

export interface Collected {
  lists: Map<string, ListDef>;
  macros: Map<string, MacroDef>;
  rules: Map<string, RuleDef>;
  /** Highest required engine version seen ("x.y.z"). */
  requiredEngineVersion: string | null;
  pluginRequirements: PluginRequirement[];
  /** Increases with every collected item; orders visibility. */
  nextIndex: number;
}

export function emptyCollected(): Collected {
  return { lists: new Map(), macros: new Map(), rules: new Map(), requiredEngineVersion: null, pluginRequirements: [], nextIndex: 0 };
}

/** Falco priorities, most severe first; the number is Falco's value. */
export const PRIORITY_NAMES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;

/** Parses a priority name case-insensitively (`Info` = Informational); -1 when invalid. */
export function parsePriority(s: string): number {
  const l = s.trim().toLowerCase();
  if (l === 'info') return 6;
  return PRIORITY_NAMES.findIndex((p) => p.toLowerCase() === l);
}

/** The engine version this loader implements (current Falco's). */
export const ENGINE_VERSION = '0.63.0';

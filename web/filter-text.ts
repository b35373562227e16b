// Builds filter expressions from a field and its value, the way "apply as filter" needs them: the value
// is written bare when the filter language allows it, otherwise quoted with the escapes it accepts.
import type { PrepareMode } from './events.ts';

export function filterValue(v: string): string {
  if (/^[^\s()"'=,\\]+$/.test(v) && !/^(and|or|not)$/.test(v)) return v;
  // A quoted string cannot end with an escaped backslash; \x5c works everywhere.
  return '"' + v.replace(/\\/g, '\\x5c').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}

export function checkFor(field: string, value: string): string {
  return value === '' ? `${field} exists` : `${field} = ${filterValue(value)}`;
}

/** Combines the current filter with a new check. */
export function combine(current: string, check: string, mode: PrepareMode): string {
  const cur = current.trim();
  if (mode === 'replace' || !cur) return mode.endsWith('not') ? `not ${check}` : check;
  return `(${cur}) ${mode} ${check}`;
}

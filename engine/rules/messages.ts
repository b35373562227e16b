// Load errors and warnings of a rules load, shaped like Falco's (code, message, item type and name,
// file:line:col and the offending source line) so users can match them against Falco's docs and so
// the test suite can compare code + message exactly. Positions are 1-based line and column.

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type LoadCode =
  | 'LOAD_ERR_FILE_READ' | 'LOAD_ERR_YAML_PARSE' | 'LOAD_ERR_YAML_VALIDATE' | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT' | 'LOAD_ERR_VALIDATE' | 'LOAD_ERR_EXTENSION'
  | 'LOAD_UNKNOWN_SOURCE' | 'LOAD_UNSAFE_NA_CHECK' | 'LOAD_NO_EVTTYPE' | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNUSED_MACRO' | 'LOAD_UNUSED_LIST' | 'LOAD_UNKNOWN_ITEM' | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_EXTENSION' | 'LOAD_APPEND_NO_VALUES' | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME' | 'LOAD_INVALID_LIST_NAME' | 'LOAD_COMPILE_CONDITION' | 'LOAD_UNKNOWN_KEY'
  | 'LOAD_PLUGIN_REQUIREMENT';

/** Falco's one-line explanation printed after each code. */
export const CODE_TEXT: Record<LoadCode, string> = {
  LOAD_ERR_FILE_READ: 'Could not read file',
  LOAD_ERR_YAML_PARSE: 'Invalid yaml',
  LOAD_ERR_YAML_VALIDATE: 'Error validating internal structure of YAML file',
  LOAD_ERR_COMPILE_CONDITION: 'Error compiling condition',
  LOAD_ERR_COMPILE_OUTPUT: 'Error compiling output',
  LOAD_ERR_VALIDATE: 'Error validating rule/macro/list/exception objects',
  LOAD_ERR_EXTENSION: 'Error in extension item',
  LOAD_UNKNOWN_SOURCE: 'Unknown source',
  LOAD_UNSAFE_NA_CHECK: 'Unsafe <NA> comparison in condition',
  LOAD_NO_EVTTYPE: 'Condition has no event-type restriction',
  LOAD_UNKNOWN_FILTER: 'Unknown filter',
  LOAD_UNUSED_MACRO: 'Unused macro',
  LOAD_UNUSED_LIST: 'Unused list',
  LOAD_UNKNOWN_ITEM: 'Unknown rules file item',
  LOAD_DEPRECATED_ITEM: 'Used deprecated item',
  LOAD_WARNING_EXTENSION: 'Extension item has a warning',
  LOAD_APPEND_NO_VALUES: 'Overriding/appending exception with no values',
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: 'Multiple exceptions defined with the same name',
  LOAD_INVALID_MACRO_NAME: 'Invalid macro name',
  LOAD_INVALID_LIST_NAME: 'Invalid list name',
  LOAD_COMPILE_CONDITION: 'Condition has a warning',
  LOAD_UNKNOWN_KEY: 'Unknown key',
  LOAD_PLUGIN_REQUIREMENT: 'Plugin requirement not checked',
};

export interface LoadMessage {
  severity: 'error' | 'warning';
  code: LoadCode;
  message: string;
  /** `rule`, `macro`, `list`, `exception`, `required_engine_version`, `rules content`, ... */
  itemType: string;
  itemName: string;
  /** Where the item starts. */
  pos: SourcePos | null;
  /** A more precise place (the condition expression, the key), when known. */
  detail: { what: string; pos: SourcePos } | null;
  /** The source line at the most precise position, and the caret column under it. */
  snippet: string;
}

/** Source text of every loaded file by name, to cut snippets. */
export type SourceMap = Map<string, string>;

export function snippetAt(sources: SourceMap, pos: SourcePos | null): string {
  if (!pos) return '';
  const text = sources.get(pos.file);
  if (text === undefined) return '';
  const lines = text.split('\n');
  const line = (lines[pos.line - 1] ?? '').replace(/\r$/, '');
  return line + '\n' + ' '.repeat(Math.max(0, pos.col - 1)) + '^';
}

const at = (p: SourcePos) => `(${p.file}:${p.line}:${p.col})`;

/** One message as Falco prints it in `falco -V` style output. */
export function formatMessage(m: LoadMessage): string {
  const out: string[] = [];
  const file = m.pos?.file ?? '';
  out.push(`In rules content: (${file}:0:0)`);
  if (m.itemType !== 'rules content' && m.pos) {
    out.push(`    ${m.itemType}${m.itemName ? ` '${m.itemName}'` : ''}: ${at(m.pos)}`);
  }
  if (m.detail) out.push(`    ${m.detail.what}: ${at(m.detail.pos)}`);
  if (m.snippet) out.push('------', m.snippet, '------');
  out.push(`${m.code} (${CODE_TEXT[m.code]}): ${m.message}`);
  return out.join('\n');
}

/** The whole report of a load: `N Errors:` then `N Warnings:` blocks, as `falco -V` does. */
export function formatReport(errors: LoadMessage[], warnings: LoadMessage[]): string {
  const parts: string[] = [];
  if (errors.length) parts.push(`${errors.length} Errors:`, ...errors.map(formatMessage));
  if (warnings.length) parts.push(`${warnings.length} Warnings:`, ...warnings.map(formatMessage));
  return parts.join('\n');
}

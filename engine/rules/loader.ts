// Loads rules files in order into one collection and compiles it after every file, as Falco does:
// later files redefine, append to and override items of earlier ones; the first error stops the
// load. Returns Falco-shaped errors and warnings (with file, item and line) and, when it worked,
// the compiled rules. This is the entry point the CLI, the worker and the tests use.
import { Collector, type CollectIssue } from './collector.ts';
import { compileCollected, type CompileOptions, type CompileOutput } from './compile.ts';
import { snippetAt, type LoadMessage, type SourceMap } from './messages.ts';
import { emptyCollected, type Collected } from './model.ts';
import { readRulesYaml } from './yaml-source.ts';

export interface RulesFile {
  /** Name shown in messages (usually the path). */
  name: string;
  text: string;
}

export interface LoadResult {
  ok: boolean;
  errors: LoadMessage[];
  warnings: LoadMessage[];
  collected: Collected;
  /** The last successful compile (all files), or null. */
  compiled: CompileOutput | null;
  sources: SourceMap;
}

/** Plugins whose fields Scapula provides itself (container, json, k8saudit, cloudtrail), so their requirements are met. */
const BUILTIN_PLUGINS: Record<string, string> = { container: '0.99.0', json: '0.99.0', k8saudit: '0.99.0', cloudtrail: '0.99.0' };

export function loadRules(files: RulesFile[], opts: CompileOptions = {}): LoadResult {
  const collected = emptyCollected();
  const sources: SourceMap = new Map();
  const errors: LoadMessage[] = [];
  let warnings: LoadMessage[] = [];
  let compiled: CompileOutput | null = null;
  const toMessage = (i: CollectIssue): LoadMessage => ({
    severity: i.severity, code: i.code, message: i.message, itemType: i.itemType, itemName: i.itemName, pos: i.pos,
    detail: i.detailPos ? { what: detailName(i), pos: i.detailPos } : null,
    snippet: snippetAt(sources, i.detailPos ?? i.pos),
  });

  for (const f of files) {
    sources.set(f.name, f.text);
    const read = readRulesYaml(f.name, f.text);
    const col = new Collector(collected);
    col.collectFile(read.items);
    const collectWarnings = col.issues.filter((i) => i.severity === 'warning').map(toMessage);
    warnings.push(...collectWarnings);
    const collectErrors = col.issues.filter((i) => i.severity === 'error').map(toMessage);
    if (read.error && collectErrors.length === 0) {
      const pos = read.error.pos ?? { file: f.name, line: 1, col: 1 };
      errors.push({ severity: 'error', code: read.error.code, message: read.error.message, itemType: 'rules content', itemName: '',
        pos, detail: null, snippet: snippetAt(sources, pos) });
    }
    errors.push(...collectErrors);
    if (errors.length) break;
    const c = compileCollected(collected, opts);
    const errs = c.issues.filter((i) => i.severity === 'error').map(toMessage);
    if (errs.length) { errors.push(...errs); break; }
    compiled = c;
  }
  if (errors.length === 0 && compiled) {
    // Warnings of the final compile only (intermediate compiles would repeat them per file).
    warnings = [...warnings, ...compiled.issues.filter((i) => i.severity === 'warning').map(toMessage)];
    for (const req of collected.pluginRequirements) {
      const names = [req, ...req.alternatives];
      if (names.some((n) => n.name in BUILTIN_PLUGINS)) continue;
      warnings.push({
        severity: 'warning', code: 'LOAD_PLUGIN_REQUIREMENT', itemType: 'required_plugin_versions', itemName: req.name, pos: req.pos, detail: null,
        snippet: snippetAt(sources, req.pos),
        message: `Plugin requirement not checked (Scapula loads no plugins), Falco needs one of: ${names.map((n) => `${n.name} (>= ${n.version})`).join(', ')}`,
      });
    }
  }
  return { ok: errors.length === 0 && compiled !== null, errors, warnings, collected, compiled: errors.length ? null : compiled, sources };
}

function detailName(i: CollectIssue): string {
  if (i.code === 'LOAD_ERR_COMPILE_CONDITION' || i.code === 'LOAD_NO_EVTTYPE') return 'condition expression';
  if (i.code === 'LOAD_ERR_COMPILE_OUTPUT') return 'output';
  return i.itemType === 'exception' ? 'exception' : 'value';
}

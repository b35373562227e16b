// Applies the items of a rules file, one by one, to the shared collection: definitions,
// redefinitions (which keep the first slot), deprecated `append: true`, per-key `override:`,
// and the standalone `enabled:` form — with Falco's checks and messages (falco-rules.md §1–§7).
// Nothing is compiled here; conditions stay text until compile.ts.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LoadCode, SourcePos } from './messages.ts';
import { ENGINE_VERSION, parsePriority, type Collected, type ExceptionDef, type ExceptionValue, type RuleDef } from './model.ts';
import { ItemReader, scalarText, seqOfScalars, YamlShapeError, type RawItem } from './yaml-source.ts';

/** A problem found while collecting; `fatal` ones stop the file. */
export interface CollectIssue {
  severity: 'error' | 'warning';
  code: LoadCode;
  message: string;
  itemType: string;
  itemName: string;
  pos: SourcePos;
  detailPos?: SourcePos;
}

class ItemError extends Error {
  constructor(readonly code: LoadCode, message: string, readonly pos?: SourcePos) { super(message); }
}

const LIST_KEYS = new Set(['list', 'items', 'append', 'override']);
const MACRO_KEYS = new Set(['macro', 'condition', 'append', 'override']);
const RULE_KEYS = new Set(['rule', 'condition', 'output', 'desc', 'priority', 'source', 'enabled', 'tags', 'exceptions',
  'warn_evttypes', 'skip-if-unknown-filter', 'capture', 'capture_duration', 'append', 'override']);
const RULE_APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'warn_evttypes',
  'skip-if-unknown-filter', 'capture', 'capture_duration']);

const LIST_NAME_RE = /^[^()"'\s=,]+$/;
const MACRO_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Parses "x.y.z" (or an integer N = "0.N.0"); null when invalid. */
export function parseVersion(v: string): [number, number, number] | null {
  const t = v.trim();
  if (/^\d+$/.test(t)) return [0, Number(t), 0];
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]*)?$/.exec(t);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Same major and `have` >= `need`. */
export function versionSatisfies(have: [number, number, number], need: [number, number, number]): boolean {
  if (have[0] !== need[0]) return false;
  for (let i = 1; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
  return true;
}

export class Collector {
  readonly issues: CollectIssue[] = [];
  constructor(readonly c: Collected) {}

  /** Collects every item of one file; returns false when an error stopped the file. */
  collectFile(items: RawItem[]): boolean {
    for (const item of items) {
      if (!this.collectItem(item)) return false;
    }
    return true;
  }

  private collectItem(item: RawItem): boolean {
    const r = new ItemReader(item);
    const kind = ['required_engine_version', 'required_plugin_versions', 'list', 'macro', 'rule'].find((k) => r.has(k));
    let name = '';
    try {
      if (kind === undefined) {
        this.warn('LOAD_UNKNOWN_ITEM', 'Unknown top level item', 'rules content item', '', item.pos);
        return true;
      }
      if (kind !== 'required_engine_version' && kind !== 'required_plugin_versions') {
        name = r.str(kind, true) ?? '';
      }
      const index = this.c.nextIndex++;
      switch (kind) {
        case 'required_engine_version': this.engineVersion(r); break;
        case 'required_plugin_versions': this.pluginVersions(r); break;
        case 'list': this.list(r, name, index); break;
        case 'macro': this.macro(r, name, index); break;
        case 'rule': this.rule(r, name, index); break;
      }
      return true;
    } catch (e) {
      const itemType = kind ?? 'rules content item';
      if (e instanceof YamlShapeError) {
        this.issues.push({ severity: 'error', code: e.code, message: e.message, itemType, itemName: name, pos: item.pos, detailPos: e.pos ?? undefined });
      } else if (e instanceof ItemError) {
        this.issues.push({ severity: 'error', code: e.code, message: e.message, itemType, itemName: name, pos: item.pos, detailPos: e.pos });
      } else throw e;
      return false;
    }
  }

  private warn(code: LoadCode, message: string, itemType: string, itemName: string, pos: SourcePos, detailPos?: SourcePos) {
    this.issues.push({ severity: 'warning', code, message, itemType, itemName, pos, detailPos });
  }

  private unknownKeys(r: ItemReader, allowed: Set<string>, itemType: string, name: string) {
    for (const k of r.keys()) {
      if (!allowed.has(k)) this.warn('LOAD_UNKNOWN_KEY', `Unknown key '${k}'. The key will be ignored.`, itemType, name, r.item.pos, r.pos(k));
    }
  }

  private engineVersion(r: ItemReader) {
    const v = r.str('required_engine_version', true)!;
    const need = parseVersion(v);
    if (!need) throw new ItemError('LOAD_ERR_YAML_VALIDATE', `Unable to parse engine version '${v}' as a semver string. Expected "x.y.z" semver format.`, r.pos('required_engine_version'));
    const have = parseVersion(ENGINE_VERSION)!;
    if (!versionSatisfies(have, need)) {
      throw new ItemError('LOAD_ERR_VALIDATE', `Rules require engine version ${need.join('.')}, but engine version is ${ENGINE_VERSION}`, r.pos('required_engine_version'));
    }
    const prev = this.c.requiredEngineVersion ? parseVersion(this.c.requiredEngineVersion) : null;
    if (!prev || versionSatisfies(need, prev)) this.c.requiredEngineVersion = need.join('.');
    this.unknownKeys(r, new Set(['required_engine_version']), 'required_engine_version', '');
  }

  private pluginVersions(r: ItemReader) {
    const n = r.node('required_plugin_versions');
    if (n === null || !isSeq(n)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Value is not a sequence', r.pos('required_plugin_versions'));
    for (const e of n.items) {
      if (!isMap(e)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Unexpected element type. Each element should be a yaml associative array.', r.item.at(e as Node));
      const er = new ItemReader({ map: e, pos: r.item.at(e), at: r.item.at });
      const name = er.str('name', true)!;
      const version = er.str('version', true)!;
      if (!parseVersion(version)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', `Invalid required version '${version}' for plugin '${name}'`, er.pos('version'));
      const alternatives: { name: string; version: string }[] = [];
      const alt = er.node('alternatives');
      if (alt && isSeq(alt)) {
        for (const a of alt.items) {
          if (!isMap(a)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Unexpected element type. Each element should be a yaml associative array.', r.item.at(a as Node));
          const ar = new ItemReader({ map: a, pos: r.item.at(a), at: r.item.at });
          const an = ar.str('name', true)!;
          const av = ar.str('version', true)!;
          if (!parseVersion(av)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', `Invalid required version '${av}' for plugin '${an}'`, ar.pos('version'));
          if (an === name || alternatives.some((x) => x.name === an)) {
            throw new ItemError('LOAD_ERR_YAML_VALIDATE', `Defined multiple alternative version requirements for plugin '${an}'`, ar.pos('name'));
          }
          alternatives.push({ name: an, version: av });
        }
      }
      this.c.pluginRequirements.push({ name, version, alternatives, pos: er.item.pos });
    }
  }

  /** Reads `override:` into key -> verb, checking verbs and the keys' presence. */
  private overrides(r: ItemReader, appendable: Set<string>, replaceable: Set<string>, overridable: Set<string>): Map<string, 'append' | 'replace'> {
    const n = r.node('override');
    const out = new Map<string, 'append' | 'replace'>();
    if (!n || !isMap(n)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', "Mapping for key 'override' is empty", r.pos('override'));
    if (r.bool('append') === true) {
      throw new ItemError('LOAD_ERR_VALIDATE', "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", r.pos('override'));
    }
    for (const p of n.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const verb = p.value && isScalar(p.value) ? String(p.value.value) : '';
      if (verb === 'append') {
        if (!appendable.has(key)) throw new ItemError('LOAD_ERR_VALIDATE', `Key '${key}' cannot be appended to, use 'replace' instead`, r.item.at(p.key as Node));
      } else if (verb === 'replace') {
        if (!replaceable.has(key)) throw new ItemError('LOAD_ERR_VALIDATE', `Key '${key}' cannot be replaced`, r.item.at(p.key as Node));
      } else {
        throw new ItemError('LOAD_ERR_VALIDATE', `Invalid override operation for key '${key}': '${verb}'. Allowed values are: append, replace`, r.item.at(p.key as Node));
      }
      if (!r.has(key)) {
        throw new ItemError('LOAD_ERR_VALIDATE', `An ${verb} override for '${key}' was specified but '${key}' is not defined`, r.item.at(p.key as Node));
      }
      out.set(key, verb);
    }
    for (const k of r.keys()) {
      if (overridable.has(k) && !out.has(k)) {
        throw new ItemError('LOAD_ERR_VALIDATE', `Unexpected key '${k}': no corresponding entry under 'override' is defined.`, r.pos(k));
      }
    }
    return out;
  }

  private list(r: ItemReader, name: string, index: number) {
    if (!LIST_NAME_RE.test(name)) {
      this.warn('LOAD_INVALID_LIST_NAME', `List has an invalid name. List names should match a regular expression: ^[^()"'\\s=,]+$`, 'list', name, r.item.pos);
    }
    this.unknownKeys(r, LIST_KEYS, 'list', name);
    const items = r.strList('items');
    if (items === undefined) throw new YamlShapeError("Item has no mapping for key 'items'", r.item.pos);
    let append = r.bool('append') === true;
    if (r.has('override')) {
      const ov = this.overrides(r, new Set(['items']), new Set(['items']), new Set(['items']));
      append = ov.get('items') === 'append';
    } else if (append) {
      this.warn('LOAD_DEPRECATED_ITEM', "The 'append' key is deprecated. Add an 'append' entry (e.g. 'items: append') under 'override' instead.", 'list', name, r.item.pos, r.pos('append'));
    }
    const prev = this.c.lists.get(name);
    if (append) {
      if (!prev) throw new ItemError('LOAD_ERR_VALIDATE', "List uses 'append' or 'override.items: append' but no list by that name already exists", r.item.pos);
      prev.items.push(...items);
      prev.lastIndex = index;
    } else if (prev) {
      prev.items = items;
      prev.lastIndex = index;
    } else {
      this.c.lists.set(name, { name, items, firstIndex: index, lastIndex: index, pos: r.item.pos, used: false });
    }
  }

  private macro(r: ItemReader, name: string, index: number) {
    if (!MACRO_NAME_RE.test(name)) {
      this.warn('LOAD_INVALID_MACRO_NAME', 'Macro has an invalid name. Macro names should match a regular expression: ^[a-zA-Z_][a-zA-Z0-9_]*$', 'macro', name, r.item.pos);
    }
    this.unknownKeys(r, MACRO_KEYS, 'macro', name);
    const cond = r.str('condition', true)!;
    let append = r.bool('append') === true;
    if (r.has('override')) {
      const ov = this.overrides(r, new Set(['condition']), new Set(['condition']), new Set(['condition']));
      append = ov.get('condition') === 'append';
    } else if (append) {
      this.warn('LOAD_DEPRECATED_ITEM', "The 'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", 'macro', name, r.item.pos, r.pos('append'));
    }
    const prev = this.c.macros.get(name);
    if (append) {
      if (!prev) throw new ItemError('LOAD_ERR_VALIDATE', "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists", r.item.pos);
      prev.condition += ' ' + cond;
      prev.lastIndex = index;
    } else if (prev) {
      prev.condition = cond;
      prev.condPos = r.pos('condition');
      prev.lastIndex = index;
    } else {
      this.c.macros.set(name, { name, condition: cond, condPos: r.pos('condition'), firstIndex: index, lastIndex: index, pos: r.item.pos, used: false });
    }
  }

  private rule(r: ItemReader, name: string, index: number) {
    this.unknownKeys(r, RULE_KEYS, 'rule', name);
    const prev = this.c.rules.get(name);
    const source = r.has('source') ? r.str('source', false, true) ?? '' : undefined;
    const checkSource = () => {
      if (prev && source !== undefined && source !== '' && source !== prev.source) {
        throw new ItemError('LOAD_ERR_VALIDATE', 'Rule has been re-defined with a different source', r.pos('source'));
      }
    };
    const missing = (verb: string) => new ItemError('LOAD_ERR_VALIDATE', verb === 'replace'
      ? `An 'override.<key>: replace' to a rule was requested but no rule by that name already exists`
      : `Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists`, r.item.pos);

    if (r.has('override')) {
      const ov = this.overrides(r, RULE_APPENDABLE, RULE_REPLACEABLE, RULE_REPLACEABLE);
      for (const verb of ['append', 'replace'] as const) {
        for (const [key, v] of ov) {
          if (v !== verb) continue;
          if (!prev) throw missing(verb);
          checkSource();
          this.applyRuleKey(r, prev, key, verb);
        }
      }
      return;
    }
    if (r.bool('append') === true) {
      this.warn('LOAD_DEPRECATED_ITEM', "The 'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", 'rule', name, r.item.pos, r.pos('append'));
      if (!r.has('condition') && !r.has('exceptions')) {
        throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Appended rule must have exceptions or condition property', r.item.pos);
      }
      if (!prev) throw missing('append');
      checkSource();
      if (r.has('condition')) this.applyRuleKey(r, prev, 'condition', 'append');
      if (r.has('exceptions')) this.applyRuleKey(r, prev, 'exceptions', 'append');
      return;
    }
    const defining = ['condition', 'output', 'desc', 'priority'].some((k) => r.has(k));
    if (!defining && r.has('enabled')) {
      this.warn('LOAD_DEPRECATED_ITEM', "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').", 'rule', name, r.item.pos, r.pos('enabled'));
      if (!prev) throw new ItemError('LOAD_ERR_VALIDATE', "Rule has 'enabled' key but no rule by that name already exists", r.item.pos);
      prev.enabled = r.bool('enabled')!;
      return;
    }
    // A full (re)definition.
    const condition = r.str('condition', true)!;
    const output = r.str('output', true)!.trim();
    const desc = r.str('desc', true)!;
    const prioText = r.str('priority', true)!;
    const priority = parsePriority(prioText);
    if (priority < 0) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Invalid priority', r.pos('priority'));
    checkSource();
    const def: RuleDef = {
      name, condition, condPos: r.pos('condition'), output, outputPos: r.pos('output'), desc, priority,
      source: source || 'syscall',
      enabled: r.bool('enabled') ?? true,
      tags: dedupe(r.strList('tags') ?? []),
      exceptions: this.exceptions(r, null),
      warnEvttypes: r.bool('warn_evttypes') ?? true,
      skipIfUnknownFilter: r.bool('skip-if-unknown-filter') ?? false,
      capture: r.bool('capture') ?? false,
      captureDuration: r.int('capture_duration') ?? 0,
      firstIndex: prev ? prev.firstIndex : index,
      pos: prev ? prev.pos : r.item.pos,
    };
    if (prev) Object.assign(prev, def);
    else this.c.rules.set(name, def);
  }

  private applyRuleKey(r: ItemReader, rule: RuleDef, key: string, verb: 'append' | 'replace') {
    const append = verb === 'append';
    switch (key) {
      case 'condition': {
        const v = r.str('condition', true)!;
        rule.condition = append ? rule.condition + ' ' + v : v;
        if (!append) rule.condPos = r.pos('condition');
        break;
      }
      case 'output': {
        const v = r.str('output', true)!.trim();
        rule.output = append ? rule.output + ' ' + v : v;
        break;
      }
      case 'desc': {
        const v = r.str('desc', true)!;
        rule.desc = append ? rule.desc + ' ' + v : v;
        break;
      }
      case 'tags': {
        const v = r.strList('tags') ?? [];
        rule.tags = append ? dedupe([...rule.tags, ...v]) : dedupe(v);
        break;
      }
      case 'exceptions':
        rule.exceptions = append ? this.mergeExceptions(r, rule) : this.exceptions(r, null);
        break;
      case 'priority': {
        const p = parsePriority(r.str('priority', true)!);
        if (p < 0) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Invalid priority', r.pos('priority'));
        rule.priority = p;
        break;
      }
      case 'enabled': rule.enabled = r.bool('enabled')!; break;
      case 'warn_evttypes': rule.warnEvttypes = r.bool('warn_evttypes')!; break;
      case 'skip-if-unknown-filter': rule.skipIfUnknownFilter = r.bool('skip-if-unknown-filter')!; break;
      case 'capture': rule.capture = r.bool('capture')!; break;
      case 'capture_duration': rule.captureDuration = r.int('capture_duration')!; break;
    }
  }

  /** Reads `exceptions:`; `existing` non-null means appending (fields/comps optional for known names). */
  private exceptions(r: ItemReader, existing: RuleDef | null): ExceptionDef[] {
    const n = r.node('exceptions');
    if (n === null || (isScalar(n) && n.value === null)) return [];
    if (!isSeq(n)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Value is not a sequence', r.pos('exceptions'));
    const out: ExceptionDef[] = [];
    const seen = new Set<string>();
    for (const e of n.items) {
      if (!isMap(e)) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Unexpected element type. Each element should be a yaml associative array.', r.item.at(e as Node));
      const er = new ItemReader({ map: e, pos: r.item.at(e), at: r.item.at });
      const name = er.str('name', true)!;
      const known = existing?.exceptions.some((x) => x.name === name) ?? false;
      if (seen.has(name)) {
        this.warn('LOAD_EXCEPTION_NAME_NOT_UNIQUE', `Multiple definitions of exception '${name}' in the same rule`, 'exception', name, er.item.pos);
      }
      seen.add(name);
      const fields = readScalarOrList(er, 'fields');
      const comps = readScalarOrList(er, 'comps');
      if (fields === undefined && !known) {
        throw new ItemError('LOAD_ERR_YAML_VALIDATE', "Item has no mapping for key 'fields'", er.item.pos);
      }
      let values: (ExceptionValue[] | string)[] = [];
      if (er.present('values')) values = readValues(er, Array.isArray(fields) || (fields === undefined && Array.isArray(existing?.exceptions.find((x) => x.name === name)?.fields)));
      else if (existing) this.warn('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', 'exception', name, er.item.pos);
      out.push({ name, fields, comps, values, pos: er.item.pos });
    }
    return out;
  }

  private mergeExceptions(r: ItemReader, rule: RuleDef): ExceptionDef[] {
    const incoming = this.exceptions(r, rule);
    const merged = rule.exceptions.map((e) => ({ ...e, values: [...e.values] }));
    for (const inc of incoming) {
      const cur = merged.find((e) => e.name === inc.name);
      if (cur) {
        if (inc.fields !== undefined) throw new ItemError('LOAD_ERR_VALIDATE', 'Can not append exception fields to existing exception, only values', inc.pos);
        if (inc.comps !== undefined) throw new ItemError('LOAD_ERR_VALIDATE', 'Can not append exception comps to existing exception, only values', inc.pos);
        cur.values.push(...inc.values);
      } else {
        if (inc.fields === undefined) throw new ItemError('LOAD_ERR_VALIDATE', 'Rule exception must have fields property with a list of fields', inc.pos);
        if (inc.values.length === 0) throw new ItemError('LOAD_ERR_VALIDATE', 'Rule exception must have values property with a list of values', inc.pos);
        merged.push(inc);
      }
    }
    return merged;
  }
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function readScalarOrList(r: ItemReader, key: string): string[] | string | undefined {
  if (!r.present(key)) return undefined;
  const n = r.node(key)!;
  if (isSeq(n)) return seqOfScalars(n, r.pos(key), r.item.at);
  const s = scalarText(n);
  if (s === undefined) throw new YamlShapeError("Can't decode YAML scalar value", r.pos(key));
  return s;
}

/** `values:` of an exception: tuples (list form) or scalars (scalar form). */
function readValues(r: ItemReader, listForm: boolean): (ExceptionValue[] | string)[] {
  const n = r.node('values')!;
  if (!isSeq(n)) throw new YamlShapeError('Value is not a sequence', r.pos('values'));
  const out: (ExceptionValue[] | string)[] = [];
  for (const v of n.items) {
    const vn = v as Node;
    if (!listForm) {
      const s = scalarText(vn);
      if (s === undefined) throw new ItemError('LOAD_ERR_VALIDATE', 'Expected values array to contain a list of strings', r.item.at(vn));
      out.push(s);
      continue;
    }
    if (!isSeq(vn)) throw new ItemError('LOAD_ERR_VALIDATE', 'Expected values array for item to contain a list of objects', r.item.at(vn));
    const tuple: ExceptionValue[] = [];
    for (const el of vn.items) {
      const en = el as Node;
      if (isSeq(en)) tuple.push(seqOfScalars(en, r.item.at(en), r.item.at));
      else {
        const s = el === null ? '' : scalarText(en);
        if (s === undefined) throw new ItemError('LOAD_ERR_VALIDATE', 'Expected values array for item to contain a list of objects', r.item.at(en));
        tuple.push(s);
      }
    }
    out.push(tuple);
  }
  return out;
}

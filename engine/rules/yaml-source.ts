// Reads one rules file into its top-level items with the `yaml` package, keeping each node's source
// position so every later error can name file:line:col like Falco does. Also the typed accessors
// items use to read keys with Falco's messages ("Item has no mapping for key 'x'", "Value is not a
// sequence", "Can't decode YAML scalar value"). Plain scalars are read from their source text, so
// `1.10` in a list stays `1.10` and is not turned into the number 1.1.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourcePos } from './messages.ts';

export class YamlShapeError extends Error {
  constructor(message: string, readonly pos: SourcePos | null, readonly code: 'LOAD_ERR_YAML_VALIDATE' | 'LOAD_ERR_YAML_PARSE' = 'LOAD_ERR_YAML_VALIDATE') {
    super(message);
  }
}

export interface RawItem {
  map: YAMLMap;
  pos: SourcePos;
  at: (node: Node | null | undefined) => SourcePos;
  /** Resolves YAML aliases (`*name`) to their anchored node, as yaml-cpp does. */
  deref?: (node: Node | null) => Node | null;
}

/** Alias resolution depth: an alias to an alias to ... is followed this far, never in a loop. */
const MAX_ALIAS_HOPS = 16;

function makeDeref(doc: Document.Parsed): (node: Node | null) => Node | null {
  return (node) => {
    let n = node;
    for (let hop = 0; n && isAlias(n) && hop < MAX_ALIAS_HOPS; hop++) n = (n.resolve(doc) as Node | undefined) ?? null;
    return n && isAlias(n) ? null : n;
  };
}

export interface ReadResult {
  items: RawItem[];
  /** The first structural error; items before it are still returned (Falco stops the file there). */
  error: YamlShapeError | null;
}

/** Limits that keep a hostile rules file from costing unbounded work. */
export const MAX_RULES_FILE_BYTES = 64 * 1024 * 1024;

export function readRulesYaml(file: string, text: string): ReadResult {
  const lc = new LineCounter();
  const at = (node: Node | null | undefined): SourcePos => {
    const off = node?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return { file, line: p.line, col: p.col };
  };
  const items: RawItem[] = [];
  if (text.length > MAX_RULES_FILE_BYTES) {
    return { items, error: new YamlShapeError(`Rules file is larger than ${MAX_RULES_FILE_BYTES} bytes`, null, 'LOAD_ERR_YAML_PARSE') };
  }
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) {
      const e = doc.errors[0];
      const lp = lc.linePos(e.pos[0]);
      return { items, error: new YamlShapeError(`yaml error at line ${lp.line}, column ${lp.col}: ${e.message.split('\n')[0]}`,
        { file, line: lp.line, col: lp.col }, 'LOAD_ERR_YAML_PARSE') };
    }
    const deref = makeDeref(doc);
    const root = deref(doc.contents as Node | null);
    if (root === null || (isScalar(root) && root.value === null)) continue;
    if (isMap(root)) return { items, error: new YamlShapeError('Rules content is not yaml array of objects', at(root)) };
    if (!isSeq(root)) return { items, error: new YamlShapeError('Rules content is not yaml', at(root as Node)) };
    for (const raw of root.items) {
      const entry = deref(raw as Node | null);
      if (entry === null || (isScalar(entry) && entry.value === null)) continue;
      if (!isMap(entry)) {
        return { items, error: new YamlShapeError('Unexpected element type. Each element should be a yaml associative array.', at(entry as Node)) };
      }
      items.push({ map: entry, pos: at(entry), at, deref });
    }
  }
  return { items, error: null };
}

/** Typed reading of one item's keys, with Falco's error messages. */
export class ItemReader {
  constructor(readonly item: RawItem) {}

  private pair(key: string): Pair | undefined {
    return this.item.map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
  }

  has(key: string): boolean {
    return this.pair(key) !== undefined;
  }

  keys(): string[] {
    return this.item.map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  }

  node(key: string): Node | null {
    const p = this.pair(key);
    const n = p ? ((p.value as Node | null) ?? null) : null;
    return this.item.deref ? this.item.deref(n) : n;
  }

  /** Position of a key's value (or of the key when the value is empty). */
  pos(key: string): SourcePos {
    const p = this.pair(key);
    if (!p) return this.item.pos;
    return this.item.at((p.value as Node | null) ?? (p.key as Node));
  }

  /** A present, non-null value. */
  present(key: string): boolean {
    const n = this.node(key);
    return n !== null && !(isScalar(n) && n.value === null);
  }

  /** Required scalar text; "Item has no mapping for key" when absent, "Mapping for key 'k' is empty" when empty. */
  str(key: string, required: boolean, allowEmpty = false): string | undefined {
    if (!this.has(key)) {
      if (required) throw new YamlShapeError(`Item has no mapping for key '${key}'`, this.item.pos);
      return undefined;
    }
    const n = this.node(key);
    if (n === null || (isScalar(n) && n.value === null)) {
      if (allowEmpty) return '';
      throw new YamlShapeError(`Mapping for key '${key}' is empty`, this.pos(key));
    }
    const s = scalarText(n);
    if (s === undefined) throw new YamlShapeError("Can't decode YAML scalar value", this.pos(key));
    if (s === '' && !allowEmpty) throw new YamlShapeError(`Mapping for key '${key}' is empty`, this.pos(key));
    return s;
  }

  bool(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const n = this.node(key);
    if (n && isScalar(n)) {
      if (typeof n.value === 'boolean') return n.value;
      // yaml-cpp also decodes these spellings as booleans.
      const s = String(n.source ?? n.value).toLowerCase();
      if (['y', 'yes', 'on'].includes(s)) return true;
      if (['n', 'no', 'off'].includes(s)) return false;
    }
    throw new YamlShapeError("Can't decode YAML scalar value", this.pos(key));
  }

  int(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const n = this.node(key);
    if (n && isScalar(n)) {
      const s = String(n.source ?? n.value);
      if (/^[+-]?\d+$/.test(s)) return Number(s);
    }
    throw new YamlShapeError("Can't decode YAML scalar value", this.pos(key));
  }

  /** A sequence of scalars (list items, tags, exception fields). */
  strList(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const n = this.node(key);
    if (n === null || (isScalar(n) && n.value === null)) return [];
    return seqOfScalars(n, this.pos(key), this.item.at, this.item.deref);
  }
}

/** Text of a scalar node: source text for plain scalars, decoded value for quoted ones. */
export function scalarText(n: Node): string | undefined {
  if (!isScalar(n)) return undefined;
  if (n.value === null) return '';
  if (n.type === 'PLAIN' && typeof n.source === 'string') return n.source;
  if (typeof n.value === 'object') return undefined;
  return String(n.value);
}

export function seqOfScalars(n: Node, pos: SourcePos, at: (n: Node) => SourcePos, deref?: (n: Node | null) => Node | null): string[] {
  if (!isSeq(n)) throw new YamlShapeError('Value is not a sequence', pos);
  const out: string[] = [];
  for (const raw of n.items) {
    const it = deref ? deref(raw as Node | null) : (raw as Node | null);
    const s = it === null ? '' : scalarText(it as Node);
    if (s === undefined) throw new YamlShapeError('sequence value is not scalar', at(it as Node));
    out.push(s);
  }
  return out;
}

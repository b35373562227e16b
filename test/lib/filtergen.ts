// Seeded, grammar-driven random filters for the differential suite. Fields come from the engine's
// field table (engine/generated/fields.ts, from schema/fields.json): every filterable syscall field,
// with arguments (proc.aname[2], evt.arg.fd, evt.arg[1], proc.env[HOME], evt.type.is.open, ...).
// Operands are drawn from the values the capture actually prints for that field (ColumnStore), so
// filters match something; every operator legal for the field's type, and/or/not, parentheses, lists
// and transformers (tolower toupper b64 basename len). The generator builds its own small tree
// (GenNode) which ref-eval.ts evaluates; `render` writes it as filter text.
//
// Mode 'sysdig' keeps to what sysdig 0.29.3 understands the same way (see SYSDIG_RULES in
// test/differential/sysdig.ts for the reasons): its fields, no transformers, no intersects/iglob/
// regex/bcontains/bstartswith, no empty lists, no glob in pmatch items, no double negation.
import { FIELDS, type FieldInfo } from '../../engine/generated/fields.ts';
import { EVENT_PARAMS } from '../../engine/generated/schema.ts';
import type { ColumnStore } from './columns.ts';
import type { Rng } from './rng.ts';

export type Kind = 'str' | 'num' | 'bool' | 'bytes' | 'ip' | 'net' | 'port' | 'double' | 'dyn' | 'list';

export interface FieldRef {
  info: FieldInfo;
  /** As written in the filter and in a `-p` format: `proc.aname[2]`, `evt.arg.fd`. */
  spec: string;
  kind: Kind;
  /** Integer width and signedness (num and port kinds). */
  bits: number;
  signed: boolean;
  /** Column the operands come from (a printable sibling for filter-only fields: fd.port <- fd.sport). */
  source: string;
}

export type Xf = 'tolower' | 'toupper' | 'basename' | 'len' | 'b64';

export interface Check {
  k: 'check';
  field: FieldRef;
  /** Transformers applied to the left value, innermost first. */
  xf: Xf[];
  op: string;
  /** Right-hand side: one value, a list, or nothing (exists). Byte strings (one char per byte). */
  rhs: string[];
  list: boolean;
}

export type GenNode = Check | { k: 'and' | 'or'; kids: GenNode[] } | { k: 'not'; kid: GenNode };

export type Mode = 'engine' | 'sysdig';

const SIGNED: Record<string, number> = { PT_INT8: 8, PT_INT16: 16, PT_INT32: 32, PT_INT64: 64, PT_ERRNO: 64, PT_PID: 64, PT_FD: 64 };
const UNSIGNED: Record<string, number> = { PT_UINT8: 8, PT_UINT16: 16, PT_UINT32: 32, PT_UINT64: 64, PT_RELTIME: 64, PT_ABSTIME: 64, PT_PORT: 16 };

function kindOf(f: FieldInfo): Kind {
  if (f.flags.includes('list')) return 'list';
  switch (f.type) {
    case 'PT_CHARBUF': case 'PT_FSPATH': case 'PT_FSRELPATH': return 'str';
    case 'PT_BOOL': return 'bool';
    case 'PT_BYTEBUF': return 'bytes';
    case 'PT_IPADDR': case 'PT_IPV4ADDR': case 'PT_IPV6ADDR': return 'ip';
    case 'PT_IPNET': case 'PT_IPV4NET': case 'PT_IPV6NET': return 'net';
    case 'PT_PORT': return f.printFormat === 'PF_DEC' ? 'num' : 'port';
    case 'PT_DOUBLE': return 'double';
    case 'PT_DYN': return 'dyn';
    default: return f.type in SIGNED || f.type in UNSIGNED ? 'num' : 'str';
  }
}

/** Every filterable field of the syscall source (the generator's universe). */
export const FILTER_FIELDS: readonly FieldInfo[] = FIELDS.filter((f) => f.source === 'syscall' && !f.flags.includes('print_only'));

/**
 * The universe on log captures (ColumnStore.universe = 'logs'): every ka.*, ct.* (and s3./ec2./ecr./iam.)
 * and json./jevt. field, plus the event fields that mean something on a plugin event.
 */
export const LOG_FIELDS: readonly FieldInfo[] = FIELDS.filter((f) => ['k8s_audit', 'aws_cloudtrail', 'json'].includes(f.source) && !f.flags.includes('print_only'));
const LOG_EVT_FIELDS = FILTER_FIELDS.filter((f) => ['evt.num', 'evt.type', 'evt.source', 'evt.pluginname', 'evt.plugininfo', 'evt.rawtime', 'evt.is_async'].includes(f.name));

const PARAM_NAMES = [...new Set(EVENT_PARAMS.flat())];
const COMMON_PARAMS = ['fd', 'res', 'name', 'flags', 'size', 'path', 'dirfd', 'tuple', 'data', 'mode', 'exe', 'args', 'pid', 'oldfd', 'newfd', 'cmd', 'addr'];
const ENV_KEYS = ['HOME', 'PATH', 'USER', 'PWD', 'SHELL', 'TERM', 'LANG', 'SCAPULA_NOPE'];
const CGROUPS = ['cpu', 'memory', 'pids', 'cpuset', 'unified', 'systemd'];

/** List fields whose index selects an element that is itself a list (plugin docs: "the verbs in the i-th rule"). */
const INDEXED_LISTS = /^ka\.req\.(role\.rules\.|pod\.(containers|initContainers|ephemeralContainers)\.host_port$)/;

/** A bracket argument the field parser takes as is (no brackets, quotes, blanks or control bytes). */
const SAFE_KEY = /^[\x21-\x7e]{1,200}$/;
const bracketable = (k: string) => SAFE_KEY.test(k) && !/[[\]"']/.test(k);

/** Items of a printed list value (joined with ','), for arguments drawn from other fields' values. */
function itemsOf(store: ColumnStore, spec: string): string[] {
  return [...new Set((store.column(spec)?.distinct ?? []).flatMap((v) => v.split(',')))];
}

const pointerCache = new WeakMap<ColumnStore, string[]>();
/** JSON pointers (RFC 6901) of every value in the capture's payloads (json.obj), first 600. */
function jsonPointers(store: ColumnStore): string[] {
  let out = pointerCache.get(store);
  if (out) return out;
  const seen = new Set<string>();
  const walk = (v: unknown, ptr: string, depth: number) => {
    if (seen.size >= 600 || depth > 8) return;
    if (ptr) seen.add(ptr);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>).slice(0, 40)) {
        walk(x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
      }
    }
  };
  for (const text of store.column('json.obj')?.distinct ?? []) {
    try { walk(JSON.parse(Buffer.from(text, 'latin1').toString('utf8')), '', 0); } catch { /* not JSON: no pointers */ }
  }
  out = [...seen].filter(bracketable);
  pointerCache.set(store, out);
  return out;
}

/** Query keys of the printed request URIs (ka.uri.param[KEY]). */
function uriKeys(store: ColumnStore): string[] {
  const keys = new Set<string>(['pretty', 'nope']);
  for (const uri of store.column('ka.uri')?.distinct ?? []) {
    const q = uri.indexOf('?');
    if (q >= 0) for (const kv of uri.slice(q + 1).split(/[&;]/)) keys.add(kv.split('=')[0]);
  }
  return [...keys].filter(bracketable);
}

function pickLogArg(rng: Rng, f: FieldInfo, store: ColumnStore): string | null {
  const pick = (pool: string[], extra: string[]) => {
    const all = [...pool, ...extra].filter(bracketable);
    return all.length ? `[${rng.pick(all)}]` : null;
  };
  switch (f.name) {
    case 'json.value': case 'jevt.value':
      return pick(jsonPointers(store), rng.chance(0.1) ? ['/nope', '/user/groups/9', '/0', '/requestObject/spec/containers/-'] : []);
    case 'ka.uri.param': return pick(uriKeys(store), []);
    case 'ka.req.binding.subject.has_name':
      return pick(itemsOf(store, 'ka.req.binding.subjects.user_names'), ['nope', 'system:anonymous']);
    case 'ka.req.volume.hostpath': return pick(itemsOf(store, 'ka.req.pod.volumes.hostpath'), ['/etc', '/var/run/docker.sock', '/*']);
  }
  if (f.arg === 'none') return '';
  if (f.arg === 'optional' && rng.chance(0.5)) return '';
  return `[${rng.int(0, 2)}]`;
}

/** Field arguments as written: '' (none), '[N]', '[KEY]' or '.NAME'. */
function pickArg(rng: Rng, f: FieldInfo, store: ColumnStore): string | null {
  const n = f.name;
  if (f.source !== 'syscall') return pickLogArg(rng, f, store);
  if (n === 'evt.arg') {
    if (rng.chance(0.3)) return `[${rng.int(0, 5)}]`;
    return '.' + (rng.chance(0.8) ? rng.pick(COMMON_PARAMS) : rng.pick(PARAM_NAMES));
  }
  if (n === 'evt.rawarg') return '.' + rng.pick(['res', 'fd', 'size', 'flags', 'pid', 'mode', 'dirfd', 'oldfd', 'newfd']);
  if (n === 'evt.type.is') {
    const types = store.column('evt.type')?.distinct ?? [];
    return '.' + (types.length && rng.chance(0.9) ? rng.pick(types) : rng.pick(['open', 'openat', 'read', 'execve', 'close']));
  }
  if (n === 'evt.around') {
    const ts = store.column('evt.rawtime')?.distinct ?? [];
    return ts.length ? `[${rng.pick(ts)}]` : null;
  }
  if (n === 'evt.abspath') return f.arg === 'optional' && rng.chance(0.3) ? '' : '.' + rng.pick(['src', 'dst']);
  if (n === 'thread.cgroup') return '.' + rng.pick(CGROUPS);
  if (n === 'proc.env') return rng.chance(0.2) ? '' : `[${rng.pick(ENV_KEYS)}]`;
  if (n === 'proc.aenv') return rng.chance(0.3) ? '' : rng.chance(0.5) ? `[${rng.int(0, 3)}]` : `[${rng.pick(ENV_KEYS)}]`;
  if (f.arg === 'none') return '';
  const idx = f.argKind.includes('index');
  if (f.arg === 'optional' && rng.chance(0.4)) return '';
  if (idx) return `[${rng.int(0, 4)}]`;
  return `[${rng.pick(['app', 'name', 'io.kubernetes.pod.name', 'x'])}]`;
}

/** Printable column the operands of a filter-only field come from. */
function sourceOf(rng: Rng, name: string, spec: string): string {
  switch (name) {
    case 'fd.ip': case 'fd.net': return rng.pick(['fd.cip', 'fd.sip']);
    case 'fd.cnet': return 'fd.cip';
    case 'fd.snet': return 'fd.sip';
    case 'fd.lnet': return 'fd.lip';
    case 'fd.rnet': return 'fd.rip';
    case 'fd.port': case 'fd.proto': return rng.pick(['fd.sport', 'fd.cport']);
    case 'evt.around': return 'evt.rawtime';
    default: return spec;
  }
}

const SYSDIG_FIELD_SKIP = new Set([
  'syscall.type', // procexit is not a syscall in current libs (filter-language.md §14)
  'evt.buflen', // sysdig 0.29 never matches evt.buflen in filters (§14)
  // sysdig 0.29 measures these from the previous event its filter let through, so they depend on the filter.
  'evt.deltatime', 'evt.deltatime.s', 'evt.deltatime.ns',
  // sysdig 0.29 filters on a thread's memory counters before a brk/mmap/munmap exit updates them but prints
  // them after (both readers print the same value, only its filter sees the old one).
  'proc.vmsize', 'proc.vmrss', 'proc.vmswap', 'thread.vmsize', 'thread.vmrss', 'thread.vmsize.b', 'thread.vmrss.b',
  // sysdig 0.29 never matches `in` on proc.apid (indexed or any ancestor) where `=` matches the same value.
  'proc.apid',
]);

export function pickField(rng: Rng, store: ColumnStore, mode: Mode, refOnly: boolean): FieldRef | null {
  for (let tries = 0; tries < 50; tries++) {
    const info = store.universe === 'logs' ? (rng.chance(0.9) ? rng.pick(LOG_FIELDS) : rng.pick(LOG_EVT_FIELDS))
      : rng.chance(0.5) ? rng.pick(HOT) : rng.pick(FILTER_FIELDS);
    if (store.allowed && !store.allowed.has(info.name)) continue;
    if (mode === 'sysdig' && (!info.inSysdig029 || SYSDIG_FIELD_SKIP.has(info.name))) continue;
    const arg = pickArg(rng, info, store);
    if (arg === null) continue;
    const spec = info.name + arg;
    const ref: FieldRef = {
      // A list field with an index (ka.req.pod.containers.image[0]) is one value, except where the index
      // picks an element that holds a list (the i-th rule's verbs, the i-th container's ports).
      info, spec, kind: kindOf(info) === 'list' && arg.startsWith('[') && !INDEXED_LISTS.test(info.name) ? 'str' : kindOf(info),
      bits: SIGNED[info.type] ?? UNSIGNED[info.type] ?? 0,
      signed: info.type in SIGNED,
      source: sourceOf(rng, info.name, spec),
    };
    if (refOnly && !restatable(ref)) continue;
    // On a log, half of the plugin fields belong to the other source: mostly draw fields with values here.
    if (store.universe === 'logs' && tries < 40 && rng.chance(0.85) && !store.column(ref.source)?.distinct.length) continue;
    return ref;
  }
  return null;
}

// Fields real filters use most, drawn half of the time so operands hit populated columns often.
const HOT_NAMES = ['fd.name', 'fd.num', 'fd.type', 'fd.typechar', 'fd.directory', 'fd.filename', 'fd.sport', 'fd.cport',
  'fd.port', 'fd.ip', 'fd.net', 'fd.l4proto', 'fd.sockfamily', 'fd.cip', 'fd.sip', 'proc.name', 'proc.pname', 'proc.aname',
  'proc.exe', 'proc.args', 'proc.cmdline', 'proc.pid', 'proc.ppid', 'proc.cwd', 'proc.env', 'thread.tid', 'user.name',
  'user.uid', 'group.gid', 'evt.type', 'evt.dir', 'evt.failed', 'evt.res', 'evt.rawres', 'evt.arg', 'evt.is_io',
  'evt.category', 'evt.buflen', 'evt.num', 'evt.cpu', 'evt.type.is', 'evt.buffer', 'evt.is_open_read', 'fs.path.name',
  'fd.types', 'proc.apid', 'proc.aexe', 'evt.rawarg', 'evt.around', 'syscall.type', 'proc.is_sid_leader', 'fd.is_server'];
export const HOT = FILTER_FIELDS.filter((f) => HOT_NAMES.includes(f.name));

/**
 * Log list fields whose items never contain ',' in the corpus (names, URLs, numbers, addresses; log-corpus.ts
 * puts no odd strings there): their printed value (items joined with ',') splits back into the items exactly.
 */
export const COMMA_FREE_LISTS = /^(ka\.req\.role\.rules\.(apiGroups|nonResourceURLs|verbs|resources)|ka\.req\.pod\.(containers|initContainers|ephemeralContainers)\.(host_port|privileged|run_as_user|eff_run_as_user)|ka\.sourceips|ka\.req\.pod\.supplemental_groups|ec2\.imageids)$/;

/** Fields the reference evaluator restates exactly from the printed value (oracle (a)). */
export function restatable(f: FieldRef): boolean {
  if (f.kind === 'list') return COMMA_FREE_LISTS.test(f.info.name);
  if (!['str', 'num', 'bool'].includes(f.kind)) return false; // ip/net/port/double/bytes/dyn/list: left to (b)/(c)
  if (f.info.flags.includes('filter_only')) return false;
  // Printed as sysdig 0.29 does (procexit), filtered as current libs do (missing): filter-language.md §14.
  if (f.spec === 'syscall.type') return false;
  if (f.info.printFormat === 'PF_HEX' || f.info.printFormat === 'PF_OCT') return false;
  // proc.a* without an index match ANY ancestor; their printed form is a joined list (left to (b)/(c)).
  if (/^proc\.a(name|exe|exepath|cmdline|pid|env|args)$/.test(f.spec)) return false;
  // proc.aenv[KEY] looks KEY up in the ancestors' environments; its printed form is not that value.
  if (f.info.name === 'proc.aenv') return false;
  // Values the formatter shortens or re-renders for display (byte buffers, the args line).
  // (buffer and list parameters print with '.' for NUL and are cut at 80 bytes: execve args, env, data...).
  if (/^evt\.(arg\.(data|args|env|val|value|value_bytebuf|msgcontrol|cgroups|uargs|argv)|args|info|plugininfo|buffer)$/.test(f.spec) || /^evt\.arg\[/.test(f.spec)) return false;
  return true;
}

export function checkRestatable(c: Check): boolean {
  return restatable(c.field) && !c.xf.includes('b64');
}

const STR_OPS = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', 'exists'];
const NUM_OPS = ['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists'];
const EQ_OPS = ['=', '!=', 'in', 'intersects', 'exists'];
const BYTES_OPS = ['=', '!=', 'contains', 'startswith', 'endswith', 'bcontains', 'bstartswith', 'in', 'exists'];
const SYSDIG_NO = new Set(['intersects', 'iglob', 'regex', 'bcontains', 'bstartswith', '==']);

function opsFor(kind: Kind): string[] {
  switch (kind) {
    case 'str': return STR_OPS;
    case 'num': case 'port': case 'dyn': return NUM_OPS;
    case 'bool': case 'ip': return EQ_OPS;
    case 'net': return ['=', '!=', 'in', 'exists'];
    case 'bytes': return BYTES_OPS;
    case 'double': return ['=', '!=', '<', '>', 'exists'];
    case 'list': return ['in', 'intersects', 'exists'];
  }
}

/** A random check on a field, operands from the values the capture prints. */
export function genCheck(rng: Rng, store: ColumnStore, mode: Mode, refOnly: boolean): Check | null {
  const field = pickField(rng, store, mode, refOnly);
  if (!field) return null;
  const xf: Xf[] = [];
  const canXf = mode === 'engine' && (field.kind === 'str') && !field.info.flags.includes('no_transformer');
  if (canXf && rng.chance(0.25)) {
    xf.push(rng.pick(['tolower', 'toupper', 'basename', 'b64'] as Xf[]));
    if (rng.chance(0.3)) xf.push(rng.pick(['tolower', 'toupper', 'basename', 'len'] as Xf[]));
    else if (rng.chance(0.3)) xf.push('len');
    if (refOnly && xf.includes('b64')) return null;
  }
  const kind: Kind = xf[xf.length - 1] === 'len' ? 'num' : field.kind;
  let ops = opsFor(kind);
  if (mode === 'sysdig') ops = ops.filter((o) => !SYSDIG_NO.has(o));
  if (field.info.name === 'evt.around') ops = ['='];
  // evt.type values must name a known event type, for every operator: compare whole names only.
  if (field.info.name === 'evt.type' && !xf.length) ops = ops.filter((o) => ['=', '==', '!=', 'in', 'intersects', 'exists'].includes(o));
  const op = rng.pick(ops);
  const col = store.column(field.source);
  // A fifth of the time, values with non-ASCII bytes when the column has any (rare among many values).
  const odd = col && col.nonAscii.length && rng.chance(0.2) ? col.nonAscii : null;
  let pool = (odd ?? col?.distinct ?? []).filter((v) => !v.includes('\0'));
  if (xf.length) pool = pool.map((v) => applyXf(xf, v)).filter((v): v is string => v !== null);
  const c: Check = { k: 'check', field, xf, op, rhs: [], list: false };
  if (op === 'exists') return c;
  if (op === 'in' || op === 'intersects' || op === 'pmatch') {
    c.list = true;
    const n = mode === 'sysdig' ? rng.int(1, 4) : rng.int(0, 4);
    for (let i = 0; i < n; i++) c.rhs.push(operand(rng, op, kind, field, pool, mode));
    if (mode === 'engine' && n === 0 && rng.chance(0.5)) c.rhs.push(operand(rng, op, kind, field, pool, mode));
    return c;
  }
  c.rhs.push(operand(rng, op, kind, field, pool, mode));
  return c;
}

/** The value a check compares with, derived from a value the capture prints (or a near miss). */
function operand(rng: Rng, op: string, kind: Kind, f: FieldRef, pool: string[], mode: Mode): string {
  const v = pool.length && rng.chance(0.9) ? rng.pick(pool) : '';
  if (f.info.name === 'evt.around') return String(rng.pick([0, 1, 5, 100, 1000, 60000]));
  switch (kind) {
    case 'num': case 'port': case 'dyn': {
      let n: bigint;
      try { n = BigInt(/^-?\d+$/.test(v) ? v : String(rng.int(0, 4000))); } catch { n = 0n; }
      if (op !== '=' && op !== '==' && rng.chance(0.5)) n += BigInt(rng.int(-3, 3));
      if (f.bits) {
        const lo = f.signed ? -(1n << BigInt(f.bits - 1)) : 0n;
        const hi = f.signed ? (1n << BigInt(f.bits - 1)) - 1n : (1n << BigInt(f.bits)) - 1n;
        if (n < lo) n = lo;
        if (n > hi) n = hi;
      } else if (n < 0n && kind === 'num') n = 0n;
      return String(n);
    }
    case 'bool': return rng.chance(0.5) ? 'true' : 'false';
    case 'ip': return v && /^[0-9a-fA-F.:]+$/.test(v) ? v : rng.pick(['127.0.0.1', '::1', '10.0.0.1']);
    case 'net': {
      const ip = v && /^[0-9a-fA-F.:]+$/.test(v) ? v : '127.0.0.1';
      if (ip.includes('.')) return `${ip}/${rng.pick([8, 16, 24, 32])}`;
      return mode === 'sysdig' ? '127.0.0.0/8' : `${ip}/${rng.pick([64, 96, 128])}`;
    }
    case 'double': return String(rng.int(0, 3));
    case 'bytes': {
      const s = v.replace(/[^\x20-\x7e]/g, '').slice(0, 12);
      const part = s.slice(0, rng.int(0, s.length));
      if (op === 'bcontains' || op === 'bstartswith') return [...part].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
      return part;
    }
    case 'list': {
      const items = v.replace(/^\(|\)$/g, '').split(',').filter(Boolean);
      return items.length ? rng.pick(items) : rng.pick(['file', 'ipv4', 'unix', 'pipe']);
    }
    case 'str': return strOperand(rng, op, v, mode);
  }
}

function strOperand(rng: Rng, op: string, v: string, mode: Mode): string {
  const cut = () => rng.int(0, v.length);
  switch (op) {
    case 'contains': { const a = cut(); return v.slice(a, a + rng.int(0, 8)); }
    case 'icontains': { const a = cut(); return flipCase(rng, v.slice(a, a + rng.int(0, 8))); }
    case 'startswith': return v.slice(0, cut());
    case 'endswith': return v.slice(cut());
    // Patterns from a window of at most 48 bytes of the value (with * or .* around a cut), so their
    // size stays that of a hand-written pattern.
    case 'glob': return window(rng, v, '*', (w) => globOf(rng, w, false));
    case 'iglob': return window(rng, flipCase(rng, v), '*', (w) => globOf(rng, w, true));
    case 'regex': return window(rng, v, '.*', (w) => regexOf(rng, w));
    case 'pmatch': {
      const comps = v.split('/').filter(Boolean);
      const k = rng.int(0, comps.length);
      const p = comps.slice(0, k);
      if (mode === 'engine' && p.length && rng.chance(0.3)) p[rng.int(0, p.length - 1)] = rng.pick(['*', '?*']);
      return '/' + p.join('/');
    }
    case '<': case '<=': case '>': case '>=': {
      // Strings compare with strcmp (byte order). Half the time a number (all current libs' parser takes),
      // else any value as sysdig 0.29 allows: the value itself, a prefix of it, or one byte past it.
      const digits = /^\d+/.exec(v)?.[0];
      if (rng.chance(0.5)) return digits && rng.chance(0.7) ? digits.slice(0, rng.int(1, digits.length)) : String(rng.int(0, 999));
      return rng.pick([v, v.slice(0, cut()), v + 'x']);
    }
    default:
      return rng.chance(0.95) ? v : v + 'x';
  }
}

function window(rng: Rng, v: string, any: string, make: (w: string) => string): string {
  if (v.length <= 48) return make(v);
  const a = rng.chance(0.3) ? 0 : rng.int(0, v.length - 48);
  const b = a + rng.int(1, 48);
  return (a > 0 ? any : '') + make(v.slice(a, b)) + (b < v.length ? any : '');
}

function flipCase(rng: Rng, s: string): string {
  let out = '';
  for (const ch of s) out += /[a-zA-Z]/.test(ch) && rng.chance(0.5) ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch;
  return out;
}

const GLOB_SPECIAL = /[*?[\\]/;
function globOf(rng: Rng, v: string, fold: boolean): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    const ascii = ch.charCodeAt(0) < 128;
    const r = rng.next();
    if (r < 0.04) { out += '*'; i += rng.int(0, 6); continue; }
    if (ascii && r < 0.08) { out += '?'; continue; }
    if (ascii && /[a-z]/.test(ch) && r < 0.1) { out += fold ? '[A-Z]' : '[a-z]'; continue; }
    if (ascii && /[0-9]/.test(ch) && r < 0.12) { out += '[!a-z]'; continue; }
    out += GLOB_SPECIAL.test(ch) ? '\\' + ch : ch;
  }
  if (rng.chance(0.3)) out = out.slice(0, rng.int(0, out.length)).replace(/\\$/, '') + '*';
  return out;
}

const RE_SPECIAL = /[\\^$.|?*+()[\]{}]/;
/** An RE2 pattern built from a value: ASCII kept (escaped), runs replaced by .*, a few . and classes. */
function regexOf(rng: Rng, v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    const ascii = ch.charCodeAt(0) < 128 && ch !== '\n';
    const r = rng.next();
    if (!ascii || r < 0.04) {
      out += '.*';
      while (i + 1 < v.length && (v.charCodeAt(i + 1) >= 128 || rng.chance(0.5))) i++;
      continue;
    }
    if (r < 0.07) { out += '.'; continue; }
    if (/[a-z]/.test(ch) && r < 0.09) { out += '[a-z]+'; while (i + 1 < v.length && /[a-z]/.test(v[i + 1])) i++; continue; }
    if (/[0-9]/.test(ch) && r < 0.11) { out += '[0-9]*'; while (i + 1 < v.length && /[0-9]/.test(v[i + 1])) i++; continue; }
    out += RE_SPECIAL.test(ch) ? '\\' + ch : ch;
  }
  if (rng.chance(0.2)) out = `(${out}|nomatch)`;
  return out;
}

/** Transformers over a printed value (null = the extraction fails), innermost first. */
export function applyXf(xf: Xf[], v: string | null): string | null {
  for (const x of xf) {
    if (v === null) return null;
    switch (x) {
      case 'tolower': v = v.replace(/[A-Z]/g, (c) => c.toLowerCase()); break;
      case 'toupper': v = v.replace(/[a-z]/g, (c) => c.toUpperCase()); break;
      case 'basename': v = v.slice(v.lastIndexOf('/') + 1); break;
      case 'len': { const z = v.indexOf('\0'); v = String(z < 0 ? v.length : z); break; }
      case 'b64': v = b64decode(v); break;
    }
  }
  return v;
}

/** Standard base64 decode with optional padding, null when invalid (a stricter guess than the engine's; b64 is left to (b)). */
function b64decode(s: string): string | null {
  const t = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return null;
  return Buffer.from(t, 'base64').toString('latin1');
}

/** A random boolean tree of checks (depth ≤ 3). */
export function genFilter(rng: Rng, store: ColumnStore, mode: Mode, refOnly: boolean, depth = 0): GenNode | null {
  const r = rng.next();
  if (depth < 3 && r < 0.35) {
    const kids: GenNode[] = [];
    const n = rng.int(2, 3);
    for (let i = 0; i < n; i++) {
      const k = genFilter(rng, store, mode, refOnly, depth + 1);
      if (k) kids.push(k);
    }
    if (kids.length === 0) return null;
    return kids.length === 1 ? kids[0] : { k: rng.chance(0.5) ? 'and' : 'or', kids };
  }
  if (depth < 3 && r < 0.45) {
    const kid = genFilter(rng, store, mode, refOnly, depth + 1);
    if (!kid) return null;
    if (mode === 'sysdig' && kid.k === 'not') return kid; // sysdig 0.29 evaluates `not not x` wrongly
    return { k: 'not', kid };
  }
  return genCheck(rng, store, mode, refOnly);
}

export function checksOf(n: GenNode, out: Check[] = []): Check[] {
  if (n.k === 'check') out.push(n);
  else if (n.k === 'not') checksOf(n.kid, out);
  else for (const k of n.kids) checksOf(k, out);
  return out;
}

const RESERVED = new Set(['and', 'or', 'not', 'exists', 'oneof', 'anyof', 'allof', 'in', 'intersects', 'pmatch', 'contains',
  'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'regex', 'bcontains', 'bstartswith', 'val']);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A value (a byte string) as filter text: a bare word when safe, else a double-quoted string. Valid UTF-8
 * is written as its characters (as a user types it); other bytes, controls, quotes and backslashes as
 * \xHH escapes (filter-language.md §2.1: one byte each).
 */
export function literal(v: string, rng?: Rng): string {
  if (/^[A-Za-z0-9_/.:+-][A-Za-z0-9_/.:+*?-]*$/.test(v) && !RESERVED.has(v) && !/^[<>!]/.test(v) && (!rng || rng.chance(0.7))) return v;
  let text = v;
  if (/[\x80-\xff]/.test(v)) {
    try { text = UTF8.decode(Buffer.from(v, 'latin1')); } catch { /* not UTF-8: bytes as escapes */ }
  }
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const raw = text !== v || c < 0x80; // characters of decoded UTF-8, or ASCII
    if (c >= 0x20 && c !== 0x7f && c !== 0x22 && c !== 0x5c && c !== 0x27 && raw) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

export function renderCheck(c: Check, rng?: Rng): string {
  let left = c.field.spec;
  for (const x of c.xf) left = `${x}(${left})`;
  if (c.op === 'exists') return `${left} exists`;
  if (c.list) return `${left} ${c.op} (${c.rhs.map((v) => literal(v, rng)).join(', ')})`;
  return `${left} ${c.op} ${literal(c.rhs[0], rng)}`;
}

/** Filter text. Nested and/or groups are always parenthesised (sysdig 0.29 rejects mixing them bare). */
export function render(n: GenNode, rng?: Rng): string {
  if (n.k === 'check') return renderCheck(n, rng);
  if (n.k === 'not') {
    const inner = render(n.kid, rng);
    return n.kid.k === 'check' ? `not ${inner}` : `not (${inner})`;
  }
  return n.kids.map((k) => (k.k === 'and' || k.k === 'or' ? `(${render(k, rng)})` : render(k, rng))).join(` ${n.k} `);
}

/**
 * Directed checks on the values with non-ASCII bytes of path fields (the workload's odd names): `=` with
 * the whole value and `contains` with a piece around its first high byte, at most `max` per field. Random
 * filters reach such values rarely among thousands of others.
 */
export function nonAsciiChecks(store: ColumnStore, max = 8): Check[] {
  const out: Check[] = [];
  const names = store.universe === 'logs'
    ? ['ka.user.name', 'ka.target.name', 'ka.uri', 'ka.useragent', 'ka.req.pod.containers.image[0]', 'ct.user', 'ct.info', 'ct.useragent', 's3.key', 'json.value[/user/username]']
    : ['fd.name', 'fd.nameraw', 'fs.path.name', 'fs.path.nameraw', 'fs.path.sourceraw', 'fs.path.targetraw', 'proc.cwd'];
  for (const name of names) {
    const info = [...FILTER_FIELDS, ...LOG_FIELDS].find((f) => f.name === name.replace(/\[.*$/, ''));
    const col = store.column(name);
    if (!info || !col) continue;
    const field: FieldRef = { info, spec: name, kind: 'str', bits: 0, signed: false, source: name };
    for (const v of col.nonAscii.slice(0, max)) {
      if (v.includes('\0')) continue;
      const hi = v.search(/[\x80-\xff]/);
      out.push({ k: 'check', field, xf: [], op: '=', rhs: [v], list: false });
      out.push({ k: 'check', field, xf: [], op: 'contains', rhs: [v.slice(Math.max(0, hi - 1), hi + 2)], list: false });
    }
  }
  return out;
}

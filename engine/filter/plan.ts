// The evaluation plan: the checked tree flattened into Int32 words that the WASM evaluator reads
// straight from linear memory (layout described in wasm/src/filter/plan.ts; the codes of both sides are
// generated from scripts/gen/boundary.json). Constants (strings,
// IPv6 addresses, regex programs) live in the same word array, referenced by word offset, so a plan
// is one buffer: copied in once, evaluated any number of times. Checks whose subject is a function of
// the event type alone (evt.type, evt.dir, evt.type.is.X, syscall.type) are evaluated here, once per event
// type, and become a bitmap over type ids: the evaluator then tests one bit per event. Checks on index
// columns (evt.num, evt.cpu, thread.tid, evt.rawtime) become tight column loops; proc.* checks are marked
// for a per-thread-version memo; and/or children are ordered cheapest first.
import type { Checked, Const, FieldOperand, Leaf } from './checker.ts';
import { EVENT_CATEGORIES, EVENT_DIRS, EVENT_NAMES, EC_SYSCALL, PPME_GENERIC_E, PPME_GENERIC_X } from '../generated/schema.ts';
import { regexFullMatch } from './regex.ts';
import { globMatch, pmatch, strOp } from './strops.ts';
import { literalBytes } from './values.ts';
import {
  PLAN_MAGIC, PLAN_VERSION, N_AND, N_OR, N_NOT, N_CONST, N_LEAF, N_TYPETABLE, N_NUMCOL, OPS, MODS, MULTI, CLS, XFORMS,
  KEY_NONE, KEY_THREAD, KEY_GENERAL, KEY_THREAD_EPOCH, KEY_FD, KEY_THREAD_USERS, NUM_COLUMNS, OPND_LITERAL, OPND_CONCAT,
  OPND_JOIN, OPND_GETOPT,
} from '../generated/boundary.ts';

export interface Plan {
  words: Int32Array;
  leaves: number;
}

/** Header: [magic, version, rootOffset, leafCount]. */
class Writer {
  w: number[] = [PLAN_MAGIC, PLAN_VERSION, 0, 0];
  leaves = 0;

  /** Appends words one by one (a spread of a long constant list overflows the call stack). */
  append(words: readonly number[]): void {
    for (const x of words) this.w.push(x);
  }

  bytes(b: Uint8Array): number {
    const off = this.w.length;
    for (let i = 0; i < b.length; i += 4) this.w.push((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) | 0);
    return off;
  }

  ints(a: Int32Array): number {
    const off = this.w.length;
    for (const x of a) this.w.push(x);
    return off;
  }
}

export interface PlanOptions {
  /** false: every check goes through the general path (extractor per event). For differential tests. */
  fastPaths?: boolean;
}

let fast = true;

export function buildPlan(root: Checked, opts: PlanOptions = {}): Plan {
  fast = opts.fastPaths ?? true;
  const wr = new Writer();
  const rootOff = emit(wr, root);
  wr.w[2] = rootOff;
  wr.w[3] = wr.leaves;
  return { words: Int32Array.from(wr.w), leaves: wr.leaves };
}

function emit(wr: Writer, n: Checked): number {
  switch (n.kind) {
    case 'and': case 'or': {
      // Cheapest children first: and/or are commutative here (checks have no side effects and a missing
      // field is simply false), and in an `and` every later child only sees what earlier ones kept.
      const order = n.children.map((c, i) => ({ c, i, cost: fast ? cost(c) : 0 })).sort((a, b) => a.cost - b.cost || a.i - b.i);
      const kids = order.map((x) => emit(wr, x.c));
      const off = wr.w.length;
      wr.w.push(n.kind === 'and' ? N_AND : N_OR, kids.length, ...kids);
      return off;
    }
    case 'not': {
      const c = emit(wr, n.child);
      const off = wr.w.length;
      wr.w.push(N_NOT, c);
      return off;
    }
    case 'const': {
      const off = wr.w.length;
      wr.w.push(N_CONST, n.value ? 1 : 0);
      return off;
    }
    case 'leaf': return emitLeaf(wr, n.leaf);
  }
}

/** Rough relative cost per event of evaluating a node (orders and/or children). */
function cost(n: Checked): number {
  switch (n.kind) {
    case 'const': return 0;
    case 'not': return cost(n.child);
    case 'and': case 'or': return n.children.reduce((a, c) => a + cost(c), 0);
    case 'leaf': {
      const l = n.leaf;
      // evt.num is the event's index; evt.cpu/thread.tid/evt.rawtime read the event header in the raw bytes
      if (NUM_COLUMNS[l.left.field.info.name] && !l.left.xforms.length && !l.rhs && !l.left.composite) {
        return l.left.field.info.name === 'evt.num' ? 1 : 3;
      }
      if (!l.left.xforms.length && !l.rhs && !l.left.composite && TYPE_FIELDS.has(l.left.field.info.name)) return 1;
      if (l.left.composite || l.rhs || l.op === 'regex') return 50;
      if (keyMode(l) === KEY_THREAD) return 5;
      if (l.multi === 'any') return 40;
      return 20;
    }
  }
}

const TYPE_FIELDS = new Set(['evt.type', 'evt.dir', 'evt.type.is', 'syscall.type']);

// Numeric fields that are columns of the event index (NUM_COLUMNS): evaluated in a tight loop, no extraction.
const NUMCOL_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects']);

function emitLeaf(wr: Writer, leaf: Leaf): number {
  const col = NUM_COLUMNS[leaf.left.field.info.name];
  if (fast && col && !leaf.left.composite && !leaf.left.xforms.length && !leaf.rhs && !leaf.modifier && NUMCOL_OPS.has(leaf.op)) {
    // [N_NUMCOL, column, op, signed, nValues, lo, hi, ...]
    const off = wr.w.length;
    wr.w.push(N_NUMCOL, col, OPS[leaf.op], leaf.left.cls === 'int' ? 1 : 0, leaf.values.length);
    for (const v of leaf.values) {
      const x = (v as { v: bigint }).v;
      wr.w.push(Number(BigInt.asIntN(32, x)), Number(BigInt.asIntN(32, x >> 32n)));
    }
    return off;
  }
  const table = fast ? typeTable(leaf) : null;
  const leafOff = emitGenericLeaf(wr, leaf);
  if (!table) return leafOff;
  const words = Math.ceil(EVENT_NAMES.length / 32);
  const off = wr.w.length;
  wr.w.push(N_TYPETABLE, table.fallback.some((x) => x) ? leafOff : -1, EVENT_NAMES.length, words);
  for (const bits of [table.truth, table.fallback]) {
    for (let k = 0; k < words; k++) {
      let v = 0;
      for (let b = 0; b < 32; b++) if (bits[k * 32 + b]) v |= 1 << b;
      wr.w.push(v);
    }
  }
  return off;
}

/**
 * Operand words: a 6-word header then the transformer codes. Header by kind:
 *   field     [fieldId, argLo, argHi, argStrOff, argStrLen, nX]
 *   literal   [-1, strOff, strLen, 0, 0, nX]
 *   concat    [-2, nArgs, tableOff, 0, 0, nX]          table: nArgs operand offsets
 *   join      [-3, sepOff, tableOff, nItems, 0, nX]
 *   getopt    [-4, tableOff, nArgv, optOff, optLen | (char+1) << 16, nX]
 */
function emitOperand(wr: Writer, o: FieldOperand): number[] {
  const x = [o.xforms.length, ...o.xforms.map((t) => XFORMS[t])];
  const c = o.composite;
  if (c) {
    switch (c.kind) {
      case 'literal': {
        const b = literalBytes(c.text);
        return [OPND_LITERAL, b.length ? wr.bytes(b) : -1, b.length, 0, 0, ...x];
      }
      case 'concat': return [OPND_CONCAT, c.args.length, table(wr, c.args), 0, 0, ...x];
      case 'join': return [OPND_JOIN, standalone(wr, c.sep), table(wr, c.items), c.items.length, 0, ...x];
      case 'getopt': {
        const b = literalBytes(c.optstring);
        const ch = c.ch === null ? 0 : c.ch.charCodeAt(0) + 1;
        return [OPND_GETOPT, table(wr, c.argv), c.argv.length, b.length ? wr.bytes(b) : -1, b.length | (ch << 16), ...x];
      }
    }
  }
  const argNum = o.field.argNum ?? -1n;
  let strOff = -1, strLen = 0;
  if (o.field.argStr !== null) {
    const b = literalBytes(o.field.argStr);
    strOff = wr.bytes(b);
    strLen = b.length;
  }
  return [o.field.info.id, Number(BigInt.asIntN(32, argNum)), Number(BigInt.asIntN(32, argNum >> 32n)), strOff, strLen, ...x];
}

/** Writes an operand as its own record (for composites' arguments); returns its offset. */
function standalone(wr: Writer, o: FieldOperand): number {
  const words = emitOperand(wr, o);
  const off = wr.w.length;
  wr.append(words);
  return off;
}

function table(wr: Writer, ops: FieldOperand[]): number {
  const offs = ops.map((o) => standalone(wr, o));
  const off = wr.w.length;
  wr.append(offs);
  return off;
}

function emitGenericLeaf(wr: Writer, leaf: Leaf): number {
  // constants first (they append to the word array), then the leaf record
  const left = emitOperand(wr, leaf.left);
  const right = leaf.rhs ? emitOperand(wr, leaf.rhs) : null;
  const slots: number[] = [];
  leaf.values.forEach((v, k) => {
    const s = constSlot(wr, v);
    if (leaf.regex) {
      const p = leaf.regex[k];
      s[2] = wr.ints(p);
      s[3] = p.length;
    }
    for (const x of s) slots.push(x);
  });
  const off = wr.w.length;
  const id = wr.leaves++;
  const signedBits = (leaf.left.cls === 'int' ? 0x100 : 0) | leaf.left.bits;
  wr.w.push(N_LEAF, id, keyMode(leaf));
  wr.append(left);
  wr.w.push(OPS[leaf.op], leaf.modifier ? MODS[leaf.modifier] : 0, MULTI[leaf.multi], CLS[leaf.left.cls], signedBits, right ? 1 : 0);
  if (right) wr.append(right);
  wr.w.push(leaf.values.length);
  wr.append(slots);
  return off;
}

// Fields whose extractor reads only the event's thread version (wasm/src/fields/proc.ts): a check on
// them has one answer per thread version, so the evaluator memoises it per version.
const THREAD_VERSION_FIELDS = new Set(['proc.name', 'proc.exe', 'proc.exepath', 'proc.args', 'proc.cmdline',
  'proc.pid', 'proc.vpid', 'proc.tty', 'proc.sid', 'proc.vpgid', 'thread.vtid', 'proc.cmdnargs', 'proc.cmdlenargs',
  'proc.exeline', 'user.uid', 'user.loginuid', 'group.gid']);
// Fields of the thread version looked up in the user/group tables: one answer per thread version among
// the events after the tables' last change (wasm/src/state/users.ts usersFinalFrom).
const THREAD_USER_FIELDS = new Set(['user.name', 'user.homedir', 'user.shell', 'user.loginname', 'group.name']);
// Fields whose extractor reads the event's thread version and the versions of its main thread and parents
// as they were at the event (threadAt): one answer per (thread version, thread epoch), see
// wasm/src/filter/threadepoch.ts. (proc.ppid_duration/ppid_ts and proc.sname are left out: they read more.)
const THREAD_EPOCH_FIELDS = new Set(['proc.aname', 'proc.aexe', 'proc.aexepath', 'proc.apid', 'proc.acmdline',
  'proc.aenv', 'proc.aargs', 'proc.pname', 'proc.pexe', 'proc.pexepath', 'proc.pcmdline', 'proc.pvpid', 'proc.ppid']);
// fd.* fields whose extractor reads only the event's fd version (wasm/src/fields/fd.ts fdVersionKey): a
// check on them has one answer per fd version. (fd.num, fd.uid, fd.name_changed and the container-prefixed
// names read the event or its thread too.)
const FD_VERSION_FIELDS = new Set(['fd.name', 'fd.nameraw', 'fd.type', 'fd.typechar', 'fd.directory', 'fd.filename',
  'fd.ip', 'fd.net', 'fd.cip', 'fd.cnet', 'fd.sip', 'fd.snet', 'fd.lip', 'fd.rip', 'fd.lnet', 'fd.rnet', 'fd.port',
  'fd.proto', 'fd.cport', 'fd.cproto', 'fd.sport', 'fd.sproto', 'fd.lport', 'fd.rport', 'fd.lproto', 'fd.rproto',
  'fd.l4proto', 'fd.sockfamily', 'fd.is_server', 'fd.connected', 'fd.dev', 'fd.dev.major', 'fd.dev.minor', 'fd.ino',
  'fd.types', 'fd.is_upper_layer', 'fd.is_lower_layer']);
// Key modes (KEY_*): KEY_GENERAL is no memo and no per-event value cache (the general path, for fastPaths: false).

function keyMode(leaf: Leaf): number {
  const L = leaf.left;
  if (!fast) return KEY_GENERAL;
  if (leaf.rhs || L.composite || leaf.op === 'around') return KEY_NONE;
  if (THREAD_VERSION_FIELDS.has(L.field.info.name)) return KEY_THREAD;
  if (FD_VERSION_FIELDS.has(L.field.info.name)) return KEY_FD;
  if (THREAD_USER_FIELDS.has(L.field.info.name)) return KEY_THREAD_USERS;
  return THREAD_EPOCH_FIELDS.has(L.field.info.name) ? KEY_THREAD_EPOCH : KEY_NONE;
}

function constSlot(wr: Writer, v: Const): number[] {
  switch (v.c) {
    case 'num': return [Number(BigInt.asIntN(32, v.v)), Number(BigInt.asIntN(32, v.v >> 32n)), 0, 0];
    case 'str': return [v.bytes.length ? wr.bytes(v.bytes) : -1, v.bytes.length, 0, 0];
    case 'ip': return 'v4' in v.v ? [4, v.v.v4 | 0, 0, 0] : [6, wr.bytes(v.v.v6), 0, 0];
    case 'net': return 'v4' in v.v ? [4, v.v.v4 | 0, v.v.prefix, 0] : [6, wr.bytes(v.v.v6), v.v.prefix, 0];
  }
}

// ---- event-type tables ---------------------------------------------------------------------------

const GENERIC_TYPES = new Set([PPME_GENERIC_E, PPME_GENERIC_X]); // the name comes from the syscall id parameter

/** Truth of the check per event type id, when its subject depends only on the type. */
function typeTable(leaf: Leaf): { truth: boolean[]; fallback: boolean[] } | null {
  const L = leaf.left;
  if (L.xforms.length || leaf.rhs || L.composite) return null;
  const name = L.field.info.name;
  let subject: (t: number) => string | null;
  let numeric = false;
  if (name === 'evt.type') subject = (t) => EVENT_NAMES[t];
  // syscall.type is missing (every check false) on events that are not system calls
  else if (name === 'syscall.type') subject = (t) => ((EVENT_CATEGORIES[t] & EC_SYSCALL) !== 0 ? EVENT_NAMES[t] : null);
  else if (name === 'evt.dir') subject = (t) => (EVENT_DIRS[t] === 'enter' ? '>' : '<');
  else if (name === 'evt.type.is' && L.field.argStr !== null) {
    const want = L.field.argStr;
    numeric = true;
    subject = (t) => (EVENT_NAMES[t] === want ? '1' : '0');
  } else return null;
  const truth: boolean[] = [];
  const fallback: boolean[] = [];
  for (let t = 0; t < EVENT_NAMES.length; t++) {
    const generic = GENERIC_TYPES.has(t) && name !== 'evt.dir';
    fallback.push(generic);
    const subj = generic ? null : subject(t);
    truth.push(subj === null ? false : evalOnString(leaf, subj, numeric));
  }
  return { truth, fallback };
}

function evalOnString(leaf: Leaf, s: string, numeric: boolean): boolean {
  const op = leaf.op;
  if (op === 'exists') return true;
  const vals = leaf.values.map((v) => (v.c === 'num' ? v.v.toString() : v.c === 'str' ? v.v : ''));
  const one = (v: string, k: number): boolean => {
    if (numeric) {
      const a = BigInt(s), b = BigInt(v);
      switch (op) {
        case '=': case '==': case 'in': case 'intersects': return a === b;
        case '!=': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
      }
      return false;
    }
    if (op === 'regex') return regexFullMatch(leaf.regex![k], literalBytes(s));
    return strOp(op, s, v);
  };
  if (leaf.modifier) {
    let n = 0;
    vals.forEach((v, k) => { if (one(v, k)) n++; });
    if (vals.length === 0) return false;
    return leaf.modifier === 'anyof' ? n >= 1 : leaf.modifier === 'allof' ? n === vals.length : n === 1;
  }
  if (op === 'pmatch') return pmatch(vals, s);
  if (op === 'in' || op === 'intersects') return vals.some((v, k) => one(v, k));
  return one(vals[0], 0);
}

export { globMatch };

// Oracle (c): the real sysdig 0.29.3 on the captures it reads (the samples and the recordings made
// with --legacy). For a random filter in the generator's 'sysdig' mode, the exit events Scapula
// selects equal the exit events `sysdig -r FILE -p '*%evt.num %evt.dir' 'WRAPPER or (FILTER)'` prints
// (sysdigWrapper: every enter and every state-changing exit kept, see the rules below).
//
// Known differences between sysdig 0.29.3 and current libs (shared/docs/filter-language.md §14 and the
// top of test/golden/filter-sysdig.test.ts), each excluded by a rule, never by a stored result:
import { sysdigAsync } from '../lib/sysdig.ts';
import type { ColumnStore } from '../lib/columns.ts';
import { checksOf, genFilter, render, type GenNode } from '../lib/filtergen.ts';
import type { Rng } from '../lib/rng.ts';
import { diff, type Failure } from './oracles.ts';

export const SYSDIG_RULES = [
  'sysdig 0.29 skips event types it does not know (newer syscalls in live recordings) and leaves them out of evt.num: events are aligned by (evt.rawtime, thread.tid, evt.dir) and only events both readers show are compared',
  "the two readers' state can differ (sysdig 0.29 creates no fd for syscalls it does not parse, e.g. epoll_create1, and renders some tuples differently): an event is compared only when sysdig prints, unfiltered, the same values as Scapula for every field the filter reads (fd.port/fd.ip/fd.net through fd.sport/fd.cport/fd.sip/fd.cip), so (c) judges filter semantics on equal inputs; the events left out are counted",
  "sysdig 0.29's state depends on its filter: it keeps a thread's enter event for its exit only when the filter kept the enter (E43), and an exit the filter drops (a pipe, socket, recvfrom on an unconnected socket...) does not update its fd table: the filter is wrapped as `evt.dir = > or evt.type in (STATE_TYPES) or (FILTER)` and only exit events of other types are compared",
  "sysdig 0.29 rejects `and` and `or` mixed without parentheses: the generator parenthesises every nested group",
  'sysdig 0.29 evaluates `not not x` wrongly (N20): no double negation is generated',
  'sysdig 0.29 matches empty strings with `x in ()` (N21): no empty list is generated',
  'intersects, iglob, regex, bcontains, bstartswith, transformers, modifiers and val() are not in sysdig 0.29: not generated',
  'pmatch items with glob components match literally in sysdig 0.29 (N18): items with * ? [ are not generated',
  'IPv6 networks are rejected by sysdig 0.29 (N22): IPv6 network operands are not generated',
  'syscall.type on procexit is procexit in sysdig 0.29, missing in current libs (N25): syscall.type is not generated',
  'evt.buflen never matches in sysdig 0.29 filters: evt.buflen is not generated',
  'sysdig 0.29 measures evt.deltatime* from the previous event its filter let through (so `evt.deltatime.ns > N` depends on the filter itself): not generated',
  "fields sysdig 0.29 does not have (fields.json in_sysdig_0_29 = false) are not generated",
  'sysdig 0.29 filters on the memory counters (proc.vm*, thread.vm*) before a brk/mmap/munmap exit updates them and prints them after: not generated',
  "sysdig 0.29 keeps the space written after the last argument in evt.args / evt.info for filters (current libs drop that one space): checks on them are compared only with contains, icontains, startswith or exists and operands that do not end in a space, where both agree",
  'sysdig 0.29 never matches `in` on proc.apid (`proc.apid[2] in (N)` is false where `proc.apid[2] = N` is true): proc.apid is not generated',
] as const;

/** Exits that change sysdig's fd or thread tables: kept whatever the filter says, and not compared. */
export const STATE_TYPES = ['open', 'openat', 'openat2', 'creat', 'socket', 'socketpair', 'pipe', 'pipe2', 'accept', 'accept4',
  'connect', 'bind', 'listen', 'shutdown', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'eventfd', 'eventfd2', 'signalfd', 'signalfd4',
  'timerfd_create', 'inotify_init', 'inotify_init1', 'epoll_create', 'epoll_create1', 'clone', 'clone3', 'fork', 'vfork',
  'execve', 'execveat', 'procexit', 'chdir', 'fchdir', 'setuid', 'setgid', 'setresuid', 'setresgid', 'prctl',
  'sendto', 'recvfrom', 'sendmsg', 'recvmsg'];

/** The filter as sysdig runs it: enters and state-changing exits always kept (its state then does not depend on FILTER). */
export function sysdigWrapper(filter: string): string {
  return `evt.dir = > or evt.type in (${STATE_TYPES.join(', ')}) or (${filter})`;
}

export { haveSysdig } from '../lib/sysdig.ts';

export interface SysdigStats {
  compared: number; sysdigRejected: number; scapulaRejected: number; unprintable: number; timeouts: number; captures: string[];
  /** Exit events compared, and left out because the readers print different values for the filter's fields. */
  eventsCompared: number; eventsDiffering: number;
}

/**
 * sysdig 0.29.3 skips event types it does not know (newer syscalls in live recordings) and does not
 * count them in evt.num. Its unfiltered output is aligned with Scapula's visible events by
 * (evt.rawtime, thread.tid, evt.dir) in file order; sysdig's evt.num -> Scapula's index, or
 * null when its events are not a subsequence of Scapula's (the capture is then left out, with a note).
 */
async function alignment(path: string, cases: SysdigCases): Promise<Map<number, number> | string> {
  const out = await run(['-r', path, '-p', '*%evt.num %evt.rawtime %thread.tid %evt.dir'], 120_000);
  if (out === 'error' || out === 'timeout') return `sysdig could not read it (${out})`;
  const map = new Map<number, number>();
  let k = 0;
  for (const line of out.split('\n')) {
    const m = /^(\d+) (.*)$/.exec(line);
    if (!m) continue;
    while (k < cases.keys.length && cases.keys[k] !== m[2]) k++;
    if (k === cases.keys.length) return `sysdig event ${m[1]} (${m[2]}) not found in order among Scapula's events`;
    map.set(Number(m[1]), cases.visible[k]);
    k++;
  }
  return map;
}

const run = sysdigAsync;

/** Scapula indices of the exit events sysdig selects (through the alignment), or why not. */
async function sysdigExits(path: string, filter: string, align: Map<number, number>): Promise<Uint32Array | 'error' | 'timeout' | 'unaligned'> {
  const out = await run(['-r', path, '-p', '*%evt.num %evt.dir', sysdigWrapper(filter)], 60_000);
  if (out === 'error' || out === 'timeout') return out;
  const idx: number[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\d+) <$/.exec(line);
    if (!m) continue;
    const i = align.get(Number(m[1]));
    if (i === undefined) return 'unaligned';
    idx.push(i);
  }
  return Uint32Array.from(idx).sort();
}

/** Operators whose answer on evt.args / evt.info cannot depend on the space sysdig 0.29 keeps after the last argument. */
const ARGS_SAFE_OPS = new Set(['contains', 'icontains', 'startswith', 'exists']);

function usable(n: GenNode): boolean {
  return checksOf(n).every((c) =>
    // pmatch items with glob characters (from odd file names) match literally in sysdig 0.29 (N18).
    (c.op !== 'pmatch' || c.rhs.every((v) => !/[*?[]/.test(v))) &&
    (!['evt.args', 'evt.info'].includes(c.field.info.name) || (ARGS_SAFE_OPS.has(c.op) && c.rhs.every((v) => !v.endsWith(' ')))));
}

/** What the engine answered for sysdig-mode filters on one capture (made in a worker, under the watchdog). */
export interface SysdigCases {
  /** Per visible event: its index, and its alignment key `evt.rawtime thread.tid evt.dir` as printed; the exits compared. */
  visible: number[];
  keys: string[];
  exits: number[];
  cases: { text: string; indices: number[]; fields: string[]; printed: string[]; hashes: Uint32Array }[];
  rejected: number;
  /** Filters whose fields cannot all be printed (no input comparison possible): not compared. */
  unprintable: number;
}

/** What sysdig and Scapula print for a filter-only field: its endpoints. */
const PRINTED_AS: Record<string, string[]> = {
  'fd.ip': ['fd.cip', 'fd.sip'], 'fd.net': ['fd.cip', 'fd.sip'], 'fd.port': ['fd.cport', 'fd.sport'], 'fd.proto': ['fd.cport', 'fd.sport'],
  'fd.cnet': ['fd.cip'], 'fd.snet': ['fd.sip'], 'fd.lnet': ['fd.lip'], 'fd.rnet': ['fd.rip'], 'evt.around': ['evt.rawtime'],
};
const SEP = '\x1f';

/** 32-bit FNV-1a of a byte string (one char per byte). */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Per sysdig evt.num, the hash of the values sysdig prints for `fields` without a filter. JSON output,
 * because only there a missing value (null) differs from a value printed `<NA>` (fd.l4proto of a file).
 */
async function sysdigPrinted(path: string, fields: string[]): Promise<Map<number, number> | null> {
  const out = await run(['-r', path, '-j', '-p', '*%evt.num ' + fields.map((f) => '%' + f).join(' ')], 120_000);
  if (out === 'error' || out === 'timeout') return null;
  const m = new Map<number, number>();
  for (const line of out.split('\n')) {
    const o = flatJson(line);
    const num = o?.get('evt.num');
    if (!o || !num) continue;
    m.set(Number(num), fnv(fields.map((f) => (o.has(f) ? (o.get(f) ?? NULL) : '\0absent')).join(SEP)));
  }
  return m;
}

const NULL = '\0null';

/** A flat JSON object line -> key -> raw text of the value (numbers exactly as written), null for null. */
function flatJson(line: string): Map<string, string | null> | null {
  if (!line.startsWith('{')) return null;
  const m = new Map<string, string | null>();
  const re = /\s*"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|null|true|false|-?[0-9.eE+-]+)\s*([,}])/y;
  re.lastIndex = 1;
  for (;;) {
    const r = re.exec(line);
    if (!r) return null;
    const v = r[2];
    m.set(JSON.parse(`"${r[1]}"`) as string, v === 'null' ? null : v.startsWith('"') ? (JSON.parse(v) as string) : v);
    if (r[3] === '}') return m;
  }
}

/** Generates `count` sysdig-mode filters and runs them in the engine (`run` = the worker's bounded run). */
export function sysdigCases(store: ColumnStore, rng: Rng, count: number, run: (text: string, leaves: number) => Uint32Array | null): SysdigCases | string {
  const cols = ['evt.rawtime', 'thread.tid', 'evt.dir'].map((f) => store.column(f));
  if (cols.some((c) => !c)) return 'alignment key fields not printable';
  const types = store.column('evt.type');
  if (!types) return 'evt.type not printable';
  const stateType = new Set(STATE_TYPES);
  const out: SysdigCases = { visible: [...store.visible], keys: [], exits: [], cases: [], rejected: 0, unprintable: 0 };
  for (let k = 0; k < store.visible.length; k++) {
    out.keys.push(cols.map((c) => c!.values[k] ?? '<NA>').join(' '));
    if (cols[2]!.values[k] === '<' && !stateType.has(types!.values[k] ?? '')) out.exits.push(store.visible[k]);
  }
  for (let i = 0; i < count; i++) {
    const node = genFilter(rng, store, 'sysdig', false);
    if (!node || !usable(node)) continue;
    const text = render(node, rng);
    const printed = [...new Set(checksOf(node).flatMap((c) => PRINTED_AS[c.field.info.name] ?? [c.field.spec]))];
    const pcols = printed.map((f) => store.column(f));
    if (pcols.some((c) => !c)) { out.unprintable++; continue; }
    const got = run(text, checksOf(node).length);
    if (!got) { out.rejected++; continue; }
    const hashes = new Uint32Array(store.visible.length);
    for (let k = 0; k < hashes.length; k++) hashes[k] = fnv(pcols.map((c) => c!.values[k] ?? NULL).join(SEP));
    out.cases.push({ text, indices: [...got], fields: [...new Set(checksOf(node).map((c) => c.field.source))], printed, hashes });
  }
  return out;
}

/** Compares the engine's answers with sysdig's, on the exit events both readers show. */
export async function oracleC(path: string, name: string, cases: SysdigCases, stats: SysdigStats, fail: (f: Failure) => void): Promise<void> {
  stats.scapulaRejected += cases.rejected;
  const align = await alignment(path, cases);
  if (typeof align === 'string') { stats.captures.push(`${name}: left out, ${align}`); return; }
  const shared = new Set(align.values());
  const isExit = new Set(cases.exits.filter((i) => shared.has(i)));
  stats.captures.push(`${name}: ${shared.size} of ${cases.visible.length} events shown by both`);
  stats.unprintable += cases.unprintable;
  const pos = new Map(cases.visible.map((v, k) => [v, k]));
  for (const c of cases.cases) {
    const theirs = await sysdigExits(path, c.text, align);
    if (theirs === 'error') { stats.sysdigRejected++; continue; }
    if (theirs === 'timeout' || theirs === 'unaligned') { stats.timeouts++; continue; }
    const printed = await sysdigPrinted(path, c.printed);
    if (!printed) { stats.timeouts++; continue; }
    // Exit events both show, where both print the same values for the filter's fields.
    const same = new Set<number>();
    for (const [num, i] of align) {
      if (isExit.has(i) && printed.get(num) === c.hashes[pos.get(i)!]) same.add(i);
    }
    stats.compared++;
    stats.eventsCompared += same.size;
    stats.eventsDiffering += isExit.size - same.size;
    const ours = Uint32Array.from(c.indices.filter((x) => same.has(x)));
    const d = diff(ours, theirs.filter((x) => same.has(x)));
    if (d) fail({ oracle: '(c) sysdig 0.29.3 (exit events)', capture: name, filter: c.text, detail: d.replace('expected', 'sysdig'), fields: c.fields });
  }
}

// Oracle (c): the real sysdig 0.29.3 on the captures it reads (the samples and the recordings made
// with --legacy). For a random filter in the generator's 'sysdig' mode, the exit events Scapula
// selects equal the exit events `sysdig -r FILE -p '*%evt.num %evt.dir' 'evt.dir = > or (FILTER)'`
// prints.
//
// Known differences between sysdig 0.29.3 and current libs (shared/docs/filter-language.md §14 and the
// top of test/golden/filter-sysdig.test.ts), each excluded by a rule, never by a stored result:
import { execFile, spawnSync } from 'node:child_process';
import type { Capture } from '../../engine/capture.ts';
import type { ColumnStore } from '../lib/columns.ts';
import { checksOf, genFilter, render, type GenNode } from '../lib/filtergen.ts';
import type { Rng } from '../lib/rng.ts';
import { diff, type Failure } from './oracles.ts';

export const SYSDIG_RULES = [
  'sysdig 0.29 skips event types it does not know (newer syscalls in live recordings) and leaves them out of evt.num: events are aligned by (evt.rawtime, thread.tid, evt.dir) and only events both readers show are compared',
  "sysdig 0.29 keeps a thread's enter event for its exit only when the filter kept the enter (E43), so its fd table depends on the filter: the filter is wrapped as `evt.dir = > or (FILTER)` (every enter kept, state complete) and only exit events are compared",
  "sysdig 0.29 rejects `and` and `or` mixed without parentheses: the generator parenthesises every nested group",
  'sysdig 0.29 evaluates `not not x` wrongly (N20): no double negation is generated',
  'sysdig 0.29 matches empty strings with `x in ()` (N21): no empty list is generated',
  'intersects, iglob, regex, bcontains, bstartswith, transformers, modifiers and val() are not in sysdig 0.29: not generated',
  'pmatch items with glob components match literally in sysdig 0.29 (N18): items with * ? [ are not generated',
  'IPv6 networks are rejected by sysdig 0.29 (N22): IPv6 network operands are not generated',
  'syscall.type on procexit is procexit in sysdig 0.29, missing in current libs (N25): syscall.type is not generated',
  'evt.buflen never matches in sysdig 0.29 filters: evt.buflen is not generated',
  "fields sysdig 0.29 does not have (fields.json in_sysdig_0_29 = false) are not generated",
] as const;

export function haveSysdig(): boolean {
  return spawnSync('sysdig', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface SysdigStats { compared: number; sysdigRejected: number; scapulaRejected: number; timeouts: number; captures: string[] }

/**
 * sysdig 0.29.3 skips event types it does not know (newer syscalls in live recordings) and does not
 * count them in evt.num. Its unfiltered output is aligned with Scapula's visible events by
 * (evt.rawtime, thread.tid, evt.dir) in file order; sysdig's evt.num -> Scapula's index, or
 * null when its events are not a subsequence of Scapula's (the capture is then left out, with a note).
 */
async function alignment(path: string, store: ColumnStore): Promise<Map<number, number> | string> {
  const out = await run(['-r', path, '-p', '*%evt.num %evt.rawtime %thread.tid %evt.dir'], 120_000);
  if (typeof out !== 'string' || out.startsWith('\0')) return `sysdig could not read it (${out})`;
  const cols = ['evt.rawtime', 'thread.tid', 'evt.dir'].map((f) => store.column(f));
  if (cols.some((c) => !c)) return 'key fields not printable';
  const key = (k: number) => cols.map((c) => c!.values[k] ?? '<NA>').join(' ');
  const map = new Map<number, number>();
  let k = 0;
  for (const line of out.split('\n')) {
    const m = /^(\d+) (.*)$/.exec(line);
    if (!m) continue;
    while (k < store.visible.length && key(k) !== m[2]) k++;
    if (k === store.visible.length) return `sysdig event ${m[1]} (${m[2]}) not found in order among Scapula's events`;
    map.set(Number(m[1]), store.visible[k]);
    k++;
  }
  return map;
}

function run(args: string[], timeoutMs: number): Promise<string | 'error' | 'timeout'> {
  return new Promise((resolve) => {
    execFile('sysdig', args, { encoding: 'latin1', maxBuffer: 1 << 28, timeout: timeoutMs, env: { ...process.env, TZ: 'UTC' } },
      (err, stdout) => resolve(err ? ((err as { killed?: boolean }).killed ? 'timeout' : 'error') : stdout));
  });
}

/** Scapula indices of the exit events sysdig selects (through the alignment), or why not. */
async function sysdigExits(path: string, filter: string, align: Map<number, number>): Promise<Uint32Array | 'error' | 'timeout' | 'unaligned'> {
  const out = await run(['-r', path, '-p', '*%evt.num %evt.dir', `evt.dir = > or (${filter})`], 60_000);
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

function usable(n: GenNode): boolean {
  // pmatch items with glob characters (from odd file names) match literally in sysdig 0.29 (N18).
  return checksOf(n).every((c) => c.op !== 'pmatch' || c.rhs.every((v) => !/[*?[]/.test(v)));
}

/** Runs `count` sysdig-mode filters on one capture; failures get the oracle name '(c) sysdig 0.29.3'. */
export async function oracleC(cap: Capture, store: ColumnStore, path: string, name: string, rng: Rng, count: number,
  stats: SysdigStats, fail: (f: Failure) => void, beat: (filter: string) => void): Promise<void> {
  const align = await alignment(path, store);
  if (typeof align === 'string') { stats.captures.push(`${name}: left out, ${align}`); return; }
  const dir = store.column('evt.dir')!;
  // The events both readers show: exits sysdig prints unfiltered (event types it knows).
  const shared = new Set(align.values());
  const isExit = new Set<number>();
  dir.values.forEach((v, k) => { if (v === '<' && shared.has(store.visible[k])) isExit.add(store.visible[k]); });
  stats.captures.push(`${name}: ${shared.size} of ${store.visible.length} events shown by both`);
  for (let i = 0; i < count; i++) {
    const node = genFilter(rng, store, 'sysdig', false);
    if (!node || !usable(node)) continue;
    const text = render(node, rng);
    beat(text);
    const run = cap.filter(text);
    if (!run.ok) { stats.scapulaRejected++; continue; }
    const theirs = await sysdigExits(path, text, align);
    if (theirs === 'error') { stats.sysdigRejected++; continue; }
    if (theirs === 'timeout' || theirs === 'unaligned') { stats.timeouts++; continue; }
    stats.compared++;
    const ours = run.indices.filter((x) => isExit.has(x));
    const d = diff(ours, theirs);
    if (d) fail({ oracle: '(c) sysdig 0.29.3 (exit events)', capture: name, filter: text, detail: d.replace('expected', 'sysdig'),
      fields: [...new Set(checksOf(node).map((c) => c.field.source))] });
  }
}

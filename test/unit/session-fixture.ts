// Shared by the session-*.test.ts files: a capture recorded during the test (the recorder, as root),
// and the oracle the Session is checked against — `scapula read -j` output (the batch formatter over
// the whole file, a different path from the Session's rows), parsed here.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../engine/session/session.ts';
import { nodeSession, openFile } from '../../engine/node/session.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'scapula.mjs');

/** Runs the CLI; stdout, stderr and the exit status. */
export function scapula(args: string[]): { out: string; err: string; status: number } {
  const r = spawnSync('node', [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: ROOT });
  return { out: r.stdout, err: r.stderr, status: r.status ?? -1 };
}

/** Records `script` (sh -c) into `file` with the eBPF recorder; throws with the recorder's stderr if it fails. */
export function record(file: string, script: string): void {
  const r = scapula(['capture', '-w', file, '--', 'sh', '-c', script]);
  if (r.status !== 0) throw new Error(`recording failed (${r.status}): ${r.err}`);
}

/** Fields the oracle prints per event (the event list's columns, plus fd.name for a field column). */
const ORACLE_FIELDS = ['evt.num', 'evt.rawtime', 'evt.cpu', 'proc.name', 'thread.tid', 'evt.dir', 'evt.type', 'evt.latency',
  'evt.info', 'evt.plugininfo', 'fd.name'];
const SEP = '\x1f';
const END = '\x1e';

/** One displayed event as `scapula read -p` prints it (<NA> as ''). */
export interface OracleRow {
  num: number;
  ts: string;
  cpu: string;
  proc: string;
  tid: string;
  dir: string;
  type: string;
  latency: string;
  info: string;
  pluginInfo: string;
  fdName: string;
}

/**
 * The events `scapula read FILE [FILTER]` shows, in file order: text mode (what the list shows: -j
 * prints buffers uncut), fields apart by a unit separator, each line ended by a record separator (a
 * value may hold a newline).
 */
export function oracle(file: string, filter?: string): OracleRow[] {
  const format = '*' + ORACLE_FIELDS.map((f) => `%${f}`).join(SEP) + END;
  const r = scapula(['read', '-p', format, file, ...(filter ? [filter] : [])]);
  if (r.status !== 0) throw new Error(`scapula read failed: ${r.err}`);
  const lines = r.out.split(END + '\n');
  if (lines.pop() !== '') throw new Error('oracle output does not end with a record');
  return lines.map((line) => {
    const v = line.split(SEP).map((x) => (x === '<NA>' ? '' : x));
    if (v.length !== ORACLE_FIELDS.length) throw new Error(`oracle line with ${v.length} fields: ${line.slice(0, 200)}`);
    return {
      num: Number(v[0]), ts: v[1], cpu: v[2], proc: v[3], tid: v[4], dir: v[5], type: v[6], latency: v[7],
      info: v[8], pluginInfo: v[9], fdName: v[10],
    };
  });
}

/** evt.num of the events `scapula read FILE FILTER` shows. */
export function oracleNums(file: string, filter: string): number[] {
  const r = scapula(['read', '-p', '%evt.num', file, filter]);
  if (r.status !== 0) throw new Error(`scapula read failed: ${r.err}`);
  return r.out.split('\n').filter(Boolean).map(Number);
}

/** A Node Session (work straight through) with `file` open. */
export async function nodeOpen(file: string): Promise<Session> {
  const s = nodeSession();
  await openFile(s, file);
  return s;
}

/** A worker-style Session (cooperative: yielding loads, windowed filters) given the file's bytes, as the web does. */
export async function workerOpen(file: string): Promise<Session> {
  const s = new Session(WebAssembly.compile(readFileSync(join(ROOT, 'build', 'scapula.wasm'))));
  await s.open(readFileSync(file), file);
  return s;
}

export { execFileSync };

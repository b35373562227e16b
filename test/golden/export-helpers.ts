// Shared by the export / sql / parallel-detect tests: run the CLI, query files with DuckDB, record a live
// capture with the recorder, and the `scapula read -j` oracle for the events table's columns.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseFlatJson, type FieldValue } from '../../engine/rules/alerts-format.ts';
import { EVENT_COLUMNS, MAX_ARGS } from '../../engine/export/schema.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';

export const root = new URL('../../', import.meta.url).pathname;
export const CAPS = join(root, 'samples', 'captures');

export function scapula(args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync('node', [join(root, 'bin', 'scapula.mjs'), ...args], {
    encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28, cwd: opts.cwd, timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rows of a DuckDB query, values as DuckDB's JSON form (64-bit integers as strings). */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    const r = await con.runAndReadAll(sql);
    return r.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/** Why live recordings cannot be made here, or null. */
export function noRecorder(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'kernel without BTF';
  return null;
}

/** Records `sh -c SCRIPT` into `file` with `scapula capture`. */
export function recordLive(file: string, script: string): void {
  const r = scapula(['capture', '-w', file, '--', 'sh', '-c', script]);
  if (r.status !== 0) throw new Error(`capture failed (${r.status}): ${r.stderr}`);
}

/** How many events `scapula read` shows for a capture, counted in-process (the formatter's lines). */
export async function shownCount(file: string): Promise<number> {
  const cap = await openCaptureFile(file);
  let n = 0;
  for (const chunk of cap.formatChunks({ format: '*%evt.num' })) for (const b of chunk) if (b === 10) n++;
  return n;
}

const readJsonMemo = new Map<string, Map<string, FieldValue>[]>();

/** The oracle: `scapula read -j` with every field column and %evt.arg[i], %evt.args, parsed keeping number digits. */
export function readJson(file: string): Map<string, FieldValue>[] {
  // the same bytes under another name (a copy in a test tree) print the same: run the CLI once
  const key = createHash('sha1').update(readFileSync(file)).digest('hex');
  const known = readJsonMemo.get(key);
  if (known) return known;
  const lines = readJsonCli(file);
  readJsonMemo.set(key, lines);
  return lines;
}

function readJsonCli(file: string): Map<string, FieldValue>[] {
  const fields = EVENT_COLUMNS.filter((c) => c.field).map((c) => '%' + c.field);
  for (let k = 0; k < MAX_ARGS; k++) fields.push(`%evt.arg[${k}]`);
  fields.push('%evt.args');
  const r = scapula(['read', '-j', '-p', '*' + fields.join(' '), file]);
  if (r.status !== 0) throw new Error(`read failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l).map(parseFlatJson);
}

/**
 * Differences between exported rows and `read -j` lines of the same capture (empty = equal): every field
 * column holds the same value (string, number digits or null), and `args` holds the non-null
 * `%evt.arg[i]` values in order, under the parameter names `%evt.args` shows, in the same order.
 */
export function diffRows(rows: Record<string, unknown>[], lines: Map<string, FieldValue>[], capture: string): string[] {
  const out: string[] = [];
  if (rows.length !== lines.length) out.push(`${capture}: ${rows.length} rows, read -j printed ${lines.length}`);
  for (let i = 0; i < Math.min(rows.length, lines.length) && out.length < 20; i++) {
    const row = rows[i], line = lines[i];
    if (row.capture !== capture) out.push(`row ${i}: capture ${row.capture}`);
    for (const c of EVENT_COLUMNS) {
      if (!c.field) continue;
      const v = line.get(c.field);
      const got = row[c.name];
      const want = !v || v.t === 'null' ? null : String(v.v);
      const numeric = c.type !== 'VARCHAR';
      if ((got === null ? null : String(got)) !== want || (v && v.t === 'str' && numeric) || (v && v.t === 'num' && !numeric)) {
        out.push(`${capture} evt ${row.evt_num} ${c.name}: parquet ${JSON.stringify(got)}, read -j ${JSON.stringify(v)}`);
      }
    }
    const args = JSON.parse(String(row.args)) as Record<string, string>;
    const want: string[] = [];
    for (let k = 0; k < MAX_ARGS; k++) {
      const v = line.get(`evt.arg[${k}]`);
      if (v && v.t !== 'null') want.push(String(v.v));
    }
    if (JSON.stringify(Object.values(args)) !== JSON.stringify(want)) {
      out.push(`${capture} evt ${row.evt_num} args values ${JSON.stringify(Object.values(args))} != ${JSON.stringify(want)}`);
    }
    const text = line.get('evt.args');
    const shown = text && text.t === 'str' ? text.v : '';
    // (sysdig prints no evt.args for generic syscall events: nothing to check their names against)
    let pos = 0;
    for (const k of shown ? Object.keys(args) : []) {
      const at = pos === 0 && shown.startsWith(k + '=') ? 0 : shown.indexOf(' ' + k + '=', pos);
      if (at < 0) { out.push(`${capture} evt ${row.evt_num} arg ${k} not in evt.args order: ${shown}`); break; }
      pos = at + 1;
    }
  }
  return out;
}

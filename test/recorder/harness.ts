// Shared helpers for the recorder tests: build the native recorder once (make), run it, read its
// output with `scapula read` (sysdig: test/lib/sysdig.ts), and walk a capture's blocks independently of both readers
// (framing, trailers, parameter counts against schema/events.json, timestamp order), so a
// malformed file fails a test even when a lenient reader would accept it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const recorderBin = join(root, 'recorder', 'build', 'scapula-recorder');

/** Why the recorder tests cannot run here, or null when they can (root, BTF, toolchain). */
export function unavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'kernel without BTF';
  for (const bin of ['clang', 'bpftool', 'make']) {
    if (spawnSync('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`]).status !== 0) return `${bin} missing`;
  }
  return null;
}

let built = false;
export function buildRecorder(): void {
  if (built) return;
  execFileSync('make', ['-s', '-C', join(root, 'recorder')], { stdio: 'pipe' });
  built = true;
}

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs the recorder to completion (e.g. `-- COMMAND`, or with -M / -n). */
export function record(args: string[], timeoutMs = 60_000): RunResult {
  const r = spawnSync(recorderBin, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the recorder in the background and resolves once it printed READY. */
export function startRecorder(args: string[]): Promise<{ child: ChildProcess; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(recorderBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const exit = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`recorder not ready: ${err}`)), 30_000);
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('READY')) { clearTimeout(t); resolve({ child, stderr: () => err, exit }); }
    });
    child.on('exit', (c) => { clearTimeout(t); if (!err.includes('READY')) reject(new Error(`recorder exited ${c}: ${err}`)); });
  });
}

export function scapulaRead(args: string[]): RunResult {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'read', ...args],
    { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const events = JSON.parse(readFileSync(join(root, 'schema', 'events.json'), 'utf8')) as
  { name: string; params: { name: string }[]; large_payload: boolean }[];

export interface WalkedEvent { ts: bigint; tid: bigint; type: number; name: string; nparams: number; params: Buffer[]; cpu: number }
export interface Walk { blocks: Record<string, number>; events: WalkedEvent[]; errors: string[]; inversions: number }

/** Independent block walker: every problem becomes an error string naming its byte offset. */
export function walkCapture(path: string): Walk {
  let d = readFileSync(path);
  if (d[0] === 0x1f && d[1] === 0x8b) d = gunzipSync(d);
  const out: Walk = { blocks: {}, events: [], errors: [], inversions: 0 };
  let o = 0, lastTs = 0n, inEvents = false;
  while (o + 8 <= d.length) {
    const type = d.readUInt32LE(o), len = d.readUInt32LE(o + 4);
    if (len < 12 || len % 4 !== 0 || o + len > d.length) { out.errors.push(`block at ${o}: bad length ${len}`); break; }
    if (d.readUInt32LE(o + len - 4) !== len) out.errors.push(`block at ${o}: trailer mismatch`);
    const key = '0x' + type.toString(16);
    out.blocks[key] = (out.blocks[key] ?? 0) + 1;
    if (type === 0x0a0d0d0a) { inEvents = false; lastTs = 0n; } // a new section: state resets, order restarts
    if (type === 0x216 || type === 0x221) {
      inEvents = true;
      const cpu = d.readUInt16LE(o + 8), e = o + 10;
      const ts = d.readBigUInt64LE(e), tid = d.readBigUInt64LE(e + 8), elen = d.readUInt32LE(e + 16);
      const et = d.readUInt16LE(e + 20), np = d.readUInt32LE(e + 22);
      const def = events[et];
      const lw = def?.large_payload ? 4 : 2;
      if ((type === 0x221) !== Boolean(def?.large_payload)) out.errors.push(`event at ${o}: block type vs large payload`);
      if (!def || np !== def.params.length) out.errors.push(`event at ${o}: ${def?.name ?? et} has ${np} params, schema ${def?.params.length}`);
      let p = e + 26 + np * lw;
      const params: Buffer[] = [];
      for (let i = 0; i < np; i++) {
        const l = lw === 4 ? d.readUInt32LE(e + 26 + i * 4) : d.readUInt16LE(e + 26 + i * 2);
        params.push(d.subarray(p, p + l));
        p += l;
      }
      if (p - e !== elen) out.errors.push(`event at ${o}: len ${elen} but params end at ${p - e}`);
      if (p > o + len - 4) out.errors.push(`event at ${o}: overruns its block`);
      if (ts < lastTs) out.inversions++;
      if (ts > lastTs) lastTs = ts;
      out.events.push({ ts, tid, type: et, name: def?.name ?? '?', nparams: np, params, cpu });
    } else if (type === 0x217 || type === 0x222) {
      out.blocks.stateOnly = (out.blocks.stateOnly ?? 0) + 1;
    } else if (inEvents) {
      out.errors.push(`block at ${o}: metadata block ${key} after events`);
    }
    o += len;
  }
  if (o !== d.length) out.errors.push(`${d.length - o} trailing bytes`);
  return out;
}

/** Events sysdig 0.29.3 prints: it hides drop markers (internal) and skips types >= 336. */
export function sysdigVisible(w: Walk): number {
  return w.events.filter((e) => e.type < 336 && e.type !== 148 && e.type !== 149).length;
}

// Recorder benchmark (root + BTF kernel only): what recording costs the traced programs, and what
// the recorder sustains. (1) syscall-bound: `dd bs=1` (one read + one write per byte) without
// recording, with the recorder writing a capture, and with it writing to /dev/null, giving the ns
// added per captured syscall; strace on the same workload is the peer measured in the same run.
// (2) throughput: two dd in parallel while recording: events/s, bytes/event, drops. (3) a realistic
// workload (tar of /usr/include through a pipe) with and without recording.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRecorder } from '../engine/node/record/recorder.ts';

/** CPU seconds (user + system) the command used, children included: the cost charged to the
 *  traced program, which wall time on a shared 2-core box would blur with other load. */
function wall(cmd: string, args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [u, s] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return u + s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface RecStats { events: number; dropped: number; bytes: number }

/** Runs `work` while the recorder records system-wide to `out`; returns the workload's wall time and the recorder's counts. */
async function withRecorder(bin: string, out: string, work: () => number, extra: string[] = []): Promise<{ t: number; s: RecStats }> {
  const rec = spawn(bin, ['-w', out, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  rec.stderr.on('data', (d) => { err += d; });
  await new Promise<void>((res, rej) => {
    const iv = setInterval(() => { if (err.includes('READY')) { clearInterval(iv); res(); } }, 5);
    rec.on('exit', () => { clearInterval(iv); rej(new Error(`recorder exited: ${err}`)); });
  });
  const t = work();
  const exited = new Promise((res) => rec.on('exit', res));
  rec.kill('SIGINT');
  await exited;
  const m = /(\d+) events written.*?dropped (\d+)/.exec(err);
  const bytes = out !== '/dev/null' && existsSync(out) ? statSync(out).size : 0;
  return { t, s: { events: m ? Number(m[1]) : 0, dropped: m ? Number(m[2]) : -1, bytes } };
}

export async function run(): Promise<void> {
  if (process.getuid?.() !== 0 || !existsSync('/sys/kernel/btf/vmlinux')) {
    console.log('recorder: skipped (needs root and a kernel with BTF)');
    return;
  }
  const bin = ensureRecorder();
  const dir = mkdtempSync(join(tmpdir(), 'scapula-bench-rec-'));
  try {
    const N = 1_000_000; // bytes -> 2 N syscalls
    const dd = () => wall('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${N}`]);
    const base = median([dd(), dd(), dd()]);
    const toFile: number[] = [], toNull: number[] = [], exitOnly: number[] = [];
    let fileStats: RecStats = { events: 0, dropped: 0, bytes: 0 };
    for (let i = 0; i < 3; i++) {
      const r = await withRecorder(bin, join(dir, `dd${i}.scap`), dd);
      toFile.push(r.t);
      fileStats = r.s;
      toNull.push((await withRecorder(bin, '/dev/null', dd)).t);
      exitOnly.push((await withRecorder(bin, '/dev/null', dd, ['--exit-only'])).t);
    }
    const sys = 2 * N;
    const addFile = (median(toFile) - base) / sys * 1e9, addNull = (median(toNull) - base) / sys * 1e9;
    console.log(`syscall-bound (dd bs=1, ${sys} syscalls; CPU time of dd): ${base.toFixed(3)} s alone, ${median(toFile).toFixed(3)} s recorded to a file, ` +
      `${median(toNull).toFixed(3)} s recorded to /dev/null (load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs)`);
    console.log(`  added per captured syscall (enter+exit events): ${addFile.toFixed(0)} ns writing a file, ${addNull.toFixed(0)} ns without disk ` +
      `(goal <= 200 ns); ${(fileStats.bytes / Math.max(1, fileStats.events)).toFixed(1)} bytes/event, drops ${fileStats.dropped}`);
    console.log(`  --exit-only (current libs layout, one event per syscall): ${((median(exitOnly) - base) / sys * 1e9).toFixed(0)} ns added per syscall`);
    if (spawnSync('sh', ['-c', 'command -v strace'], { stdio: 'ignore' }).status === 0) {
      const n2 = 100_000;
      const b2 = wall('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${n2}`]);
      const s2 = wall('strace', ['-f', '-o', '/dev/null', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${n2}`]);
      const straceNs = (s2 - b2) / (2 * n2) * 1e9;
      console.log(`  peer: strace -f adds ${straceNs.toFixed(0)} ns per syscall on the same workload: the recorder costs ` +
        `${(addFile / straceNs * 100).toFixed(1)} % of strace's overhead (${(straceNs / Math.max(1, addFile)).toFixed(0)}x less)`);
    }

    // throughput: two producers
    const two = () => {
      const t = process.hrtime.bigint();
      const a = spawnSync('sh', ['-c', `dd if=/dev/zero of=/dev/null bs=1 count=${N} 2>/dev/null & dd if=/dev/zero of=/dev/null bs=1 count=${N} 2>/dev/null; wait`]);
      if (a.status !== 0) throw new Error('dd failed');
      return Number(process.hrtime.bigint() - t) / 1e9; // wall time here: a rate over real time
    };
    const r2 = await withRecorder(bin, join(dir, 'two.scap'), two);
    console.log(`throughput (2 dd in parallel): ${(r2.s.events / r2.t / 1e6).toFixed(2)} M events/s over ${r2.t.toFixed(2)} s, ` +
      `${r2.s.events} events, ${(r2.s.bytes / Math.max(1, r2.s.events)).toFixed(1)} bytes/event, drops ${r2.s.dropped} (goal: none at 1 M events/s)`);

    // realistic: tar through a pipe
    const tar = () => wall('sh', ['-c', 'tar cf - /usr/include 2>/dev/null | cat > /dev/null']);
    const tb = median([tar(), tar(), tar()]);
    const tr: number[] = [];
    let ts: RecStats = { events: 0, dropped: 0, bytes: 0 };
    for (let i = 0; i < 3; i++) { const r = await withRecorder(bin, join(dir, `tar${i}.scap`), tar); tr.push(r.t); ts = r.s; }
    console.log(`realistic (tar /usr/include | cat, CPU time): ${tb.toFixed(3)} s alone, ${median(tr).toFixed(3)} s recorded ` +
      `(+${((median(tr) / tb - 1) * 100).toFixed(1)} %), ${ts.events} events, ${(ts.bytes / Math.max(1, ts.events)).toFixed(1)} bytes/event, drops ${ts.dropped}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Captures the web e2e tests write with the scap writer (engine/scap/writer.ts): small, deterministic,
// each shaped for what a test checks. Every builder writes into the given directory and returns the path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { EVENT_NAMES, EVENT_DIRS } from '../../engine/generated/schema.ts';

export function code(name: string, d: 'enter' | 'exit'): number {
  return EVENT_NAMES.findIndex((n, k) => n === name && EVENT_DIRS[k] === d);
}

/** A shell closing fds every few ms, starting at a timestamp whose nanoseconds need all 64 bits. */
export function earlyCapture(dir: string): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 2, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' })
    .processList([{ tid: 100n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', cwd: '/root/' }]);
  let ts = 1_534_527_348_514_632_619n;
  for (let j = 0; j < 8; j++) {
    w.event({ ts, tid: 100n, cpu: j % 2, type: code('close', 'enter'), params: [P.i64(3 + j)] });
    ts += 12_345_677n;
    w.event({ ts, tid: 100n, cpu: j % 2, type: code('close', 'exit'), params: [P.i64(0)] });
    ts += 23_456_789n;
  }
  const file = join(dir, 'early.scap');
  writeFileSync(file, w.result());
  return file;
}

/** `n` open/close pairs of one process named `comm`. */
export function processCapture(dir: string, name: string, comm: string, pid: bigint, n: number): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' })
    .processList([{ tid: pid, pid, ptid: 1n, comm, exe: `/usr/sbin/${comm}`, cwd: '/' }]);
  let ts = 1_700_000_000_000_000_000n;
  for (let j = 0; j < n; j++) {
    w.event({ ts: ts += 1000n, tid: pid, cpu: 0, type: code('close', 'enter'), params: [P.i64(3)] });
    w.event({ ts: ts += 1000n, tid: pid, cpu: 0, type: code('close', 'exit'), params: [P.i64(-9)] });
  }
  const file = join(dir, name);
  writeFileSync(file, w.result());
  return file;
}

/** `n` events of one thread (close enter/exit pairs, 1 µs apart), gzipped: small to drop, many rows. */
export function manyEventsCapture(dir: string, n: number): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 4, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' })
    .processList([{ tid: 500n, pid: 500n, ptid: 1n, comm: 'loop', exe: '/bin/loop', cwd: '/' }]);
  const ce = code('close', 'enter'), cx = code('close', 'exit');
  let ts = 1_700_000_000_000_000_000n;
  for (let j = 0; j < n; j += 2) {
    w.event({ ts: ts += 1000n, tid: 500n, cpu: j % 4, type: ce, params: [P.i64(3)] });
    w.event({ ts: ts += 1000n, tid: 500n, cpu: j % 4, type: cx, params: [P.i64(0)] });
  }
  const file = join(dir, `many-${n}.scap.gz`);
  writeFileSync(file, gzipSync(w.result(), { level: 6 }));
  return file;
}

/** Sizes of the writes and reads of streamCapture (what each call moved); the capture keeps 80 bytes of each. */
export const STREAM_SIZES = [40, 200, 80, 1000, 12, 81];
export const SNAPLEN = 80;

/** A process opening a file, then writing and reading it with buffers cut at an 80-byte snap length. */
export function streamCapture(dir: string): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' })
    .processList([{ tid: 600n, pid: 600n, ptid: 1n, comm: 'nc', exe: '/bin/nc', cwd: '/tmp/' }]);
  let ts = 1_700_000_000_000_000_000n;
  const ev = (name: string, d: 'enter' | 'exit', params: Uint8Array[]) => w.event({ ts: ts += 1000n, tid: 600n, cpu: 0, type: code(name, d), params });
  ev('open', 'enter', [P.str('/tmp/stream.txt'), P.u32(2), P.u32(0o644)]);
  ev('open', 'exit', [P.i64(3), P.str('/tmp/stream.txt'), P.u32(2), P.u32(0o644), P.u32(0), P.u64(1234)]);
  STREAM_SIZES.forEach((n, k) => {
    const call = k % 2 === 0 ? 'write' : 'read';
    const data = new TextEncoder().encode(`${call} ${k}: `.padEnd(n, String.fromCharCode(0x61 + k)));
    ev(call, 'enter', [P.i64(3), P.u32(n)]);
    ev(call, 'exit', [P.i64(n), data.subarray(0, Math.min(n, SNAPLEN)), P.i64(3), P.u32(n)]);
  });
  const file = join(dir, 'stream.scap');
  writeFileSync(file, w.result());
  return file;
}

/** 240 000 events whose rate changes: 1 per µs, then 1 per 4 µs, then 1 per 2 µs (80 000 each). */
export function ratesCapture(dir: string): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 2, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' })
    .processList([{ tid: 700n, pid: 700n, ptid: 1n, comm: 'burst', exe: '/bin/burst', cwd: '/' }]);
  const ce = code('close', 'enter'), cx = code('close', 'exit');
  let ts = 1_700_000_000_123_456_789n;
  for (const gap of [1000n, 4000n, 2000n]) {
    for (let j = 0; j < 80_000; j += 2) {
      w.event({ ts: ts += gap, tid: 700n, cpu: 0, type: ce, params: [P.i64(3)] });
      w.event({ ts: ts += gap, tid: 700n, cpu: 0, type: cx, params: [P.i64(0)] });
    }
  }
  const file = join(dir, 'rates.scap.gz');
  writeFileSync(file, gzipSync(w.result()));
  return file;
}

/**
 * Two processes (one with two threads) doing file and network I/O: `nc` (pid 800, threads 800 and 801)
 * writes a file and talks to 10.0.0.2:80 and 10.0.0.3:443; `cat` (pid 900) reads the file. For the
 * Conversations / Endpoints tables.
 */
export function conversationsCapture(dir: string): string {
  const w = new ScapWriter();
  w.shb().machineInfo({ numCpus: 2, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' }).processList([
    { tid: 800n, pid: 800n, ptid: 1n, comm: 'nc', exe: '/bin/nc', cwd: '/tmp/' },
    { tid: 801n, pid: 800n, ptid: 1n, comm: 'nc', exe: '/bin/nc', cwd: '/tmp/' },
    { tid: 900n, pid: 900n, ptid: 1n, comm: 'cat', exe: '/bin/cat', cwd: '/tmp/', cgroups: ['cpuset=/docker/3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a'] },
  ]);
  let ts = 1_700_000_000_000_000_000n;
  const ev = (tid: bigint, name: string, d: 'enter' | 'exit', params: Uint8Array[], gap = 1000n) =>
    w.event({ ts: ts += gap, tid, cpu: Number(tid % 2n), type: code(name, d), params });
  const data = (n: number, c: string) => new TextEncoder().encode(c.repeat(n));
  const open = (tid: bigint, fd: number, path: string) => {
    ev(tid, 'open', 'enter', [P.str(path), P.u32(2), P.u32(0o644)]);
    ev(tid, 'open', 'exit', [P.i64(fd), P.str(path), P.u32(2), P.u32(0o644), P.u32(0), P.u64(42)]);
  };
  const io = (tid: bigint, call: 'read' | 'write', fd: number, n: number, gap = 1000n) => {
    ev(tid, call, 'enter', [P.i64(fd), P.u32(n)], gap);
    ev(tid, call, 'exit', [P.i64(n), data(Math.min(n, 80), call === 'read' ? 'r' : 'w'), P.i64(fd), P.u32(n)]);
  };
  const connect = (tid: bigint, fd: number, ip: string, port: number, sport: number) => {
    ev(tid, 'socket', 'enter', [P.u32(2), P.u32(1), P.u32(0)]);
    ev(tid, 'socket', 'exit', [P.i64(fd), P.u32(2), P.u32(1), P.u32(0), P.u32(0)]);
    ev(tid, 'connect', 'enter', [P.i64(fd), P.sockaddr4(ip, port)]);
    ev(tid, 'connect', 'exit', [P.i64(0), P.tuple4('10.0.0.1', sport, ip, port), P.i64(fd), P.sockaddr4(ip, port)]);
  };
  open(800n, 3, '/tmp/out.txt');
  io(800n, 'write', 3, 300);
  io(800n, 'write', 3, 120, 5000n);
  connect(801n, 4, '10.0.0.2', 80, 40000);
  io(801n, 'write', 4, 64);
  io(801n, 'read', 4, 1500, 20_000n);
  connect(800n, 5, '10.0.0.3', 443, 40001);
  io(800n, 'write', 5, 517);
  io(800n, 'read', 5, 4000, 7000n);
  open(900n, 3, '/tmp/out.txt');
  io(900n, 'read', 3, 420);
  io(900n, 'read', 3, 0);
  const file = join(dir, 'conversations.scap');
  writeFileSync(file, w.result());
  return file;
}

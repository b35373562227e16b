// A synthetic capture for the scheduler and procinfo fields (thread.exectime, thread.totexectime,
// thread.cpu, thread.cpu.user, thread.cpu.system, and the page faults / memory a switch carries): context
// switches on two CPUs (of known threads, of a thread sysdig does not know), procinfo events with
// growing, jumping (> 100) and first-time CPU counters, a thread that exits and whose tid comes back as a
// new thread (its running totals start again), a page fault event (no thread for sysdig). The real
// samples have no switch or procinfo events.
import { ScapWriter, P } from '../../engine/scap/writer.ts';

export function buildSchedScenario(): Uint8Array {
  const w = new ScapWriter();
  w.shb();
  w.machineInfo({ numCpus: 2, memoryBytes: 1n << 32n, maxPid: 32768n, hostname: 'sched-host' });
  w.processList([
    { tid: 1n, pid: 1n, ptid: 0n, comm: 'systemd', exe: '/sbin/init', args: [], cwd: '/', uid: 0, gid: 0, sid: 1n, vpgid: 1n },
    { tid: 100n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', args: ['-i'], cwd: '/root', uid: 0, gid: 0, sid: 100n,
      vpgid: 100n, vmsizeKb: 1000, vmrssKb: 500 },
    { tid: 101n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', args: ['-i'], cwd: '/root', uid: 0, gid: 0, sid: 100n,
      vpgid: 100n, vmsizeKb: 1000, vmrssKb: 500 },
    { tid: 200n, pid: 200n, ptid: 1n, comm: 'nginx', exe: '/usr/sbin/nginx', args: [], cwd: '/', uid: 0, gid: 0, sid: 200n,
      vpgid: 200n, vmsizeKb: 3000, vmrssKb: 900 },
    { tid: 300n, pid: 300n, ptid: 1n, comm: 'sleep', exe: '/bin/sleep', args: ['1'], cwd: '/', uid: 0, gid: 0, sid: 300n,
      vpgid: 300n, vmsizeKb: 200, vmrssKb: 100 },
  ]);
  let ts = 1_700_000_000_000_000_000n;
  let step = 0;
  const emit = (tid: number, cpu: number, type: number, params: Uint8Array[]) => {
    step++;
    ts += 700n + BigInt((step * 7919) % 5000); // irregular gaps
    w.event({ ts, tid: BigInt(tid), cpu, type, params });
  };
  let faults = 10;
  const sw = (tid: number, cpu: number, next: number) => {
    faults += 3;
    emit(tid, cpu, 152, [P.i64(next), P.u64(faults % 7), P.u64(faults), P.u32(1000 + faults), P.u32(400 + faults), P.u32(faults % 5)]);
  };
  const info = (tid: number, usr: number, sys: number) => emit(tid, 0, 234, [P.u64(usr), P.u64(sys)]);
  const read = (tid: number, cpu: number) => {
    emit(tid, cpu, 6, [P.i64(0), P.u32(16)]);
    emit(tid, cpu, 7, [P.i64(4), P.bytes('data')]);
  };
  const tids = [100, 101, 200, 300];
  info(100, 10, 5); info(200, 0, 0); info(101, 7, 0);
  for (let r = 0; r < 12; r++) {
    const a = tids[r % 4], b = tids[(r + 1) % 4];
    read(a, r % 2);
    sw(a, r % 2, b);
    read(b, (r + 1) % 2);
    if (r % 3 === 0) sw(999, (r + 1) % 2, a); // a thread sysdig never saw
    if (r === 4) { info(100, 30, 8); info(200, 500, 20); info(101, 7, 3); }
    if (r === 8) { info(100, 31, 9); info(200, 700, 900); info(101, 6, 3); }
    // a page fault of a known thread: sysdig gives it no thread (it skips the parse reset), so the
    // state keeps "no thread" for it as an exception to the tid's version
    if (r === 6) emit(a, r % 2, 290, [P.u64(0x7f0000001000n), P.u64(0x401000n), P.u32(6)]);
  }
  // 300 exits (removed at the next event), then its tid comes back as a thread sysdig has to invent
  emit(300, 1, 186, [P.i64(0), P.i64(0), P.u8(0), P.u8(0)]);
  read(200, 0);
  read(300, 1);
  sw(300, 1, 100);
  info(300, 50, 50);
  read(300, 1);
  sw(300, 0, 200);
  info(300, 60, 52);
  read(300, 0);
  read(100, 0);
  return w.result();
}

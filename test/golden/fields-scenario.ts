// A synthetic capture that exercises the state engine where the real samples do not: fork (parent and
// child side), execve, chdir/fchdir/getcwd, openat relative to cwd and to a dirfd, open with "..",
// dup, fcntl(F_DUPFD), pipe, socket/bind/listen/accept, UDP socket/connect, socketpair, eventfd,
// signalfd, timerfd, inotify, close, setuid, setsid, a thread (CLONE_THREAD) sharing its process's fd
// table, procexit and an event of the exited thread. Events use the era-1 layouts with the parameter
// counts sysdig 0.29.3 knows, so sysdig reads every parameter we write and can serve as the oracle.
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { readFileSync } from 'node:fs';

interface SchemaParam { name: string; type: string }
interface SchemaEvent { code: number; params: SchemaParam[] }
const events: SchemaEvent[] = JSON.parse(readFileSync('schema/events.json', 'utf8'));
const byCode = new Map(events.map((e) => [e.code, e]));

/** Parameter counts of sysdig 0.29.3's event table for the types used here. */
const NPARAMS_029: Record<number, number> = {
  2: 3, 3: 5, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 2, 18: 3, 19: 1, 20: 1, 21: 2, 22: 2, 23: 2, 24: 2, 25: 1,
  42: 3, 43: 5, 60: 0, 61: 4, 62: 2, 63: 1, 92: 0, 93: 2, 94: 0, 95: 2, 96: 1, 97: 1, 102: 4, 103: 1,
  124: 1, 125: 1, 126: 3, 127: 1, 136: 2, 137: 1, 138: 1, 139: 1, 150: 2, 151: 1, 186: 4, 198: 1, 199: 1,
  30: 3, 31: 2, 34: 2, 35: 3, 192: 3, 193: 1, 194: 3, 195: 1, 200: 1, 201: 1, 330: 3, 331: 20, 222: 0, 223: 20, 272: 1, 246: 0, 247: 5, 274: 0, 275: 1, 292: 1, 293: 20,
};

type Val = number | bigint | string | Uint8Array;

function encode(type: string, v: Val | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  const n = v === undefined ? 0n : typeof v === 'string' ? 0n : BigInt(v);
  switch (type) {
    case 'PT_INT8': case 'PT_UINT8': case 'PT_SIGTYPE': case 'PT_FLAGS8': case 'PT_ENUMFLAGS8': case 'PT_L4PROTO':
    case 'PT_SOCKFAMILY':
      return P.u8(Number(BigInt.asUintN(8, n)));
    case 'PT_INT16': case 'PT_UINT16': case 'PT_FLAGS16': case 'PT_ENUMFLAGS16': case 'PT_PORT': case 'PT_SYSCALLID':
      return P.u16(Number(BigInt.asUintN(16, n)));
    case 'PT_INT32': case 'PT_UINT32': case 'PT_FLAGS32': case 'PT_ENUMFLAGS32': case 'PT_UID': case 'PT_GID':
    case 'PT_MODE': case 'PT_SIGSET': case 'PT_BOOL': case 'PT_FD32': case 'PT_PID32':
      return P.u32(Number(BigInt.asUintN(32, n)));
    case 'PT_CHARBUF': case 'PT_FSPATH': case 'PT_FSRELPATH':
      return P.str(typeof v === 'string' ? v : '');
    case 'PT_BYTEBUF':
      return P.bytes(typeof v === 'string' ? v : '');
    case 'PT_SOCKADDR': case 'PT_SOCKTUPLE': case 'PT_FDLIST': case 'PT_DYN':
      return P.empty();
    default:
      return P.i64(n);
  }
}

const CLONE_FILES = 0x1, CLONE_FS = 0x2, CLONE_SIGHAND = 0x800, CLONE_THREAD = 0x2000, CLONE_VM = 0x8000;

export function buildScenario(): Uint8Array {
  const w = new ScapWriter();
  w.shb();
  w.machineInfo({ numCpus: 2, memoryBytes: 1n << 32n, maxPid: 32768n, hostname: 'scenario-host' });
  w.userList(
    [{ uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash' },
      { uid: 1000, gid: 1000, name: 'alice', home: '/home/alice', shell: '/bin/zsh' }],
    [{ gid: 0, name: 'root' }, { gid: 1000, name: 'alice' }],
  );
  w.processList([
    { tid: 1n, pid: 1n, ptid: 0n, comm: 'systemd', exe: '/sbin/init', args: ['splash'], cwd: '/', uid: 0, gid: 0, sid: 1n, vpgid: 1n },
    { tid: 100n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', args: ['-i'], cwd: '/home/alice', uid: 1000, gid: 1000,
      sid: 100n, vpgid: 100n, env: ['HOME=/home/alice', 'TERM=xterm'], vmsizeKb: 1000, vmrssKb: 500, loginuid: 1000,
      cgroups: ['cpu=/user.slice'] },
  ]);
  const pts = (flags: number) => {
    const name = new TextEncoder().encode('/dev/pts/0');
    const b = new Uint8Array(4 + 2 + name.length + 4);
    const v = new DataView(b.buffer);
    v.setUint32(0, flags, true); v.setUint16(4, name.length, true); b.set(name, 6); v.setUint32(6 + name.length, 0x8801, true);
    return b;
  };
  w.fdList(100n, [
    { fd: 0n, ino: 3n, type: 16, payload: pts(3) },
    { fd: 1n, ino: 3n, type: 16, payload: pts(3) },
    { fd: 2n, ino: 3n, type: 16, payload: pts(3) },
  ]);

  const cid = 'f00dfeedc0de' + '0'.repeat(52);
  let ts = 1_700_000_000_000_000_000n;
  const ev = (tid: number, code: number, vals: Record<string, Val> = {}) => {
    const e = byCode.get(code)!;
    const n = NPARAMS_029[code] ?? e.params.length;
    const params = e.params.slice(0, n).map((p) => encode(p.type, vals[p.name]));
    ts += 1000n + BigInt(code);
    w.event({ ts, tid: BigInt(tid), cpu: tid % 2, type: code, params });
  };
  const pair = (tid: number, enter: number, ein: Record<string, Val>, xout: Record<string, Val>) => {
    ev(tid, enter, ein); ev(tid, enter + 1, xout);
  };
  const cloneX = (tid: number, res: number, childTid: number, pid: number, ptid: number, flags: number, comm: string, exe: string, args: string) =>
    ev(tid, 223, {
      res, exe, args, tid: childTid, pid, ptid, cwd: '', fdlimit: 1024, pgft_maj: 1, pgft_min: 2, vm_size: 1100,
      vm_rss: 600, vm_swap: 0, comm, cgroups: 'cpu=/user.slice\0', flags, uid: 1000, gid: 1000, vtid: childTid, vpid: pid,
    });

  // a container: its JSON event (tid 0, as sysdig writes them at the start of a dump, ts 0), then a process forked into it
  const cjson = { container: { id: cid.slice(0, 12), image: 'nginx:1.25', imageid: 'abc123', imagerepo: 'nginx', imagetag: '1.25', ip: '172.17.0.5', name: 'web', privileged: true, type: 0 } };
  w.event({ ts: 0n, tid: 0n, cpu: 0, type: 272, params: [P.str(JSON.stringify(cjson))] });
  // bash forks a child (parent side, then child side)
  ev(100, 222);
  cloneX(100, 200, 100, 100, 1, 0, 'bash', '/bin/bash', '-i\0');
  cloneX(200, 0, 200, 200, 100, 0, 'bash', '/bin/bash', '-i\0');
  // the child execs cat
  ev(200, 292, { filename: '/usr/bin/cat' });
  ev(200, 293, {
    res: 0, exe: '/usr/bin/cat', args: 'notes.txt\0', tid: 200, pid: 200, ptid: 100, cwd: '', fdlimit: 4096,
    pgft_maj: 0, pgft_min: 5, vm_size: 2000, vm_rss: 700, vm_swap: 0, comm: 'cat', cgroups: 'cpu=/user.slice\0',
    env: 'HOME=/home/alice\0PATH=/usr/bin\0', tty: 34816, vpgid: 200, loginuid: 1000, flags: 0,
  });
  pair(200, 94, {}, { res: 0, path: 'projects/../work' });
  pair(200, 102, { dirfd: -100, name: 'notes.txt', flags: 1, mode: 0 }, { fd: 3 });
  pair(200, 2, { name: '../readme.md', flags: 1, mode: 0 }, { fd: 4, name: '../readme.md', flags: 1, mode: 0, dev: 0 });
  pair(200, 124, { fd: 3 }, { res: 5 });
  pair(200, 150, { fd: 5, cmd: 1 }, { res: 6 });
  pair(200, 60, {}, { res: 0, fd1: 7, fd2: 8, ino: 12345 });
  pair(200, 18, { domain: 2, type: 1, proto: 0 }, { fd: 9 });
  pair(200, 20, { fd: 9 }, { res: 0, addr: P.sockaddr4('0.0.0.0', 8080) });
  pair(200, 24, { fd: 9, backlog: 5 }, { res: 0 });
  pair(200, 246, {}, { fd: 10, tuple: P.tuple4('10.0.0.2', 5555, '10.0.0.1', 8080), queuepct: 0, queuelen: 0, queuemax: 5 });
  pair(200, 6, { fd: 10, size: 100 }, { res: 5, data: 'hello' });
  pair(200, 18, { domain: 2, type: 2, proto: 0 }, { fd: 11 });
  pair(200, 22, { fd: 11, addr: P.sockaddr4('8.8.8.8', 53) }, { res: 0, tuple: P.tuple4('10.0.0.1', 40000, '8.8.8.8', 53) });
  pair(200, 8, { fd: 11, size: 4 }, { res: 4, data: 'ping' });
  // an unconnected UDP socket: sendto and recvfrom name it from the datagram tuples
  pair(200, 18, { domain: 2, type: 2, proto: 17 }, { fd: 21 });
  pair(200, 30, { fd: 21, size: 3, tuple: P.tuple4('10.0.0.1', 5353, '224.0.0.251', 5353) }, { res: 3, data: 'abc' });
  pair(200, 34, { fd: 21, size: 64 }, { res: 3, data: 'xyz', tuple: P.tuple4('10.0.0.7', 5353, '10.0.0.1', 5353) });
  pair(200, 34, { fd: 21, size: 64 }, { res: 3, data: 'xyz', tuple: P.tuple4('10.0.0.8', 40001, '10.0.0.1', 5353) });
  pair(200, 4, { fd: 3 }, { res: 0 });
  pair(200, 6, { fd: 3, size: 10 }, { res: -9, data: '' });
  pair(200, 6, { fd: 5, size: 10 }, { res: 3, data: 'abc' });
  pair(200, 198, { uid: 0 }, { res: 0 });
  pair(200, 62, { initval: 0, flags: 0 }, { res: 12 });
  pair(200, 126, { fd: -1, mask: 0, flags: 0 }, { res: 13 });
  pair(200, 136, { clockid: 0, flags: 0 }, { res: 14 });
  pair(200, 138, { flags: 0 }, { res: 15 });
  pair(200, 42, { domain: 1, type: 1, proto: 0 }, { res: 0, fd1: 16, fd2: 17, source: 0xffff1, peer: 0xffff2 });
  pair(200, 102, { dirfd: -100, name: '/tmp', flags: 0x401, mode: 0 }, { fd: 18 });
  pair(200, 96, { fd: 18 }, { res: 0 });
  pair(200, 102, { dirfd: 18, name: 'x.log', flags: 2, mode: 0 }, { fd: 19 });
  pair(200, 6, { fd: 19, size: 1 }, { res: 1, data: 'x' });
  pair(200, 92, {}, { res: 0, path: '/tmp' });
  pair(200, 2, { name: 'rel/y.txt', flags: 1, mode: 0 }, { fd: 20, name: 'rel/y.txt', flags: 1, mode: 0, dev: 0 });
  // bash starts a thread that shares its fd table
  ev(100, 222);
  cloneX(100, 101, 100, 100, 1, CLONE_THREAD | CLONE_FILES | CLONE_FS | CLONE_VM | CLONE_SIGHAND, 'bash', '/bin/bash', '-i\0');
  cloneX(101, 0, 101, 100, 1, CLONE_THREAD | CLONE_FILES | CLONE_FS | CLONE_VM | CLONE_SIGHAND, 'bash', '/bin/bash', '-i\0');
  pair(101, 6, { fd: 0, size: 10 }, { res: 2, data: 'ls' });
  pair(100, 8, { fd: 1, size: 3 }, { res: 3, data: 'ok\n' });
  pair(200, 274, {}, { res: 200 });
  ev(200, 186, { status: 0, ret: 0, sig: 0, core: 0 });
  pair(200, 6, { fd: 4, size: 10 }, { res: 1, data: 'z' });
  pair(100, 4, { fd: 2 }, { res: 0 });
  pair(101, 8, { fd: 2, size: 1 }, { res: -9, data: '' });
  ev(100, 222);
  ev(100, 223, {
    res: 300, exe: '/bin/bash', args: '-i\0', tid: 100, pid: 100, ptid: 1, cwd: '', fdlimit: 1024, pgft_maj: 0, pgft_min: 0,
    vm_size: 1000, vm_rss: 500, vm_swap: 0, comm: 'nginx', cgroups: `cpu=/docker/${cid}\0memory=/docker/${cid}\0`, flags: 0,
    uid: 0, gid: 0, vtid: 100, vpid: 100,
  });
  ev(300, 223, {
    res: 0, exe: '/usr/sbin/nginx', args: '-g\0daemon off;\0', tid: 300, pid: 300, ptid: 100, cwd: '', fdlimit: 1024, pgft_maj: 0,
    pgft_min: 0, vm_size: 1000, vm_rss: 500, vm_swap: 0, comm: 'nginx', cgroups: `cpu=/docker/${cid}\0memory=/docker/${cid}\0`,
    flags: 0, uid: 0, gid: 0, vtid: 300, vpid: 300,
  });
  pair(300, 6, { fd: 1, size: 1 }, { res: 1, data: 'n' });
  // credentials: effective uid/gid from setresuid/setresgid, setgid
  pair(300, 192, { ruid: 0xffffffff, euid: 33, suid: 0xffffffff }, { res: 0 });
  pair(300, 200, { gid: 1000 }, { res: 0 });
  pair(300, 194, { rgid: 0xffffffff, egid: 0, sgid: 0xffffffff }, { res: 0 });
  // (execveat is not here: sysdig 0.29.3 stops reading a capture at an execveat exit event)
  pair(300, 6, { fd: 2, size: 1 }, { res: 1, data: 'q' });
  // an inverted clone: the child's side of the fork arrives before the parent's
  ev(400, 223, {
    res: 0, exe: '/bin/sh', args: '-c\0true\0', tid: 400, pid: 400, ptid: 300, cwd: '', fdlimit: 512, pgft_maj: 0,
    pgft_min: 0, vm_size: 800, vm_rss: 300, vm_swap: 0, comm: 'sh', cgroups: `cpu=/docker/${cid}\0`, flags: 0, uid: 0, gid: 0,
    vtid: 400, vpid: 400,
  });
  ev(300, 223, {
    res: 400, exe: '/usr/sbin/nginx', args: '-g\0daemon off;\0', tid: 300, pid: 300, ptid: 100, cwd: '', fdlimit: 1024,
    pgft_maj: 0, pgft_min: 0, vm_size: 1000, vm_rss: 500, vm_swap: 0, comm: 'nginx', cgroups: `cpu=/docker/${cid}\0`,
    flags: 0, uid: 0, gid: 0, vtid: 300, vpid: 300,
  });
  pair(400, 6, { fd: 1, size: 1 }, { res: 1, data: 's' });
  // the main thread of bash exits while its thread 101 lives: it stays in the table until 101 is gone
  ev(100, 186, { status: 0, ret: 0, sig: 0, core: 0 });
  pair(100, 8, { fd: 1, size: 1 }, { res: 1, data: 'm' });
  pair(101, 8, { fd: 1, size: 1 }, { res: 1, data: 't' });
  ev(101, 186, { status: 0, ret: 0, sig: 0, core: 0 });
  pair(101, 8, { fd: 1, size: 1 }, { res: 1, data: 'u' });
  pair(100, 8, { fd: 1, size: 1 }, { res: 1, data: 'v' });
  return w.result();
}

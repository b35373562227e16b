// Exit-only captures (libs >= 0.22 drivers send no enter events; each exit carries the former enter
// parameters): the state engine takes the fd, path and credentials from the exit itself. sysdig 0.29.3
// cannot be the oracle here (it needs enter events), so the expectations are the values written.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';

interface SchemaEvent { code: number; name: string; params: { name: string; type: string }[] }
const events: SchemaEvent[] = JSON.parse(readFileSync('schema/events.json', 'utf8'));
const byCode = new Map(events.map((e) => [e.code, e]));

function enc(type: string, v: number | bigint | string | Uint8Array | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  const n = v === undefined || typeof v === 'string' ? 0n : BigInt(v);
  if (/INT8|UINT8|SIGTYPE|FLAGS8|L4PROTO|SOCKFAMILY/.test(type)) return P.u8(Number(BigInt.asUintN(8, n)));
  if (/INT16|FLAGS16|PORT|SYSCALLID/.test(type)) return P.u16(Number(BigInt.asUintN(16, n)));
  if (/INT32|FLAGS32|UID|GID|MODE|SIGSET|BOOL|FD32|PID32/.test(type)) return P.u32(Number(BigInt.asUintN(32, n)));
  if (/CHARBUF|FSPATH|FSRELPATH/.test(type)) return P.str(typeof v === 'string' ? v : '');
  if (type === 'PT_BYTEBUF') return P.bytes(typeof v === 'string' ? v : '');
  if (/SOCKADDR|SOCKTUPLE|FDLIST|DYN/.test(type)) return P.empty();
  return P.i64(n);
}

describe('exit-only captures', () => {
  it('fds, paths and credentials come from the exit events themselves', async () => {
    const w = new ScapWriter();
    w.shb();
    w.processList([{ tid: 10n, pid: 10n, ptid: 1n, comm: 'app', exe: '/app', cwd: '/srv', uid: 1000, gid: 1000 }]);
    let ts = 1n;
    const x = (code: number, vals: Record<string, number | bigint | string | Uint8Array>) => {
      const e = byCode.get(code)!;
      w.event({ ts: ts++, tid: 10n, cpu: 0, type: code, params: e.params.map((p) => enc(p.type, vals[p.name])) });
    };
    x(307, { fd: 3, dirfd: -100, name: 'data/a.txt', flags: 1, mode: 0, dev: 0, ino: 0 }); // openat exit (new layout)
    x(7, { res: 5, data: 'hello', fd: 3, size: 5 }); // read exit with fd
    x(5, { res: 0, fd: 3 }); // close exit with fd
    x(7, { res: 1, data: 'x', fd: 3, size: 1 }); // read after close: fd gone
    x(23, { res: 0, tuple: P.tuple4('10.0.0.1', 40000, '10.0.0.9', 443), fd: 4, addr: P.sockaddr4('10.0.0.9', 443) });
    const path = `${mkdtempSync('/tmp/scapula-exitonly-')}/x.scap`;
    writeFileSync(path, w.result());
    const cap = await openCaptureFile(path);
    const out = cap.formatText({ format: '*%evt.type|%fd.num|%fd.name' }).trimEnd().split('\n');
    // fs.path.* (current libs fields): the path of a successful open/openat, raw and resolved
    expect(cap.formatText({ format: '%evt.num %fs.path.name %fs.path.nameraw' }).trimEnd()).toBe('1 /srv/data/a.txt data/a.txt');
    expect(out.slice(0, 4)).toEqual([
      'openat|3|/srv/data/a.txt',
      'read|3|/srv/data/a.txt',
      'close|3|/srv/data/a.txt',
      'read|3|', // sysdig's rule: an fd-using exit whose fd is unknown has an empty fd.name
    ]);
  });
});

describe('execveat (sysdig 0.29.3 crashes on it, so checked against the values written)', () => {
  it('exepath resolved against the dirfd of the enter event; comm, args, env, uid from the exit', async () => {
    const w = new ScapWriter();
    w.shb();
    w.processList([{ tid: 20n, pid: 20n, ptid: 1n, comm: 'launcher', exe: '/launcher', cwd: '/home/x', uid: 1000, gid: 1000 }]);
    let ts = 1n;
    const x = (code: number, vals: Record<string, number | bigint | string | Uint8Array>) => {
      const e = byCode.get(code)!;
      w.event({ ts: ts++, tid: 20n, cpu: 0, type: code, params: e.params.map((p) => enc(p.type, vals[p.name])) });
    };
    x(102, { dirfd: -100, name: 'opt', flags: 0x401, mode: 0 }); // openat enter: a directory
    x(103, { fd: 5 });
    x(330, { dirfd: 5, pathname: 'bin/tool', flags: 0 });
    x(331, { res: 0, exe: 'tool', args: '--serve\0', tid: 20, pid: 20, ptid: 1, cwd: '', fdlimit: 2048, comm: 'tool',
      env: 'A=1\0', vpgid: 20, loginuid: 1000, flags: 1, uid: 0 });
    x(6, { fd: 5, size: 1 });
    const path = `${mkdtempSync('/tmp/scapula-execveat-')}/x.scap`;
    writeFileSync(path, w.result());
    const cap = await openCaptureFile(path);
    const out = cap.formatText({ format: '*%evt.type|%proc.name|%proc.exe|%proc.exepath|%proc.args|%proc.env|%proc.is_exe_writable|%proc.fdlimit|%user.uid' }).trimEnd().split('\n');
    expect(out[out.length - 1]).toBe('read|tool|tool|/home/x/opt/bin/tool|--serve|A=1|true|2048|0');
  });
});

describe('fd-creating calls newer than sysdig 0.29.3', () => {
  it('dup2, dup3, pipe2, eventfd2, signalfd4, inotify_init1, epoll_create1, memfd_create, accept4, pidfd_open, userfaultfd, socket with its own args', async () => {
    const w = new ScapWriter();
    w.shb();
    w.processList([{ tid: 30n, pid: 30n, ptid: 1n, comm: 'svc', exe: '/svc', cwd: '/', uid: 0, gid: 0 }]);
    let ts = 1n;
    const x = (code: number, vals: Record<string, number | bigint | string | Uint8Array>) => {
      const e = byCode.get(code)!;
      w.event({ ts: ts++, tid: 30n, cpu: 0, type: code, params: e.params.map((p) => enc(p.type, vals[p.name])) });
    };
    x(307, { fd: 3, dirfd: -100, name: '/etc/hosts', flags: 1, mode: 0 }); // openat -> 3
    x(363, { res: 7, oldfd: 3, newfd: 7 }); // dup2 3 -> 7
    x(365, { res: 8, oldfd: 3, newfd: 8, flags: 0 }); // dup3 3 -> 8
    x(393, { res: 0, fd1: 9, fd2: 10, ino: 777, flags: 0 }); // pipe2
    x(397, { res: 11, flags: 0, initval: 0 }); // eventfd2
    x(399, { res: 12, flags: 0, fd: -1, mask: 0 }); // signalfd4
    x(395, { res: 13, flags: 0 }); // inotify_init1
    x(377, { res: 14, flags: 0 }); // epoll_create1
    x(405, { fd: 15, name: 'jit-cache', flags: 0 }); // memfd_create
    x(389, { fd: 16, tuple: P.tuple4('10.1.1.9', 51000, '10.1.1.1', 443), queuepct: 0, queuelen: 0, queuemax: 0, flags: 0 }); // accept4
    x(409, { fd: 17, pid: 99, flags: 0 }); // pidfd_open
    x(321, { res: 18, flags: 0 }); // userfaultfd
    x(19, { fd: 19, domain: 2, type: 2, proto: 17, flags: 0 }); // socket exit with its arguments (no enter)
    for (const fd of [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]) x(7, { res: 0, data: '', fd, size: 1 });
    const path = `${mkdtempSync('/tmp/scapula-newfds-')}/x.scap`;
    writeFileSync(path, w.result());
    const cap = await openCaptureFile(path);
    const out = cap.formatText({ format: '*%evt.type|%fd.num|%fd.typechar|%fd.type|%fd.name|%fd.l4proto' }).trimEnd().split('\n').slice(-13);
    expect(out).toEqual([
      'read|7|f|file|/etc/hosts|<NA>',
      'read|8|f|file|/etc/hosts|<NA>',
      'read|9|p|pipe||<NA>',
      'read|10|p|pipe||<NA>',
      'read|11|e|event||<NA>',
      'read|12|s|signalfd||<NA>',
      'read|13|i|inotify||<NA>',
      'read|14|l|eventpoll|anon_inode:[eventpoll]|<NA>',
      'read|15|m|memfd|jit-cache|<NA>',
      'read|16|4|ipv4|10.1.1.9:51000->10.1.1.1:443|tcp',
      'read|17|P|pidfd|anon_inode:[pidfd]|<NA>',
      'read|18|u|userfaultfd|userfaultfd|<NA>',
      'read|19|4|ipv4||<NA>',
    ]);
  });
});

// Parameter rendering of every kind sysdig prints, on a synthetic capture written with our writer and
// rendered by the real sysdig 0.29.3 (the oracle, live): errno names, flags and enums, octal modes, hex
// results, fds with errno and AT_FDCWD, sockaddr/socktuple for IPv4, IPv6 (also v4-mapped) and unix,
// fd lists, dynamic params, byte buffers (cut to 80 with "..."; empty), relative time with seconds,
// signals, uid -1. Each event uses the parameter count sysdig 0.29.3's table has, so both see the same.
// Everywhere, the same outputs are compared with stored expectations (test/golden/expected/reader-params/).
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { haveSysdig, sysdigBytes, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const ip6 = (s: string) => {
  // tiny IPv6 parser for the test's literals
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const words = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((x) => parseInt(x, 16));
  const b = new Uint8Array(16);
  words.forEach((w, i) => { b[2 * i] = w >> 8; b[2 * i + 1] = w & 255; });
  return b;
};
const le16 = (v: number) => P.u16(v);
const tuple6 = (sip: Uint8Array, sport: number, dip: Uint8Array, dport: number) =>
  Uint8Array.from([10, ...sip, ...le16(sport), ...dip, ...le16(dport)]);
const sockaddr6 = (ip: Uint8Array, port: number) => Uint8Array.from([10, ...ip, ...le16(port)]);
const unixTuple = (src: bigint, dst: bigint, path: string) => Uint8Array.from([1, ...P.u64(src), ...P.u64(dst), ...P.str(path)]);
const fdlist = (items: [number, number][]) => Uint8Array.from([...le16(items.length), ...items.flatMap(([fd, fl]) => [...P.i64(fd), ...le16(fl)])]);

function capture(): Uint8Array {
  const w = new ScapWriter().shb();
  let ts = 1_700_000_000_000_000_000n;
  const ev = (type: number, params: Uint8Array[]) => w.event({ ts: ts += 1000n, tid: 42n, cpu: 1, type, params });
  ev(3, [P.i64(-2), P.str('/etc/shadow'), P.u32(4 | 3 | 4096), P.u32(0o644), P.u32(0x801)]);   // open X: ENOENT
  ev(3, [P.i64(5), P.str('rel/../x/./y//z/'), P.u32(1), P.u32(0), P.u32(0)]);                // open X: relative path
  ev(22, [P.i64(3), P.sockaddr4('10.1.2.3', 443)]);                                          // connect E
  ev(22, [P.i64(3), sockaddr6(ip6('2001:db8::1'), 8080)]);
  ev(22, [P.i64(3), Uint8Array.from([1, ...P.str('/run/docker.sock')])]);
  ev(22, [P.i64(3), Uint8Array.of(99)]);
  ev(22, [P.i64(-100), P.empty()]);
  ev(23, [P.i64(-115), P.tuple4('192.168.1.5', 40000, '93.184.216.34', 80)]);              // connect X
  ev(23, [P.i64(0), tuple6(ip6('fe80::1:2'), 1234, ip6('::1'), 22)]);
  ev(23, [P.i64(0), tuple6(ip6('::ffff:c0a8:0101'), 5, ip6('::ffff:0a00:0001'), 6)]);
  ev(23, [P.i64(0), unixTuple(0xffff9a8b12345678n, 0xabcdefn, '/tmp/.X11-unix/X0')]);
  ev(23, [P.i64(-111), P.empty()]);
  ev(81, [P.i64(2), fdlist([[0, 1], [7, 4 | 1], [-1, 0xffff]])]);                           // poll X
  ev(45, [P.i64(0), P.i64(3), P.u8(1), P.u8(2), Uint8Array.from([2, ...P.u32(1)]), P.u32(4)]); // setsockopt X
  ev(45, [P.i64(0), P.i64(3), P.u8(1), P.u8(20), Uint8Array.from([4, ...P.u64(2_500_000_000n)]), P.u32(16)]);
  ev(7, [P.i64(200), P.bytes(Uint8Array.from({ length: 200 }, (_, i) => (i * 7) % 256))]); // read X: 200 bytes
  ev(7, [P.i64(0), P.empty()]);
  ev(128, [P.i64(1234), P.u8(9)]);                                                         // kill E
  ev(134, [P.u64(1_500_000n)]);                                                            // nanosleep E
  ev(134, [P.u64(3_000_000_000n)]);
  ev(134, [P.u64(0xffffffffffffffffn)]);
  for (const v of [1n, 999_999n, 50_000n, 123_456_789_012n, 100_000_000_000_000n, 999_999_500n, 1_000_000n, 0n]) ev(134, [P.u64(v)]);
  ev(198, [P.u32(0xffffffff)]);                                                            // setuid E
  ev(150, [P.i64(3), P.u8(26)]);                                                           // fcntl E F_DUPFD_CLOEXEC
  ev(18, [P.u32(2), P.u32(1), P.u32(6)]);                                                  // socket E AF_INET
  ev(184, [P.i64(0), Uint8Array.from([0, ...P.u64(0x7ffd1234n)]), Uint8Array.from([1, 11])]); // ptrace X dyn
  ev(161, [P.i64(0x7f1234560000), P.u32(1000), P.u32(200), P.u32(0)]);                    // mmap X hex
  ev(232, [P.i64(0), P.i64(42), P.u8(17)]);                                                // signaldeliver
  return w.result();
}

async function* once(b: Uint8Array) { yield b; }

function usersCapture(): Uint8Array {
  const w = new ScapWriter().shb();
  w.userList([{ uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash' }, { uid: 1000, gid: 1000, name: 'alice', home: '/home/alice', shell: '/bin/zsh' }],
    [{ gid: 0, name: 'root' }, { gid: 1000, name: 'staff' }]);
  let ts = 1n;
  const ev = (type: number, params: Uint8Array[]) => w.event({ ts: ts++, tid: 9n, cpu: 0, type, params });
  ev(198, [P.u32(0)]); ev(198, [P.u32(1000)]); ev(198, [P.u32(4242)]); ev(198, [P.u32(0xffffffff)]);
  ev(200, [P.u32(0)]); ev(200, [P.u32(1000)]); ev(200, [P.u32(77)]);
  ev(192, [P.u32(1000), P.u32(0), P.u32(0xffffffff)]);
  ev(194, [P.u32(1000), P.u32(0), P.u32(5)]);
  return w.result();
}

function pathsCapture(): Uint8Array {
  const w = new ScapWriter().shb();
  w.processList([{ tid: 9n, pid: 9n, ptid: 1n, comm: 'bash', exe: '/bin/bash', cwd: '/home/alice/', args: ['-i'] }]);
  const dirPayload = Uint8Array.from([...P.u16(4), ...new TextEncoder().encode('/etc')]);
  w.fdList(9n, [{ fd: 5n, ino: 1n, type: 2, payload: dirPayload }]);
  let ts = 1n;
  const ev = (type: number, params: Uint8Array[]) => w.event({ ts: ts++, tid: 9n, cpu: 0, type, params });
  for (const n of ['notes.txt', '../x', './a/../b//c/', '/abs/p', '..', 'a/./b/.', '../../../../up']) {
    ev(3, [P.i64(-2), P.str(n), P.u32(1), P.u32(0), P.u32(0)]);
  }
  ev(306, [P.i64(5), P.str('passwd'), P.u32(1), P.u32(0)]);
  ev(306, [P.i64(-100), P.str('rel/file'), P.u32(1), P.u32(0)]);
  ev(307, [P.i64(7), P.i64(5), P.str('shadow'), P.u32(1), P.u32(0), P.u32(0)]);
  ev(8, [P.i64(7), P.u32(10)]); // write E on the new fd: its name is the resolved path
  return w.result();
}

function utf8Capture(): Uint8Array {
  const w = new ScapWriter().shb();
  const name = (x: string | number[]) => (typeof x === 'string' ? P.str(x) : Uint8Array.from([...x, 0]));
  let ts = 1n;
  for (const n of ['/tmp/café', '/tmp/日本', '/tmp/a"b\\c\td\x01', [0x2f, 0x78, 0xff, 0xfe, 0x41], [0x2f, 0xc3], '/tmp/😀', [0x2f, 0x80, 0x41, 0x7f]]) {
    w.event({ ts: ts++, tid: 5n, cpu: 0, type: 3, params: [P.i64(3), name(n), P.u32(1), P.u32(0), P.u32(0)] });
    w.event({ ts: ts++, tid: 5n, cpu: 0, type: 95, params: [P.i64(0), name(n)] });
  }
  return w.result();
}

const FMT = '%evt.num %evt.type %evt.args';
const ARGS_FMT = '*%evt.num %evt.arg[0] %evt.arg[1] %evt.arg.res %evt.arg.fd %evt.arg.tuple';
const INFO_FMT = '*%evt.num %evt.info %evt.type';
const PATHS_FMT = '%evt.num %proc.name %evt.type %evt.args';

/** One rendering checked: the capture, and Scapula's output next to the sysdig arguments that print the same. */
interface Case { title: string; id: string; bytes: () => Uint8Array; outputs: Array<{ sysArgs: string[]; ours: (c: Capture) => string; json?: boolean }> }
const text = (fmt: string) => ({ sysArgs: ['-p', fmt], ours: (c: Capture) => c.formatText({ format: fmt }) });
const chunks = (json: boolean) => ({ sysArgs: json ? ['-j'] : [], json,
  ours: (c: Capture) => Buffer.concat([...c.formatChunks({ json })].map((x) => Buffer.from(x))).toString('latin1') });

const CASES: Case[] = [
  { title: 'every param kind, default line', id: 'kinds.txt', bytes: capture, outputs: [text(FMT)] },
  { title: 'uid/gid params resolve user and group names from the user list', id: 'users.txt', bytes: usersCapture, outputs: [text(FMT)] },
  { title: 'relative paths resolve against the cwd (process list) and the dirfd (fd list)', id: 'paths.txt', bytes: pathsCapture, outputs: [text(PATHS_FMT)] },
  { title: 'evt.arg by name and index, JSON output', id: 'args.txt', bytes: capture,
    outputs: [text(ARGS_FMT), { sysArgs: ['-j', '-p', INFO_FMT], json: true, ours: (c) => c.formatText({ format: INFO_FMT, json: true }) }] },
  { title: 'non-ASCII and invalid UTF-8 in paths: text, and JSON escaped (\\uXXXX, U+FFFD)', id: 'utf8.txt', bytes: utf8Capture,
    outputs: [chunks(false), chunks(true)] },
];

async function load(c: Case): Promise<Capture> {
  return Capture.load(await nodeEngine(), once(c.bytes()));
}

describe('param rendering: stored expectations', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const cap = await load(c);
      goldens('reader-params').text(c.id, c.outputs.map((o) => `== ${o.sysArgs.join(' ')}\n${o.ours(cap)}`).join(''));
    });
  }
});

describe.skipIf(!haveSysdig())(`param rendering equals sysdig 0.29.3 (${SYSDIG_WHY})`, () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const dir = mkdtempSync('/tmp/scapula-params-');
      writeFileSync(`${dir}/c.scap`, c.bytes());
      const cap = await load(c);
      for (const o of c.outputs) {
        const args = ['-r', `${dir}/c.scap`, ...o.sysArgs];
        if (o.json && o.sysArgs.includes('-p')) {
          const parse = (t: string) => t.split('\n').filter(Boolean).map((l) => JSON.parse(l));
          expect(parse(o.ours(cap))).toEqual(parse(sysdigOutput(args)));
        } else if (o.json || o.sysArgs.length === 0) {
          // byte for byte (latin1 keeps every byte, invalid UTF-8 included)
          expect(o.ours(cap)).toBe(sysdigBytes(args).toString('latin1'));
        } else {
          expect(o.ours(cap)).toBe(sysdigOutput(args));
        }
      }
    });
  }
});

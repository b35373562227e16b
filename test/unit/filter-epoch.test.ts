// The (thread version, thread epoch) memo of checks on relatives (wasm/src/filter/threadepoch.ts). A
// child's thread version stays the same while its parent execs: `proc.pname` must change at the exec
// for the child's later events. The samples never do this, so this test writes a capture that does:
// bash (100) has a child cat (200); cat reads, bash execs python3, cat reads again, bash exits. Every
// relative check must equal the general path (extractor per event) there, and the results are
// compared with sysdig's when it is installed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';
import { compileFilter } from '../../engine/filter/index.ts';
import { haveSysdig, sysdigNums, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

interface SchemaEvent { code: number; params: { name: string; type: string }[] }
const byCode = new Map((JSON.parse(readFileSync('schema/events.json', 'utf8')) as SchemaEvent[]).map((e) => [e.code, e]));
/** Parameter counts sysdig 0.29.3 knows for the types written here (read, execve, procexit). */
const NPARAMS_029: Record<number, number> = { 6: 2, 7: 2, 292: 1, 293: 20, 186: 4 };

function encode(type: string, v: string | number | undefined): Uint8Array {
  if (type === 'PT_CHARBUF' || type === 'PT_FSPATH' || type === 'PT_FSRELPATH') return P.str(typeof v === 'string' ? v : '');
  if (type === 'PT_BYTEBUF') return P.bytes(typeof v === 'string' ? v : '');
  const n = BigInt(typeof v === 'number' ? v : 0);
  if (/INT8|FLAGS8|SIGTYPE/.test(type)) return P.u8(Number(BigInt.asUintN(8, n)));
  if (/INT16|FLAGS16|PORT/.test(type)) return P.u16(Number(BigInt.asUintN(16, n)));
  if (/INT32|FLAGS32|UID|GID|MODE|BOOL|FD32|PID32|SIGSET/.test(type)) return P.u32(Number(BigInt.asUintN(32, n)));
  if (/SOCK|FDLIST|DYN/.test(type)) return P.empty();
  return P.i64(n);
}

function buildCapture(): Uint8Array {
  const w = new ScapWriter();
  w.shb();
  w.machineInfo({ numCpus: 1, memoryBytes: 1n << 32n, maxPid: 32768n, hostname: 'epoch-host' });
  w.userList([{ uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash' }], [{ gid: 0, name: 'root' }]);
  w.processList([
    { tid: 1n, pid: 1n, ptid: 0n, comm: 'systemd', exe: '/sbin/init', args: [], cwd: '/', uid: 0, gid: 0, sid: 1n, vpgid: 1n },
    { tid: 100n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', args: ['-i'], cwd: '/', uid: 0, gid: 0, sid: 100n, vpgid: 100n },
    { tid: 200n, pid: 200n, ptid: 100n, comm: 'cat', exe: '/usr/bin/cat', args: ['f'], cwd: '/', uid: 0, gid: 0, sid: 100n, vpgid: 200n },
  ]);
  let ts = 1_700_000_000_000_000_000n;
  const ev = (tid: number, code: number, vals: Record<string, string | number> = {}) => {
    const e = byCode.get(code)!;
    const params = e.params.slice(0, NPARAMS_029[code] ?? e.params.length).map((p) => encode(p.type, vals[p.name]));
    ts += 1000n;
    w.event({ ts, tid: BigInt(tid), cpu: 0, type: code, params });
  };
  const read = () => { ev(200, 6, { fd: 0, size: 8 }); ev(200, 7, { res: 4, data: 'abcd' }); };
  read(); read();
  ev(100, 292, { filename: '/usr/bin/python3' });
  ev(100, 293, { res: 0, exe: '/usr/bin/python3', args: 'x.py\0', tid: 100, pid: 100, ptid: 1, cwd: '', fdlimit: 1024,
    comm: 'python3', cgroups: '', env: '', tty: 0, vpgid: 100, loginuid: 0, flags: 0 });
  read(); read();
  ev(100, 186, { status: 0, ret: 0, sig: 0, core: 0 }); // bash/python3 exits: cat has no parent any more
  read();
  return w.result();
}

let cap: Capture;
let file: string;
beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'scapula-epoch-')), 'epoch.scap');
  writeFileSync(file, buildCapture());
  cap = await openCaptureFile(file);
});
afterAll(() => rmSync(dirname(file), { recursive: true, force: true }));

const FILTERS = [
  'proc.pname = bash', 'proc.pname = python3', 'proc.pname exists', 'proc.aname = bash', 'proc.aname = python3',
  'proc.aname = systemd', 'proc.aname[1] = python3', 'proc.aname[2] = systemd', 'proc.aexe = /usr/bin/python3',
  'proc.apid = 100', 'proc.ppid = 100', 'proc.pexe = /bin/bash', 'proc.pcmdline contains x.py', 'proc.acmdline contains "-i"',
];

function run(f: string, fastPaths: boolean): number[] {
  const c = compileFilter(f, { fastPaths });
  if (!c.ok) throw new Error(`${f}: ${c.error.message}`);
  return Array.from(cap.runPlan(c.plan.plan), (i) => i + 1);
}

describe('relatives memo (thread version + thread epoch)', () => {
  it('the parent exec changes proc.pname for the child events after it, with the same child version', () => {
    const bash = run('proc.pname = bash and thread.tid = 200', false);
    const py = run('proc.pname = python3 and thread.tid = 200', false);
    expect(bash.length).toBeGreaterThan(0);
    expect(py.length).toBeGreaterThan(0);
    expect(Math.max(...bash)).toBeLessThan(Math.min(...py)); // before the exec, then after it
    expect(run('proc.pname = bash and thread.tid = 200', true)).toEqual(bash);
    expect(run('proc.pname = python3 and thread.tid = 200', true)).toEqual(py);
  });

  it('every relative check equals the general path, run after run', () => {
    for (const f of FILTERS) {
      const want = run(f, false);
      expect(run(f, true), f).toEqual(want);
      expect(run(f, true), `${f} (again)`).toEqual(want);
    }
  });

  const LINEAGE = ['proc.pname = bash', 'proc.pname = python3', 'proc.aname = python3', 'proc.apid = 100'];
  it('matches the stored results', () => {
    goldens('filter-epoch').text('lineage.txt', LINEAGE.map((f) => `${f}\n  ${run(f, true).join(' ') || '(none)'}\n`).join(''));
  });

  it.skipIf(!haveSysdig())(`agrees with sysdig (${SYSDIG_WHY})`, () => {
    for (const f of LINEAGE) {
      expect(run(f, true), f).toEqual(sysdigNums(file, f));
    }
  });
});

// Initial-state events: the run of useradded/groupadded/userdeleted/groupdeleted, container JSON (v2) and
// async events a file starts with is consumed by current libs when the file opens
// (sinsp::consume_initialstate_events): applied to the state and numbered (evt.num counts them), never
// delivered. The same event types later in the file are delivered as usual. `--all-events` prints them.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ScapWriter, P } from '../../engine/scap/writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-initial-'));
const file = join(dir, 'initial.scap');
const read = (...args: string[]) =>
  execFileSync('node', ['bin/scapula.mjs', 'read', file, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } })
    .trimEnd().split('\n').filter(Boolean);

function build(): Uint8Array {
  const w = new ScapWriter();
  w.shb();
  w.machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'initial-host' });
  w.processList([{ tid: 42n, pid: 42n, ptid: 1n, comm: 'cat', exe: '/usr/bin/cat', args: [], cwd: '/', uid: 1234, gid: 1234 }]);
  const t0 = 1_700_000_000_000_000_000n;
  const cjson = JSON.stringify({ container: { id: 'abcdef123456', image: 'busybox', name: 'box', type: 0 } });
  // the leading run: events 1-4
  w.event({ ts: t0, tid: 0n, cpu: 0, type: 354, params: [P.u32(1234), P.u32(1234), P.str('alice'), P.str('/home/alice'), P.str('/bin/sh'), P.str('')] });
  w.event({ ts: t0, tid: 0n, cpu: 0, type: 358, params: [P.u32(1234), P.str('staff'), P.str('')] });
  w.event({ ts: t0, tid: 0n, cpu: 0, type: 324, params: [P.str(cjson)] });
  w.event({ ts: t0, tid: 0n, cpu: 0, type: 402, params: [P.u32(0), P.str('note'), P.bytes('x')] });
  // event 5: the first syscall event, by a thread of uid 1234
  w.event({ ts: t0 + 1000n, tid: 42n, cpu: 0, type: 2, params: [P.str('/etc/hosts'), P.u32(1), P.u32(0)] });
  // event 6: a useradded later in the file is delivered
  w.event({ ts: t0 + 2000n, tid: 0n, cpu: 0, type: 354, params: [P.u32(99), P.u32(99), P.str('bob'), P.str('/'), P.str('/bin/sh'), P.str('')] });
  return w.result();
}

beforeAll(() => writeFileSync(file, build()));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('initial-state events at the start of a file', () => {
  it('are applied and numbered but not delivered', () => {
    const lines = read('-p', '*%evt.num %evt.type %user.name %group.name');
    expect(lines).toEqual(['5 open alice staff', '6 useradded <NA> <NA>']);
  });

  it('are not counted by -n and are printed with --all-events', () => {
    expect(read('-n', '1', '-p', '%evt.num')).toEqual(['5']);
    const all = read('--all-events', '-p', '%evt.num %evt.type');
    expect(all).toEqual(['1 useradded', '2 groupadded', '3 container', '4 asyncevent', '5 open', '6 useradded']);
  });

  it('are not seen by filters', () => {
    expect(read('evt.type in (useradded, groupadded, container, asyncevent)', '-p', '%evt.num')).toEqual(['6']);
  });
});

describe('a user renamed in the middle of a capture', () => {
  it('filters on user.name see the table as it was at each event (the per-thread memo only after the last change)', () => {
    const w = new ScapWriter();
    w.shb();
    w.machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'h' });
    w.userList([{ uid: 1234, gid: 1234, name: 'alice', home: '/home/alice', shell: '/bin/sh' }], [{ gid: 1234, name: 'staff' }]);
    w.processList([{ tid: 42n, pid: 42n, ptid: 1n, comm: 'cat', exe: '/usr/bin/cat', args: [], cwd: '/', uid: 1234, gid: 1234 }]);
    const t0 = 1_700_000_000_000_000_000n;
    const open = (ts: bigint) => w.event({ ts, tid: 42n, cpu: 0, type: 2, params: [P.str('/etc/hosts'), P.u32(1), P.u32(0)] });
    open(t0); open(t0 + 10n);
    w.event({ ts: t0 + 20n, tid: 0n, cpu: 0, type: 354, params: [P.u32(1234), P.u32(1234), P.str('alice2'), P.str('/'), P.str('/bin/sh'), P.str('')] });
    open(t0 + 30n); open(t0 + 40n);
    const path = join(dir, 'renamed.scap');
    writeFileSync(path, w.result());
    const nums = (f: string) => execFileSync('node', ['bin/scapula.mjs', 'read', path, '-p', '%evt.num', f], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    expect(nums('user.name = alice')).toEqual(['1', '2']);
    expect(nums('user.name = alice2')).toEqual(['4', '5']);
    expect(nums('user.name != alice')).toEqual(['4', '5']);
  });
});

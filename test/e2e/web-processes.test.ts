// Browser end-to-end: the process tree. A capture written with the scap writer (a shell, its child and
// grandchild, and an unrelated daemon, each with a few syscalls) must give the tree the CLI's
// proc.pid/proc.ppid imply, with per-process event counts equal to the CLI's, and "filter with
// children" must give the CLI's count for the same expression.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, type Session } from './harness.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { EVENT_NAMES, EVENT_DIRS } from '../../engine/generated/schema.ts';

function code(name: string, dir: 'enter' | 'exit'): number {
  return EVENT_NAMES.findIndex((n, k) => n === name && EVENT_DIRS[k] === dir);
}

function familyCapture(): string {
  const w = new ScapWriter();
  const procs = [
    { tid: 100n, pid: 100n, ptid: 1n, comm: 'bash', exe: '/bin/bash', cwd: '/root/' },
    { tid: 200n, pid: 200n, ptid: 100n, comm: 'make', exe: '/usr/bin/make', args: ['all'], cwd: '/src/' },
    { tid: 300n, pid: 300n, ptid: 200n, comm: 'cc', exe: '/usr/bin/cc', args: ['-c', 'a.c'], cwd: '/src/' },
    { tid: 400n, pid: 400n, ptid: 1n, comm: 'sshd', exe: '/usr/sbin/sshd', cwd: '/' },
  ];
  w.shb().machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'box' }).processList(procs);
  const ce = code('close', 'enter'), cx = code('close', 'exit');
  let ts = 1_700_000_000_000_000_000n;
  procs.forEach((p, k) => {
    for (let j = 0; j <= k; j++) {
      w.event({ ts: ts += 1000n, tid: p.tid, cpu: 0, type: ce, params: [P.i64(3 + j)] });
      w.event({ ts: ts += 1000n, tid: p.tid, cpu: 0, type: cx, params: [P.i64(0)] });
    }
  });
  const file = join(mkdtempSync(join(tmpdir(), 'scapula-procs-')), 'family.scap');
  writeFileSync(file, w.result());
  return file;
}

describe.skipIf(!haveChromium)('process tree in Chromium', () => {
  let s: Session;
  let file: string;
  beforeAll(async () => {
    file = familyCapture();
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  it('nests processes by parent with the CLI\'s event counts, and filters a subtree', async () => {
    const lines = cli(['read', file, '-p', '*%proc.pid %proc.ppid %proc.name']).stdout.split('\n').filter(Boolean);
    const cliProcs = new Map<number, { ppid: number; name: string; events: number }>();
    for (const l of lines) {
      const [pid, ppid, name] = l.split(' ');
      const p = cliProcs.get(Number(pid)) ?? { ppid: Number(ppid), name, events: 0 };
      p.events++;
      cliProcs.set(Number(pid), p);
    }
    expect(cliProcs.size).toBe(4);
    await dropFile(s.page, file, 'family.scap');
    await waitLoaded(s.page);
    await s.page.locator('scap-app nav button', { hasText: 'Processes' }).click();
    await s.page.locator('scap-process-tree li.proc').first().waitFor();
    for (const [pid, p] of cliProcs) {
      const li = s.page.locator(`scap-process-tree li.proc[data-pid="${pid}"]`);
      expect(await li.locator('.name').first().textContent()).toBe(p.name);
      expect(await li.locator('.count').first().textContent()).toBe(`${p.events} events`);
      // Its parent in the tree is its CLI ppid when that process is in the capture.
      const parent = await li.evaluate((e) => e.parentElement?.closest('li.proc')?.getAttribute('data-pid') ?? null);
      expect(parent).toBe(cliProcs.has(p.ppid) ? String(p.ppid) : null);
    }
    await s.shot('11-process-tree');
    await s.page.locator('scap-process-tree li.proc[data-pid="100"] button', { hasText: 'with children' }).first().click();
    const expr = 'proc.pid = 100 or proc.apid = 100';
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, expr);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, expr));
    expect((await counts(s.page)).displayed).toBe(cliProcs.get(100)!.events + cliProcs.get(200)!.events + cliProcs.get(300)!.events);
  });
});

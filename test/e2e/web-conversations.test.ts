// Browser end-to-end: Conversations… on a capture written here (two processes, one with two threads,
// file and network I/O): every tab (processes, threads, containers, fds, server endpoints) shows exactly
// `scapula stats FILE [FILTER] --conversations -j`, with and without a filter; the process table also
// equals what sysdig's own fields give (events, bytes read/written by I/O exits, duration); clicking a
// row applies its filter with the CLI's count; the Container I/O tree (container → process → fd, one of
// the processes in a docker container) equals the CLI's, and a leaf's filter gives the CLI's count.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, applyFilter, type Session } from './harness.ts';
import { conversationsCapture } from './written-captures.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import type { Conversations, ConversationTable, IoTreeNode } from '../../engine/api.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-conv-'));
const TABS = ['processes', 'threads', 'containers', 'fds', 'endpoints'] as const;

function cliConversations(file: string, filter?: string): Conversations {
  const r = cli(['stats', file, ...(filter ? [filter] : []), '--conversations', '-j']);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout).conversations;
}

const shape = (t: ConversationTable) => t.rows.map((r) => ({ key: r.key, filter: r.filter, events: r.events, read: r.read, written: r.written, duration: r.durationNs }));

describe.skipIf(!haveChromium)('conversations and endpoints in Chromium', () => {
  let s: Session;
  let file: string;
  beforeAll(async () => {
    file = conversationsCapture(dir);
    s = await startSession();
    await s.page.goto(s.url);
    await dropFile(s.page, file, 'conversations.scap');
    await waitLoaded(s.page);
  });
  afterAll(async () => { await s?.close(); });

  const dialogTables = async () => {
    await s.page.locator('scap-app #tb-analyze').click();
    await s.page.locator('scap-app #tb-conv').click();
    const dlg = s.page.locator('scap-conversations-dialog dialog');
    await dlg.locator('#conv-summary', { hasText: 'displayed events' }).waitFor();
    const out: Record<string, ReturnType<typeof shape>> = {};
    for (const t of TABS) {
      await dlg.locator(`.tabs button[data-tab="${t}"]`).click();
      await dlg.locator(`table[data-tab="${t}"], p.empty`).first().waitFor();
      out[t] = await dlg.locator(`table[data-tab="${t}"] tr.row`).evaluateAll((els) => els.map((e) => ({
        key: e.getAttribute('data-key')!, filter: e.getAttribute('data-filter')!, events: Number(e.getAttribute('data-events')),
        read: Number(e.getAttribute('data-read')), written: Number(e.getAttribute('data-written')), duration: e.getAttribute('data-duration')!,
      })));
    }
    return out;
  };

  it('shows the CLI\'s tables, with and without a filter', async () => {
    const ref = cliConversations(file);
    expect(ref.processes.rows.length).toBe(2);
    expect(ref.threads.rows.length).toBe(3);
    expect(ref.endpoints.rows.map((r) => r.key).sort()).toEqual(['10.0.0.2:80', '10.0.0.3:443']);
    const got = await dialogTables();
    for (const t of TABS) expect(got[t], t).toEqual(shape(ref[t]));
    await s.page.keyboard.press('Escape');
    const filter = 'evt.type in (read, write)';
    await applyFilter(s.page, filter);
    const refF = cliConversations(file, filter);
    expect(refF.events).toBe((await counts(s.page)).displayed);
    const gotF = await dialogTables();
    for (const t of TABS) expect(gotF[t], `${t} with ${filter}`).toEqual(shape(refF[t]));
    await s.shot('conversations');
    await s.page.keyboard.press('Escape');
    await applyFilter(s.page, '');
  });

  it.skipIf(!haveSysdig())(`the process table equals sysdig's fields summed by pid (${SYSDIG_WHY})`, async () => {
    const r = { stdout: sysdigOutput(['-r', file, '-p', '*%proc.pid %evt.is_io_read %evt.is_io_write %evt.rawarg.res %evt.rawtime']) };
    const by = new Map<string, { events: number; read: number; written: number; first: bigint; last: bigint }>();
    for (const l of r.stdout.split('\n').filter(Boolean)) {
      const [pid, rd, wr, res, ts] = l.split(' ');
      const p = by.get(pid) ?? { events: 0, read: 0, written: 0, first: BigInt(ts), last: BigInt(ts) };
      p.events++;
      const n = /^\d+$/.test(res) ? Number(res) : 0;
      if (rd === 'true') p.read += n;
      if (wr === 'true') p.written += n;
      if (BigInt(ts) > p.last) p.last = BigInt(ts);
      by.set(pid, p);
    }
    const got = (await dialogTables()).processes;
    await s.page.keyboard.press('Escape');
    expect(got.map((g) => [g.filter, g.events, g.read, g.written, g.duration])).toEqual(
      [...by.entries()].sort((a, b) => b[1].events - a[1].events).map(([pid, p]) => [`proc.pid = ${pid}`, p.events, p.read, p.written, String(p.last - p.first)]));
  });

  it('a row applies its filter, with the CLI\'s count', async () => {
    await s.page.locator('scap-app #tb-analyze').click();
    await s.page.locator('scap-app #tb-conv').click();
    const dlg = s.page.locator('scap-conversations-dialog dialog');
    await dlg.locator('#conv-summary', { hasText: 'displayed events' }).waitFor();
    await dlg.locator('.tabs button[data-tab="endpoints"]').click();
    const row = dlg.locator('table[data-tab="endpoints"] tr.row', { hasText: '10.0.0.2:80' });
    const filter = (await row.getAttribute('data-filter'))!;
    expect(filter).toBe('fd.sip = 10.0.0.2 and fd.sport = 80');
    const events = Number(await row.getAttribute('data-events'));
    await row.click();
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, filter);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, filter));
    expect(cliCount(file, filter)).toBe(events);
  });

  it('Container I/O: the CLI\'s container → process → fd tree, and a leaf filters', async () => {
    const ref = cliConversations(file).containerIo;
    const flat: [number, string, string, number, number, number][] = [];
    const walk = (nodes: IoTreeNode[], level: number) => nodes.forEach((n) => { flat.push([level, n.key, n.filter, n.events, n.read, n.written]); if (n.children) walk(n.children, level + 1); });
    walk(ref, 0);
    expect(ref.map((n) => n.key).sort()).toEqual(['3f1c2a9b8d7e', 'host']);
    expect(flat.filter(([l]) => l === 2).length).toBe(4);
    await applyFilter(s.page, '');
    await s.page.locator('scap-app #tb-analyze').click();
    await s.page.locator('scap-app #tb-conv').click();
    const dlg = s.page.locator('scap-conversations-dialog dialog');
    await dlg.locator('#conv-summary', { hasText: 'displayed events' }).waitFor();
    await dlg.locator('.tabs button[data-tab="containerIo"]').click();
    const got = await dlg.locator('table[data-tab="containerIo"] tr.row').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-level')),
      e.getAttribute('data-key')!, e.getAttribute('data-filter')!, Number(e.getAttribute('data-events')), Number(e.getAttribute('data-read')), Number(e.getAttribute('data-written'))]));
    expect(got).toEqual(flat);
    await s.shot('container-io');
    const leaf = flat.find(([l, k, f]) => l === 2 && k === '/tmp/out.txt' && f.startsWith('container.id = 3f1c2a9b8d7e'))!;
    await dlg.locator(`table[data-tab="containerIo"] tr.row[data-level="2"][data-filter="${leaf[2].replace(/"/g, '\\"')}"]`).click();
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, leaf[2]);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, leaf[2]));
    expect(cliCount(file, leaf[2])).toBeGreaterThan(leaf[3]);
  });
});

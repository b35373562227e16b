// Browser end-to-end: the Statistics dialog. On a synthetic capture (and on a sample with failures), every
// tab's rows (key, events, measure) must equal the CLI's `scapula stats FILE [FILTER] -j` tables, over the
// whole view and again after a filter narrowed it; clicking a row must apply "field = value" and display
// the CLI's count for that filter (for a process row: exactly the row's event count).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, applyFilter, sample, root, type Session } from './harness.ts';
import type { StatsTable, ViewStats } from '../../engine/api.ts';

const TABS: Array<[string, keyof ViewStats, 'events' | 'total']> = [
  ['processes', 'processes', 'total'], ['syscalls', 'syscalls', 'events'], ['latency', 'syscalls', 'total'],
  ['errnos', 'errnos', 'total'], ['errorProcesses', 'errorProcesses', 'total'], ['files', 'files', 'total'],
  ['connections', 'connections', 'total'], ['ports', 'ports', 'total'], ['netProcesses', 'netProcesses', 'total'],
];

function cliStats(file: string, filter?: string): ViewStats {
  const r = cli(['stats', file, ...(filter ? [filter] : []), '-j', '--top', '100']);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout).stats;
}

/** A tab's rows as the dialog shows them: [key, events, total] in display order. */
async function dialogRows(s: Session, tab: string): Promise<Array<[string, number, number]>> {
  await s.page.locator(`scap-stats-dialog nav button[data-tab="${tab}"]`).click();
  await s.page.locator(`scap-stats-dialog .body :is(table[data-tab="${tab}"], p.empty)`).first().waitFor();
  return s.page.locator('scap-stats-dialog tr.row').evaluateAll((trs) => trs.map((tr) => {
    const e = tr as HTMLElement;
    return [e.dataset.key ?? '', Number(e.dataset.events), Number(e.dataset.total)] as [string, number, number];
  }));
}

async function openStats(s: Session): Promise<void> {
  await s.page.locator('scap-app nav button#tb-stats').click();
  await s.page.locator('scap-stats-dialog #stats-summary').filter({ hasText: 'displayed events' }).waitFor({ timeout: 60_000 });
}

async function closeStats(s: Session): Promise<void> {
  await s.page.locator('scap-stats-dialog button[aria-label="Close"]').click();
}

/** Every tab equals the CLI's table (same rows, same numbers; order by the tab's measure). */
async function compareAll(s: Session, want: ViewStats): Promise<number> {
  let rows = 0;
  const summary = await s.page.locator('scap-stats-dialog #stats-summary').textContent();
  expect(summary).toContain(`${want.events.toLocaleString('en-US')} displayed events`);
  for (const [tab, table, measure] of TABS) {
    const got = await dialogRows(s, tab);
    let exp = (want[table] as StatsTable).rows.map((r) => [r.key, r.events, r.total] as [string, number, number]);
    if (tab === 'syscalls') exp = exp.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (tab === 'latency') exp = exp.filter((r) => r[2] > 0).sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
    expect([tab, got]).toEqual([tab, exp]);
    // Shown in decreasing order of the tab's measure.
    const m = got.map((r) => (measure === 'events' ? r[1] : r[2]));
    expect(m).toEqual([...m].sort((a, b) => b - a));
    rows += got.length;
  }
  return rows;
}

describe.skipIf(!haveChromium)('statistics dialog in Chromium', () => {
  let s: Session;
  let synth: string;
  beforeAll(async () => {
    synth = join(mkdtempSync(join(tmpdir(), 'scapula-webstats-')), 'synth.scap');
    execFileSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'synth', '--events', '40000', '-o', synth]);
    s = await startSession();
    await s.page.goto(s.url);
  }, 240_000);
  afterAll(async () => { await s?.close(); });

  it('every tab equals scapula stats -j, before and after a filter; a row click filters', { timeout: 240_000 }, async () => {
    await dropFile(s.page, synth, 'synth.scap');
    await waitLoaded(s.page);
    await openStats(s);
    const whole = cliStats(synth);
    expect(whole.syscalls.rows.length).toBeGreaterThan(5);
    expect(whole.files.rows.length).toBeGreaterThan(0);
    expect(await compareAll(s, whole)).toBeGreaterThan(20);
    await dialogRows(s, 'latency');
    await s.shot('20-stats-latency');

    // A process row: "proc.name = X" replaces the filter; the list then shows exactly that row's events.
    const [key, events] = (await dialogRows(s, 'processes'))[1];
    await s.page.locator(`scap-stats-dialog tr.row[data-key="${key}"]`).click();
    const expr = `proc.name = ${key}`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, expr);
    expect((await counts(s.page)).displayed).toBe(events);
    expect(events).toBe(cliCount(synth, expr));

    const filter = 'proc.name = cat';
    await applyFilter(s.page, filter);
    await openStats(s);
    const narrowed = cliStats(synth, filter);
    expect(narrowed.events).toBe(cliCount(synth, filter));
    await compareAll(s, narrowed);
    await closeStats(s);

    // An errno row on a sample with failures: evt.res = ENOENT, the CLI's count.
    await dropFile(s.page, sample('cat_write.scap'), 'cat_write.scap');
    await waitLoaded(s.page);
    await openStats(s);
    await compareAll(s, cliStats(sample('cat_write.scap')));
    const [errno] = (await dialogRows(s, 'errnos'))[0];
    await s.page.locator(`scap-stats-dialog tr.row[data-key="${errno}"]`).click();
    const e2 = `evt.res = ${errno}`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, e2);
    expect((await counts(s.page)).displayed).toBe(cliCount(sample('cat_write.scap'), e2));
    expect(s.errors).toEqual([]);
  });
});

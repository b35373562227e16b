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
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { EVENT_NAMES, EVENT_DIRS, EVENT_PARAM_TYPES } from '../../engine/generated/schema.ts';
import { writeFileSync } from 'node:fs';

const PROC = '<img src=x onerror="window.__xss=1">';
const PATH = '/tmp/<script>window.__xss=2</script> "q" back\\slash (1).txt';

/** A capture whose process name and file path are HTML with quotes, a backslash and parentheses: one open, one write. */
function hostileCapture(): string {
  const code = (name: string, dir: string) => EVENT_NAMES.findIndex((n, k) => n === name && EVENT_DIRS[k] === dir);
  const params = (c: number, values: (string | number)[]) => EVENT_PARAM_TYPES[c].map((t, k) => {
    const v = values[k] ?? 0;
    if (t === 'PT_FSPATH' || t === 'PT_CHARBUF' || t === 'PT_FSRELPATH') return P.str(String(v));
    if (t === 'PT_BYTEBUF') return P.bytes(String(v));
    if (t === 'PT_FD' || t === 'PT_ERRNO' || t === 'PT_PID' || t === 'PT_INT64') return P.i64(Number(v));
    if (t === 'PT_UINT64') return P.u64(Number(v));
    if (t === 'PT_UINT16') return P.u16(Number(v));
    if (t === 'PT_UINT8') return P.u8(Number(v));
    return P.u32(Number(v));
  });
  const w = new ScapWriter();
  const t0 = 1_700_000_000_000_000_000n;
  w.shb().machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'h' })
    .processList([{ tid: 77n, pid: 77n, ptid: 1n, comm: PROC, exe: PROC, cwd: '/' }]);
  const ev = (dt: bigint, name: string, dir: string, values: (string | number)[]) => {
    const c = code(name, dir);
    w.event({ ts: t0 + dt, tid: 77n, cpu: 0, type: c, params: params(c, values) });
  };
  ev(0n, 'open', 'enter', [PATH, 1, 0]);
  ev(1000n, 'open', 'exit', [3, PATH, 1, 0, 0, 0]);
  ev(2000n, 'write', 'enter', [3, 5]);
  ev(3000n, 'write', 'exit', [5, 'hello', 3, 5]);
  const file = join(mkdtempSync(join(tmpdir(), 'scapula-webstats-')), 'hostile.scap');
  writeFileSync(file, w.result());
  return file;
}

const TABS: Array<[string, keyof ViewStats, 'events' | 'total']> = [
  ['processes', 'processes', 'total'], ['syscalls', 'syscalls', 'events'], ['latency', 'syscalls', 'total'],
  ['errnos', 'errnos', 'total'], ['errorProcesses', 'errorProcesses', 'total'], ['errorFiles', 'errorFiles', 'total'], ['files', 'files', 'total'],
  ['connections', 'connections', 'total'], ['ports', 'ports', 'total'], ['netProcesses', 'netProcesses', 'total'],
];

function cliStats(file: string, filter?: string): ViewStats {
  const r = cli(['stats', file, ...(filter ? [filter] : []), '-j', '--top', '100']);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout).stats;
}

/** A tab's rows as the dialog shows them: [key, events, total] in display order. */
async function dialogRows(s: Session, tab: string): Promise<Array<[string, number, number]>> {
  await s.page.locator(`scap-stats-dialog .tabs button[data-tab="${tab}"]`).click();
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
    // Latency ranked by average instead of total: the CLI's rows in that order.
    await s.page.locator('scap-stats-dialog button.sort[data-sort="avg"]').click();
    const avg = (r: { total: number; calls?: number }) => (r.calls ? r.total / r.calls : 0);
    const byAvg = whole.syscalls.rows.filter((r) => r.total > 0).sort((a, b) => avg(b) - avg(a) || (a.key < b.key ? -1 : 1)).map((r) => r.key);
    await s.page.locator('scap-stats-dialog button.sort.on[data-sort="avg"]').waitFor();
    expect(await s.page.locator('scap-stats-dialog tr.row').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.key))).toEqual(byAvg);
    await s.page.locator('scap-stats-dialog button.sort[data-sort="total"]').click();

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

  it('hostile process names and paths are text; the row filter quotes them', { timeout: 120_000 }, async () => {
    const file = hostileCapture();
    const want = cliStats(file);
    expect(want.files.rows.map((r) => [r.key, r.total])).toEqual([[PATH, 5]]);
    await dropFile(s.page, file, 'hostile.scap');
    await waitLoaded(s.page);
    // The previous test's filter stays applied across files: replace it with one that keeps every event.
    await applyFilter(s.page, 'evt.num > 0');
    await openStats(s);
    expect(cliStats(file, 'evt.num > 0')).toMatchObject({ events: want.events, files: want.files, processes: want.processes });
    await compareAll(s, want);
    await dialogRows(s, 'files');
    expect(await s.page.locator('scap-stats-dialog tr.row td.key').textContent()).toBe(PATH);
    await dialogRows(s, 'processes');
    expect(await s.page.locator('scap-stats-dialog tr.row td.key').textContent()).toBe(PROC);
    expect(await s.page.locator('scap-stats-dialog :is(img, script)').count()).toBe(0);
    await dialogRows(s, 'files');
    await s.page.locator('scap-stats-dialog tr.row').click();
    await s.page.waitForFunction(() => (document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') ?? '').startsWith('fd.name = "'));
    const expr = await s.page.evaluate(() => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') ?? '');
    expect((await counts(s.page)).displayed).toBe(cliCount(file, expr));
    expect(cliCount(file, expr)).toBeGreaterThanOrEqual(2); // the open exit and the write pair name the file
    expect(await s.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});

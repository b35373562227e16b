// Browser end-to-end: the I/O graph on a capture written here. Its per-bucket values (two series: every
// displayed event, and I/O bytes of `nc`) equal the buckets computed from the CLI's timestamps and I/O
// results (`scapula read FILTER -p '%evt.rawtime %evt.is_io %evt.rawarg.res'`); dragging over the plot and
// "Filter on selection" gives the CLI's count for the range filter, equal to the selected buckets' sum;
// zooming to the selection re-buckets that range with the CLI's numbers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, type Session } from './harness.ts';
import { conversationsCapture } from './written-captures.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-io-graph-'));

/** The CLI's events bucketed like engine/io-graph.ts (integer arithmetic). */
function cliBuckets(file: string, filter: string, measure: 'events' | 'bytes', start: bigint, end: bigint, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  const r = cli(['read', file, ...(filter ? [filter] : []), '-p', '*%evt.rawtime %evt.is_io %evt.rawarg.res']);
  for (const l of r.stdout.split('\n').filter(Boolean)) {
    const [t, io, res] = l.split(' ');
    const ts = BigInt(t);
    if (ts < start || ts > end) continue;
    const b = Number(((ts - start) * BigInt(n)) / (end - start + 1n));
    if (measure === 'events') out[b]++;
    else if (io === 'true' && /^\d+$/.test(res)) out[b] += Number(res);
  }
  return out;
}

describe.skipIf(!haveChromium)('I/O graph in Chromium', () => {
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

  const table = async () => {
    const t = s.page.locator('scap-io-graph #io-data');
    await t.waitFor({ state: 'attached' });
    const meta = { start: BigInt((await t.getAttribute('data-start'))!), end: BigInt((await t.getAttribute('data-end'))!), n: Number(await t.getAttribute('data-buckets')) };
    const rows = await t.locator('tbody tr').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td.n')].map((c) => Number(c.textContent))));
    return { ...meta, series: rows[0].map((_, k) => rows.map((r) => r[k])) };
  };

  it('plots the CLI\'s numbers; a dragged range filters and zooms with the CLI\'s counts', async () => {
    const times = cli(['read', file, '-p', '%evt.rawtime']).stdout.split('\n').filter(Boolean).map(BigInt);
    await s.page.locator('scap-app #tb-analyze').click();
    await s.page.locator('scap-app #tb-io').click();
    const dlg = s.page.locator('scap-io-graph dialog');
    await dlg.locator('.s[data-series="1"] input.filter').fill('proc.name = nc');
    await dlg.locator('.s[data-series="1"] input.filter').press('Enter');
    await expect.poll(async () => (await table()).series[1].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const g = await table();
    expect(g.start).toBe(times[0]);
    expect(g.end).toBe(times[times.length - 1]);
    expect(g.series[0]).toEqual(cliBuckets(file, '', 'events', g.start, g.end, g.n));
    expect(g.series[1]).toEqual(cliBuckets(file, 'proc.name = nc', 'bytes', g.start, g.end, g.n));
    expect(g.series[1].reduce((a, b) => a + b, 0)).toBe(5500 + 1001);
    // The axes: time ticks from +0, and the largest value on the value axis.
    expect(await dlg.locator('.xaxis .tick').first().getAttribute('data-ns')).toBe('0');
    expect(Number(await dlg.locator('.yaxis .ymax').getAttribute('data-max'))).toBe(Math.max(...g.series.flat()));
    // Drag across 20%..60% of the plot.
    const canvas = dlg.locator('canvas');
    const box = (await canvas.boundingBox())!;
    await s.page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await s.page.mouse.up();
    const sel = dlg.locator('#io-sel');
    const b0 = Number(await sel.getAttribute('data-b0')), b1 = Number(await sel.getAttribute('data-b1'));
    expect(b1).toBeGreaterThan(b0);
    const inSel = g.series[0].slice(b0, b1 + 1).reduce((a, b) => a + b, 0);
    expect(inSel).toBeGreaterThan(0);
    // Zoom: the selected range in as many buckets, the CLI's numbers again.
    await dlg.locator('button.zoom').click();
    await expect.poll(async () => (await table()).start).not.toBe(g.start);
    const z = await table();
    expect(z.series[0]).toEqual(cliBuckets(file, '', 'events', z.start, z.end, z.n));
    expect(z.series[0].reduce((a, b) => a + b, 0)).toBe(inSel);
    await s.shot('io-graph');
    // Select everything in the zoomed view and filter on it.
    await s.page.mouse.move(box.x + 1, box.y + box.height / 2);
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
    await s.page.mouse.up();
    await dlg.locator('button.filter-sel').click();
    const filter = `evt.rawtime >= ${z.start} and evt.rawtime < ${z.end + 1n}`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, filter);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, filter));
    expect(cliCount(file, filter)).toBe(inSel);
  });
});

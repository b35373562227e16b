// Browser end-to-end: the SQL console (Analyze ▾ → SQL console…). DuckDB (duckdb-wasm) loads from the
// app's own origin and its `events` table holds the displayed events: a count and a WHERE query equal
// what `scapula read FILE [FILTER]` prints; bad SQL shows DuckDB's error; values are text (an HTML value
// stays text); a result row selects its event; "Use as filter" applies `evt.num in (…)`. Then, with the
// server stopped and the network off, the reloaded app runs a query again (the service worker precached
// DuckDB), and no request ever left the origin.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, startSession, waitLoaded, counts, cli, cliCount, sample, foreignRequests, type Session } from './harness.ts';

const FILE = 'open-multiple-files.scap';

/** Event numbers `scapula read FILE FILTER` prints, one per shown event. */
function cliNums(filter: string): number[] {
  const r = cli(['read', sample(FILE), filter, '-p', '%evt.num']);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

async function openSampleFile(s: Session): Promise<void> {
  await s.page.locator(`scap-open-panel button[data-sample="${FILE}"]`).click();
  await waitLoaded(s.page);
}

async function openConsole(s: Session): Promise<void> {
  await s.page.locator('scap-app nav button#tb-analyze').click();
  await s.page.locator('scap-app nav button#tb-sql').click();
  await s.page.locator('scap-sql-console #sql-status').filter({ hasText: /^events: / }).waitFor({ timeout: 90_000 });
}

/** Runs a query and returns the shown rows (text of each cell) or the error text. */
async function runSql(s: Session, sql: string): Promise<{ rows: string[][]; total: number; error: string | null }> {
  const c = s.page.locator('scap-sql-console');
  // The count of finished runs tells this run's output from the previous one's.
  const runs = Number(await c.locator('.body').getAttribute('data-runs'));
  await c.locator('textarea').fill(sql);
  await c.locator('#sql-run').click();
  await c.locator(`.body[data-runs="${runs + 1}"]`).waitFor({ timeout: 60_000 });
  const error = await c.locator('#sql-error').count() ? await c.locator('#sql-error').textContent() : null;
  if (error !== null) return { rows: [], total: 0, error };
  const total = Number(await c.locator('#sql-summary').getAttribute('data-total'));
  const rows = await c.locator('table.result tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return { rows, total, error };
}

describe.skipIf(!haveChromium)('SQL console in Chromium', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
    // The service worker is installed (its precache, DuckDB included, is complete) and controls the page.
    await s.page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await s.page.reload();
    await s.page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60_000 });
  }, 180_000);
  afterAll(async () => { await s?.close(); });

  it('queries the displayed events like scapula read; errors, text values, selection, Use as filter', { timeout: 240_000 }, async () => {
    // DuckDB's module (the database chunk) is imported only when the console opens.
    const loaded = () => s.page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/assets\/database-[^/]*\.js$/.test(e.name)));
    await openSampleFile(s);
    expect(await loaded()).toBe(false);
    await openConsole(s);
    expect(await loaded()).toBe(true);

    const all = await runSql(s, 'SELECT count(*) AS n FROM events');
    expect(all.error).toBeNull();
    expect(all.rows).toEqual([[String(cliCount(sample(FILE)))]]);

    const want = cliNums('evt.type=open and proc.name=python');
    expect(want.length).toBeGreaterThan(1);
    const where = await runSql(s, "SELECT evt_num, evt_type, proc_name FROM events WHERE evt_type = 'open' AND proc_name = 'python' ORDER BY evt_num");
    expect(where.error).toBeNull();
    expect(where.total).toBe(want.length);
    expect(where.rows.map((r) => Number(r[0]))).toEqual(want);
    await s.shot('sql-console-result');

    // 64-bit values exact, time in UTC to the microsecond: as the CLI prints them.
    const one = cli(['read', sample(FILE), `evt.num = ${want[0]}`, '-p', '%evt.rawtime %evt.datetime']).stdout.trim().split(' ');
    const typed = await runSql(s, `SELECT evt_rawtime, "time" FROM events WHERE evt_num = ${want[0]}`);
    expect(typed.rows).toHaveLength(1);
    expect(typed.rows[0][0]).toBe(one[0]);
    expect(typed.rows[0][1]).toBe(new Date(Number(BigInt(one[0]) / 1_000_000n)).toISOString().slice(0, 23).replace('T', ' ') + one[0].slice(13, 16));

    // DuckDB's own message for bad SQL.
    const bad = await runSql(s, 'SELEC 1');
    expect(bad.error).toMatch(/syntax error/i);
    const noTable = await runSql(s, 'SELECT * FROM nope');
    expect(noTable.error).toMatch(/nope/);

    // A value that is HTML is shown as text.
    const html = '<img src=x onerror="window.__sqlxss=1">';
    const txt = await runSql(s, `SELECT '${html}' AS v`);
    expect(txt.rows).toEqual([[html]]);
    expect(await s.page.locator('scap-sql-console table.result img').count()).toBe(0);
    expect(await s.page.evaluate(() => (window as unknown as { __sqlxss?: number }).__sqlxss)).toBeUndefined();

    // A row with evt_num selects that event.
    await runSql(s, "SELECT evt_num, evt_type, proc_name FROM events WHERE evt_type = 'open' AND proc_name = 'python' ORDER BY evt_num");
    const pick = want[1];
    await s.page.locator(`scap-sql-console tr[data-evt="${pick}"]`).click();
    await s.page.locator('scap-status-bar').filter({ hasText: `Selected: ${pick}` }).waitFor({ timeout: 30_000 });

    // "Use as filter": the view shows exactly the result's events.
    await s.page.locator('scap-sql-console #sql-filter').click();
    const expr = `evt.num in (${want.join(', ')})`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, expr, { timeout: 30_000 });
    expect((await counts(s.page)).displayed).toBe(want.length);
    expect(cliCount(sample(FILE), expr)).toBe(want.length);

    // The console now holds the displayed (filtered) events.
    await openConsole(s);
    const filtered = await runSql(s, 'SELECT count(*) FROM events');
    expect(filtered.rows).toEqual([[String(want.length)]]);
    await s.page.locator('scap-sql-console button[aria-label="Close"]').click();
    expect(foreignRequests(s)).toEqual([]);
    await s.shot('sql-console');
  });

  it('works offline: server stopped, network off, reloaded app runs a query from the precache', { timeout: 240_000 }, async () => {
    await s.stopServer();
    await s.context.setOffline(true);
    await s.page.reload();
    await s.page.locator('scap-app >> text=Open sample').first().waitFor({ timeout: 30_000 });
    await openSampleFile(s);
    await openConsole(s);
    const filter = 'proc.name=python and evt.dir=<';
    const r = await runSql(s, "SELECT count(*) FROM events WHERE proc_name = 'python' AND evt_dir = '<'");
    expect(r.error).toBeNull();
    expect(r.rows).toEqual([[String(cliCount(sample(FILE), filter))]]);
    expect(Number(r.rows[0][0])).toBeGreaterThan(0);
    expect(s.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
    expect(foreignRequests(s)).toEqual([]);
  });
});

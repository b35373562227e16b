// Browser end-to-end: Export ▾. On a capture this file writes (a process opening a file, then reading
// and writing it), with a filter that keeps only the reads:
// - displayed events as .scap: byte for byte what `scapula write -F` writes for the same filter, and
//   sysdig reads it with the file names resolved (the open survives as a state-only event), exactly as it
//   shows the reads of the original;
// - the columns shown (after hiding CPU and adding fd.name) as JSON lines, byte for byte
//   `scapula read -j -p` of the same fields, and as CSV with the same values under the columns' titles;
// - copy: a detail section as JSON (the CLI's values of its fields) and as a filter (the CLI finds the
//   event with it; applied, the CLI's count); a row as CSV (the cells shown) and as a filter.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, applyFilter, type Session } from './harness.ts';
import { streamCapture } from './written-captures.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { parseJsonExact } from '../../engine/json-exact.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-export-scap-'));
const FORMAT = '%evt.type %evt.dir %fd.name %evt.rawres %evt.rawtime';

function sysdigLines(file: string, filter = ''): string[] {
  return sysdigOutput(['-r', file, '-p', FORMAT, ...(filter ? [filter] : [])]).split('\n').filter(Boolean);
}

describe.skipIf(!haveChromium)('exports from the page', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  it.skipIf(!haveSysdig())(`is scapula write -F of the view, and sysdig reads it with the state it needs (${SYSDIG_WHY})`, async () => {
    const file = streamCapture(dir);
    const filter = 'evt.type = read and evt.dir = <';
    await dropFile(s.page, file, 'stream.scap');
    await waitLoaded(s.page);
    await applyFilter(s.page, filter);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, filter));
    await s.page.locator('scap-app #tb-export').click();
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.locator('scap-app button[data-export="scap"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('stream-filtered.scap');
    const got = readFileSync((await download.path())!);
    const ref = join(dir, 'ref.scap');
    const w = cli(['write', file, '-o', ref, '-F', filter]);
    expect(w.status, w.stderr).toBe(0);
    expect(Buffer.compare(got, readFileSync(ref))).toBe(0);
    const out = join(dir, 'exported.scap');
    writeFileSync(out, got);
    const expected = sysdigLines(file, filter);
    expect(expected.length).toBe(3);
    // Every read names its file: without the open kept as state, sysdig would print an empty fd.name.
    expect(expected.every((l) => l.includes(' /tmp/stream.txt '))).toBe(true);
    expect(sysdigLines(out)).toEqual(expected);
    expect(await s.page.locator('scap-status-bar .msg').textContent()).toMatch(/Exported \d+ events \(\+ 2 state-only\) as \.scap/);
  });

  it('exports the columns shown as JSON lines (scapula read -j -p) and as CSV', async () => {
    const file = join(dir, 'stream.scap');
    const filter = 'evt.type = read and evt.dir = <';
    // CPU hidden, fd.name added (at the end), as an analyst would set the list up.
    await s.page.locator('scap-event-list .hcell[data-col="num"]').click({ button: 'right' });
    await s.page.locator('scap-column-menu label', { hasText: 'CPU' }).locator('input').uncheck();
    await s.page.locator('scap-column-menu input.add').fill('fd.name');
    await s.page.locator('scap-column-menu input.add').press('Enter');
    await s.page.keyboard.press('Escape');
    await s.page.locator('scap-event-list .hcell[data-col="field:fd.name"]').waitFor();
    const titles = await s.page.$$eval('scap-event-list .hcell', (els) => els.map((e) => e.querySelector('.htext')?.textContent ?? ''));
    expect(titles).toEqual(['No.', 'Time', 'Process', 'TID', 'Dir', 'Type', 'Latency', 'Info', 'fd.name']);
    const fields = ['evt.num', 'evt.datetime', 'proc.name', 'thread.tid', 'evt.dir', 'evt.type', 'evt.latency', 'evt.info', 'fd.name'];
    const download = async (kind: string) => {
      await s.page.locator('scap-app #tb-export').click();
      const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.locator(`scap-app button[data-export="${kind}"]`).click()]);
      return readFileSync((await d.path())!, 'utf8');
    };
    const json = await download('columns-json');
    const ref = cli(['read', file, filter, '-j', '-p', '*' + fields.map((f) => `%${f}`).join(' ')]);
    expect(ref.status, ref.stderr).toBe(0);
    expect(json).toBe(ref.stdout);
    const csv = await download('csv');
    const records = parseCsv(csv);
    expect(records[0]).toEqual(titles);
    const objs = ref.stdout.split('\n').filter(Boolean).map((l) => parseJsonExact(l) as Record<string, unknown>);
    expect(records.slice(1)).toEqual(objs.map((o) => fields.map((f) => (o[f] === null || o[f] === undefined ? '' : String(o[f])))));
    expect(records.length - 1).toBe(cliCount(file, filter));
  });

  it('copies a detail section as JSON and as a filter, and a row as CSV and as a filter', async () => {
    const file = join(dir, 'stream.scap');
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(s.url).origin });
    const clipboard = () => s.page.evaluate(() => navigator.clipboard.readText());
    await applyFilter(s.page, '');
    const num = Number(cli(['read', file, 'evt.type = read and evt.dir = <', '-p', '%evt.num']).stdout.split('\n')[1]);
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill(String(num));
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator(`scap-event-list .row.sel[data-num="${num}"]`).waitFor();
    await s.page.locator('scap-detail-tree .node[data-field="fd.name"]').waitFor();
    const section = async (title: string, label: string) => {
      await s.page.locator(`scap-detail-tree .stitle[data-section="${title}"]`).click({ button: 'right' });
      await s.page.locator('scap-detail-tree scap-context-menu button', { hasText: label }).click();
    };
    await section('File descriptor', 'Copy File descriptor as JSON');
    await expect.poll(clipboard).toMatch(/^\{/);
    const copied = JSON.parse(await clipboard()) as Record<string, string>;
    const keys = Object.keys(copied);
    expect(keys).toEqual(expect.arrayContaining(['fd.num', 'fd.name', 'fd.type']));
    const ref = parseJsonExact(cli(['read', file, `evt.num = ${num}`, '-j', '-p', '*' + keys.map((k) => `%${k}`).join(' ')]).stdout.trim()) as Record<string, unknown>;
    expect(copied).toEqual(Object.fromEntries(keys.map((k) => [k, String(ref[k])])));
    await section('File descriptor', 'Copy File descriptor as filter');
    await expect.poll(clipboard).toContain(' and ');
    const filter = await clipboard();
    const matches = cli(['read', file, filter, '-p', '%evt.num']).stdout.split('\n').filter(Boolean).map(Number);
    expect(matches).toContain(num);
    await applyFilter(s.page, filter);
    expect((await counts(s.page)).displayed).toBe(matches.length);
    // A row: its cells as shown, under the column titles.
    const row = s.page.locator(`scap-event-list .row[data-num="${num}"]`);
    const cells = await row.locator('.cell').allTextContents();
    const titles = await s.page.$$eval('scap-event-list .hcell', (els) => els.map((e) => e.querySelector('.htext')?.textContent ?? ''));
    await row.click({ button: 'right' });
    await s.page.locator('scap-event-list scap-context-menu button', { hasText: 'Copy row as CSV' }).click();
    await expect.poll(clipboard).toContain('\r\n');
    expect(parseCsv(await clipboard())).toEqual([titles, cells]);
    await row.click({ button: 'right' });
    await s.page.locator('scap-event-list scap-context-menu button', { hasText: 'Copy row as filter' }).click();
    await expect.poll(clipboard).toBe(`evt.num = ${num}`);
    await applyFilter(s.page, '');
  });
});


/** RFC 4180 records (quoted cells with doubled quotes, CRLF line ends). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += c; i++;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

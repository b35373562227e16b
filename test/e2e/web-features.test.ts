// Browser end-to-end: the analyst's tools on a real sample, each checked against the CLI's output for
// the same capture: a truncated capture (warning, complete events kept), find by string and by filter,
// go to, enter/exit partner, next event of the same thread, sorting, "apply as column", hiding a
// column, coloring rules, recent captures.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EVENT_NAMES, EVENT_DIRS, EVENT_PARAMS } from '../../engine/generated/schema.ts';
import {
  haveChromium, startSession, dropFile, waitLoaded, counts, sample, cli, cliCount, cliJson, root, type Session,
} from './harness.ts';

const FILE = sample('cat_write.scap');
const haveTshark = spawnSync('sh', ['-c', 'command -v tshark']).status === 0;

/** tshark's parameter lengths of one event (frame number = evt.num). */
function tsharkParamLens(file: string, num: number): number[] {
  const r = spawnSync('tshark', ['-r', file, '-Y', `frame.number==${num}`, '-T', 'fields', '-e', 'sysdig.param.len'], { encoding: 'utf8' });
  return r.stdout.trim().split(',').filter(Boolean).map(Number);
}

interface Line { num: number; tid: number; type: string; dir: string; info: string }
function lines(file: string): Line[] {
  return cli(['read', file, '-p', '*%evt.num\t%thread.tid\t%evt.type\t%evt.dir\t%evt.info']).stdout.split('\n').filter(Boolean).map((l) => {
    const [num, tid, type, dir, ...info] = l.split('\t');
    return { num: Number(num), tid: Number(tid), type, dir, info: info.join('\t') };
  });
}

describe.skipIf(!haveChromium)('analyst tools in Chromium', () => {
  let s: Session;
  let all: Line[];
  const selectedNum = async () => Number(await s.page.locator('scap-event-list .row.sel').getAttribute('data-num'));
  const gotoNum = async (num: number) => {
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill(String(num));
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator(`scap-event-list .row.sel[data-num="${num}"]`).waitFor();
  };

  beforeAll(async () => {
    all = lines(FILE);
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  it('a truncated capture keeps its complete events and shows a warning', async () => {
    const cut = join(mkdtempSync(join(tmpdir(), 'scapula-cut-')), 'cut.scap.gz');
    const bytes = readFileSync(FILE);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    await dropFile(s.page, cut, 'cut.scap.gz');
    await waitLoaded(s.page);
    const expected = cliCount(cut);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all.length);
    expect((await counts(s.page)).displayed).toBe(expected);
    await s.page.locator('scap-status-bar #warnings').click();
    expect(await s.page.locator('scap-status-bar .diags').textContent()).toMatch(/at byte 0x[0-9a-f]+/);
    await s.shot('07-truncated');
  });

  it('a file that is not a capture gets the CLI\'s error, with its byte offset', async () => {
    const png = join(root, 'web', 'public', 'icons', 'icon-192.png');
    const r = cli(['read', png]);
    expect(r.status).not.toBe(0);
    const reason = /not a \.scap capture[^\n]*/.exec(r.stderr)?.[0];
    expect(reason, r.stderr).toBeTruthy();
    await dropFile(s.page, png, 'icon.png');
    await s.page.locator('scap-status-bar .msg', { hasText: 'Could not read icon.png' }).waitFor();
    expect(await s.page.locator('scap-status-bar .msg').textContent()).toContain(reason!);
    expect((await counts(s.page)).displayed).toBe(0);
  });

  it('finds by string in Info and by filter, from the selected row', async () => {
    await dropFile(s.page, FILE, 'cat_write.scap');
    await waitLoaded(s.page);
    await s.page.locator('scap-event-list .row[data-pos="0"]').click();
    await s.page.keyboard.press('Control+f');
    const needle = 'ld.so.cache';
    await s.page.locator('scap-find-bar input.text').fill(needle);
    await s.page.locator('scap-find-bar input.text').press('Enter');
    const firstInfo = all.slice(1).find((l) => l.info.toLowerCase().includes(needle))!;
    await s.page.locator(`scap-event-list .row.sel[data-num="${firstInfo.num}"]`).waitFor();
    // Next match by filter after that one.
    await s.page.locator('scap-find-bar select').selectOption('filter');
    await s.page.locator('scap-find-bar input.text').fill('evt.type = close');
    await s.page.locator('scap-find-bar input.text').press('Enter');
    const matches = cli(['read', FILE, 'evt.type = close', '-p', '%evt.num']).stdout.split('\n').filter(Boolean).map(Number);
    const next = matches.find((n) => n > firstInfo.num) ?? matches[0];
    await s.page.locator(`scap-event-list .row.sel[data-num="${next}"]`).waitFor();
    await s.page.locator('scap-find-bar input.text').press('Escape');
  });

  it('goes to an event, jumps to its enter event and to the next event of its thread', async () => {
    const exitIdx = all.findIndex((l, i) => l.dir === '<' && l.type === 'read' && i > 0);
    const exit = all[exitIdx];
    await gotoNum(exit.num);
    // The enter event of the same syscall: the thread's previous event.
    const enter = [...all.slice(0, exitIdx)].reverse().find((l) => l.tid === exit.tid)!;
    expect(enter.type).toBe(exit.type);
    expect(enter.dir).toBe('>');
    await s.page.locator('scap-detail-tree #goto-partner').waitFor();
    await s.page.keyboard.press('Alt+ArrowRight');
    await s.page.locator(`scap-event-list .row.sel[data-num="${enter.num}"]`).waitFor();
    await s.page.keyboard.press('Alt+ArrowDown');
    const nextSame = all.slice(all.indexOf(enter) + 1).find((l) => l.tid === enter.tid)!;
    await s.page.locator(`scap-event-list .row.sel[data-num="${nextSame.num}"]`).waitFor();
    expect(await selectedNum()).toBe(nextSame.num);
  });

  it('says which event set the file descriptor of an event, and jumps there', async () => {
    const readIdx = all.findIndex((l) => l.type === 'read' && l.dir === '>' && /^fd=\d+\(/.test(l.info));
    const read = all[readIdx];
    const fd = /^fd=(\d+)\(/.exec(read.info)![1];
    // The fd was created by the thread's last open/socket-like exit returning it before this read.
    const opener = all.slice(0, readIdx).reverse().find((l) => l.tid === read.tid && l.dir === '<'
      && /^(open|openat|openat2|creat|socket|accept|accept4|dup|dup2|dup3|pipe|pipe2)$/.test(l.type) && l.info.startsWith(`fd=${fd}(`))!;
    expect(opener).toBeTruthy();
    await gotoNum(read.num);
    const link = s.page.locator('scap-detail-tree .stitle', { hasText: 'File descriptor' }).locator('button.origin');
    expect(await link.textContent()).toContain(`#${opener.num}`);
    await link.click();
    await s.page.locator(`scap-event-list .row.sel[data-num="${opener.num}"]`).waitFor();
  });

  it('moves through the detail tree with the keyboard and reorders columns by dragging', async () => {
    const open = all.find((l) => l.type === 'open' && l.dir === '<')!;
    await gotoNum(open.num);
    const args = s.page.locator('scap-detail-tree .node[data-field^="evt.arg"]');
    await args.first().click();
    await s.page.keyboard.press('ArrowDown');
    expect(await s.page.locator('scap-detail-tree .node.sel').getAttribute('data-key')).toBe(await args.nth(1).getAttribute('data-key'));
    expect(await s.page.locator('scap-hex-view .b.hl').count()).toBeGreaterThan(0);
    // Drag the Type header onto the No. header: Type becomes the first column.
    await s.page.locator('scap-event-list .hcell[data-col="type"]').dragTo(s.page.locator('scap-event-list .hcell[data-col="num"]'));
    await expect.poll(() => s.page.locator('scap-event-list .hcell').first().getAttribute('data-col')).toBe('type');
    await s.page.locator('scap-event-list .hcell[data-col="num"]').dragTo(s.page.locator('scap-event-list .hcell[data-col="type"]'));
    await expect.poll(() => s.page.locator('scap-event-list .hcell').first().getAttribute('data-col')).toBe('num');
  });

  it('follows the data stream of a file descriptor: the CLI\'s events and bytes, tshark\'s lengths', async () => {
    const read = all.find((l) => l.type === 'read' && l.dir === '<' && l.info.includes('data='))!;
    await gotoNum(read.num);
    await s.page.locator('scap-app #tb-follow').click();
    const summary = s.page.locator('scap-stream-view #stream-summary');
    await summary.waitFor();
    const fdName = cliJson(FILE, ['evt.num', 'fd.name', 'proc.pid'], `evt.num = ${read.num}`)[0];
    const filter = `fd.name = "${fdName['fd.name']}" and proc.pid = ${fdName['proc.pid']} and evt.dir = <`;
    const withData = new Set(EVENT_NAMES.filter((n, t) => EVENT_DIRS[t] === 'exit' && (EVENT_PARAMS[t] ?? []).includes('data')));
    const lines = cli(['read', FILE, filter, '-v', '-p', '%evt.num %evt.type %evt.arg.data']).stdout.split('\n').filter(Boolean)
      .map((l) => { const [num, type, ...rest] = l.split(' '); return { num: Number(num), type, data: rest.join(' ') }; })
      .filter((l) => withData.has(l.type) && l.data !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(Number(await summary.getAttribute('data-events'))).toBe(lines.length);
    const chunks = await s.page.$$eval('scap-stream-view pre.chunk', (els) => els.map((e) => [Number(e.getAttribute('data-index')) + 1, e.textContent ?? ''] as [number, string]));
    expect(chunks.map(([n]) => n)).toEqual(lines.map((l) => l.num));
    // The shown text is the CLI's buffer text (sysdig prints newlines and tabs as dots).
    expect(chunks.map(([, t]) => t.replace(/[\n\t]/g, '.'))).toEqual(lines.map((l) => l.data));
    if (haveTshark) {
      const bytes = lines.reduce((n, l) => {
        const t = all.find((x) => x.num === l.num)!;
        const k = (EVENT_PARAMS[EVENT_NAMES.findIndex((nm, c) => nm === t.type && EVENT_DIRS[c] === 'exit')] ?? []).indexOf('data');
        return n + tsharkParamLens(FILE, l.num)[k];
      }, 0);
      const total = Number(await summary.getAttribute('data-read')) + Number(await summary.getAttribute('data-written'));
      expect(total).toBe(bytes);
    }
    await s.shot('12-stream');
    await s.page.keyboard.press('Escape');
  });

  it('the timeline selects the first event of the clicked time slice', async () => {
    const times = cli(['read', FILE, '-p', '%evt.num %evt.rawtime']).stdout.split('\n').filter(Boolean)
      .map((l) => l.split(' ')).map(([n, t]) => ({ num: Number(n), t: BigInt(t) })).filter((x) => x.t > 0n);
    const lo = times.reduce((m, x) => (x.t < m ? x.t : m), times[0].t);
    const hi = times.reduce((m, x) => (x.t > m ? x.t : m), times[0].t);
    const canvas = s.page.locator('scap-timeline canvas');
    const box = (await canvas.boundingBox())!;
    const buckets = Math.min(Math.floor(box.width), 2048);
    for (const frac of [0.001, 0.5, 0.999]) {
      await canvas.click({ position: { x: box.width * frac, y: box.height / 2 } });
      const b = Math.min(buckets - 1, Math.floor(frac * buckets));
      // First displayed event at or after the slice (empty slices pass to the next one).
      const expected = times.find((x) => Math.min(buckets - 1, Math.floor((Number(x.t - lo) / (Number(hi - lo) || 1)) * buckets)) >= b)!;
      await s.page.locator(`scap-event-list .row.sel[data-num="${expected.num}"]`).waitFor();
    }
  });

  it('sorts by a column and back to file order', async () => {
    const header = s.page.locator('scap-event-list .hcell[data-col="type"]');
    const types = all.map((l) => l.type).sort((x, y) => x.localeCompare(y));
    // After each sort the selection stays in view; Home goes to the first row of the new order.
    const firstRow = async () => {
      await s.page.locator('scap-event-list .viewport').focus();
      await s.page.keyboard.press('Home');
      const row = s.page.locator('scap-event-list .row.sel[data-pos="0"]');
      await row.waitFor();
      return { type: await row.locator('.c-type').textContent(), num: Number(await row.getAttribute('data-num')) };
    };
    await header.click();
    await expect.poll(async () => (await firstRow()).type).toBe(types[0]);
    await header.click();
    await expect.poll(async () => (await firstRow()).type).toBe(types[types.length - 1]);
    await header.click();
    await expect.poll(async () => (await firstRow()).num).toBe(all[0].num);
  });

  it('applies a field as a column with the CLI\'s values, and hides a column', async () => {
    const withFd = all.find((l) => l.type === 'read' && l.dir === '>')!;
    await gotoNum(withFd.num);
    await s.page.locator('scap-detail-tree .node[data-field="fd.name"]').click({ button: 'right' });
    await s.page.locator('scap-context-menu button', { hasText: 'Apply as column' }).click();
    await s.page.locator('scap-event-list .hcell[data-col="field:fd.name"]').waitFor();
    await s.page.locator('scap-event-list .viewport').click();
    await s.page.keyboard.press('Home');
    await s.page.locator('scap-event-list .row[data-pos="10"][data-num]').waitFor();
    const rows = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.slice(0, 10).map((e) => [Number(e.getAttribute('data-num')), e.querySelector('.c-field')?.textContent ?? '']));
    const cliFd = new Map(cliJson(FILE, ['evt.num', 'fd.name']).map((r) => [r['evt.num'], r['fd.name'] ?? '']));
    expect(rows).toEqual(rows.map(([n]) => [n, cliFd.get(n)]));
    // Hide the CPU column from the header menu.
    await s.page.locator('scap-event-list .hcell[data-col="num"]').click({ button: 'right' });
    await s.page.locator('scap-column-menu label', { hasText: 'CPU' }).locator('input').uncheck();
    // And add a field column by name from the same menu.
    await s.page.locator('scap-column-menu input.add').fill('proc.pid');
    await s.page.locator('scap-column-menu input.add').press('Enter');
    await s.page.keyboard.press('Escape');
    expect(await s.page.locator('scap-event-list .hcell[data-col="cpu"]').count()).toBe(0);
    await s.page.locator('scap-event-list .hcell[data-col="field:proc.pid"]').waitFor();
    await s.page.locator('scap-event-list .row[data-pos="5"][data-num]').waitFor();
    const pids = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.slice(0, 5).map((e) => [Number(e.getAttribute('data-num')), e.querySelectorAll('.c-field')[1]?.textContent ?? '']));
    const cliPid = new Map(cliJson(FILE, ['evt.num', 'proc.pid']).map((r) => [r['evt.num'], r['proc.pid'] === null ? '' : String(r['proc.pid'])]));
    expect(pids).toEqual(pids.map(([n]) => [n, cliPid.get(n)]));
    await s.shot('08-field-column');
  });

  it('colors failed syscalls with the first coloring rule, exactly the CLI\'s matches', async () => {
    const failed = new Set(cli(['read', FILE, 'evt.failed = true', '-p', '%evt.num']).stdout.split('\n').filter(Boolean).map(Number));
    expect(failed.size).toBeGreaterThan(0);
    const rows = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.map((e) => [Number(e.getAttribute('data-num')), e.classList.contains('rule-0')] as [number, boolean]));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter(([, red]) => red).map(([n]) => n)).toEqual(rows.filter(([n]) => failed.has(n)).map(([n]) => n));
  });

  it('applies a detail field as a filter from its context menu, alone and combined', async () => {
    const withFd = all.find((l) => l.type === 'read' && l.dir === '>')!;
    await gotoNum(withFd.num);
    const node = s.page.locator('scap-detail-tree .node[data-field="fd.name"]');
    const value = (await node.locator('.value').textContent())!;
    await node.click({ button: 'right' });
    await s.page.locator('scap-context-menu button', { hasText: 'Apply as filter' }).click();
    const expr = `fd.name = ${value}`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, expr);
    expect((await counts(s.page)).displayed).toBe(cliCount(FILE, expr));
    // …and not selected (on the process name): combined with the current filter.
    const row0 = s.page.locator('scap-event-list .row[data-pos="0"][data-num]');
    const num0 = await row0.getAttribute('data-num');
    await row0.click();
    await s.page.locator('scap-detail-tree .node[data-field="evt.num"] .value', { hasText: new RegExp(`^${num0}$`) }).waitFor();
    const proc = s.page.locator('scap-detail-tree .node[data-field="evt.type"]');
    const type = (await proc.locator('.value').textContent())!;
    await proc.click({ button: 'right' });
    await s.page.locator('scap-context-menu button', { hasText: '…and not selected' }).click();
    const combined = `(${expr}) and not evt.type = ${type}`;
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, combined);
    expect((await counts(s.page)).displayed).toBe(cliCount(FILE, combined));
    await s.page.locator('scap-filter-bar button[title="Clear filter"]').click();
  });

  it('completes field names in the filter bar and edits coloring rules', async () => {
    const input = s.page.locator('scap-filter-bar input.expr');
    await input.fill('');
    await input.pressSequentially('fd.na');
    const item = s.page.locator('scap-filter-bar .completion li', { hasText: 'fd.name' }).first();
    await item.waitFor();
    expect(await item.locator('.detail').textContent()).toBeTruthy();
    await input.press('Tab');
    expect(await input.inputValue()).toBe('fd.name ');
    await input.pressSequentially('con');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('fd.name contains ');
    await input.fill('');
    await input.press('Escape');
    // Coloring: make the first rule match closes instead of failures.
    await s.page.locator('scap-app nav button', { hasText: 'Coloring' }).click();
    await s.page.locator('scap-coloring-dialog input.filter').first().fill('evt.type = close');
    await s.page.locator('scap-coloring-dialog button', { hasText: 'OK' }).click();
    const closes = new Set(cli(['read', FILE, 'evt.type = close', '-p', '%evt.num']).stdout.split('\n').filter(Boolean).map(Number));
    await expect.poll(async () => {
      const rows = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.map((e) => [Number(e.getAttribute('data-num')), e.classList.contains('rule-0')] as [number, boolean]));
      return rows.every(([n, c]) => c === closes.has(n)) && rows.some(([, c]) => c);
    }).toBe(true);
    // Back to the defaults.
    await s.page.locator('scap-app nav button', { hasText: 'Coloring' }).click();
    await s.page.locator('scap-coloring-dialog button', { hasText: 'Defaults' }).click();
    await s.page.locator('scap-coloring-dialog button', { hasText: 'OK' }).click();
  });

  it('exports the displayed events exactly as scapula read prints them', async () => {
    const exportAs = async (kind: 'text' | 'json') => {
      await s.page.locator('scap-app #tb-export').click();
      const [download] = await Promise.all([
        s.page.waitForEvent('download'),
        s.page.locator(`scap-app button[data-export="${kind}"]`).click(),
      ]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const filter = 'evt.type in (open, close)';
    const input = s.page.locator('scap-filter-bar input.expr');
    await input.fill(filter);
    await input.press('Escape');
    await input.press('Enter');
    await s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, filter);
    const text = await exportAs('text');
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(cli(['read', FILE, filter]).stdout);
    await s.page.locator('scap-filter-bar button[title="Clear filter"]').click();
    await s.page.waitForFunction(() => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === '');
    expect(await exportAs('json')).toBe(cli(['read', FILE, '-j']).stdout);
  });

  it('shows times since the start and since the previous event as the CLI computes them', async () => {
    const rel = new Map(cli(['read', FILE, '-p', '%evt.num %evt.reltime %evt.deltatime']).stdout.split('\n').filter(Boolean)
      .map((l) => l.split(' ').map(Number)).map(([n, r, d]) => [n, { r, d }]));
    const secs = (ns: number) => `${Math.floor(ns / 1e9)}.${String(ns % 1e9).padStart(9, '0')}`;
    const cells = async () => s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.slice(1, 12).map((e) =>
      [Number(e.getAttribute('data-num')), e.querySelector('.c-time')?.textContent ?? ''] as [number, string]));
    for (const [mode, pick] of [['Seconds since start', 'r'], ['Seconds since previous', 'd']] as const) {
      await s.page.locator('scap-event-list .hcell[data-col="num"]').click({ button: 'right' });
      await s.page.locator('scap-column-menu label', { hasText: mode }).locator('input').check();
      await s.page.keyboard.press('Escape');
      const got = await cells();
      expect(got.length).toBeGreaterThan(5);
      expect(got).toEqual(got.map(([n]) => [n, secs(rel.get(n)![pick])]));
    }
    await s.page.locator('scap-event-list .hcell[data-col="num"]').click({ button: 'right' });
    await s.page.locator('scap-column-menu label', { hasText: 'Time of day' }).locator('input').check();
    await s.page.keyboard.press('Escape');
  });

  it('keeps filter history and saved filters across a reload', async () => {
    const input = s.page.locator('scap-filter-bar input.expr');
    await input.fill('evt.type = close');
    await input.press('Escape');
    await input.press('Enter');
    await s.page.locator('scap-filter-bar button', { hasText: '★' }).click();
    await s.page.locator('scap-filter-bar input.name').fill('closes');
    await s.page.locator('scap-filter-bar input.name').press('Enter');
    await input.fill('evt.type = open');
    await input.press('Escape');
    await input.press('Enter');
    await s.page.reload();
    await s.page.locator('scap-open-panel .recents button.link', { hasText: 'cat_write.scap' }).click();
    await waitLoaded(s.page);
    await s.page.locator('scap-filter-bar button[title="History and saved filters"]').click();
    const menu = s.page.locator('scap-filter-bar .menu');
    await menu.locator('.entry', { hasText: 'closes' }).waitFor();
    const history = await menu.locator('.entry button.link.mono').allTextContents();
    expect(history.slice(0, 2)).toEqual(['evt.type = open', 'evt.type = close']);
    await menu.locator('.entry button.link', { hasText: 'closes' }).click();
    await s.page.waitForFunction(() => document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot
      ?.querySelector('#count-displayed')?.getAttribute('data-filter') === 'evt.type = close');
    expect((await counts(s.page)).displayed).toBe(cliCount(FILE, 'evt.type = close'));
    await s.page.locator('scap-filter-bar button[title="Clear filter"]').click();
  });

  it('keeps recent captures and reopens them', async () => {
    await s.page.locator('scap-app nav button', { hasText: 'Close' }).click();
    const recent = s.page.locator('scap-open-panel .recents button.link', { hasText: 'cat_write.scap' });
    await recent.waitFor();
    await s.shot('09-recents');
    // Unreadable files are not kept.
    expect(await s.page.locator('scap-open-panel .recents button.link', { hasText: 'icon.png' }).count()).toBe(0);
    await recent.click();
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(all.length);
  });
});

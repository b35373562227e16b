// Browser end-to-end: the built app in Debian's Chromium, fed real samples through real drop events,
// checked against the CLI (`scapula read`) and tshark (parameter byte lengths): row counts, row text,
// the detail tree, exact byte highlighting both ways, filters and their errors, and that no request
// leaves the origin. Screenshots of the main states go to test-artifacts/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import {
  haveChromium, startSession, dropFile, waitLoaded, counts, sample, cliCount, cliJson, cli, applyFilter,
  foreignRequests, root, type Session,
} from './harness.ts';
import { join } from 'node:path';

const SAMPLES = readdirSync(join(root, 'samples', 'captures')).filter((f) => f.endsWith('.scap')).sort();
const haveTshark = spawnSync('sh', ['-c', 'command -v tshark']).status === 0;

/** tshark's parameter lengths of one event (frame number = evt.num). */
function tsharkParamLens(file: string, num: number): number[] {
  const r = spawnSync('tshark', ['-r', file, '-Y', `frame.number==${num}`, '-T', 'fields', '-e', 'sysdig.param.len'], { encoding: 'utf8' });
  return r.stdout.trim().split(',').filter(Boolean).map(Number);
}

describe.skipIf(!haveChromium)('web app in Chromium', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    const res = await s.page.goto(s.url);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await s.page.locator('scap-open-panel #open-file').waitFor();
    await s.shot('01-start');
  });
  afterAll(async () => { await s?.close(); });

  it.each(SAMPLES)('dropping %s shows as many rows as scapula read prints', async (name) => {
    await dropFile(s.page, sample(name), name);
    await waitLoaded(s.page);
    const c = await counts(s.page);
    const expected = cliCount(sample(name));
    expect(c.displayed).toBe(expected);
    expect(c.total).toBe(expected);
    if (expected > 0) {
      // The first rows carry the same number, type and info as the CLI's lines (text mode, as sysdig prints).
      const lines = cli(['read', sample(name), '-p', '*%evt.num\t%evt.type\t%evt.info']).stdout.split('\n').filter(Boolean).slice(0, 15);
      const cliRows = lines.map((l) => { const [num, type, ...info] = l.split('\t'); return { num: Number(num), type, info: info.join('\t') }; });
      await s.page.locator(`scap-event-list .row[data-pos="${cliRows.length - 1}"][data-num]`).waitFor();
      const rows = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.slice(0, 15).map((e) => ({
        num: Number(e.getAttribute('data-num')),
        type: e.querySelector('.c-type')?.textContent ?? '',
        info: e.querySelector('.c-info')?.textContent ?? '',
      })));
      expect(rows).toEqual(cliRows);
    }
  });

  it('shows the same proc.name, fd.name and arguments as the CLI, and highlights each argument\'s exact bytes', async () => {
    const file = sample('cat_write.scap');
    await dropFile(s.page, file, 'cat_write.scap');
    await waitLoaded(s.page);
    // A chosen event: the first one with both a process name and a file descriptor name.
    const all = cliJson(file, ['evt.num', 'proc.name', 'fd.name', 'evt.type']);
    const chosen = all.find((r) => r['proc.name'] && r['fd.name'] && r['evt.type'] === 'read') ?? all.find((r) => r['proc.name'] && r['fd.name']);
    expect(chosen, 'the sample has an event with proc.name and fd.name').toBeTruthy();
    const num = chosen!['evt.num'] as number;
    // Go to it with Ctrl-G.
    await s.page.locator('scap-event-list .viewport').click();
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill(String(num));
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator(`scap-event-list .row.sel[data-num="${num}"]`).waitFor();
    await s.page.locator('scap-detail-tree .node[data-field="proc.name"]').waitFor();
    const value = (field: string) => s.page.locator(`scap-detail-tree .node[data-field="${field}"] .value`).first().textContent();
    expect(await value('proc.name')).toBe(chosen!['proc.name']);
    expect(await value('fd.name')).toBe(chosen!['fd.name']);

    const args = s.page.locator('scap-detail-tree .node[data-field^="evt.arg"]');
    const nargs = await args.count();
    const argFields = Array.from({ length: nargs }, (_, k) => `evt.arg[${k}]`);
    const cliArgs = cliJson(file, ['evt.num', ...argFields], `evt.num = ${num}`)[0];
    const lens = haveTshark ? tsharkParamLens(file, num) : [];
    if (haveTshark) expect(lens.length).toBe(nargs);
    const type = cli(['read', file, `evt.num = ${num}`, '-p', '%evt.type']).stdout.trim();
    expect(type).toBeTruthy();
    let prevEnd = -1;
    for (let k = 0; k < nargs; k++) {
      expect(await args.nth(k).locator('.value').textContent()).toBe(String(cliArgs[`evt.arg[${k}]`] ?? ''));
      await args.nth(k).click();
      const hl = await s.page.$$eval('scap-hex-view .b.hl', (els) => els.map((e) => ({ off: Number(e.getAttribute('data-off')), hex: e.textContent ?? '' })));
      // Contiguous bytes, exactly as long as tshark says, right after the previous parameter.
      hl.forEach((b, i) => expect(b.off).toBe(hl[0].off + i));
      if (haveTshark) expect(hl.length).toBe(lens[k]);
      if (prevEnd >= 0 && hl.length) expect(hl[0].off).toBe(prevEnd);
      if (hl.length) prevEnd = hl[0].off + hl.length;
      // String parameters: the highlighted bytes are the CLI's value and its NUL.
      const bytes = Buffer.from(hl.map((b) => b.hex).join(''), 'hex');
      const text = String(cliArgs[`evt.arg[${k}]`] ?? '');
      if (bytes.length && bytes[bytes.length - 1] === 0 && /^\/[\x20-\x7e]*$/.test(text)) {
        expect(bytes.subarray(0, -1).toString('utf8')).toBe(text);
      }
      // Clicking a byte of that range selects the argument again.
      if (hl.length) {
        await s.page.locator('scap-detail-tree .node[data-field="evt.num"]').click();
        await s.page.locator(`scap-hex-view .b[data-off="${hl[Math.floor(hl.length / 2)].off}"]`).click();
        expect(await s.page.locator('scap-detail-tree .node.sel').getAttribute('data-field')).toBe(await args.nth(k).getAttribute('data-field'));
      }
    }
    await args.last().click();
    await s.shot('02-detail-hex');
  });

  it('filters give the same counts as the CLI, and are instant on a loaded capture', async () => {
    const file = sample('cat_write.scap');
    for (const f of ['evt.type = open', 'proc.name = cat and evt.dir = <', 'fd.name contains /etc', 'evt.failed = true', 'not evt.type in (read, write)']) {
      await applyFilter(s.page, f);
      const c = await counts(s.page);
      expect(c.displayed, f).toBe(cliCount(file, f));
    }
    await s.shot('03-filtered');
    // The filter stays applied to the next capture opened.
    const other = sample('open-multiple-files.scap');
    await applyFilter(s.page, 'evt.type = open');
    await dropFile(s.page, other, 'open-multiple-files.scap');
    await s.page.waitForFunction(() => document.title.startsWith('open-multiple-files.scap'));
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(cliCount(other, 'evt.type = open'));
    await dropFile(s.page, file, 'cat_write.scap');
    await s.page.waitForFunction(() => document.title.startsWith('cat_write.scap'));
    await waitLoaded(s.page);
    await applyFilter(s.page, '');
    expect((await counts(s.page)).displayed).toBe(cliCount(file));
  });

  it('a bad filter shows its error at the position the CLI reports', async () => {
    const file = sample('cat_write.scap');
    for (const bad of ['evt.type = open and', 'evt.tpye = open', 'proc.name = cat or (evt.type = ']) {
      const r = cli(['read', file, bad, '-p', '%evt.num']);
      expect(r.status).not.toBe(0);
      const m = /(\d+):(\d+):/.exec(r.stderr);
      expect(m, r.stderr).toBeTruthy();
      const col = Number(m![2]);
      const input = s.page.locator('scap-filter-bar input.expr');
      await input.fill(bad);
      await s.page.locator('scap-filter-bar input.expr[data-state="invalid"]').waitFor();
      const pos = Number(await s.page.locator('scap-filter-bar .error').getAttribute('data-error-pos'));
      expect(pos + 1, bad).toBe(Math.min(col, bad.length + 1));
    }
    await s.shot('04-filter-error');
    await s.page.locator('scap-filter-bar input.expr').fill('');
  });

  it('made no request outside the origin and logged no errors', () => {
    expect(foreignRequests(s)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});

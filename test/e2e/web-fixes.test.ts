// Browser end-to-end: what a first-time analyst hit (issue 13), each on a capture this file writes with
// the scap writer, checked against the CLI and sysdig on the same file:
// 1. the detail's Event section of events in the first 100 ms (zero-padded evt.reltime);
// 2. nanosecond timestamps exact in the detail, and "apply as filter" on them;
// 3. evt.datetime = / contains from the detail's Time, with sysdig's matches;
// 4. Enter applies the filter as typed even with the completion list open;
// 5. logs can be opened: pickers offer .json/.jsonl, the start page says so, "Open sample" has logs;
// 7. a filter kept from the previous file is announced, with its counts and a way to clear it;
// 8. Go to in a sorted view reaches an event, or the next displayed one when it is hidden;
// 9. a file with nothing readable shows an error state that says what is wrong (the CLI's reason);
// 10. plugin (log) rows leave CPU, TID and Dir empty;
// 6. with more rows than the list's pixel budget (scaled scrolling), End shows the last row whole;
// 11. follow stream says which chunks the capture's snap length cut, and by how much;
// 12. the timeline has a time axis, a readable tooltip at the pointer, and bars linear in the count.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, cliJson, applyFilter, root, type Session } from './harness.ts';
import { haveSysdig, sysdigNums, SYSDIG_WHY } from '../lib/sysdig.ts';
import { earlyCapture, processCapture, manyEventsCapture, streamCapture, ratesCapture, STREAM_SIZES, SNAPLEN } from './written-captures.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-fixes-'));


function cliNums(file: string, filter: string): number[] {
  return cli(['read', file, filter, '-p', '%evt.num']).stdout.split('\n').filter(Boolean).map(Number);
}

describe.skipIf(!haveChromium)('issue 13 fixes in Chromium', () => {
  let s: Session;
  const appliedFilter = (expr: string) => s.page.waitForFunction((e) => document.querySelector('scap-app')?.shadowRoot
    ?.querySelector('scap-status-bar')?.shadowRoot?.querySelector('#count-displayed')?.getAttribute('data-filter') === e, expr);
  const gotoNum = async (num: number) => {
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill(String(num));
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator(`scap-event-list .row.sel[data-num="${num}"]`).waitFor();
    await s.page.locator('scap-detail-tree .node[data-field="evt.num"] .value', { hasText: new RegExp(`^${num}$`) }).waitFor({ timeout: 10_000 });
  };
  const detailValue = (field: string) => s.page.locator(`scap-detail-tree .node[data-field="${field}"] .value`).textContent();
  const applyFromDetail = async (field: string) => {
    await s.page.locator(`scap-detail-tree .node[data-field="${field}"]`).click({ button: 'right' });
    await s.page.locator('scap-context-menu button', { hasText: 'Apply as filter' }).click();
  };
  const clearFilter = async () => {
    await s.page.locator('scap-filter-bar button[title="Clear filter"]').click();
    await appliedFilter('');
  };

  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  describe('times of events early in a capture', () => {
    let file: string;
    beforeAll(async () => {
      file = earlyCapture(dir);
      await dropFile(s.page, file, 'early.scap');
      await waitLoaded(s.page);
    });

    it('1. shows the Event section of every event in the first 100 ms', async () => {
      const rows = cli(['read', file, '-p', '%evt.num\t%evt.reltime\t%evt.cpu\t%evt.type']).stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
      const early = rows.filter(([, rel]) => Number(rel) < 100_000_000);
      expect(early.length).toBeGreaterThanOrEqual(4);
      // The CLI pads evt.reltime like sysdig: 9 digits with leading zeros.
      expect(early[1][1]).toMatch(/^0\d{8}$/);
      for (const [num, rel, cpu, type] of early) {
        await gotoNum(Number(num));
        expect(await detailValue('evt.reltime')).toBe(String(Number(rel)));
        expect(await detailValue('evt.cpu')).toBe(cpu);
        expect(await detailValue('evt.type')).toBe(type);
      }
    });

    it('2. shows nanosecond timestamps exactly, and applying one as a filter finds its event', async () => {
      // Past the first 100 ms, so that this checks the value and not item 1.
      const [num, raw] = cli(['read', file, '-p', '%evt.num %evt.rawtime']).stdout.split('\n')[9].split(' ');
      expect(BigInt(raw)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
      await gotoNum(Number(num));
      expect(await detailValue('evt.rawtime')).toBe(raw);
      await applyFromDetail('evt.rawtime');
      await appliedFilter(`evt.rawtime = ${raw}`);
      expect((await counts(s.page)).displayed).toBe(1);
      expect(cliCount(file, `evt.rawtime = ${raw}`)).toBe(1);
      await clearFilter();
    });

    it.skipIf(!haveSysdig())(`3. evt.datetime = and contains match the events sysdig matches (${SYSDIG_WHY})`, async () => {
      const [num, datetime] = cli(['read', file, '-p', '%evt.num|%evt.datetime']).stdout.split('\n')[10].split('|');
      await gotoNum(Number(num));
      expect(await detailValue('evt.datetime')).toBe(datetime);
      await applyFromDetail('evt.datetime');
      const eq = `evt.datetime = "${datetime}"`;
      await appliedFilter(eq);
      expect(sysdigNums(file, eq)).toEqual([Number(num)]);
      expect((await counts(s.page)).displayed).toBe(1);
      expect(cliNums(file, eq)).toEqual([Number(num)]);
      // A prefix of the fraction: several events, the same ones as sysdig's.
      const part = datetime.slice(11, 21);
      const contains = `evt.datetime contains "${part}"`;
      const expected = sysdigNums(file, contains);
      expect(expected.length).toBeGreaterThan(1);
      await applyFilter(s.page, contains);
      expect((await counts(s.page)).displayed).toBe(expected.length);
      expect(cliNums(file, contains)).toEqual(expected);
      await clearFilter();
    });

    it('4. Enter applies the typed filter while the completion list is open; Tab accepts a completion', async () => {
      const input = s.page.locator('scap-filter-bar input.expr');
      const popup = s.page.locator('scap-filter-bar .completion');
      await input.fill('');
      await input.pressSequentially('proc.name contains a');
      await popup.waitFor();
      await input.press('Enter');
      await appliedFilter('proc.name contains a');
      expect(await input.inputValue()).toBe('proc.name contains a');
      expect((await counts(s.page)).displayed).toBe(cliCount(file, 'proc.name contains a'));
      // An incomplete value is not completed behind the user's back: the error is the CLI's.
      await input.fill('');
      await input.pressSequentially('evt.type = e');
      await popup.waitFor();
      await input.press('Enter');
      const msg = s.page.locator('scap-status-bar .msg', { hasText: 'Filter error' });
      await msg.waitFor();
      expect(await msg.textContent()).toContain('unknown event type e');
      expect(cli(['filter', 'evt.type = e']).stderr).toContain('1:12: unknown event type e');
      expect(await input.inputValue()).toBe('evt.type = e');
      // Tab still takes the highlighted completion.
      await input.pressSequentially('poll_c');
      await popup.waitFor();
      const first = await popup.locator('li.active .label').textContent();
      expect(first).toMatch(/^epoll_c/);
      await input.press('Tab');
      expect(await input.inputValue()).toBe(`evt.type = ${first}`);
      await input.fill('');
      await input.press('Enter');
      await appliedFilter('');
    });
  });

  describe('opening logs', () => {
    it('5. the pickers offer .json/.jsonl logs, the start page names them, and one opens through the picker', async () => {
      const log = join(dir, 'audit.jsonl');
      const auditDir = join(root, 'samples', 'k8s_audit');
      writeFileSync(log, ['create_deployment.json', 'attach_pod.json', 'delete_secret.json']
        .map((f) => readFileSync(join(auditDir, f), 'utf8').trim() + '\n').join(''));
      const expected = cliCount(log);
      expect(expected).toBeGreaterThanOrEqual(3);
      // Back to the start page (a capture may be open from the tests above).
      const close = s.page.locator('scap-app nav button', { hasText: 'Close' });
      if (await close.count()) await close.click();
      const lead = await s.page.locator('scap-open-panel .lead').textContent();
      expect(lead).toContain('.json');
      expect(lead).toContain('.jsonl');
      for (const sel of ['scap-open-panel input[type=file]', 'scap-app input.picker']) {
        const accept = (await s.page.locator(sel).getAttribute('accept'))!.split(',');
        expect(accept, sel).toEqual(expect.arrayContaining(['.scap', '.gz', '.json', '.jsonl']));
      }
      await s.page.locator('scap-open-panel input[type=file]').setInputFiles(log);
      await waitLoaded(s.page);
      expect((await counts(s.page)).total).toBe(expected);
    });

    it('5. "Open sample" offers the audit and CloudTrail logs; each opens with the CLI\'s event count', async () => {
      const auditDir = join(root, 'samples', 'k8s_audit');
      const all = join(dir, 'k8s_audit.jsonl');
      writeFileSync(all, readdirSync(auditDir).filter((f) => f.endsWith('.json')).sort()
        .map((f) => readFileSync(join(auditDir, f), 'utf8').trim() + '\n').join(''));
      const cloudtrail = join(root, 'samples', 'cloudtrail_alice_start_instances.json');
      for (const [name, file] of [['k8s_audit.jsonl', all], ['cloudtrail_alice_start_instances.json', cloudtrail]]) {
        await s.page.locator('scap-app #tb-samples').click();
        await s.page.locator(`scap-app .menu button[data-sample="${name}"]`).click();
        await waitLoaded(s.page);
        await expect.poll(() => s.page.evaluate(() => document.title)).toBe(`${name} — Scapula`);
        // The served sample is exactly these bytes.
        const served = await s.page.evaluate(async (n) => Array.from(new Uint8Array(await (await fetch(`samples/${n}`)).arrayBuffer())), name);
        expect(Buffer.from(served).equals(readFileSync(file)), name).toBe(true);
        const expected = cliCount(file);
        expect(expected).toBeGreaterThan(0);
        expect((await counts(s.page)).total, name).toBe(expected);
      }
    });
  });

  it('7. a filter kept from the previous file is announced with its counts, and clears from the notice', async () => {
    const first = processCapture(dir, 'bash.scap', 'bash', 100n, 5);
    const second = processCapture(dir, 'nginx.scap', 'nginx', 200n, 7);
    await dropFile(s.page, first, 'bash.scap');
    await waitLoaded(s.page);
    await applyFilter(s.page, 'proc.name = bash');
    expect((await counts(s.page)).displayed).toBe(cliCount(first, 'proc.name = bash'));
    const notice = s.page.locator('scap-app #kept-filter');
    expect(await notice.count()).toBe(0);
    await dropFile(s.page, second, 'nginx.scap');
    await waitLoaded(s.page);
    await notice.waitFor();
    const total = cliCount(second);
    expect(total).toBe(14);
    expect(cliCount(second, 'proc.name = bash')).toBe(0);
    expect(await counts(s.page)).toEqual({ total, displayed: 0 });
    const text = (await notice.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('proc.name = bash');
    expect(text).toContain(`0 of ${total} events displayed`);
    await notice.locator('#kept-clear').click();
    await appliedFilter('');
    expect(await counts(s.page)).toEqual({ total, displayed: total });
    expect(await notice.count()).toBe(0);
    expect(await s.page.locator('scap-filter-bar input.expr').inputValue()).toBe('');
  });

  it('8. Go to in a sorted view selects the event, or the next displayed one when the view hides it', async () => {
    const file = earlyCapture(dir);
    await dropFile(s.page, file, 'early.scap');
    await waitLoaded(s.page);
    const filter = 'evt.dir = <';
    await applyFilter(s.page, filter);
    const shown = cliNums(file, filter);
    expect(shown[0]).toBeGreaterThan(1);
    // Sort by CPU, descending: the view's order is not the file's.
    const header = s.page.locator('scap-event-list .hcell[data-col="cpu"]');
    await header.click();
    await header.click();
    await s.page.locator('scap-status-bar .msg', { hasText: 'descending' }).waitFor();
    const goto = async (num: number) => {
      await s.page.keyboard.press('Control+g');
      await s.page.locator('scap-goto-bar input').fill(String(num));
      await s.page.locator('scap-goto-bar input').press('Enter');
    };
    // Event 1 is an enter event, hidden by the filter: the next displayed event is selected.
    await goto(1);
    await s.page.locator(`scap-event-list .row.sel[data-num="${shown[0]}"]`).waitFor();
    expect(await s.page.locator('scap-status-bar .msg').textContent()).toContain(`Event 1 is not displayed; went to ${shown[0]}`);
    // A displayed event is selected itself, wherever the sort put it.
    const target = shown[shown.length - 2];
    await goto(target);
    await s.page.locator(`scap-event-list .row.sel[data-num="${target}"]`).waitFor();
    await header.click();
    await applyFilter(s.page, '');
  });

  it('9. a file with nothing readable shows an error state with the CLI\'s reason, not an empty pane', async () => {
    const write = (name: string, bytes: Uint8Array | string) => { const f = join(dir, name); writeFileSync(f, bytes); return f; };
    const cases: { file: string; title: string; reason: string | null }[] = [
      { file: write('notes.json', '{"a": 1}\n'), title: 'notes.json could not be read', reason: 'not recognised as a Kubernetes audit event or CloudTrail records' },
      { file: write('cut.scap.gz', gzipSync(readFileSync(earlyCapture(dir))).subarray(0, 60)), title: 'Nothing could be read from cut.scap.gz', reason: 'gzip stream ended early' },
      { file: write('hello.scap', 'hello world\n'), title: 'hello.scap could not be read', reason: 'not a .scap capture: expected a section header block' },
      { file: write('zero.scap', ''), title: 'zero.scap is empty (0 bytes)', reason: null },
    ];
    const panel = s.page.locator('scap-app #load-problem');
    for (const c of cases) {
      const name = c.file.split('/').pop()!;
      const r = cli(['read', c.file]);
      expect(r.stdout, name).toBe('');
      if (c.reason) expect(r.stderr, name).toContain(c.reason);
      await dropFile(s.page, c.file, name);
      await panel.locator('h2', { hasText: c.title }).waitFor();
      if (c.reason) expect(await panel.textContent(), name).toContain(c.reason);
      expect(await panel.locator('#problem-open').count()).toBe(1);
      expect(await s.page.locator('scap-event-list').count()).toBe(0);
    }
    await s.shot('fix-09-unreadable');
    // A readable file brings the list back.
    const ok = processCapture(dir, 'ok.scap', 'sshd', 300n, 2);
    await dropFile(s.page, ok, 'ok.scap');
    await waitLoaded(s.page);
    expect(await panel.count()).toBe(0);
    expect((await counts(s.page)).displayed).toBe(cliCount(ok));
  });

  it('10. plugin rows leave the CPU, TID and Dir cells empty (and the detail has no such fields)', async () => {
    const log = join(dir, 'audit-10.jsonl');
    const auditDir = join(root, 'samples', 'k8s_audit');
    writeFileSync(log, ['create_configmap.json', 'exec_pod.json'].map((f) => readFileSync(join(auditDir, f), 'utf8').trim() + '\n').join(''));
    const types = cli(['read', log, '-p', '*%evt.num %evt.type']).stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[1]);
    expect(types.length).toBeGreaterThan(1);
    expect(new Set(types)).toEqual(new Set(['pluginevent']));
    await dropFile(s.page, log, 'audit-10.jsonl');
    await waitLoaded(s.page);
    await s.page.locator(`scap-event-list .row[data-pos="${types.length - 1}"][data-num]`).waitFor();
    const cells = await s.page.$$eval('scap-event-list .rows .row[data-num]', (els) => els.map((e) =>
      [e.querySelector('.c-cpu')?.textContent, e.querySelector('.c-tid')?.textContent, e.querySelector('.c-dir')?.textContent, e.querySelector('.c-type')?.textContent]));
    expect(cells).toEqual(types.map(() => ['', '', '', 'pluginevent']));
    await s.page.locator('scap-event-list .row[data-num="1"]').click();
    await s.page.locator('scap-detail-tree .node[data-field="evt.num"]').waitFor();
    expect(await s.page.locator('scap-detail-tree .node[data-field="evt.type"] .value').textContent()).toBe('pluginevent');
    for (const f of ['evt.cpu', 'evt.dir', 'thread.tid']) expect(await s.page.locator(`scap-detail-tree .node[data-field="${f}"]`).count(), f).toBe(0);
  });

  it('6. with 400 000 rows (scaled scrollbar), End, Home and Go to show the row whole in the viewport', async () => {
    const file = manyEventsCapture(dir, 400_000);
    const nums = cli(['read', file, '-p', '%evt.num']).stdout.trimEnd().split('\n');
    expect(nums.length).toBe(400_000);
    // 22 px rows: past the list's 8 000 000 px budget, so the scrollbar is scaled.
    expect(nums.length * 22).toBeGreaterThan(8_000_000);
    await dropFile(s.page, file, 'many.scap.gz');
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(nums.length);
    /** The selected row lies entirely between the sticky header and the bottom of the viewport. */
    const selectedInView = () => s.page.evaluate(() => {
      const list = document.querySelector('scap-app')!.shadowRoot!.querySelector('scap-event-list')!.shadowRoot!;
      const vp = list.querySelector('.viewport')!.getBoundingClientRect();
      const header = list.querySelector('.header')!.getBoundingClientRect();
      const row = list.querySelector('.row.sel');
      if (!row) return 'no selected row';
      const r = row.getBoundingClientRect();
      const bottom = vp.top + (list.querySelector('.viewport') as HTMLElement).clientHeight;
      return r.top >= header.bottom - 0.5 && r.bottom <= bottom + 0.5 ? 'in view' : `row ${r.top}..${r.bottom}, view ${header.bottom}..${bottom}`;
    });
    await s.page.locator('scap-event-list .row[data-pos="0"][data-num]').click();
    await s.page.keyboard.press('End');
    await s.page.locator(`scap-event-list .row.sel[data-num="${nums[nums.length - 1]}"]`).waitFor({ state: 'attached' });
    expect(await selectedInView()).toBe('in view');
    // The scrollbar is at its end too: scrolling further shows nothing new.
    await s.page.keyboard.press('ArrowUp');
    await s.page.locator(`scap-event-list .row.sel[data-num="${nums[nums.length - 2]}"]`).waitFor({ state: 'attached' });
    expect(await selectedInView()).toBe('in view');
    await s.page.keyboard.press('Home');
    await s.page.locator(`scap-event-list .row.sel[data-num="${nums[0]}"]`).waitFor({ state: 'attached' });
    expect(await selectedInView()).toBe('in view');
    for (const k of [123_457, 399_990, 200_001]) {
      await s.page.keyboard.press('Control+g');
      await s.page.locator('scap-goto-bar input').fill(nums[k]);
      await s.page.locator('scap-goto-bar input').press('Enter');
      await s.page.locator(`scap-event-list .row.sel[data-num="${nums[k]}"]`).waitFor({ state: 'attached' });
      expect(await selectedInView(), `go to ${nums[k]}`).toBe('in view');
    }
    await s.shot('fix-06-end');
  }, 180_000);

  it('11. follow stream marks the chunks cut at the snap length with what was captured and what the call moved', async () => {
    const file = streamCapture(dir);
    // The CLI's view of the same events: what each call returned, and the data it kept.
    const io = cliJson(file, ['evt.num', 'evt.type', 'evt.rawres', 'evt.arg.data'], 'evt.dir = < and evt.type in (read, write)');
    expect(io.map((r) => Number(r['evt.rawres']))).toEqual(STREAM_SIZES);
    const cutNums = io.filter((r) => Number(r['evt.rawres']) > SNAPLEN).map((r) => Number(r['evt.num']));
    expect(cutNums.length).toBe(STREAM_SIZES.filter((n) => n > SNAPLEN).length);
    await dropFile(s.page, file, 'stream.scap');
    await waitLoaded(s.page);
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill(String(io[0]['evt.num']));
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator(`scap-event-list .row.sel[data-num="${io[0]['evt.num']}"]`).waitFor();
    await s.page.locator('scap-detail-tree .node[data-field="fd.name"]').waitFor();
    await s.page.locator('scap-app #tb-follow').click();
    const summary = s.page.locator('scap-stream-view #stream-summary');
    await summary.waitFor();
    expect(Number(await summary.getAttribute('data-events'))).toBe(io.length);
    const snapped = s.page.locator('scap-stream-view #stream-snapped');
    expect(Number(await snapped.getAttribute('data-cut'))).toBe(cutNums.length);
    expect(await snapped.textContent()).toContain(`${cutNums.length} of ${io.length} events cut at the`);
    expect(await snapped.textContent()).toContain(`(${SNAPLEN} bytes kept of each)`);
    const marks = await s.page.$$eval('scap-stream-view .cut', (els) => els.map((e) => [Number(e.getAttribute('data-index')) + 1,
      Number(e.getAttribute('data-captured')), Number(e.getAttribute('data-length')), e.textContent?.replace(/\s+/g, ' ').trim()]));
    expect(marks).toEqual(cutNums.map((num) => {
      const n = Number(io.find((r) => r['evt.num'] === num)!['evt.rawres']);
      return [num, SNAPLEN, n, `✂ ${SNAPLEN} of ${n} bytes captured: the rest was cut at the capture's snap length`];
    }));
    await s.shot('fix-11-snaplen');
    await s.page.keyboard.press('Escape');
  });

  it('12. the timeline: bars linear in the CLI\'s per-slice counts, a time axis, a readable tooltip at the pointer', async () => {
    const file = ratesCapture(dir);
    const times = cli(['read', file, '-p', '%evt.rawtime']).stdout.trimEnd().split('\n').map((t) => BigInt(t));
    expect(times.length).toBe(240_000);
    await dropFile(s.page, file, 'rates.scap.gz');
    await waitLoaded(s.page);
    const canvas = s.page.locator('scap-timeline canvas');
    const box = (await canvas.boundingBox())!;
    const n = Math.min(Math.floor(box.width), 2048);
    const lo = times[0], hi = times[times.length - 1];
    const span = Number(hi - lo);
    const counts = new Array<number>(n).fill(0);
    for (const t of times) counts[Math.min(n - 1, Math.floor((Number(t - lo) / span) * n))]++;
    const max = Math.max(...counts);
    // Bars: the height of every pixel column, read back from the canvas.
    await expect.poll(() => s.page.locator('scap-timeline #timeline-max').getAttribute('data-max')).toBe(String(max));
    const { heights, h, w } = await s.page.evaluate(() => {
      const c = document.querySelector('scap-app')!.shadowRoot!.querySelector('scap-timeline')!.shadowRoot!.querySelector('canvas')!;
      const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const out: number[] = [];
      for (let x = 0; x < c.width; x++) {
        let k = 0;
        while (k < c.height && img.data[((c.height - 1 - k) * c.width + x) * 4 + 3] > 0) k++;
        out.push(k);
      }
      return { heights: out, h: c.height, w: c.width };
    });
    expect(w).toBe(n);
    const expected = counts.map((v) => (v ? Math.max(1, Math.round((v / max) * (h - 2))) : 0));
    const off = heights.map((x, i) => [i, x, expected[i]]).filter(([, x, e]) => Math.abs(x - e) > 1);
    expect(off.slice(0, 5)).toEqual([]);
    // The three rates read as three levels, 4 : 1 : 2.
    const mid = (a: number, b: number) => heights[Math.floor((a + b) / 2 * n)];
    expect(mid(0, 1 / 7) / mid(1 / 7, 5 / 7)).toBeGreaterThan(3);
    // Axis: round steps from +0 s, placed where their time falls.
    const ticks = await s.page.$$eval('scap-timeline .tick', (els) => els.map((e) => ({ ns: e.getAttribute('data-ns')!, label: e.textContent!, x: e.getBoundingClientRect().left })));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks[0].ns).toBe('0');
    const step = BigInt(ticks[1].ns);
    ticks.forEach((t, k) => {
      expect(BigInt(t.ns)).toBe(step * BigInt(k));
      expect(Number(t.label.replace(/^\+| s$/g, '')) * 1e9).toBeCloseTo(Number(t.ns), -3);
      expect(Math.abs(t.x - box.x - (Number(t.ns) / span) * box.width)).toBeLessThan(1.5);
    });
    expect(BigInt(ticks[ticks.length - 1].ns) + step).toBeGreaterThan(hi - lo);
    // Tooltip: next to the pointer, in the page's text colour on a solid background, the CLI's count.
    const b = Math.floor(n * 0.3);
    await canvas.hover({ position: { x: b + 0.5, y: box.height / 2 } });
    const tip = s.page.locator('scap-timeline .tip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain(`: ${counts[b].toLocaleString('en-US')} events`);
    const style = await tip.evaluate((e) => {
      const cs = getComputedStyle(e);
      const fg = getComputedStyle(document.documentElement).getPropertyValue('--scap-fg').trim();
      const probe = document.createElement('span');
      probe.style.color = fg;
      document.body.append(probe);
      const fgRgb = getComputedStyle(probe).color;
      probe.remove();
      return { color: cs.color, fgRgb, bg: cs.backgroundColor, size: parseFloat(cs.fontSize) };
    });
    expect(style.color).toBe(style.fgRgb);
    expect(style.bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(style.size).toBeGreaterThanOrEqual(12);
    const tb = (await tip.boundingBox())!;
    expect(Math.min(Math.abs(tb.x - (box.x + b)), Math.abs(tb.x + tb.width - (box.x + b)))).toBeLessThan(20);
    await s.shot('fix-12-timeline');
  }, 120_000);
});

// Browser end-to-end: loading a larger capture (600k events written by `scapula synth` from the real
// samples, gzip-compressed): inflated as a stream, rows are browsable before the file is fully read and
// the load ends with exactly the CLI's count; cancelling keeps what was read so far.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { haveChromium, startSession, waitLoaded, counts, cli, cliCount, type Session } from './harness.ts';

const EVENTS = 600_000;

describe.skipIf(!haveChromium)('loading large captures in Chromium', () => {
  let s: Session;
  let gz: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-load-'));
    const raw = join(dir, 'synth.scap');
    const r = cli(['synth', '--events', String(EVENTS), '-o', raw]);
    if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
    gz = join(dir, 'synth.scap.gz');
    writeFileSync(gz, gzipSync(readFileSync(raw), { level: 1 }));
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  const input = () => s.page.locator('scap-app input.picker, scap-open-panel input[type=file]').first();
  const progressShown = () => s.page.locator('scap-load-progress').count();

  it('shows rows while the gzip stream is still being read, then the CLI\'s count', async () => {
    // Watch, in the page, for a moment where rows are on screen while the progress bar is still there.
    await s.page.evaluate(`(() => {
      window.__rowsWhileLoading = false;
      function look() {
        const app = document.querySelector('scap-app').shadowRoot;
        const list = app.querySelector('scap-event-list');
        const rows = list && list.shadowRoot ? list.shadowRoot.querySelector('.rows .row[data-num]') : null;
        if (rows && app.querySelector('scap-load-progress')) { window.__rowsWhileLoading = true; return; }
        requestAnimationFrame(look);
      }
      look();
    })()`);
    await input().setInputFiles(gz);
    await s.page.locator('scap-load-progress').waitFor();
    await waitLoaded(s.page);
    expect(await s.page.evaluate('window.__rowsWhileLoading'), 'rows were shown before the load ended').toBe(true);
    expect((await counts(s.page)).displayed).toBe(cliCount(gz));
  });

  it('cancel keeps the events read so far', async () => {
    await input().setInputFiles(gz);
    // Cancel once the first rows exist (the synth capture opens with megabytes of process lists, which
    // take a while on a loaded machine), so there is something read to keep.
    await s.page.locator('scap-load-progress .nums', { hasText: /[1-9][\d,]* events/ }).waitFor();
    await s.page.locator('scap-load-progress button', { hasText: 'Cancel' }).click();
    await s.page.locator('scap-status-bar .msg', { hasText: 'cancelled' }).waitFor();
    await s.page.locator('scap-load-progress').waitFor({ state: 'detached' });
    const c = await counts(s.page);
    expect(c.displayed).toBeGreaterThan(0);
    expect(c.displayed).toBeLessThan(EVENTS);
    // The partial capture is browsable: its last row is there.
    await s.page.locator('scap-event-list .viewport').focus();
    await s.page.keyboard.press('End');
    await s.page.locator(`scap-event-list .row.sel[data-pos="${c.displayed - 1}"]`).waitFor();
  });
});

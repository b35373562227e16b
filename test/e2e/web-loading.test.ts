// Browser end-to-end: loading a larger capture (300k events written by `scapula synth` from the real
// samples). Rows are browsable before the file is fully read; a gzip-compressed copy is inflated as a
// stream and ends with exactly the CLI's count; cancelling keeps what was read so far.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { haveChromium, startSession, waitLoaded, counts, cli, cliCount, type Session } from './harness.ts';

const EVENTS = 200_000;

describe.skipIf(!haveChromium)('loading large captures in Chromium', () => {
  let s: Session;
  let raw: string;
  let gz: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-load-'));
    raw = join(dir, 'synth.scap');
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
    await input().setInputFiles(gz);
    // Rows appear while the progress bar is still there.
    await s.page.locator('scap-event-list .rows .row[data-num]').first().waitFor({ timeout: 60_000 });
    const whileLoading = await progressShown();
    await s.shot('10-loading');
    await waitLoaded(s.page);
    expect(whileLoading, 'rows were shown before the load ended').toBe(1);
    expect((await counts(s.page)).displayed).toBe(cliCount(gz));
  });

  it('cancel keeps the events read so far', async () => {
    await input().setInputFiles(raw);
    await s.page.locator('scap-load-progress').waitFor();
    await s.page.locator('scap-event-list .rows .row[data-num]').first().waitFor({ timeout: 60_000 });
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

// Browser end-to-end: after one visit the service worker has cached the whole app (code, WASM, samples),
// so with the network off *and the server stopped* the app still starts, opens a bundled sample and
// reads a dropped capture, with the same counts as the CLI.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, startSession, dropFile, waitLoaded, counts, sample, cliCount, foreignRequests, type Session } from './harness.ts';

describe.skipIf(!haveChromium)('offline app in Chromium', () => {
  let s: Session;
  beforeAll(async () => { s = await startSession(); });
  afterAll(async () => { await s?.close(); });

  it('is installable: manifest with icons and file handlers, service worker controlling the page', async () => {
    await s.page.goto(s.url);
    const manifest = await s.page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]')?.getAttribute('href');
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest?.name).toContain('Scapula');
    expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
    expect(JSON.stringify(manifest.file_handlers)).toContain('.scap');
    await s.page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await s.page.reload();
    await s.page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
  });

  it('reloads and reads captures with the network off and the server stopped', async () => {
    await s.stopServer();
    await s.context.setOffline(true);
    await s.page.reload();
    await s.page.locator('scap-app >> text=Open sample').first().waitFor({ timeout: 30_000 });
    // A bundled sample, from the cache.
    await s.page.locator('scap-open-panel button[data-sample="open-multiple-files.scap"]').click();
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(cliCount(sample('open-multiple-files.scap')));
    await s.shot('05-offline-sample');
    // A dropped file.
    await dropFile(s.page, sample('connect_localhost.scap'), 'connect_localhost.scap');
    await s.page.waitForFunction(() => document.title.startsWith('connect_localhost.scap'), null, { timeout: 30_000 });
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(cliCount(sample('connect_localhost.scap')));
    expect(s.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
    expect(foreignRequests(s)).toEqual([]);
  });
});

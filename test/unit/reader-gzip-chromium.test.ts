// The real browser's DecompressionStream (Chromium) stops after the first gzip member; the ingest code
// (engine/ingest/inflate.ts, bundled as is) must still inflate every member of a concatenated capture in the
// browser, in any chunking, and report a cut stream. Compared byte for byte with zlib.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

function fnv(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < b.length; k++) { h ^= b[k]; h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16);
}
const a = readFileSync('samples/captures/cat_write.scap');
const b = readFileSync('samples/captures/syscall.scap');

describe.skipIf(!existsSync(CHROMIUM))('gzip members in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: ['engine/ingest/inflate.ts'], bundle: true, write: false, format: 'iife', globalName: 'Inflate', platform: 'browser',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  });
  afterAll(async () => { await browser?.close(); });

  async function inflateInBrowser(bytes: Buffer, size: number): Promise<{ sha: string; len: number; members: number; error: string | null; plainStops: boolean }> {
    return page.evaluate(async ([arr, size]) => {
      const data = new Uint8Array(arr as number[]);
      // What the platform stream alone does with the same bytes (Chromium: stops after member 1).
      let plainStops = false;
      try {
        const ds = new DecompressionStream('gzip');
        const w = ds.writable.getWriter(); w.write(data).catch(() => {}); w.close().catch(() => {});
        const r = ds.readable.getReader();
        for (;;) { const x = await r.read(); if (x.done) break; }
      } catch { plainStops = true; }
      async function* pieces() { for (let i = 0; i < data.length; i += size as number) yield data.subarray(i, i + (size as number)); }
      const I = (globalThis as any).Inflate;
      const st = new I.InflateState();
      const parts: Uint8Array[] = [];
      for await (const c of I.inflateIfGzip(pieces(), st)) parts.push(c.slice());
      const len = parts.reduce((n, p) => n + p.length, 0);
      const all = new Uint8Array(len);
      let o = 0; for (const p of parts) { all.set(p, o); o += p.length; }
      // FNV-1a over the bytes (crypto.subtle needs a secure context)
      let h = 0x811c9dc5;
      for (let k = 0; k < all.length; k++) { h ^= all[k]; h = Math.imul(h, 0x01000193) >>> 0; }
      return { sha: h.toString(16), len, members: st.members, error: st.error, plainStops };
    }, [[...bytes], size] as const);
  }

  for (const size of [65536, 1000, 7]) {
    it(`three members in ${size}-byte chunks: every byte, like zlib`, async () => {
      const three = Buffer.concat([a, b, gzipSync(Buffer.from('tail'))]);
      const want = gunzipSync(three);
      const r = await inflateInBrowser(three, size);
      expect(r.plainStops).toBe(true); // the browser's own stream does stop after the first member
      expect(r.error).toBeNull();
      expect(r.members).toBe(3);
      expect(r.len).toBe(want.length);
      expect(r.sha).toBe(fnv(want));
    }, 120_000);
  }

  it('a cut stream keeps what could be inflated and reports the error', async () => {
    const cut = Buffer.concat([a, b.subarray(0, b.length - 200)]);
    const r = await inflateInBrowser(cut, 4096);
    expect(r.error).not.toBeNull();
    expect(r.len).toBeGreaterThan(gunzipSync(a).length);
  }, 120_000);
});

// Shared set-up of the browser end-to-end tests: builds the app if it is stale, serves dist/ with
// `vite preview` (the same CSP header as production), and drives Debian's Chromium through
// playwright-core with a fresh profile. Never downloads a browser. Records every request so tests can
// prove nothing leaves the origin, and saves screenshots to test-artifacts/.
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const artifacts = join(root, 'test-artifacts');

export const haveChromium = existsSync(CHROMIUM);

/** Builds dist/ if stale and returns a private copy of it (a concurrent rebuild cannot touch it). */
export async function ensureBuilt(): Promise<string> {
  const { buildWeb } = await import(join(root, 'scripts', 'build-web.mjs'));
  const copy = mkdtempSync(join(tmpdir(), 'scapula-dist-'));
  await buildWeb({ snapshot: copy });
  return copy;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Session {
  url: string;
  context: BrowserContext;
  page: Page;
  /** Every request the browser made (page, workers, service worker). */
  requests: string[];
  /** Console errors and uncaught exceptions seen on the page. */
  errors: string[];
  shot(name: string): Promise<void>;
  /** Stops the web server (the browser stays): everything after this must come from the cache. */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

/** `extraArgs`: more Chromium switches (the bench's memory figures pass --js-flags=--expose-gc). */
export async function startSession(extraArgs: string[] = []): Promise<Session> {
  const dist = await ensureBuilt();
  const port = await freePort();
  const server: PreviewServer = await preview({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dist },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'scapula-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const record = (r: Request) => { requests.push(r.url()); };
  context.on('request', record);
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  mkdirSync(artifacts, { recursive: true });
  let stopped = false;
  return {
    url, context, page, requests, errors,
    async shot(name) { await page.screenshot({ path: join(artifacts, `${name}.png`) }); },
    async stopServer() { if (!stopped) { stopped = true; await server.close(); } },
    async close() {
      await context.close().catch(() => {});
      if (!stopped) await server.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Requests that went somewhere other than the app's own origin (data:/blob: are local). */
export function foreignRequests(s: Session): string[] {
  const origin = new URL(s.url).origin;
  return s.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Drops a file on the page through a real drop event carrying a real File. */
export async function dropFile(page: Page, path: string, name: string): Promise<void> {
  const b64 = readFileSync(path).toString('base64');
  const dt = await page.evaluateHandle(({ b64, name }) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const d = new DataTransfer();
    d.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
    return d;
  }, { b64, name });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

/** Waits until a capture is open and loaded (status bar shows its counts, no progress bar). */
export async function waitLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const app = document.querySelector('scap-app');
    const root = app?.shadowRoot;
    if (!root || root.querySelector('scap-load-progress')) return false;
    return !!root.querySelector('scap-status-bar')?.shadowRoot?.querySelector('#count-displayed');
  }, null, { timeout: 60_000 });
}

/** Numbers the status bar shows. */
export async function counts(page: Page): Promise<{ total: number; displayed: number }> {
  return page.evaluate(() => {
    const sb = document.querySelector('scap-app')!.shadowRoot!.querySelector('scap-status-bar')!.shadowRoot!;
    return {
      total: Number(sb.querySelector('#count-total')?.getAttribute('data-total')),
      displayed: Number(sb.querySelector('#count-displayed')?.getAttribute('data-displayed')),
    };
  });
}

/** Runs the CLI (`node bin/scapula.mjs ...`) and returns stdout. */
export function cli(args: string[]): { stdout: string; status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 256 << 20 });
  return { stdout: r.stdout, status: r.status, stderr: r.stderr };
}

export function sample(name: string): string {
  return join(root, 'samples', 'captures', name);
}

/** Types a filter in the filter bar, applies it (Enter) and waits until the app shows it applied. */
export async function applyFilter(page: Page, expr: string): Promise<void> {
  const input = page.locator('scap-filter-bar input.expr');
  await input.fill(expr);
  await input.press('Escape');
  await input.press('Enter');
  await page.waitForFunction((e) => {
    const sb = document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot;
    return sb?.querySelector('#count-displayed')?.getAttribute('data-filter') === e;
  }, expr.trim(), { timeout: 30_000 });
}

/** Lines the CLI prints for `read FILE [FILTER]` (one per shown event). */
export function cliCount(file: string, filter = ''): number {
  const r = cli(['read', file, ...(filter ? [filter] : []), '-p', '*%evt.num']);
  if (r.status !== 0) throw new Error(`scapula read failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).length;
}

/** One JSON object per shown event from the CLI, with the given fields (missing ones null). */
export function cliJson(file: string, fields: string[], filter = ''): Record<string, unknown>[] {
  const r = cli(['read', file, ...(filter ? [filter] : []), '-j', '-p', '*' + fields.map((f) => `%${f}`).join(' ')]);
  if (r.status !== 0) throw new Error(`scapula read failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// Builds the web app (web/) into dist/: a static site whose worker runs the WASM engine, a service
// worker that precaches everything (the app works offline after one visit), and the bundled sample
// captures offered by "Open sample". The same Content-Security-Policy is sent as a header by the
// preview server (workers only obey headers) and written as a <meta> in index.html.
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const samplesDir = join(root, 'samples', 'captures');

/** No request may leave the origin; WASM compilation is the one extra power the worker needs. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const CSP_HEADER = CSP + "; frame-ancestors 'none'";

/**
 * The samples offered by "Open sample", served at samples/NAME and listed in samples/index.json: the
 * captures, the CloudTrail log, and every Kubernetes audit sample as one JSON-lines log (the files in
 * name order, one record per line).
 */
function sampleFiles(): { name: string; bytes: () => Buffer }[] {
  const captures = readdirSync(samplesDir).filter((f) => /\.scap(\.gz)?$/.test(f))
    .map((name) => ({ name, bytes: () => readFileSync(join(samplesDir, name)) }));
  const auditDir = join(root, 'samples', 'k8s_audit');
  const audit = {
    name: 'k8s_audit.jsonl',
    bytes: () => Buffer.from(readdirSync(auditDir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => readFileSync(join(auditDir, f), 'utf8').trim() + '\n').join('')),
  };
  const cloudtrail = { name: 'cloudtrail_alice_start_instances.json', bytes: () => readFileSync(join(root, 'samples', 'cloudtrail_alice_start_instances.json')) };
  return [...captures, audit, cloudtrail].sort((a, b) => a.name.localeCompare(b.name));
}

function sampleCaptures(): Plugin {
  const list = () => sampleFiles().map((f) => ({ name: f.name, size: f.bytes().length }));
  return {
    name: 'scapula-samples',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0];
        const m = /^\/samples\/([^/]+)$/.exec(url);
        if (!m) return next();
        if (m[1] === 'index.json') {
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify(list()));
        }
        const file = sampleFiles().find((f) => f.name === decodeURIComponent(m[1]));
        if (!file) return next();
        res.setHeader('content-type', 'application/octet-stream');
        res.end(file.bytes());
      });
    },
    generateBundle() {
      const files = sampleFiles();
      this.emitFile({ type: 'asset', fileName: 'samples/index.json', source: JSON.stringify(files.map((f) => ({ name: f.name, size: f.bytes().length }))) });
      for (const f of files) this.emitFile({ type: 'asset', fileName: `samples/${f.name}`, source: f.bytes() });
    },
  };
}

export default defineConfig({
  root: join(root, 'web'),
  base: './',
  publicDir: join(root, 'web', 'public'),
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false, fs: { allow: [root] } },
  preview: { port: 5173, headers: { 'Content-Security-Policy': CSP_HEADER, 'X-Content-Type-Options': 'nosniff' } },
  plugins: [
    sampleCaptures(),
    VitePWA({
      // A new version waits until the user reloads (an open analysis is never reloaded under them).
      registerType: 'prompt',
      injectRegister: null,
      manifest: {
        name: 'Scapula — system-call capture analyzer',
        short_name: 'Scapula',
        description: 'Open and analyze .scap system-call captures in your browser. Nothing is uploaded.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#1d2026',
        theme_color: '#2d5b8a',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
        // Installed app opens captures and audit/CloudTrail logs from the OS; web/launch.ts reads the launch queue.
        file_handlers: [{
          action: './',
          accept: { 'application/x-scap': ['.scap'], 'application/gzip': ['.gz'], 'application/json': ['.json'], 'application/x-ndjson': ['.jsonl'] },
        }],
        launch_handler: { client_mode: 'focus-existing' },
      } as never,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,json,jsonl,scap,gz,webmanifest}'],
        // The SQL console's DuckDB (eh build: WebAssembly exceptions, every current browser) is 33 MiB and
        // is precached so the console works offline; its mvp fallback for older browsers (38 MiB) is not.
        globIgnores: ['**/duckdb-mvp*', '**/duckdb-browser-mvp*'],
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});

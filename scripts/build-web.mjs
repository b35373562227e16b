#!/usr/bin/env node
// Builds the web app into dist/ when it is older than its sources (web/, engine/, the WASM, the
// samples, vite.config.ts). Used by `npm start`, `npm test` (via setup) and the e2e tests; a lock
// directory keeps parallel callers from building twice at once.
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/gen-util.mjs';

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) if (e !== 'node_modules') t = Math.max(t, newest(join(p, e)));
  return t;
}

export function webIsStale() {
  const out = join(root, 'dist', 'index.html');
  if (!existsSync(out)) return true;
  const src = Math.max(...['web', 'engine', 'build/scapula.wasm', 'samples/captures', 'vite.config.ts']
    .map((p) => newest(join(root, p))));
  return statSync(out).mtimeMs < src;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const STALE_LOCK_MS = 150_000;

/**
 * Builds dist/ if stale. `snapshot`: a directory to copy the fresh dist/ into while still holding the
 * lock, so a test can serve a copy that a concurrent rebuild will not change under it.
 */
export async function buildWeb({ force = false, snapshot = null } = {}) {
  const lock = join(root, 'dist.lock');
  for (let waited = 0; ; waited += 200) {
    try { mkdirSync(lock); break; } catch {
      // A lock older than any build is left over from a killed run.
      try { if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) { rmdirSync(lock); continue; } } catch { /* gone */ }
      if (waited > 180_000) throw new Error('build-web: dist.lock held for 3 minutes; remove it if no build is running');
      await sleep(200);
    }
  }
  try {
    if (force || webIsStale()) execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
    if (snapshot) cpSync(join(root, 'dist'), snapshot, { recursive: true });
  } finally {
    rmdirSync(lock);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildWeb({ force: process.argv.includes('--force') });
}

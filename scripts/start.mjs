#!/usr/bin/env node
// `npm start`: builds the web app if its sources changed (scripts/build-web.mjs) and serves dist/ on
// http://localhost:5173 with the production Content-Security-Policy header. The start screen offers
// the bundled samples (samples/captures/*.scap) under "Open sample". Ctrl-C stops it.
import { preview } from 'vite';
import { join } from 'node:path';
import { root } from './lib/gen-util.mjs';
import { buildWeb } from './build-web.mjs';

await buildWeb();
const port = Number(process.env.PORT) || 5173;
const server = await preview({
  configFile: join(root, 'vite.config.ts'),
  preview: { port, strictPort: true, host: process.env.HOST || 'localhost' },
});
const url = server.resolvedUrls?.local?.[0] ?? `http://localhost:${port}/`;
console.log(`\nScapula is served on ${url}\nOpen it in a browser, then "Open sample" (or drop a .scap file). Ctrl-C stops the server.\n`);

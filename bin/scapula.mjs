#!/usr/bin/env node
// Entry of the `scapula` command: runs the CLI bundled into JavaScript (build/cli/, made by
// scripts/build-cli.mjs from engine/node/cli/main.ts), so no TypeScript is transpiled at start. When the
// bundle is missing or older than its sources it is rebuilt first (~0.3 s); when it cannot be built,
// the TypeScript sources run through tsx's loader, with a note on stderr.
import { pathToFileURL } from 'node:url';
import { currentCli, buildCli } from '../scripts/build-cli.mjs';

let entry = currentCli();
if (!entry) {
  try {
    entry = await buildCli({ quiet: true });
  } catch (e) {
    process.stderr.write(`scapula: CLI bundle not built (${e?.message?.split('\n')[0] ?? e}); running the TypeScript sources\n`);
    const { register } = await import('tsx/esm/api');
    register();
    entry = new URL('../engine/node/cli/main.ts', import.meta.url).pathname;
  }
}
// tells engine/node/parallel/pool.ts where the bundle is, so worker threads start from it too
if (!entry.endsWith('.ts')) process.env.SCAPULA_CLI_BUNDLE = entry;
await import(pathToFileURL(entry).href);

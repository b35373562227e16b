#!/usr/bin/env node
// Runs every generator in scripts/gen/ (each one a module exporting `generate()`), so tables stay
// data-driven from schema/*.json and generators can be added without touching this file.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'gen');
for (const name of readdirSync(dir).filter((n) => n.endsWith('.mjs')).sort()) {
  const mod = await import(pathToFileURL(join(dir, name)).href);
  await mod.generate();
}

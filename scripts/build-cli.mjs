#!/usr/bin/env node
// Bundles the TypeScript CLI (engine/node/cli/main.ts and everything it imports) into ES modules under
// build/cli/, so `scapula` starts without transpiling TypeScript at run time. Each command is its own
// chunk, loaded only when run. Every build goes into a fresh directory build/cli/<id>/ and is then
// published by renaming build/cli/current.json over the old one, so a CLI already running (and still
// loading chunks of its build) is never disturbed by a rebuild. current.json lists the bundled
// sources and the .ts files of their directories: the bundle is stale when a source is newer than
// the build or a directory's .ts files changed (e.g. a new command).
// Used by scripts/setup.mjs and, when the bundle is missing or stale, by bin/scapula.mjs itself.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'build', 'cli');
const currentFile = join(cliDir, 'current.json');
/** Builds other than the current one are removed once this old (a CLI started from one has ended). */
const OLD_BUILD_MS = 15 * 60_000;

/** The entry module of the current bundle, or null when it is missing or older than one of its sources. */
export function currentCli() {
  let cur;
  try {
    cur = JSON.parse(readFileSync(currentFile, 'utf8'));
  } catch {
    return null;
  }
  const entry = join(cliDir, cur.entry);
  if (!existsSync(entry)) return null;
  try {
    for (const rel of cur.inputs) if (statSync(join(root, rel)).mtimeMs > cur.builtAt) return null;
    for (const [rel, names] of Object.entries(cur.dirs ?? {})) if (sourcesIn(rel).join('/') !== names.join('/')) return null;
  } catch {
    return null; // a source or directory was removed or renamed
  }
  return entry;
}

/** The TypeScript files of a directory (relative to the root), sorted. */
function sourcesIn(rel) {
  return readdirSync(join(root, rel)).filter((n) => n.endsWith('.ts')).sort();
}

/**
 * Sources find files of the repository relative to their own location (`import.meta.url`: the WASM
 * in build/, schema/, samples/, recorder/). In the bundle every module shares its chunk's URL, so each
 * source's `import.meta.url` is rewritten to the URL its file has, relative to the build directory.
 */
function sourceUrlPlugin(outDir) {
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const rel = relative(outDir, args.path).split('\\').join('/');
        const text = readFileSync(args.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

function removeOldBuilds(keep) {
  for (const e of readdirSync(cliDir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === keep || e.name.startsWith('.')) continue;
    const p = join(cliDir, e.name);
    try {
      if (Date.now() - statSync(p).mtimeMs > OLD_BUILD_MS) rmSync(p, { recursive: true, force: true });
    } catch { /* removed by a concurrent build */ }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds a fresh bundle, publishes it as the current one and returns its entry module's path. CLIs
 * started together after a source change wait for one build (a lock directory) instead of each building.
 */
export async function buildCli({ quiet = false } = {}) {
  mkdirSync(cliDir, { recursive: true });
  const lock = join(cliDir, '.lock');
  let held = false;
  for (let waited = 0; waited < 60_000; waited += 100) {
    try { mkdirSync(lock); held = true; break; } catch { /* another process is building */ }
    try {
      if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true }); // left by a killed build
    } catch { /* released meanwhile */ }
    await sleep(100);
    const built = currentCli();
    if (built) return built;
  }
  try {
    return await build(quiet);
  } finally {
    if (held) rmSync(lock, { recursive: true, force: true });
  }
}

async function build(quiet) {
  const esbuild = await import('esbuild');
  const builtAt = Date.now();
  const id = `${builtAt.toString(36)}-${process.pid}`;
  const outDir = join(cliDir, id);
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    // the worker threads of `detect`/`export` over many captures load their own entry (engine/node/parallel/pool.ts)
    entryPoints: { scapula: join(root, 'engine', 'node', 'cli', 'main.ts'), 'parallel-worker': join(root, 'engine', 'node', 'parallel', 'worker.ts') },
    outdir: outDir,
    absWorkingDir: root, // the metafile's input paths are relative to it, whatever the caller's cwd
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: quiet ? 'silent' : 'warning',
    // npm packages stay in node_modules (some carry native addons), loaded by Node as usual.
    packages: 'external',
    plugins: [sourceUrlPlugin(outDir)],
    banner: { js: '// GENERATED by scripts/build-cli.mjs from engine/node/cli/main.ts — do not edit.' },
  }).catch((e) => {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  });
  const files = Object.keys(result.metafile.inputs).map((p) => relative(root, join(root, p)));
  const inputs = [...files, 'scripts/build-cli.mjs'].filter((p) => existsSync(join(root, p)));
  // A source added to a directory changes the bundle only if something imports it, i.e. a changed
  // file, except in a directory imported as a whole (the commands): its file list is kept.
  const dirs = Object.fromEntries([...new Set(files.map((f) => dirname(f)))].map((d) => [d, sourcesIn(d)]));
  const tmp = `${currentFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ entry: `${id}/scapula.mjs`, builtAt, inputs: inputs.sort(), dirs }));
  renameSync(tmp, currentFile);
  removeOldBuilds(id);
  return join(outDir, 'scapula.mjs');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--force') || !currentCli()) await buildCli();
}

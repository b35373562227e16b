#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// The command makes no network connection, so it drops NODE_EXTRA_CA_CERTS, which Node 20 would read and
// parse before any JavaScript runs (~45 ms per start where a CA bundle is configured).
// Entry of the `scapula` command: runs the CLI bundled into one CommonJS file (build/cli/<id>/scapula.cjs,
// made by scripts/build-cli.mjs from engine/node/cli/main.ts), so no TypeScript is transpiled at start.
// When the bundle is missing or older than its sources it is rebuilt first (~0.5 s); when it cannot be
// built, the TypeScript sources run through tsx's loader, with a note on stderr.
//
// The bundle is compiled with a V8 code cache kept beside it (written by the first run after a build,
// and again whenever V8 rejects it): Node 20 caches no compiled JavaScript of its own, and compiling
// the bundle's functions was ~15 ms of every start. Node's built-ins are taken through
// process.getBuiltinModule: an ES import of node:fs would also load streams and fs/promises.
// SCAPULA_CLI_DEBUG=1 prints which bundle runs and what became of its code cache.
import { currentCli } from '../scripts/cli-current.mjs';

const fs = process.getBuiltinModule?.('node:fs') ?? await import('node:fs');
const vm = process.getBuiltinModule?.('node:vm') ?? await import('node:vm');
const { createRequire } = process.getBuiltinModule?.('node:module') ?? await import('node:module');
const { pathToFileURL } = process.getBuiltinModule?.('node:url') ?? await import('node:url');
const v8 = process.getBuiltinModule?.('node:v8') ?? await import('node:v8');

// V8 moves a WASM function from its baseline code (Liftoff) to TurboFan once it has run a budget of
// about 1.8 MB of code. A tiny capture already spends that in dozens of engine functions, so TurboFan
// compiled them on background threads (~20 ms of CPU, on a 2-core machine often the process's wall
// time too) for a run that is over before the code is used. With 10 MB, a capture of a few MB runs
// on Liftoff, and on large captures the hot functions still tier up within milliseconds (CPU time of
// `read` on a 164 MB capture unchanged). Set before anything is compiled, so the V8 code cache below
// sees the same flags at every start.
v8.setFlagsFromString('--wasm-tiering-budget=10000000');

let entry = currentCli();
if (!entry) {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    entry = await buildCli({ quiet: true });
  } catch (e) {
    process.stderr.write(`scapula: CLI bundle not built (${e?.message?.split('\n')[0] ?? e}); running the TypeScript sources\n`);
    const { register } = await import('tsx/esm/api');
    register();
    entry = new URL('../engine/node/cli/main.ts', import.meta.url).pathname;
  }
}
if (entry.endsWith('.ts')) {
  await import(pathToFileURL(entry).href);
} else {
  // tells engine/node/parallel/pool.ts where the bundle is, so worker threads start from it too
  process.env.SCAPULA_CLI_BUNDLE = entry;
  runBundle(entry);
}

/** Runs a CommonJS file like `require` does, but compiled with (and then caching) V8's code for it. */
function runBundle(file) {
  const cacheFile = `${file}.${cacheKey()}.v8cache`;
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* none yet */ }
  const source = fs.readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    // import() in the bundle (a native addon named at run time) resolves as in any module
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (process.env.SCAPULA_CLI_DEBUG) process.stderr.write(`scapula: bundle ${file}, code cache ${cache}\n`);
  if (cache !== 'used') {
    // At exit, so the cache also holds the functions this run compiled (not only the top level).
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch { /* a read-only tree: run without a cache */ }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, file.slice(0, file.lastIndexOf('/')));
}

/**
 * V8 accepts a code cache only from the same V8 version and flags, so the cache file is named after
 * them: runs with other Node options (e.g. --cpu-prof) keep their own instead of rewriting one in turn.
 */
function cacheKey() {
  const s = `${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

// Which CLI bundle is current (build/cli/current.json, written by scripts/build-cli.mjs), and whether it
// is still fresh: bin/scapula.mjs asks at every start, so this module is kept cheap. It takes Node's
// built-ins through process.getBuiltinModule, because an ES `import` of node:fs also loads the
// streams and fs/promises modules behind fs's lazy getters (~3 ms of CPU per start).
const fs = process.getBuiltinModule?.('node:fs') ?? await import('node:fs');
const path = process.getBuiltinModule?.('node:path') ?? await import('node:path');
const url = process.getBuiltinModule?.('node:url') ?? await import('node:url');

export const root = path.join(path.dirname(url.fileURLToPath(import.meta.url)), '..');
export const cliDir = path.join(root, 'build', 'cli');
export const currentFile = path.join(cliDir, 'current.json');

/** The TypeScript files of a directory (relative to the root), sorted. */
export function sourcesIn(rel) {
  return fs.readdirSync(path.join(root, rel)).filter((n) => n.endsWith('.ts')).sort();
}

/**
 * The entry module of the current bundle, or null when it is missing or stale: one of its sources
 * (every file esbuild read, and scripts/build-cli.mjs) is newer than the build, or a directory's
 * list of .ts files changed (e.g. a new command). About 1 ms for ~110 sources.
 */
export function currentCli() {
  let cur;
  try {
    cur = JSON.parse(fs.readFileSync(currentFile, 'utf8'));
  } catch {
    return null;
  }
  const entry = path.join(cliDir, cur.entry);
  try {
    if (!fs.existsSync(entry)) return null;
    for (const rel of cur.inputs) if (fs.statSync(path.join(root, rel)).mtimeMs > cur.builtAt) return null;
    for (const [rel, names] of Object.entries(cur.dirs ?? {})) if (sourcesIn(rel).join('/') !== names.join('/')) return null;
  } catch {
    return null; // a source or directory was removed or renamed
  }
  return entry;
}

// The layer table: which part of web/, engine/ and wasm/src/ may import which (README "Layout",
// "Who may import whom"). Every .ts/.mjs file belongs to exactly one layer (the longest path prefix
// below); every relative import must land in its own layer or one the table allows, a type-only
// import in one allowed for types, a `new URL(..., import.meta.url)` in one allowed to be started by
// path. Browser-side layers never import Node-only packages. And no file-level import cycles anywhere.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cycles, importGraph, importsOf, stripComments, type Import } from '../lib/import-graph.ts';

const root = join(__dirname, '..', '..');
const SOURCES = ['web', 'engine', 'wasm/src'];

interface Layer {
  /** Path prefixes (a folder ends with '/', a file is named whole). */
  paths: string[];
  /** Layers it may import (any kind of import). */
  may?: string[];
  /** Layers it may import for types only (erased at run time: no code and no load order). */
  types?: string[];
  /** Layers it may start by path (`new URL('...', import.meta.url)`: a worker, not a module edge). */
  urls?: string[];
  /** Runs in Node only: may import node:* and Node-only packages. */
  node?: boolean;
  /** Imports no packages at all (AssemblyScript compiles only its own sources). */
  noPackages?: boolean;
}

/**
 * The AssemblyScript engine, lowest first: a layer may import any layer before it. core holds what
 * everything shares (raw bytes, interning, the output buffer, the field-value stack); reader indexes
 * events; state is the process/fd tables built from them; load walks a capture's blocks into reader
 * and state; params renders one parameter (its fd/thread lookups read state); plugins decode plugin
 * payloads (JSON) into values; fields extract field values (rendered args come from params, plugin
 * fields from plugins); filter evaluates on fields; format writes output lines from all of them.
 */
const WASM_ORDER: [string, string[]][] = [
  ['wasm/generated', ['wasm/src/generated/']],
  ['wasm/core', ['wasm/src/core/']],
  ['wasm/json', ['wasm/src/json/']],
  ['wasm/reader', ['wasm/src/reader/']],
  ['wasm/state', ['wasm/src/state/']],
  ['wasm/load', ['wasm/src/load/']],
  ['wasm/convert', ['wasm/src/convert/']],
  ['wasm/params', ['wasm/src/params/']],
  ['wasm/plugins', ['wasm/src/plugins/']],
  ['wasm/fields', ['wasm/src/fields/']],
  ['wasm/filter', ['wasm/src/filter/']],
  ['wasm/format', ['wasm/src/format/']],
  ['wasm/exports', ['wasm/src/index.ts']],
];

const BROWSER_ENGINE = [
  'engine/api', 'engine/generated', 'engine/shared', 'engine/wasm', 'engine/event-model', 'engine/ingest', 'engine/format', 'engine/filter',
  'engine/logs', 'engine/scap', 'engine/capture', 'engine/stats', 'engine/views', 'engine/rules', 'engine/export',
  'engine/sql', 'engine/session',
];

export const LAYERS: Record<string, Layer> = {
  // -- assets imported by path (Vite `?url` / `?raw`), not sources
  'asset/wasm-build': { paths: ['build/'] },
  'asset/sample-rules': { paths: ['samples/rules/'] },
  'asset/samples': { paths: ['samples/'] },
  'asset/schema': { paths: ['schema/'] },

  // -- the web app: the engine only through the worker (API types), the generated tables and shared helpers;
  // inside, the page's entry over the components over the SQL console's database and the plain modules
  web: {
    paths: ['web/'], // the modules at web/'s top: engine client, store, columns, filter text, formats...
    may: ['engine/generated', 'engine/shared'],
    types: ['engine/api'],
    urls: ['engine/worker'],
  },
  'web/sql': { paths: ['web/sql/'], types: ['engine/api'] }, // duckdb-wasm for the SQL console
  'web/components': {
    paths: ['web/components/'],
    may: ['web', 'web/sql', 'engine/generated', 'engine/shared', 'asset/sample-rules'],
    types: ['engine/api'],
  },
  'web/main': { paths: ['web/main.ts'], may: ['web', 'web/components'] },

  // -- the browser-safe engine (runs in the web worker and in Node), lowest first
  'engine/shared': { paths: ['engine/shared/'], noPackages: true }, // dependency-free helpers the page imports too
  'engine/generated': { paths: ['engine/generated/'] }, // tables generated from schema/
  'engine/api': { paths: ['engine/api.ts'], may: ['engine/generated'] }, // the worker boundary's types
  // typed access to one engine instance: the exports, the event index, memory and work counters
  'engine/wasm': {
    paths: ['engine/wasm.ts', 'engine/scratch.ts', 'engine/json-exact.ts', 'engine/event-index.ts', 'engine/engine-stats.ts'],
    may: ['engine/generated'],
    types: ['engine/api'],
  },
  // which event types the rules see (Falco's event model), from the generated tables only
  'engine/event-model': { paths: ['engine/rules/event-model.ts'], may: ['engine/generated'] },
  'engine/ingest': { paths: ['engine/ingest/'] },
  'engine/format': { paths: ['engine/format/'], may: ['engine/generated'] },
  'engine/scap': { paths: ['engine/scap/'], may: ['engine/generated'], types: ['engine/api', 'engine/capture'] },
  'engine/filter': { paths: ['engine/filter/'], may: ['engine/generated'], types: ['engine/api', 'engine/wasm', 'engine/capture'] },
  'engine/logs': { paths: ['engine/logs/'], may: ['engine/generated', 'engine/scap'], types: ['engine/api', 'engine/wasm', 'engine/capture'] },
  'engine/capture': {
    paths: ['engine/capture.ts'],
    may: ['engine/generated', 'engine/wasm', 'engine/ingest', 'engine/format', 'engine/filter', 'engine/logs', 'engine/scap'],
    types: ['engine/api', 'engine/event-model'],
  },
  'engine/stats': { paths: ['engine/stats/'], may: ['engine/wasm'], types: ['engine/api', 'engine/capture'] },
  'engine/views': { paths: ['engine/columns-export.ts', 'engine/io-graph.ts'], may: ['engine/wasm', 'engine/shared'], types: ['engine/capture', 'engine/api'] },
  'engine/rules': {
    paths: ['engine/rules/'],
    may: ['engine/generated', 'engine/event-model', 'engine/filter', 'engine/format', 'engine/logs'],
    types: ['engine/api', 'engine/wasm', 'engine/capture'],
  },
  'engine/export': { paths: ['engine/export/'], may: ['engine/generated', 'engine/format', 'engine/rules'], types: ['engine/capture', 'engine/wasm'] },
  'engine/sql': { paths: ['engine/sql/'] },
  'engine/session': { paths: ['engine/session/'], may: BROWSER_ENGINE.filter((l) => l !== 'engine/session') },
  'engine/worker': { paths: ['engine/worker.ts'], may: ['engine/session', 'asset/wasm-build'] },

  // -- Node only: the CLI, files, the recorder driver, worker threads; may use the whole browser-safe engine
  'engine/node': { paths: ['engine/node/'], may: BROWSER_ENGINE, urls: ['asset/samples', 'asset/schema'], node: true },

  ...Object.fromEntries(WASM_ORDER.map(([name, paths], i): [string, Layer] =>
    [name, { paths, may: WASM_ORDER.slice(0, i).map(([n]) => n), noPackages: true }])),
};

/** Packages and builtins only Node has. */
const NODE_ONLY = /^(node:|@duckdb\/node-api|tsx(\/|$)|(fs|path|os|url|child_process|worker_threads|zlib|crypto|stream)(\/|$))/;

function layerOf(path: string): string | null {
  let best: string | null = null;
  let bestLen = -1;
  for (const [name, l] of Object.entries(LAYERS)) {
    for (const p of l.paths) {
      const hit = p.endsWith('/') ? path.startsWith(p) : path === p;
      if (hit && p.length > bestLen) { best = name; bestLen = p.length; }
    }
  }
  return best;
}

/** Why an import breaks the table, or null when it is allowed. */
export function violation(imp: Import): string | null {
  const from = layerOf(imp.from);
  const at = `${imp.from}:${imp.line} imports '${imp.spec}'`;
  if (!from) return `${imp.from} is in no layer of the table`;
  const layer = LAYERS[from];
  if (imp.target === null) {
    if (layer.noPackages) return `${at}: ${from} imports no packages`;
    if (NODE_ONLY.test(imp.spec) && !layer.node) return `${at}: Node-only, but ${from} also runs in the browser`;
    return null;
  }
  if (!existsSync(join(root, imp.target))) return `${at}: no such file ${imp.target}`;
  const to = layerOf(imp.target);
  if (!to) return `${at}: ${imp.target} is in no layer of the table`;
  if (to === from) return null;
  const allowed = imp.kind === 'url' ? layer.urls ?? []
    : imp.kind === 'type' ? [...layer.may ?? [], ...layer.types ?? []]
    : layer.may ?? [];
  return allowed.includes(to) ? null : `${at}: ${from} -> ${to}${imp.kind === 'static' ? '' : ` (${imp.kind})`} is not in the table`;
}

/** The file-level import cycles; `types` also follows type-only imports (erased, so no load order). */
export function importCycles(files: string[], imports: Import[], { types }: { types: boolean }): string[][] {
  const edges = new Map<string, string[]>();
  for (const i of imports) {
    if (i.target === null || i.kind === 'url' || (i.kind === 'type' && !types)) continue;
    const list = edges.get(i.from) ?? [];
    list.push(i.target);
    edges.set(i.from, list);
  }
  return cycles(files, edges);
}

/**
 * Cycles through type-only imports that are accepted, each with its reason. Anything else, and any
 * change to these (a file joining or leaving), fails the test.
 */
const TYPE_CYCLES: { files: string[]; why: string }[] = [
  {
    files: ['capture', 'controller', 'dialogs', 'host', 'layout', 'rules', 'selection', 'view'].map((n) => `web/components/app/${n}.ts`),
    why: 'Lit reactive controllers: AppHost (host.ts) names each controller type and each controller takes the AppHost',
  },
];

describe('layers', () => {
  const { files, imports } = importGraph(root, SOURCES);

  it('reads the imports of every source file', () => {
    // a parser that found nothing would pass every check below
    expect(files.length).toBeGreaterThan(200);
    expect(imports.filter((i) => i.target !== null).length).toBeGreaterThan(files.length);
    for (const dir of SOURCES) expect(files.some((f) => f.startsWith(`${dir}/`)), dir).toBe(true);
  });

  it('every source file is in one layer of the table', () => {
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
  });

  it('every import follows the table', () => {
    expect(imports.map(violation).filter((v) => v !== null)).toEqual([]);
  });

  it('browser-side code uses no Node globals (process, Buffer, require, __dirname)', () => {
    const NODE_GLOBAL = /\bprocess\.(env|argv|exit|cwd|stdout|stderr|platform|on|hrtime|memoryUsage)\b|\bBuffer\.|\b__dirname\b|\b__filename\b|\brequire\(/;
    const bad: string[] = [];
    for (const f of files) {
      const layer = layerOf(f);
      if (!layer || LAYERS[layer].node || layer.startsWith('wasm/')) continue;
      stripComments(readFileSync(join(root, f), 'utf8')).split('\n').forEach((line, i) => {
        if (NODE_GLOBAL.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('the table is an order: no layer may import, directly or not, one that may import it', () => {
    const names = Object.keys(LAYERS);
    const edges = new Map(names.map((n) => [n, LAYERS[n].may ?? []]));
    for (const [n, l] of Object.entries(LAYERS)) {
      for (const m of [...l.may ?? [], ...l.types ?? [], ...l.urls ?? []]) expect(names, `${n} names unknown layer ${m}`).toContain(m);
    }
    expect(cycles(names, edges)).toEqual([]);
  });

  it('the table refuses what it should (browser code importing Node, the engine importing up)', () => {
    const imp = (from: string, spec: string, target: string | null, kind: Import['kind'] = 'static'): Import => ({ from, spec, target, kind, line: 1 });
    expect(violation(imp('engine/scap/writer.ts', 'node:fs', null))).toMatch(/Node-only/);
    expect(violation(imp('engine/node/cli/main.ts', 'node:fs', null))).toBeNull();
    expect(violation(imp('web/events.ts', '../engine/capture.ts', 'engine/capture.ts'))).toMatch(/web -> engine\/capture/);
    expect(violation(imp('web/events.ts', '../engine/api.ts', 'engine/api.ts'))).toMatch(/web -> engine\/api/);
    expect(violation(imp('web/events.ts', '../engine/api.ts', 'engine/api.ts', 'type'))).toBeNull();
    expect(violation(imp('web/store.ts', './components/app.ts', 'web/components/app.ts'))).toMatch(/web -> web\/components/);
    expect(violation(imp('engine/rules/detect.ts', '../node/capture-file.ts', 'engine/node/capture-file.ts'))).toMatch(/engine\/rules -> engine\/node/);
    expect(violation(imp('engine/filter/index.ts', '../../web/events.ts', 'web/events.ts'))).toMatch(/engine\/filter -> web/);
    expect(violation(imp('wasm/src/reader/events.ts', '../state/section', 'wasm/src/state/section.ts'))).toMatch(/wasm\/reader -> wasm\/state/);
    expect(violation(imp('wasm/src/state/section.ts', '../reader/events', 'wasm/src/reader/events.ts'))).toBeNull();
    expect(violation(imp('wasm/src/core/raw.ts', 'lit', null))).toMatch(/no packages/);
  });

  it('no file-level import cycles', () => {
    expect(importCycles(files, imports, { types: false }).map((c) => c.join(' <-> '))).toEqual([]);
  });

  it('no cycles through type imports either, but for the listed ones', () => {
    const known = TYPE_CYCLES.map((c) => [...c.files].sort().join(' <-> '));
    const found = importCycles(files, imports, { types: true }).map((c) => c.join(' <-> '));
    expect(found.filter((c) => !known.includes(c))).toEqual([]);
    // a listed cycle that is gone (or changed) must leave the list
    expect(known.filter((c) => !found.includes(c))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const fake = (from: string, target: string): Import => ({ from, spec: target, target, kind: 'static', line: 1 });
    const graph = [fake('a', 'b'), fake('b', 'c'), fake('c', 'a'), fake('c', 'd'), { ...fake('d', 'c'), kind: 'type' as const }];
    expect(importCycles(['a', 'b', 'c', 'd'], graph, { types: false })).toEqual([['a', 'b', 'c']]);
    expect(importCycles(['a', 'b', 'c', 'd'], graph, { types: true })).toEqual([['a', 'b', 'c', 'd']]);
  });
});

describe('import parser (test/lib/import-graph.ts)', () => {
  it('reads every form of import, resolves extension-less and index paths, and skips comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    try {
      mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
      for (const f of ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'w.ts', 'lib/index.ts']) writeFileSync(join(dir, 'src', f), '');
      writeFileSync(join(dir, 'src', 'main.ts'), [
        "import {",
        "  x, // a comment with 'quotes'",
        "  y,",
        "} from './a.ts';",
        "import type { T } from './b';",
        "export * from './c.ts';",
        "// import { old } from './gone.ts';",
        "/* import { older } from './gone.ts'; */",
        "import './lib';",
        "const m = await import('./d.ts');",
        "let t: import('./e.ts').E;",
        "const w = new Worker(new URL('./w.ts', import.meta.url));",
        "import { readFileSync } from 'node:fs';",
      ].join('\n'));
      const got = importsOf(dir, 'src/main.ts').map((i) => `${i.kind} ${i.target ?? i.spec} @${i.line}`).sort();
      expect(got).toEqual([
        'dynamic src/d.ts @10',
        'static node:fs @13',
        'static src/a.ts @1',
        'static src/c.ts @6',
        'static src/lib/index.ts @9',
        'type src/b.ts @5',
        'type src/e.ts @11',
        'url src/w.ts @12',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

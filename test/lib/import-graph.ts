// The import graph of the project's sources, for the layer test (test/unit/layers.test.ts): every
// import of every .ts/.mjs file under the given folders, resolved to a repository path when it is
// relative, and the strongly connected components (Tarjan) of the file graph, i.e. its import cycles.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export type ImportKind =
  | 'static' // import ... from / export ... from / import '...'
  | 'type' // import type / export type, and type positions `import('...').T`
  | 'dynamic' // await import('...')
  | 'url'; // new URL('...', import.meta.url): a worker or asset started by path, not a module edge

export interface Import {
  /** The importing file, relative to the root, with '/' separators. */
  from: string;
  /** The specifier as written. */
  spec: string;
  /** The resolved file relative to the root for a relative specifier, else null (a package or node:*). */
  target: string | null;
  kind: ImportKind;
  line: number;
}

/** Source files (.ts, .mjs) under `dir` (relative to root), sorted; build output and .d.ts are left out. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 32) throw new Error(`folder nesting too deep at ${rel}`);
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p, depth + 1);
      } else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir, 0);
  return out.sort();
}

/** Comments blanked out (same length, newlines kept) so commented-out examples are not imports. */
export function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (m, pre?: string) => {
    const keep = pre ?? '';
    return keep + m.slice(keep.length).replace(/[^\n]/g, ' ');
  });
}

const lineAt = (src: string, at: number) => src.slice(0, at).split('\n').length;

/** The relative specifier resolved to a file: as written, else with .ts (AssemblyScript omits it), else index.ts. */
function resolveSpec(root: string, from: string, spec: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec.replace(/\?.*$/, '')));
  for (const cand of [base, `${base}.ts`, posix.join(base, 'index.ts')]) {
    const abs = join(root, cand);
    if (existsSync(abs) && statSync(abs).isFile()) return cand;
  }
  return base; // unresolved: reported by the caller through `target` not existing
}

/** Every import of one file. */
export function importsOf(root: string, file: string): Import[] {
  const src = stripComments(readFileSync(join(root, file), 'utf8'));
  const out: Import[] = [];
  const add = (spec: string, kind: ImportKind, at: number) => {
    const target = spec.startsWith('.') ? resolveSpec(root, file, spec) : null;
    out.push({ from: file, spec, target, kind, line: lineAt(src, at) });
  };
  // import/export ... from '...' (the clause may span lines; `type` marks a type-only import)
  for (const m of src.matchAll(/(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([^'"`;]*?)\s+from\s+(['"])([^'"]+)\4/g)) {
    add(m[5], m[2] ? 'type' : 'static', m.index! + m[0].indexOf(m[1]));
  }
  for (const m of src.matchAll(/(?:^|[;\n])\s*import\s+(['"])([^'"]+)\1/g)) add(m[2], 'static', m.index! + m[0].indexOf('import'));
  // import('...'): a type position (followed by `.Name` or used in `typeof`) or a dynamic import
  for (const m of src.matchAll(/(typeof\s+)?\bimport\s*\(\s*(['"])([^'"]+)\2\s*\)(\s*\.\s*[A-Za-z_$])?/g)) {
    add(m[3], m[1] || m[4] ? 'type' : 'dynamic', m.index!);
  }
  for (const m of src.matchAll(/new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)) add(m[2], 'url', m.index!);
  return out;
}

/** All imports of all source files under the folders. */
export function importGraph(root: string, dirs: string[]): { files: string[]; imports: Import[] } {
  const files = dirs.flatMap((d) => sourceFiles(root, d));
  return { files, imports: files.flatMap((f) => importsOf(root, f)) };
}

/**
 * The strongly connected components with more than one file (or a file importing itself): each is a
 * set of files that import each other in a cycle. Tarjan's algorithm, iterative so a deep chain of
 * imports cannot overflow the stack.
 */
export function cycles(nodes: string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, next); low.set(start, next); next++;
    stack.push(start); onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = edges.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++;
          stack.push(w); onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const scc: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== top.v);
        if (scc.length > 1 || succ.includes(top.v)) out.push(scc.sort());
      }
    }
  }
  return out;
}


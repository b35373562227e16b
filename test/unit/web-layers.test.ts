// The layer rule of docs/style.md §1 for the web app: web/ talks to the engine only through the worker
// (engine/api.ts types, started by `new URL('../engine/worker.ts')`) and reads the generated tables and
// engine/shared/ (dependency-free helpers both sides use, such as the CSV cell); it never imports the
// engine's implementation, and engine/ never imports web/.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(e) ? [p] : [];
  });
}

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[3], typeOnly: !!m[2] });
  for (const m of src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[1], typeOnly: false });
  return out;
}

describe('web layer', () => {
  it('web/ imports from engine/ only the API types and the generated tables', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'web'))) {
      for (const { spec, typeOnly } of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(dirname(f), spec));
        if (!target.startsWith('engine/')) continue;
        const ok = target.startsWith('engine/generated/') || target.startsWith('engine/shared/') || (target === 'engine/api.ts' && typeOnly);
        if (!ok) bad.push(`${relative(root, f)} imports ${target}${typeOnly ? ' (type)' : ''}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('engine/shared/ modules import nothing (so the page gets no engine code through them)', () => {
    const shared = files(join(root, 'engine', 'shared'));
    expect(shared.length).toBeGreaterThan(0);
    for (const f of shared) expect(imports(f), relative(root, f)).toEqual([]);
  });

  it('engine/ never imports web/', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'engine'))) {
      for (const { spec } of imports(f)) {
        if (spec.startsWith('.') && relative(root, resolve(dirname(f), spec)).startsWith('web/')) bad.push(relative(root, f));
      }
    }
    expect(bad).toEqual([]);
  });
});

// The bundled CLI (scripts/build-cli.mjs -> build/cli/, run by bin/scapula.mjs): it prints exactly what
// the TypeScript sources print when run through tsx (the fallback path), for commands that find files
// relative to their sources (the WASM, schema/ for synth, the default Falco rules for detect), and the
// bundle counts as stale as soon as one of its sources is newer than it. No timings here (bench/read.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
// @ts-expect-error: plain ES module without types
import { buildCli, currentCli } from '../../scripts/build-cli.mjs';

const SAMPLE = 'samples/captures/connect_localhost.scap';
const env = { ...process.env, TZ: 'UTC' };

function bundled(...args: string[]) {
  const r = spawnSync('node', ['bin/scapula.mjs', ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function fromSources(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', 'engine/node/cli/main.ts', ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bundled CLI', () => {
  let entry: string;
  beforeAll(async () => {
    entry = (await buildCli({ quiet: true })) as string;
  }, 60_000);

  it('the build is published as the current bundle, with the list of its sources', () => {
    expect(existsSync(entry)).toBe(true);
    expect(currentCli()).toBe(entry);
    const cur = JSON.parse(readFileSync('build/cli/current.json', 'utf8')) as { inputs: string[]; dirs: Record<string, string[]> };
    expect(cur.inputs).toContain('engine/node/cli/main.ts');
    expect(cur.inputs).toContain('engine/node/capture-file.ts');
    expect(cur.dirs['engine/node/cli/commands']).toContain('read.ts');
  });

  it('a build started from another directory lists the same sources', () => {
    const before = JSON.parse(readFileSync('build/cli/current.json', 'utf8')) as { inputs: string[] };
    const script = `import(${JSON.stringify(resolve('scripts/build-cli.mjs'))}).then((m) => m.buildCli({ quiet: true }))`;
    const r = spawnSync('node', ['-e', script], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const after = JSON.parse(readFileSync('build/cli/current.json', 'utf8')) as { inputs: string[] };
    expect(after.inputs).toEqual(before.inputs);
    expect(currentCli()).not.toBeNull();
  }, 60_000);

  it('prints what the TypeScript sources print: read (default, -j, filter), stats, detect, help', () => {
    const cases = [
      ['read', SAMPLE],
      ['read', SAMPLE, '-j', '-n', '250'],
      ['read', SAMPLE, 'fd.type = ipv4', '-p', '%evt.num %proc.name %fd.name'],
      ['stats', SAMPLE, '-j'],
      ['detect', SAMPLE],
      ['-h'],
    ];
    for (const args of cases) {
      const a = bundled(...args);
      const b = fromSources(...args);
      expect(a.code, args.join(' ')).toBe(0);
      expect((a.out + a.err).length, args.join(' ')).toBeGreaterThan(20);
      // detect and stats -j print their own run times: compare without them
      const norm = (s: string) => s.replace(/\d+ ms\)/g, 'N ms)').replace(/"(loadMs|ms)":[\d.e+-]+/g, '"$1":0');
      expect(norm(a.out), args.join(' ')).toBe(norm(b.out));
      expect(norm(a.err), args.join(' ')).toBe(norm(b.err));
    }
  }, 120_000);

  it('finds schema/ and the samples from the bundle (synth), and errors are the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-cli-bundle-'));
    try {
      const out = join(dir, 'synth.scap');
      const w = bundled('synth', '--events', '500', '--seed', '3', '-o', out);
      expect(w.code).toBe(0);
      expect(statSync(out).size).toBeGreaterThan(1000);
      expect(bundled('read', out).out).toBe(fromSources('read', out).out);
      const bad = bundled('read', join(dir, 'missing.scap'));
      expect(bad.code).not.toBe(0);
      expect(bad.err).toBe(fromSources('read', join(dir, 'missing.scap')).err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs from a V8 code cache: written by the first run after a build (or after it was removed), then used', () => {
    const debugEnv = { ...env, SCAPULA_CLI_DEBUG: '1' };
    const run = () => spawnSync('node', ['bin/scapula.mjs', 'read', SAMPLE], { encoding: 'utf8', env: debugEnv });
    const current = currentCli() as string; // the test above built again
    const caches = () => readdirSync(dirname(current)).filter((f) => f.endsWith('.v8cache'));
    for (const f of caches()) rmSync(join(dirname(current), f));
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain(`bundle ${current}, code cache none`);
    expect(caches()).toHaveLength(1);
    const second = run();
    expect(second.stderr).toContain(`bundle ${current}, code cache used`);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout.trim().split('\n').length).toBeGreaterThan(5);
    // a native addon loaded at run time (DuckDB, by `sql`) from code out of the cache
    const sql = spawnSync('node', ['bin/scapula.mjs', 'sql', 'SELECT count(*) AS n FROM events', SAMPLE, '--csv'], { encoding: 'utf8', env: debugEnv });
    expect(sql.stderr).toContain('code cache used');
    expect(sql.status, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/^n\r?\n[1-9]\d*\r?\n$/);
  }, 60_000);

  it('is stale when a source is newer than the build, current again when it is not', () => {
    const src = 'scripts/build-cli.mjs';
    const { atime, mtime } = statSync(src);
    try {
      utimesSync(src, atime, new Date(Date.now() + 60_000));
      expect(currentCli()).toBeNull();
    } finally {
      utimesSync(src, atime, mtime);
    }
    expect(currentCli()).not.toBeNull();
  });

  it('as installed (run directly) it starts without NODE_EXTRA_CA_CERTS, which Node would parse first', () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' };
    // the control: Node reads the variable at start, and says so when the file is missing
    expect(spawnSync('node', ['-e', '0'], { encoding: 'utf8', env }).stderr).toContain('extra certs');
    const r = spawnSync('bin/scapula.mjs', ['read', SAMPLE], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('extra certs');
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(5);
  });
});

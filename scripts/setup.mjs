#!/usr/bin/env node
// Brings a fresh machine to a state where `npm start`, `npm test` and `npm run bench` work:
// Debian packages the tests use as oracles (sysdig, tshark, chromium) and the recorder's toolchain,
// npm dependencies, generated tables and the WASM build. Idempotent; `--quick` skips apt.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/gen-util.mjs';

const quick = process.argv.includes('--quick');
const sh = (cmd) => execSync(cmd, { stdio: 'inherit', cwd: root });
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

// Debian packages: binary -> package. The recorder's build packages are listed in recorder/apt.txt
// when the recorder exists.
const APT = {
  sysdig: 'sysdig', tshark: 'tshark', chromium: 'chromium',
};
function aptInstall() {
  const missing = Object.entries(APT).filter(([bin]) => !have(bin)).map(([, pkg]) => pkg);
  const extra = join(root, 'recorder', 'apt.txt');
  if (existsSync(extra)) {
    const pkgs = execSync(`cat ${extra}`, { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
    for (const p of pkgs) if (spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0) missing.push(p);
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.warn(`setup: missing Debian packages ${missing.join(' ')} (run as root to install them)`);
    return;
  }
  console.log(`setup: apt-get install ${missing.join(' ')}`);
  sh('apt-get update -qq');
  sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`);
}

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!quick) aptInstall();
// also when package-lock.json changed since the last install (a dependency was added, e.g. DuckDB)
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs) {
  sh('npm install --no-audit --no-fund');
}
const wasm = join(root, 'build', 'scapula.wasm');
const srcTime = Math.max(newestMtime(join(root, 'wasm', 'src')), newestMtime(join(root, 'schema')),
  newestMtime(join(root, 'scripts', 'gen')));
if (!existsSync(wasm) || statSync(wasm).mtimeMs < srcTime) sh('npm run --silent build:wasm');
// The CLI bundle (build/cli/) that bin/scapula.mjs runs; rebuilt when older than its sources.
const cli = await import('./build-cli.mjs');
if (!cli.currentCli()) await cli.buildCli();
// The web app (dist/), which the browser end-to-end tests and `npm start` serve; rebuilt when stale.
await (await import('./build-web.mjs')).buildWeb();

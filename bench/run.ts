// `npm run bench`: runs every bench/<area>.ts (each exports run()) in turn. Benchmarks are not tests:
// they print figures, each with the ratio against a peer (sysdig, tshark, falco) measured in the same run.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort()
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')));
for (const f of files) {
  console.log(`== bench/${f}`);
  const mod = await import(pathToFileURL(join(here, f)).href);
  try {
    await mod.run();
  } catch (e) {
    console.log(`bench/${f} failed: ${(e as Error).message}`);
  }
}

// Generates the category of every PPM_SC syscall code (wasm/src/generated/sccat.ts) from
// schema/syscall_categories.json (by syscall name) and schema/syscalls.json (code -> name), for the
// evt.category of generic `syscall` events.
import { schema, banner, writeIfChanged } from '../lib/gen-util.mjs';

export function generate() {
  const sys = schema('syscalls.json');
  const cats = schema('syscall_categories.json').categories;
  const types = schema('types.json');
  const catVal = Object.fromEntries(types.event_categories.map((t) => [t.name, t.value]));
  const out = [];
  for (let i = 0; i < sys.ppm_sc_max; i++) {
    const name = sys.ppm_sc[i];
    const c = name ? cats[name] : undefined;
    const v = c ? c.split('|').map((x) => catVal[x.trim()]).reduce((a, b) => (a === undefined || b === undefined ? undefined : a | b), 0) : undefined;
    out.push(v !== undefined && v < 256 ? v : catVal.EC_OTHER);
  }
  let as = banner('syscall-categories.mjs');
  as += `/** Event category (EC_*) of each PPM_SC syscall code. */\n`;
  as += `export const SC_CATEGORY: StaticArray<u8> = [${out.join(',')}];\n`;
  writeIfChanged('wasm/src/generated/sccat.ts', as);
}

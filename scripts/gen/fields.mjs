// Generates field ids for every filter field (syscall, container, k8s_audit, aws_cloudtrail, json):
// wasm/src/generated/fields.ts (ids the extractors switch on) and engine/generated/fields.ts (the
// host-side table the filter compiler, completion and detail tree use).
import { schema, banner, writeIfChanged } from '../lib/gen-util.mjs';

export function generate() {
  const fl = schema('fields.json');
  const types = schema('types.json');
  const typeVal = Object.fromEntries(types.param_types.map((t) => [t.name, t.value]));
  const all = [];
  // The json plugin's fields apply to any JSON-payload source: their source is recorded as 'json'.
  const add = (f, source) => all.push({ ...f, source: /^[a-z_0-9]+$/.test(f.source ?? '') ? f.source : source });
  for (const f of fl.syscall) add(f, 'syscall');
  for (const f of fl.syscall_container_plugin) add(f, 'syscall');
  for (const [plugin, list] of Object.entries(fl.plugins)) for (const f of list) add(f, plugin);
  const seen = new Set();
  const fields = all.filter((f) => (seen.has(f.source + ':' + f.name) ? false : seen.add(f.source + ':' + f.name)));

  const ident = (f) => 'F_' + (f.source === 'syscall' ? '' : f.source.toUpperCase() + '_') +
    f.name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  let as = banner('fields.mjs');
  as += `export const FIELD_COUNT: i32 = ${fields.length};\n`;
  as += `/** Fields [0, SYSCALL_FIELD_COUNT) belong to the syscall source; plugin sources follow. */\n`;
  as += `export const SYSCALL_FIELD_COUNT: i32 = ${fields.filter((f) => f.source === 'syscall').length};\n`;
  fields.forEach((f, i) => { as += `export const ${ident(f)}: i32 = ${i}; // ${f.type}\n`; });
  as += `export const FIELD_TYPE: StaticArray<u8> = [${fields.map((f) => typeVal[f.type] ?? 0).join(',')}];\n`;
  // print format per field (PF_* values of types.json; PF_NA when the schema gives none)
  const fmtVal = Object.fromEntries(types.print_formats.map((t) => [t.name, t.value]));
  as += `export const FIELD_FMT: StaticArray<u8> = [${fields.map((f) => fmtVal[f.print_format] ?? 0).join(',')}];\n`;
  writeIfChanged('wasm/src/generated/fields.ts', as);

  let ts = banner('fields.mjs');
  ts += `export interface FieldInfo {\n  id: number;\n  name: string;\n  type: string;\n  source: string;\n  class: string;\n` +
    `  description: string;\n  arg: 'none' | 'required' | 'optional';\n  argKind: string[];\n  argSyntax?: string;\n` +
    `  flags: string[];\n  printFormat?: string;\n  inSysdig029?: boolean;\n  lookupOrder?: number;\n}\n`;
  const rows = fields.map((f, i) => ({
    id: i, name: f.name, type: f.type, source: f.source, class: f.class, description: f.description,
    arg: f.arg, argKind: f.arg_kind, argSyntax: f.arg_syntax, flags: f.flags, printFormat: f.print_format,
    inSysdig029: f.in_sysdig_0_29, lookupOrder: f.lookup_order,
  }));
  ts += `export const FIELDS: readonly FieldInfo[] = ${JSON.stringify(rows, null, 0)};\n`;
  ts += `export const FIELD_IDS = {\n${fields.map((f, i) => `  ${ident(f)}: ${i},`).join('\n')}\n} as const;\n`;
  writeIfChanged('engine/generated/fields.ts', ts);
}

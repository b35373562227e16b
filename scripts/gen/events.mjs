// Generates the event table, flag tables, errno and syscall names for the WASM engine
// (wasm/src/generated/schema.ts) and the same names for the TypeScript host (engine/generated/schema.ts).
import { schema, banner, writeIfChanged, NameBlob, asArray } from '../lib/gen-util.mjs';

export function generate() {
  const events = schema('events.json');
  const types = schema('types.json');
  const flags = schema('flags.json');
  const errno = schema('errno.json');
  const sys = schema('syscalls.json');

  const typeVal = Object.fromEntries(types.param_types.map((t) => [t.name, t.value]));
  const fmtVal = Object.fromEntries(types.print_formats.map((t) => [t.name, t.value]));
  const flagTables = Object.keys(flags);
  const flagTableIdx = Object.fromEntries(flagTables.map((n, i) => [n, i]));
  const dynTables = Object.keys(types.dynamic_param_tables);
  const dynIdx = Object.fromEntries(dynTables.map((n, i) => [n, i]));
  const names = new NameBlob();

  const ev = { nameOff: [], nameLen: [], flags: [], cat: [], nparams: [], pbase: [] };
  const p = { type: [], fmt: [], ftab: [], dyn: [], dirfd: [], nameOff: [], nameLen: [] };
  for (const e of events) {
    const [o, l] = names.add(e.name);
    ev.nameOff.push(o); ev.nameLen.push(l);
    ev.flags.push(e.flags_value); ev.cat.push(e.category_value);
    ev.nparams.push(e.params.length); ev.pbase.push(p.type.length);
    for (const q of e.params) {
      const [po, pl] = names.add(q.name);
      p.nameOff.push(po); p.nameLen.push(pl);
      p.type.push(typeVal[q.type]); p.fmt.push(fmtVal[q.format]);
      p.ftab.push(q.flags_table == null ? -1 : flagTableIdx[q.flags_table]);
      p.dyn.push(q.dyn_table == null ? -1 : dynIdx[q.dyn_table]);
      p.dirfd.push(q.dirfd_param == null ? -1 : q.dirfd_param);
    }
  }

  const ft = { base: [], count: [], value: [], nameOff: [], nameLen: [] };
  for (const n of flagTables) {
    ft.base.push(ft.value.length); ft.count.push(flags[n].length);
    for (const { name, value } of flags[n]) {
      const [o, l] = names.add(name);
      ft.value.push(value >>> 0); ft.nameOff.push(o); ft.nameLen.push(l);
    }
  }

  const dy = { base: [], count: [], type: [], fmt: [] };
  for (const n of dynTables) {
    const t = types.dynamic_param_tables[n];
    dy.base.push(dy.type.length); dy.count.push(t.length);
    for (const en of t) { dy.type.push(typeVal[en.type]); dy.fmt.push(fmtVal[en.format]); }
  }

  const maxErr = Math.max(...Object.keys(errno).map(Number));
  const err = { off: [], len: [] };
  for (let i = 0; i <= maxErr; i++) {
    const [o, l] = errno[i] ? names.add(errno[i]) : [0, 0];
    err.off.push(o); err.len.push(l);
  }
  const sc = { off: [], len: [] };
  for (let i = 0; i < sys.ppm_sc_max; i++) {
    const [o, l] = sys.ppm_sc[i] ? names.add(sys.ppm_sc[i]) : [0, 0];
    sc.off.push(o); sc.len.push(l);
  }
  const nrMax = Math.max(...Object.keys(sys.x86_64.nr_to_name).map(Number));
  const nr = { off: [], len: [] };
  for (let i = 0; i <= nrMax; i++) {
    const nm = sys.x86_64.nr_to_name[i];
    const [o, l] = nm ? names.add(nm) : [0, 0];
    nr.off.push(o); nr.len.push(l);
  }

  let as = banner('events.mjs');
  as += `export const EVENT_COUNT: i32 = ${events.length};\n`;
  for (const t of types.param_types) as += `export const ${t.name}: u8 = ${t.value};\n`;
  for (const t of types.print_formats) as += `export const ${t.name}: u8 = ${t.value};\n`;
  for (const t of types.event_flags) as += `export const ${t.name}: u32 = ${t.value};\n`;
  for (const t of types.event_categories) as += `export const ${t.name}: u32 = ${t.value};\n`;
  for (const e of events) if (e.enum && e.enum !== 'PPME_NA') as += `export const ${e.enum}: u16 = ${e.code};\n`;
  for (const [k, v] of Object.entries(types.savefile.constants)) if (typeof v === 'number') as += `export const ${k}: u32 = ${v};\n`;
  flagTables.forEach((n, i) => { as += `export const FT_${n.toUpperCase()}: i32 = ${i};\n`; });
  as += asArray('u8', 'NAMES', names.bytes);
  as += asArray('u32', 'EV_NAME_OFF', ev.nameOff) + asArray('u8', 'EV_NAME_LEN', ev.nameLen);
  as += asArray('u32', 'EV_FLAGS', ev.flags) + asArray('u32', 'EV_CATEGORY', ev.cat);
  as += asArray('u8', 'EV_NPARAMS', ev.nparams) + asArray('u16', 'EV_PARAM_BASE', ev.pbase);
  as += asArray('u8', 'PARAM_TYPE', p.type) + asArray('u8', 'PARAM_FMT', p.fmt);
  as += asArray('i16', 'PARAM_FLAGTAB', p.ftab) + asArray('i8', 'PARAM_DYNTAB', p.dyn) + asArray('i8', 'PARAM_DIRFD', p.dirfd);
  as += asArray('u32', 'PARAM_NAME_OFF', p.nameOff) + asArray('u8', 'PARAM_NAME_LEN', p.nameLen);
  as += asArray('u16', 'FLAGTAB_BASE', ft.base) + asArray('u16', 'FLAGTAB_COUNT', ft.count);
  as += asArray('u32', 'FLAG_VALUE', ft.value) + asArray('u32', 'FLAG_NAME_OFF', ft.nameOff) + asArray('u8', 'FLAG_NAME_LEN', ft.nameLen);
  as += asArray('u16', 'DYNTAB_BASE', dy.base) + asArray('u8', 'DYNTAB_COUNT', dy.count) + asArray('u8', 'DYN_TYPE', dy.type) + asArray('u8', 'DYN_FMT', dy.fmt);
  as += `export const ERRNO_MAX: i32 = ${maxErr};\n` + asArray('u32', 'ERRNO_NAME_OFF', err.off) + asArray('u8', 'ERRNO_NAME_LEN', err.len);
  as += `export const PPM_SC_MAX: i32 = ${sys.ppm_sc_max};\n` + asArray('u32', 'SC_NAME_OFF', sc.off) + asArray('u8', 'SC_NAME_LEN', sc.len);
  as += `export const NR_MAX: i32 = ${nrMax};\n` + asArray('u32', 'NR_NAME_OFF', nr.off) + asArray('u8', 'NR_NAME_LEN', nr.len);
  writeIfChanged('wasm/src/generated/schema.ts', as);

  // Host side: names for completion, validation and display (event types, errno, flags).
  let ts = banner('events.mjs');
  ts += `export const EVENT_NAMES: readonly string[] = ${JSON.stringify(events.map((e) => e.name))};\n`;
  ts += `export const EVENT_DIRS: readonly string[] = ${JSON.stringify(events.map((e) => e.dir))};\n`;
  ts += `export const EVENT_FLAGS: readonly number[] = ${JSON.stringify(ev.flags)};\n`;
  ts += `export const EVENT_CATEGORIES: readonly number[] = ${JSON.stringify(ev.cat)};\n`;
  ts += `export const EVENT_PARAMS: readonly (readonly string[])[] = ${JSON.stringify(events.map((e) => e.params.map((q) => q.name)))};\n`;
  ts += `export const EVENT_PARAM_TYPES: readonly (readonly string[])[] = ${JSON.stringify(events.map((e) => e.params.map((q) => q.type)))};\n`;
  ts += `export const ERRNO_NAMES: Readonly<Record<number, string>> = ${JSON.stringify(errno)};\n`;
  ts += `export const PPM_SC_NAMES: Readonly<Record<number, string>> = ${JSON.stringify(sys.ppm_sc)};\n`;
  ts += `export const FLAG_TABLES: Readonly<Record<string, readonly { name: string; value: number }[]>> = ${JSON.stringify(flags)};\n`;
  ts += `export const EVENT_CATEGORY_NAMES: readonly { name: string; value: number; kind: string }[] = ${JSON.stringify(types.event_categories)};\n`;
  // Event flags, categories, savefile block types and event codes by name, as the engine has them (wasm/src/generated/schema.ts).
  for (const t of types.event_flags) ts += `export const ${t.name} = ${t.value};\n`;
  for (const t of types.event_categories) ts += `export const ${t.name} = ${t.value};\n`;
  for (const [k, v] of Object.entries(types.savefile.constants)) if (typeof v === 'number') ts += `export const ${k} = ${v};\n`;
  for (const e of events) if (e.enum && e.enum !== 'PPME_NA') ts += `export const ${e.enum} = ${e.code};\n`;
  writeIfChanged('engine/generated/schema.ts', ts);
}

// Generates engine/generated/converter.ts: the libscap savefile converter table (schema/converter.json)
// in a compact form for the rules engine's "current Falco" event model (engine/rules/event-model.ts).
import { schema, banner, writeIfChanged } from '../lib/gen-util.mjs';

export function generate() {
  const conv = schema('converter.json');
  const types = schema('types.json');
  const codes = conv.enums.instr_codes;
  const actions = conv.enums.actions;
  const typeVal = Object.fromEntries(types.param_types.map((t) => [t.name, t.value]));
  // One row per (code, nparams): [code, nparams, action, resultNparams, newCode, instrs]
  // instr = [instrCode, param, fallbackDefault(1)/empty(0), targetType]
  const rows = conv.rules.map((r) => [
    r.code, r.nparams, actions[r.action], r.result_nparams ?? -1, r.new_code ?? -1,
    r.instrs.map((i) => [codes[i.instr], i.param ?? -1, i.fallback === 'default' ? 1 : 0, typeVal[i.target_type] ?? 0]),
  ]);
  const text = banner('converter.mjs') +
    `export const MAX_CONVERSIONS = ${conv.max_conversions};\n` +
    `export const C_PASS = ${actions.C_ACTION_PASS}, C_STORE = ${actions.C_ACTION_STORE}, C_STORE_AND_PASS = ${actions.C_ACTION_STORE_AND_PASS}, ` +
    `C_ADD_PARAMS = ${actions.C_ACTION_ADD_PARAMS}, C_CHANGE_TYPE = ${actions.C_ACTION_CHANGE_TYPE};\n` +
    `export const I_OLD = ${codes.C_INSTR_FROM_OLD}, I_ENTER = ${codes.C_INSTR_FROM_ENTER}, I_DEFAULT = ${codes.C_INSTR_FROM_DEFAULT}, ` +
    `I_EMPTY = ${codes.C_INSTR_FROM_EMPTY}, I_CALLBACK = ${codes.C_INSTR_FROM_CALLBACK};\n` +
    `export type ConvInstr = readonly [instr: number, param: number, fallbackDefault: number, targetType: number];\n` +
    `export type ConvRule = readonly [code: number, nparams: number, action: number, resultNparams: number, newCode: number, instrs: readonly ConvInstr[]];\n` +
    `export const CONVERTER_RULES: readonly ConvRule[] = ${JSON.stringify(rows)};\n`;
  writeIfChanged('engine/generated/converter.ts', text);

  // The same table for the WASM converter pass (wasm/src/convert/model.ts): a dense (code, nparams) slot
  // table and one column per rule attribute.
  const NP = 64;
  const events = schema('events.json');
  const slot = new Array(events.length * NP).fill(-1);
  rows.forEach((r, i) => { if (r[1] < NP) slot[r[0] * NP + r[1]] = i; });
  const wasm = banner('converter.mjs') +
    `export const CV_NP_SLOTS: i32 = ${NP};\n` +
    `export const CV_MAX_ROUNDS: i32 = ${conv.max_conversions};\n` +
    `export const CV_PASS: u8 = ${actions.C_ACTION_PASS}, CV_STORE: u8 = ${actions.C_ACTION_STORE}, CV_STORE_AND_PASS: u8 = ${actions.C_ACTION_STORE_AND_PASS}, ` +
    `CV_ADD_PARAMS: u8 = ${actions.C_ACTION_ADD_PARAMS}, CV_CHANGE_TYPE: u8 = ${actions.C_ACTION_CHANGE_TYPE};\n` +
    `/** Rule index for (code * CV_NP_SLOTS + nparams), or -1. */\n` +
    `export const CV_SLOT: StaticArray<i16> = [${slot.join(',')}];\n` +
    `export const CV_ACTION: StaticArray<u8> = [${rows.map((r) => r[2]).join(',')}];\n` +
    `export const CV_RESULT_NP: StaticArray<i16> = [${rows.map((r) => r[3]).join(',')}];\n` +
    `export const CV_NEW_CODE: StaticArray<i16> = [${rows.map((r) => r[4]).join(',')}];\n` +
    `export const CV_USES_ENTER: StaticArray<u8> = [${rows.map((r) => (r[5].some((x) => x[0] === codes.C_INSTR_FROM_ENTER) ? 1 : 0)).join(',')}];\n`;
  writeIfChanged('wasm/src/generated/converter.ts', wasm);
}

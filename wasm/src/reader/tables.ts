// Typed accessors over the generated schema tables (wasm/src/generated/schema.ts) for one event type's
// parameters, flag tables, errno, signal and syscall names. Every index is checked against its table
// here, once, so the renderers can trust what they get: a capture may carry any type code and nparams.
import {
  EVENT_COUNT, EV_NPARAMS, EV_PARAM_BASE, PARAM_TYPE, PARAM_FMT, PARAM_FLAGTAB, PARAM_DYNTAB, PARAM_DIRFD,
  PARAM_NAME_OFF, PARAM_NAME_LEN, NAMES, EV_NAME_OFF, EV_NAME_LEN, EV_CATEGORY, FLAGTAB_BASE, FLAGTAB_COUNT,
  FLAG_VALUE, FLAG_NAME_OFF, FLAG_NAME_LEN, DYNTAB_BASE, DYNTAB_COUNT, DYN_TYPE, ERRNO_MAX, ERRNO_NAME_OFF,
  ERRNO_NAME_LEN, PPM_SC_MAX, SC_NAME_OFF, SC_NAME_LEN, NR_MAX, NR_NAME_OFF, NR_NAME_LEN,
} from '../generated/schema';

/** Pointer to the shared name bytes (UTF-8, no separators; every name is an (offset, length) into it). */
@inline export function namesPtr(): usize { return changetype<usize>(NAMES); }

@inline export function knownType(type: u16): bool { return <i32>type < EVENT_COUNT; }

/** Parameters the schema lists for this event type (0 for unknown types). */
export function schemaParams(type: u16): i32 {
  return knownType(type) ? <i32>unchecked(EV_NPARAMS[type]) : 0;
}

@inline function slot(type: u16, i: i32): i32 { return <i32>unchecked(EV_PARAM_BASE[type]) + i; }

/** Callers pass i < schemaParams(type). */
@inline export function paramType(type: u16, i: i32): u8 { return unchecked(PARAM_TYPE[slot(type, i)]); }
@inline export function paramFmt(type: u16, i: i32): u8 { return unchecked(PARAM_FMT[slot(type, i)]); }
@inline export function paramFlagTable(type: u16, i: i32): i32 { return <i32>unchecked(PARAM_FLAGTAB[slot(type, i)]); }
@inline export function paramDynTable(type: u16, i: i32): i32 { return <i32>unchecked(PARAM_DYNTAB[slot(type, i)]); }
@inline export function paramDirFd(type: u16, i: i32): i32 { return <i32>unchecked(PARAM_DIRFD[slot(type, i)]); }
@inline export function paramNameOff(type: u16, i: i32): u32 { return unchecked(PARAM_NAME_OFF[slot(type, i)]); }
@inline export function paramNameLen(type: u16, i: i32): u32 { return <u32>unchecked(PARAM_NAME_LEN[slot(type, i)]); }

export function evNameOff(type: u16): u32 { return unchecked(EV_NAME_OFF[type]); }
export function evNameLen(type: u16): u32 { return <u32>unchecked(EV_NAME_LEN[type]); }
export function evCategory(type: u16): u32 { return knownType(type) ? unchecked(EV_CATEGORY[type]) : 0; }

export function flagTableCount(t: i32): i32 { return <i32>unchecked(FLAGTAB_COUNT[t]); }
export function flagValue(t: i32, k: i32): u32 { return unchecked(FLAG_VALUE[<i32>unchecked(FLAGTAB_BASE[t]) + k]); }
export function flagNameOff(t: i32, k: i32): u32 { return unchecked(FLAG_NAME_OFF[<i32>unchecked(FLAGTAB_BASE[t]) + k]); }
export function flagNameLen(t: i32, k: i32): u32 { return <u32>unchecked(FLAG_NAME_LEN[<i32>unchecked(FLAGTAB_BASE[t]) + k]); }

export function dynCount(t: i32): i32 { return <i32>unchecked(DYNTAB_COUNT[t]); }
export function dynType(t: i32, k: i32): u8 { return unchecked(DYN_TYPE[<i32>unchecked(DYNTAB_BASE[t]) + k]); }

/** errno name length for a positive errno value (0 = no name). */
export function errnoNameLen(e: i64): u32 {
  if (e <= 0 || e > <i64>ERRNO_MAX) return 0;
  return <u32>unchecked(ERRNO_NAME_LEN[<i32>e]);
}
export function errnoNameOff(e: i64): u32 { return unchecked(ERRNO_NAME_OFF[<i32>e]); }

/** PPM_SC syscall name (0 length = unknown code). */
export function scNameLen(sc: u32): u32 {
  if (<i32>sc >= PPM_SC_MAX) return 0;
  return <u32>unchecked(SC_NAME_LEN[sc]);
}
export function scNameOff(sc: u32): u32 { return unchecked(SC_NAME_OFF[sc]); }

/** x86_64 native syscall name (0 length = unknown number). */
export function nrNameLen(nr: u32): u32 {
  if (<i32>nr > NR_MAX) return 0;
  return <u32>unchecked(NR_NAME_LEN[nr]);
}
export function nrNameOff(nr: u32): u32 { return unchecked(NR_NAME_OFF[nr]); }

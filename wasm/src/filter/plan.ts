// Layout of the evaluation plan the host compiles (engine/filter/plan.ts writes it; keep both in step):
// Int32 words in linear memory. Header [magic, version, rootOffset, leafCount]; nodes and constants
// are addressed by word offset from the plan's start. Nodes:
//   [N_AND|N_OR, n, child offsets…]   [N_NOT, child]   [N_CONST, 0|1]
//   [N_LEAF, leafId, keyMode (0 value cache allowed, 1 per thread version, 2 general path), operand…, op, modifier, multi, class,
//    signed<<8|bits, hasRhs, [rhs operand…], nValues, SLOT words per value…]
//   [N_TYPETABLE, fallbackLeafOff|-1, nTypes, nWords, truth bits…, fallback bits…]
//   [N_NUMCOL, column, op, signed, nValues, lo, hi…]
// Operands: 6-word header + transformer codes (see engine/filter/plan.ts emitOperand).

export const PLAN_MAGIC: i32 = 0x53465031;
export const N_AND: i32 = 1;
export const N_OR: i32 = 2;
export const N_NOT: i32 = 3;
export const N_CONST: i32 = 4;
export const N_LEAF: i32 = 5;
export const N_TYPETABLE: i32 = 6;
export const N_NUMCOL: i32 = 7;

export const OP_EQ: i32 = 1;
export const OP_NE: i32 = 2;
export const OP_LT: i32 = 3;
export const OP_LE: i32 = 4;
export const OP_GT: i32 = 5;
export const OP_GE: i32 = 6;
export const OP_CONTAINS: i32 = 7;
export const OP_ICONTAINS: i32 = 8;
export const OP_BCONTAINS: i32 = 9;
export const OP_STARTSWITH: i32 = 10;
export const OP_BSTARTSWITH: i32 = 11;
export const OP_ENDSWITH: i32 = 12;
export const OP_GLOB: i32 = 13;
export const OP_IGLOB: i32 = 14;
export const OP_REGEX: i32 = 15;
export const OP_IN: i32 = 16;
export const OP_INTERSECTS: i32 = 17;
export const OP_PMATCH: i32 = 18;
export const OP_EXISTS: i32 = 19;
/** evt.around[T] = D: |value - T| <= D ms (T is the operand's numeric argument). */
export const OP_AROUND: i32 = 20;

export const MOD_ONEOF: i32 = 1;
export const MOD_ANYOF: i32 = 2;
export const MOD_ALLOF: i32 = 3;

export const MULTI_SINGLE: i32 = 0;
export const MULTI_ANY: i32 = 1;
export const MULTI_FDBOTH: i32 = 2;
export const MULTI_LIST: i32 = 3;

export const CLS_UINT: i32 = 1;
export const CLS_INT: i32 = 2;
export const CLS_DOUBLE: i32 = 3;
export const CLS_BOOL: i32 = 4;
export const CLS_STR: i32 = 5;
export const CLS_BYTES: i32 = 6;
export const CLS_IP: i32 = 7;
export const CLS_NET: i32 = 8;
export const CLS_PORT: i32 = 9;

export const X_TOLOWER: i32 = 1;
export const X_TOUPPER: i32 = 2;
export const X_B64: i32 = 3;
export const X_BASENAME: i32 = 4;
export const X_LEN: i32 = 5;

/** Words per constant slot. */
export const SLOT: i32 = 4;

let planBase: usize = 0;

export function setPlanBase(p: usize): void { planBase = p; }

/** Word at offset `off` of the current plan. */
@inline export function pw(off: i32): i32 { return load<i32>(planBase + (<usize>off << 2)); }

/**
 * The unsigned 64-bit constant in words off (low half) and off + 1 (high half). Read as u32 loads: a
 * `<u64><u32>pw(off)` is compiled to a sign-extending load (the cast is folded into load<i32>), which
 * turned every constant with bit 31 set into a different number.
 */
@inline export function pu64(off: i32): u64 {
  return (<u64>load<u32>(planBase + (<usize>(off + 1) << 2)) << 32) | <u64>load<u32>(planBase + (<usize>off << 2));
}

/** Address of word `off` (for byte constants stored in the plan). */
@inline export function pa(off: i32): usize { return planBase + (<usize>off << 2); }

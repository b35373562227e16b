// Layout of the evaluation plan the host compiles (engine/filter/plan.ts writes it): Int32 words in
// linear memory. Header [PLAN_MAGIC, PLAN_VERSION, rootOffset, leafCount]; nodes and constants are
// addressed by word offset from the plan's start. Nodes:
//   [N_AND|N_OR, n, child offsets…]   [N_NOT, child]   [N_CONST, 0|1]
//   [N_LEAF, leafId, keyMode (KEY_*), operand…, op, modifier, multi, class, signed<<8|bits, hasRhs,
//    [rhs operand…], nValues, SLOT words per value…]
//   [N_TYPETABLE, fallbackLeafOff|-1, nTypes, nWords, truth bits…, fallback bits…]
//   [N_NUMCOL, column (COL_*), op, signed, nValues, lo, hi…]
// Operands: 6-word header + transformer codes (see engine/filter/plan.ts emitOperand).
// The codes themselves are generated for both sides from scripts/gen/boundary.json.

export * from '../generated/boundary';

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

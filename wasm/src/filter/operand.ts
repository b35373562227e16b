// The values of a filter operand for one event: fields from the event index's hot columns, the per-event
// value columns (valcache.ts) or the field extractors; literals; and the composites concat, join and getopt,
// which assemble their arguments' values as text on a stack of byte pieces.
import { valKind, valNum, valPtr, valLen, valStrId, V_UINT, V_INT, V_STR, V_BYTES, MAX_VALUES } from '../core/values';
import { extractField } from '../fields/extract';
import { strPtr, strLen } from '../core/intern';
import { cacheableField, numCacheableField, numTupleId, numTupleLoad, cacheColumn, VC_MISSING, VC_UNCACHEABLE } from './valcache';
import { evTs, evTid, evCpu } from '../reader/events';
import { F_EVT_NUM, F_EVT_RAWTIME, F_EVT_CPU, F_THREAD_TID } from '../generated/fields';
import { pw, pa, OPND_LITERAL, OPND_CONCAT, OPND_JOIN, OPND_GETOPT } from './plan';
import { scratchAlloc } from './scratch';
import { applyXforms } from './xforms';

/** Fields answered from the event index without the extractors (the hot columns). */
function fastExtract(field: i32, ev: u32): i32 {
  if (field == F_EVT_NUM) { fastOne(V_UINT, <u64>ev + 1); return 1; }
  if (field == F_EVT_RAWTIME) { fastOne(V_UINT, evTs(ev)); return 1; }
  if (field == F_EVT_CPU) { fastOne(V_INT, <u64>evCpu(ev)); return 1; }
  if (field == F_THREAD_TID) { fastOne(V_INT, <u64>evTid(ev)); return 1; }
  return -1;
}

@inline function fastOne(kind: u8, num: u64): void {
  unchecked(valKind[0] = kind);
  unchecked(valNum[0] = num);
  unchecked(valStrId[0] = -1);
}

/** Word after the operand at `off` (header of 6 words, then its transformer codes). */
@inline export function operandEnd(off: i32): i32 { return off + 6 + pw(off + 5); }

const MAX_NEST: i32 = 64;

/**
 * The operand's values (before its own transformers) into the value buffer; returns their count
 * (0 = the extraction failed). Fields go to the extractors; composites build their result from their
 * arguments' values (see engine/filter/plan.ts for the layout).
 */
export function rawExtract(off: i32, ev: u32, depth: i32, useCache: bool = false): i32 {
  const k = pw(off);
  if (k >= 0) {
    let n = fastExtract(k, ev);
    if (n < 0) {
      const argNum = (<i64>pw(off + 2) << 32) | (<i64>pw(off + 1) & 0xffffffff);
      const strOff = pw(off + 3);
      // string fields without argument: the per-event id cache (valcache.ts)
      let col: usize = 0;
      let numeric = false;
      if (useCache && strOff < 0 && argNum == -1 && numCacheableField(k)) {
        // small numeric values: the per-event tuple id (valcache.ts)
        numeric = true;
        col = cacheColumn(k);
        if (col != 0) {
          const c = load<i32>(col + (<usize>ev << 2));
          if (c >= 0) return numTupleLoad(c);
          if (c == VC_MISSING) return 0;
          if (c == VC_UNCACHEABLE) col = 0;
        }
      } else if (useCache && strOff < 0 && argNum == -1 && cacheableField(k)) {
        col = cacheColumn(k);
        if (col != 0) {
          const c = load<i32>(col + (<usize>ev << 2));
          if (c >= 0) {
            unchecked(valKind[0] = V_STR);
            unchecked(valPtr[0] = strPtr(c));
            unchecked(valLen[0] = strLen(c));
            unchecked(valStrId[0] = c);
            return 1;
          }
          if (c == VC_MISSING) return 0;
          if (c == VC_UNCACHEABLE) col = 0;
        }
      }
      n = extractField(k, argNum, strOff >= 0 ? pa(strOff) : 0, strOff >= 0 ? <u32>pw(off + 4) : 0, ev);
      if (col != 0 && numeric) store<i32>(col + (<usize>ev << 2), n <= 0 ? VC_MISSING : numTupleId(n));
      else if (col != 0) {
        const code = n <= 0 ? VC_MISSING
          : (n == 1 && unchecked(valKind[0]) == V_STR && unchecked(valStrId[0]) >= 0) ? unchecked(valStrId[0]) : VC_UNCACHEABLE;
        store<i32>(col + (<usize>ev << 2), code);
      }
    }
    return n;
  }
  if (depth > MAX_NEST) return 0;
  if (k == OPND_LITERAL) {
    setOne(pw(off + 1) >= 0 ? pa(pw(off + 1)) : 0, <u32>pw(off + 2));
    return 1;
  }
  const sp0 = psp;
  let ok = true;
  if (k == OPND_CONCAT) {
    const n = pw(off + 1), tab = pw(off + 2);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, true);
    if (ok) setOne(joinPieces(sp0, psp, 0, 0), builtLen);
    psp = sp0;
    return ok ? 1 : 0;
  }
  if (k == OPND_JOIN) {
    ok = pushPieces(pw(off + 1), ev, depth, true);
    if (!ok) { psp = sp0; return 0; }
    const sepPtr = unchecked(pPtr[sp0]), sepLen = unchecked(pLen[sp0]);
    const tab = pw(off + 2), n = pw(off + 3);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, false);
    if (ok) setOne(joinPieces(sp0 + 1, psp, sepPtr, sepLen), builtLen);
    psp = sp0;
    return ok ? 1 : 0;
  }
  if (k == OPND_GETOPT) {
    const tab = pw(off + 1), n = pw(off + 2);
    for (let i = 0; i < n && ok; i++) ok = pushPieces(pw(tab + i), ev, depth, false);
    const r = ok ? getopt(sp0, psp, pw(off + 3) >= 0 ? pa(pw(off + 3)) : 0, <u32>(pw(off + 4) & 0xffff), (pw(off + 4) >>> 16) - 1) : 0;
    psp = sp0;
    return r;
  }
  return 0;
}

@inline function setOne(ptr: usize, len: u32): void {
  unchecked(valKind[0] = V_STR);
  unchecked(valPtr[0] = ptr);
  unchecked(valLen[0] = len);
  unchecked(valStrId[0] = -1);
}

// A stack of byte pieces (copied into scratch) that composites assemble; nested composites use the
// part above their own base.
const MAX_PIECES: i32 = 4096;
const pPtr = new StaticArray<usize>(MAX_PIECES);
const pLen = new StaticArray<u32>(MAX_PIECES);
let psp: i32 = 0;
let builtLen: u32 = 0;

/** Extracts operand `off` (with its transformers) and pushes each value as text; false on failure. */
function pushPieces(off: i32, ev: u32, depth: i32, single: bool): bool {
  let n = rawExtract(off, ev, depth + 1);
  if (n > 0) n = applyXforms(off, n);
  if (n <= 0 || (single && n != 1)) return false;
  for (let k = 0; k < n; k++) {
    if (psp >= MAX_PIECES) return false;
    const kind = unchecked(valKind[k]);
    let ptr: usize, len: u32;
    if (kind == V_STR || kind == V_BYTES) {
      len = unchecked(valLen[k]);
      ptr = scratchAlloc(<usize>len);
      memory.copy(ptr, unchecked(valPtr[k]), <usize>len);
    } else if (kind == V_UINT || kind == V_INT) {
      ptr = scratchAlloc(24);
      len = decimal(ptr, unchecked(valNum[k]), kind == V_INT);
    } else return false;
    unchecked(pPtr[psp] = ptr);
    unchecked(pLen[psp] = len);
    psp++;
  }
  return true;
}

function decimal(out: usize, v: u64, signed: bool): u32 {
  let neg = false;
  if (signed && <i64>v < 0) { neg = true; v = <u64>(-<i64>v); }
  let tmp = out + 23;
  let n: u32 = 0;
  do { store<u8>(tmp, <u8>(48 + <u32>(v % 10))); tmp--; n++; v /= 10; } while (v != 0);
  if (neg) { store<u8>(tmp, 0x2d); tmp--; n++; }
  memory.copy(out, tmp + 1, n);
  return n;
}

/** Pieces [a, b) joined by sep into new scratch; sets builtLen, returns the pointer. */
function joinPieces(a: i32, b: i32, sep: usize, sepLen: u32): usize {
  let total: usize = 0;
  for (let i = a; i < b; i++) total += <usize>unchecked(pLen[i]) + (i > a ? <usize>sepLen : 0);
  const out = scratchAlloc(total);
  let o = out;
  for (let i = a; i < b; i++) {
    if (i > a && sepLen > 0) { memory.copy(o, sep, sepLen); o += sepLen; }
    memory.copy(o, unchecked(pPtr[i]), unchecked(pLen[i]));
    o += unchecked(pLen[i]);
  }
  builtLen = <u32>total;
  return out;
}

/** Option letter c's spec in optstring: -1 absent, 0 flag, 1 takes a value. */
function optSpec(opt: usize, optLen: u32, c: u32): i32 {
  if (c == 0x3a) return -1;
  for (let i: u32 = 0; i < optLen; i++) {
    if (<u32>load<u8>(opt + i) == c) return (i + 1 < optLen && load<u8>(opt + i + 1) == 0x3a) ? 1 : 0;
  }
  return -1;
}

/**
 * POSIX-style getopt over the argv pieces [a, b): stops at `--` or the first non-option, skips long
 * options, expands clusters. Without a wanted letter (want < 0) the value buffer gets each option
 * letter followed by its value; with one, only the value (or letter) of its last occurrence.
 */
function getopt(a: i32, b: i32, opt: usize, optLen: u32, want: i32): i32 {
  let out = 0;
  let lastPtr: usize = 0, lastLen: u32 = 0;
  let found = false;
  let i = a;
  while (i < b) {
    const p = unchecked(pPtr[i]), l = unchecked(pLen[i]);
    if (l < 2 || load<u8>(p) != 0x2d) break;              // non-option or "-"
    if (load<u8>(p + 1) == 0x2d) { if (l == 2) break; i++; continue; } // "--" ends; long options skipped
    i++;
    for (let j: u32 = 1; j < l; j++) {
      const c = <u32>load<u8>(p + j);
      const spec = optSpec(opt, optLen, c);
      const letter = scratchAlloc(1);
      store<u8>(letter, <u8>(spec < 0 ? 0x3f : c));
      let vPtr: usize = 0, vLen: u32 = 0;
      if (spec == 1) {
        if (j + 1 < l) { vPtr = p + j + 1; vLen = l - j - 1; }
        else if (i < b) { vPtr = unchecked(pPtr[i]); vLen = unchecked(pLen[i]); i++; }
      }
      if (want >= 0) {
        if (<i32>c == want && spec >= 0) {
          found = true;
          if (spec == 1) { lastPtr = vPtr; lastLen = vLen; } else { lastPtr = letter; lastLen = 1; }
        }
      } else if (out + 2 <= MAX_VALUES) {
        pushStr(out++, letter, 1);
        if (spec == 1) pushStr(out++, vPtr, vLen);
      }
      if (spec == 1) break;
    }
  }
  if (want >= 0) {
    if (!found) return 0;
    pushStr(0, lastPtr, lastLen);
    return 1;
  }
  return out;
}

@inline function pushStr(k: i32, ptr: usize, len: u32): void {
  unchecked(valKind[k] = V_STR);
  unchecked(valPtr[k] = ptr);
  unchecked(valLen[k] = len);
  unchecked(valStrId[k] = -1);
}

/** Empties the piece stack (at the start of a leaf evaluation). */
export function piecesReset(): void { psp = 0; }

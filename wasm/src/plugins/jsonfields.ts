// Extractors for the json plugin's fields (`json.value[/pointer]`, `json.obj`, `json.rawtime` and their
// legacy `jevt.*` aliases), which apply to any plugin event whose payload is a JSON object or array.
// json.value walks an RFC 6901 pointer (arrays take decimal indices) and gives the value's text with its
// exact byte range, which is what the offsets property test checks on every sample.
import * as F from '../generated/fields';
import { J_OBJECT, J_ARRAY, root, get, kindOf, docPtr, docLen } from '../json/nav';
import {
  scratchMark, scratchAppendByte, scratchAppendU64, scratchPtrAt, scratchLenSince, scratchRewind,
} from '../json/scratch';
import { emitNode, emitText, emitAbs } from './emit';
import { evTs, evOffset } from '../reader/events';

export function isJsonField(f: i32): bool {
  return f >= F.F_JSON_JSON_VALUE && f <= F.F_JSON_JEVT_RAWTIME;
}

/** Follows a JSON pointer given as UTF-8 bytes; -1 when a step is missing. */
function pointer(r: i32, p: usize, l: u32): i32 {
  let i: u32 = 0;
  if (l > 0 && load<u8>(p) == 0x2F) i = 1;
  else if (l == 0) return r;
  let n = r;
  while (n >= 0) {
    let j = i;
    while (j < l && load<u8>(p + j) != 0x2F) j++;
    // Unescape ~1 -> '/', ~0 -> '~' into the scratch arena for the comparison.
    const m = scratchMark();
    for (let k = i; k < j; k++) {
      const c = load<u8>(p + k);
      if (c == 0x7E && k + 1 < j) {
        const d = load<u8>(p + k + 1);
        if (d == 0x31) { scratchAppendByte(0x2F); k++; continue; }
        if (d == 0x30) { scratchAppendByte(0x7E); k++; continue; }
      }
      scratchAppendByte(c);
    }
    n = get(n, scratchPtrAt(m), scratchLenSince(m));
    scratchRewind(m);
    if (j >= l) break;
    i = j + 1;
  }
  return n;
}

function newline(depth: i32): void {
  scratchAppendByte(0x0A);
  for (let k = 0; k < depth; k++) { scratchAppendByte(0x20); scratchAppendByte(0x20); }
}

/** The whole document re-indented with two spaces (as Go's json.Indent does for json.obj). */
function indented(): void {
  const m = scratchMark();
  let depth = 0;
  let needIndent = false;
  let inStr = false;
  for (let i: u32 = 0; i < docLen; i++) {
    const c = load<u8>(docPtr + i);
    if (inStr) {
      scratchAppendByte(c);
      if (c == 0x5C && i + 1 < docLen) { scratchAppendByte(load<u8>(docPtr + i + 1)); i++; }
      else if (c == 0x22) inStr = false;
      continue;
    }
    if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0) continue;
    if (needIndent && c != 0x7D && c != 0x5D) { needIndent = false; depth++; newline(depth); }
    if (c == 0x22) { inStr = true; scratchAppendByte(c); }
    else if (c == 0x7B || c == 0x5B) { scratchAppendByte(c); needIndent = true; }
    else if (c == 0x2C) { scratchAppendByte(c); newline(depth); }
    else if (c == 0x3A) { scratchAppendByte(c); scratchAppendByte(0x20); }
    else if (c == 0x7D || c == 0x5D) {
      if (needIndent) needIndent = false;
      else { depth--; newline(depth); }
      scratchAppendByte(c);
    } else scratchAppendByte(c);
  }
  emitText(scratchPtrAt(m), scratchLenSince(m), 0, docLen);
}

export function extractJson(f: i32, argPtr: usize, argLen: u32, ev: u32): void {
  const r = root();
  if (r < 0) return;
  const k = kindOf(r);
  if (k != J_OBJECT && k != J_ARRAY) return;
  switch (f) {
    case F.F_JSON_JSON_VALUE:
    case F.F_JSON_JEVT_VALUE: {
      const n = pointer(r, argPtr, argLen);
      if (n >= 0) emitNode(n);
      break;
    }
    case F.F_JSON_JSON_OBJ:
    case F.F_JSON_JEVT_OBJ:
      indented();
      break;
    case F.F_JSON_JSON_RAWTIME:
    case F.F_JSON_JEVT_RAWTIME: {
      const m = scratchMark();
      scratchAppendU64(evTs(ev));
      emitAbs(scratchPtrAt(m), scratchLenSince(m), evOffset(ev), 8);
      break;
    }
  }
}


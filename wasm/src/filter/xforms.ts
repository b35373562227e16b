// Transformers of a filter operand (tolower, toupper, basename, len, b64), applied in place to the value
// buffer; their outputs go to the leaf's scratch bytes.
import { valKind, valNum, valPtr, valLen, V_UINT, MAX_VALUES } from '../core/values';
import { pw, X_TOLOWER, X_TOUPPER, X_B64, X_BASENAME, X_LEN, X_LENLIST } from './plan';
import { scratchAlloc } from './scratch';

/** Applies the operand's transformers to the value buffer in place; returns the new count (0 = failed). */
export function applyXforms(off: i32, n: i32): i32 {
  const nx = pw(off + 5);
  if (nx == 0) return n;
  let count = min(n, MAX_VALUES);
  for (let k = 0; k < count; k++) {
    let kind = unchecked(valKind[k]);
    let num = unchecked(valNum[k]);
    let ptr = unchecked(valPtr[k]);
    let len = unchecked(valLen[k]);
    for (let x = 0; x < nx; x++) {
      const t = pw(off + 6 + x);
      if (t == X_TOLOWER || t == X_TOUPPER) {
        const p = scratchAlloc(<usize>len);
        for (let i: u32 = 0; i < len; i++) {
          let c = <u32>load<u8>(ptr + i);
          if (t == X_TOLOWER && c >= 65 && c <= 90) c |= 0x20;
          else if (t == X_TOUPPER && c >= 97 && c <= 122) c &= ~0x20;
          store<u8>(p + i, <u8>c);
        }
        ptr = p;
      } else if (t == X_BASENAME) {
        let i = len;
        while (i > 0 && load<u8>(ptr + i - 1) != 0x2f) i--;
        ptr += i;
        len -= i;
      } else if (t == X_LEN) {
        kind = V_UINT;
        num = <u64>len;
      } else if (t == X_B64) {
        const p = scratchAlloc(<usize>len);
        const outLen = b64Decode(ptr, len, p);
        if (outLen < 0) return 0; // a failing transformer fails the extraction
        ptr = p;
        len = <u32>outLen;
      }
    }
    unchecked(valKind[k] = kind); unchecked(valNum[k] = num); unchecked(valPtr[k] = ptr); unchecked(valLen[k] = len);
  }
  if (pw(off + 6) == X_LENLIST) {
    unchecked(valKind[0] = V_UINT);
    unchecked(valNum[0] = <u64>n);
    count = 1;
  }
  return count;
}

function b64Val(c: u32): i32 {
  if (c >= 65 && c <= 90) return <i32>c - 65;
  if (c >= 97 && c <= 122) return <i32>c - 71;
  if (c >= 48 && c <= 57) return <i32>c + 4;
  if (c == 43) return 62;
  if (c == 47) return 63;
  return -1;
}

/** Standard base64 (padding optional) into out; -1 when invalid. */
function b64Decode(p: usize, len: u32, out: usize): i32 {
  while (len > 0 && load<u8>(p + len - 1) == 0x3d) len--;
  if ((len & 3) == 1) return -1;
  let acc: u32 = 0, bits: u32 = 0, o: i32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const v = b64Val(<u32>load<u8>(p + i));
    if (v < 0) return -1;
    acc = (acc << 6) | <u32>v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(out + <usize>o, <u8>(acc >> bits));
      o++;
    }
  }
  return o;
}

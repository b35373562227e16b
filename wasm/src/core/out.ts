// The output buffer: formatted text (UTF-8 bytes) is appended here and the host copies it out in batches
// (one call formats thousands of lines), so no per-line string ever crosses the WASM boundary and
// nothing in the hot path allocates a managed object. Every writer checks capacity first; the buffer
// grows by doubling and can be rewound (`outMark`/`outRewind`) to undo a speculative write, which is how
// "(resolved)" suffixes and lines that fail a `-p` format's required fields are dropped.

let outBase: usize = 0;
let outCap: u32 = 0;
export let outLen: u32 = 0;

/** Makes sure `n` more bytes fit. */
@inline export function outEnsure(n: u32): void {
  if (outLen + n > outCap) outGrow(n);
}

function outGrow(n: u32): void {
  let cap: u32 = outCap < 65536 ? 65536 : outCap << 1;
  while (cap < outLen + n) cap <<= 1;
  outBase = outBase == 0 ? heap.alloc(cap) : heap.realloc(outBase, cap);
  outCap = cap;
}

export function outPtr(): usize { return outBase; }
export function outLength(): u32 { return outLen; }
export function outReset(): void { outLen = 0; }
@inline export function outMark(): u32 { return outLen; }
@inline export function outRewind(mark: u32): void { outLen = mark; }

@inline export function putByte(b: u32): void {
  outEnsure(1);
  store<u8>(outBase + outLen, <u8>b);
  outLen++;
}

export function putBytes(ptr: usize, len: u32): void {
  if (len == 0) return;
  outEnsure(len);
  memory.copy(outBase + outLen, ptr, len);
  outLen += len;
}

/** ASCII literal (AssemblyScript strings are UTF-16; only use with ASCII text). */
export function putAscii(s: string): void {
  const n = <u32>s.length;
  outEnsure(n);
  const p = outBase + outLen;
  for (let i: u32 = 0; i < n; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  outLen += n;
}

/** Unsigned decimal. */
export function putU64(v: u64): void {
  outEnsure(20);
  // Write digits backwards into the tail, then move them into place.
  let n: u32 = 0;
  const tmp = outBase + outLen;
  if (v == 0) { store<u8>(tmp, 48); outLen++; return; }
  let x = v;
  while (x != 0) { n++; x /= 10; }
  let p = tmp + n;
  x = v;
  while (x != 0) { p--; store<u8>(p, <u8>(48 + <u32>(x % 10))); x /= 10; }
  outLen += n;
}

/** Signed decimal. */
export function putI64(v: i64): void {
  if (v < 0) { putByte(45); putU64(<u64>(0 - v)); } else putU64(<u64>v);
}

/** Unsigned decimal zero-padded to at least `width` digits. */
export function putU64Pad(v: u64, width: i32): void {
  let n = 1;
  let x = v / 10;
  while (x != 0) { n++; x /= 10; }
  for (let i = n; i < width; i++) putByte(48);
  putU64(v);
}

/** Hexadecimal without prefix (upper: %X, else %x). */
export function putHex(v: u64, upper: bool): void {
  outEnsure(16);
  let n: u32 = 1;
  let x = v >> 4;
  while (x != 0) { n++; x >>= 4; }
  const a: u32 = upper ? 55 : 87;
  let p = outBase + outLen + n;
  x = v;
  for (let i: u32 = 0; i < n; i++) {
    p--;
    const d = <u32>(x & 15);
    store<u8>(p, <u8>(d < 10 ? 48 + d : a + d));
    x >>= 4;
  }
  outLen += n;
}

/** Octal in printf's `%#o` form: a leading 0 unless the value is 0. */
export function putOctAlt(v: u64): void {
  if (v == 0) { putByte(48); return; }
  outEnsure(23);
  let n: u32 = 0;
  let x = v;
  while (x != 0) { n++; x >>= 3; }
  putByte(48);
  let p = outBase + outLen + n;
  x = v;
  for (let i: u32 = 0; i < n; i++) { p--; store<u8>(p, <u8>(48 + <u32>(x & 7))); x >>= 3; }
  outLen += n;
}

@inline export function isPrint(b: u32): bool { return b >= 0x20 && b < 0x7F; }

/** Bytes with non-printable ones removed (sinsp's sanitize_string). */
export function putSanitized(ptr: usize, len: u32): void {
  outEnsure(len);
  let o = outBase + outLen;
  for (let i: u32 = 0; i < len; i++) {
    const b = <u32>load<u8>(ptr + i);
    if (isPrint(b)) { store<u8>(o, <u8>b); o++; }
  }
  outLen = <u32>(o - outBase);
}

/** Bytes up to the first NUL (C string semantics), non-printable ones removed. */
export function putCStrSanitized(ptr: usize, len: u32): void {
  let n: u32 = 0;
  while (n < len && load<u8>(ptr + n) != 0) n++;
  putSanitized(ptr, n);
}

/** Bytes up to the first NUL, copied as they are (printf "%s"). */
export function putCStr(ptr: usize, len: u32): void {
  let n: u32 = 0;
  while (n < len && load<u8>(ptr + n) != 0) n++;
  putBytes(ptr, n);
}

/** Byte buffer the way sysdig prints it by default: printable ASCII kept, everything else a dot. */
export function putDots(ptr: usize, len: u32): void {
  outEnsure(len);
  const o = outBase + outLen;
  for (let i: u32 = 0; i < len; i++) {
    const b = <u32>load<u8>(ptr + i);
    store<u8>(o + i, <u8>(isPrint(b) ? b : 46));
  }
  outLen += len;
}

/** Pads (with spaces) or cuts what was written since `mark` to exactly `width` bytes (`%20field`). */
export function padSince(mark: u32, width: u32): void {
  const n = outLen - mark;
  if (n >= width) { outLen = mark + width; return; }
  outEnsure(width - n);
  for (let i = n; i < width; i++) store<u8>(outBase + mark + i, 32);
  outLen = mark + width;
}

/** Byte at an absolute position of the output written so far (for the JSON escaper). */
@inline export function outByteAt(pos: u32): u8 { return load<u8>(outBase + pos); }

const gDigits = new StaticArray<u8>(6);

/** printf "%lg" (6 significant digits, trailing zeros removed, exponent form outside [1e-4, 1e6)). */
export function putDoubleG(v: f64): void {
  if (isNaN(v)) { putAscii('nan'); return; }
  if (v < 0) { putByte(45); v = -v; }
  if (!isFinite(v)) { putAscii('inf'); return; }
  if (v == 0) { putByte(48); return; }
  let e = <i32>Math.floor(Math.log10(v));
  let m = <u64>Math.round(v / Math.pow(10, <f64>(e - 5)));
  if (m >= 1000000) { m = <u64>Math.round(<f64>m / 10); e++; }
  if (m < 100000) { m *= 10; e--; }
  // six digits in m
  const d = gDigits;
  let x = m;
  for (let i = 5; i >= 0; i--) { unchecked(d[i] = <u8>(48 + <u32>(x % 10))); x /= 10; }
  let last = 5;
  if (e >= -4 && e < 6) {
    if (e >= 0) {
      while (last > e && unchecked(d[last]) == 48) last--;
      for (let i = 0; i <= last; i++) {
        putByte(unchecked(d[i]));
        if (i == e && i < last) putByte(46);
      }
    } else {
      while (last > 0 && unchecked(d[last]) == 48) last--;
      putByte(48); putByte(46);
      for (let i = 0; i < -e - 1; i++) putByte(48);
      for (let i = 0; i <= last; i++) putByte(unchecked(d[i]));
    }
  } else {
    while (last > 0 && unchecked(d[last]) == 48) last--;
    putByte(unchecked(d[0]));
    if (last > 0) { putByte(46); for (let i = 1; i <= last; i++) putByte(unchecked(d[i])); }
    putByte(101);
    if (e < 0) { putByte(45); e = -e; } else putByte(43);
    if (e < 10) putByte(48);
    putU64(<u64>e);
  }
}

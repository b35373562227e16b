// Byte-buffer param texts (PT_BYTEBUF, PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY) in sysdig's output modes:
// dots for non-printable bytes cut at 80 bytes (default), in full (-v, JSON), -A, -x, -X and -b.
import { putByte, putAscii, putDots, outMark, outRewind } from '../core/out';

/** Byte buffers: cut to 80 bytes with "..." like sysdig without -v (text output). */
export const BUF_TRUNCATE: i32 = 0;
/** Byte buffers in full (JSON output, -v). */
export const BUF_FULL: i32 = 1;
// The formats the host asks for (planReset): sysdig -A (printable ASCII only, line breaks kept), -x (hex
// rows), -X (hex rows with ASCII), -b (base64). Generated from scripts/gen/boundary.json.
export { BUF_ASCII, BUF_HEX, BUF_HEXASCII, BUF_BASE64 } from '../generated/boundary';
import { BUF_ASCII, BUF_HEX, BUF_HEXASCII, BUF_BASE64 } from '../generated/boundary';

/** sysdig's max_evt_output_len when not verbose. */
const MAX_BUF_OUT: u32 = 80;

/** Writes a byte buffer in the given BUF_* mode. */
export function putByteBuf(vp: usize, vlen: u32, bufMode: i32): void {
  if (vlen == 0) return;
  if (bufMode == BUF_ASCII) { putAsciiOnly(vp, vlen); return; }
  if (bufMode == BUF_HEX || bufMode == BUF_HEXASCII) { putHexRows(vp, vlen, bufMode == BUF_HEXASCII); return; }
  if (bufMode == BUF_BASE64) { putBase64(vp, vlen); return; }
  const m = outMark();
  putDots(vp, vlen);
  if (bufMode == BUF_TRUNCATE && vlen > MAX_BUF_OUT) {
    outRewind(m + MAX_BUF_OUT - 3);
    putAscii('...');
  }
}

/** -A: a leading newline, printable bytes, CR as newline, LF unless it follows CR (or starts the buffer). */
function putAsciiOnly(p: usize, len: u32): void {
  putByte(10);
  for (let j: u32 = 0; j < len; j++) {
    const b = <u32>load<u8>(p + j);
    if (b >= 0x20 && b < 0x7F) putByte(b);
    else if (b == 13) putByte(10);
    else if (b == 10 && j > 0 && load<u8>(p + j - 1) != 13) putByte(10);
  }
}

@inline function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

/** -x / -X: rows of 16 bytes "\n\t0xOOOO: hhhh hhhh ..." (with -X the row's ASCII), then a final newline. */
function putHexRows(p: usize, len: u32, ascii: bool): void {
  for (let j: u32 = 0; j < len; j += 16) {
    putByte(10); putByte(9); putByte(48); putByte(120);
    for (let s = 12; s >= 0; s -= 4) putByte(hexDigit((j >> s) & 15));
    putByte(58);
    let chunks = 0;
    let q = j;
    while (chunks < 8 && q < len) {
      putByte(32);
      const b0 = <u32>load<u8>(p + q);
      putByte(hexDigit(b0 >> 4)); putByte(hexDigit(b0 & 15));
      if (q + 1 < len) {
        const b1 = <u32>load<u8>(p + q + 1);
        putByte(hexDigit(b1 >> 4)); putByte(hexDigit(b1 & 15));
      }
      chunks++;
      q += 2;
    }
    if (ascii) {
      for (; chunks < 8; chunks++) { putByte(32); putByte(32); putByte(32); putByte(32); putByte(32); }
      putByte(32); putByte(32);
      const end = j + 16 < len ? j + 16 : len;
      for (let k = j; k < end; k++) {
        const b = <u32>load<u8>(p + k);
        putByte(b >= 0x20 && b < 0x7F ? b : 46);
      }
    }
  }
  putByte(10);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** -b: base64 with '=' padding. */
function putBase64(p: usize, len: u32): void {
  let j: u32 = 0;
  while (j < len) {
    const a = <u32>load<u8>(p + j);
    const b = j + 1 < len ? <u32>load<u8>(p + j + 1) : 0;
    const c = j + 2 < len ? <u32>load<u8>(p + j + 2) : 0;
    const t = (a << 16) | (b << 8) | c;
    putByte(B64.charCodeAt((t >> 18) & 63));
    putByte(B64.charCodeAt((t >> 12) & 63));
    putByte(j + 1 < len ? B64.charCodeAt((t >> 6) & 63) : 61);
    putByte(j + 2 < len ? B64.charCodeAt(t & 63) : 61);
    j += 3;
  }
}

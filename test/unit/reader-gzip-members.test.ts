// gzip members back to back with a decompressor that stops after the first member, as Chromium's
// DecompressionStream does ("Junk found after end of compressed data"): the ingest finds where the next
// member starts (the trailer's ISIZE followed by the gzip magic) and goes on, in any chunking. The strict
// decompressor here is built on zlib; test/unit/reader-gzip-chromium.test.ts runs the real browser's.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { inflateIfGzip, InflateState, nextMemberStart } from '../../engine/ingest/inflate.ts';

/** gzip header length (RFC 1952 flags), or -1 if not all of it is there yet. */
function headerLen(b: Uint8Array): number {
  if (b.length < 10) return -1;
  const flg = b[3];
  let p = 10;
  if (flg & 4) { if (b.length < p + 2) return -1; p += 2 + (b[p] | (b[p + 1] << 8)); }
  if (flg & 8) { while (p < b.length && b[p] !== 0) p++; p++; }
  if (flg & 16) { while (p < b.length && b[p] !== 0) p++; p++; }
  if (flg & 2) p += 2;
  return p <= b.length ? p : -1;
}

/** A one-member-only gzip decompressor, erroring like Chromium on anything after the first member. */
function strictGunzip(): TransformStream<Uint8Array, Uint8Array> {
  let buf = new Uint8Array(0);
  let done = false;
  return new TransformStream({
    transform(chunk, ctl) {
      const m = new Uint8Array(buf.length + chunk.length);
      m.set(buf); m.set(chunk, buf.length); buf = m;
      if (done) throw new TypeError('Junk found after end of compressed data.');
      const h = headerLen(buf);
      if (h < 0) return;
      let r;
      try { r = inflateRawSync(buf.subarray(h), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } }; } catch { return; }
      const end = h + r.engine.bytesWritten + 8;
      if (buf.length < end) return;
      done = true;
      ctl.enqueue(new Uint8Array(r.buffer));
      if (buf.length > end) throw new TypeError('Junk found after end of compressed data.');
    },
    flush() {
      if (!done) throw new TypeError('unexpected end of file');
    },
  });
}

async function* pieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function inflateAll(bytes: Uint8Array, size: number, state: InflateState): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const c of inflateIfGzip(pieces(bytes, size), state, strictGunzip)) out.push(c.slice());
  return Buffer.concat(out);
}

const a = readFileSync('samples/captures/cat_write.scap');
const b = readFileSync('samples/captures/syscall.scap');

describe('gzip members with a first-member-only decompressor', () => {
  for (const size of [7, 1000, 4096, 1 << 20]) {
    it(`three members in ${size}-byte chunks inflate to all their bytes`, async () => {
      const three = Buffer.concat([a, b, gzipSync(Buffer.from('tail'))]);
      const st = new InflateState();
      const got = await inflateAll(three, size, st);
      expect(st.error).toBeNull();
      expect(st.members).toBe(3);
      expect(got.equals(gunzipSync(three))).toBe(true);
    });
  }

  it('a cut second member: the first member and what could be inflated, with an error', async () => {
    const cut = Buffer.concat([a, b.subarray(0, b.length - 100)]);
    const st = new InflateState();
    const got = await inflateAll(cut, 1000, st);
    expect(st.error).not.toBeNull();
    expect(got.subarray(0, gunzipSync(a).length).equals(gunzipSync(a))).toBe(true);
  });

  it('garbage after a member is reported, not taken for a member', async () => {
    const junk = Buffer.concat([a, Buffer.from('not gzip at all, just junk bytes')]);
    const st = new InflateState();
    const got = await inflateAll(junk, 1000, st);
    expect(st.error).toMatch(/Junk/);
    expect(got.equals(gunzipSync(a))).toBe(true);
  });

  it('nextMemberStart finds ISIZE + magic only', () => {
    const t = Uint8Array.from([9, 9, 9, 9, 5, 0, 0, 0, 0x1f, 0x8b, 0x08, 0]);
    expect(nextMemberStart(t, 5)).toBe(8);
    expect(nextMemberStart(t, 6)).toBe(-1);
  });
});

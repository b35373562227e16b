// gzip input in Node goes through zlib's gunzip directly (engine/node/gunzip.ts, installed by engine/node/capture-file.ts) instead of
// DecompressionStream (web streams around the same zlib stream): the same bytes, members and errors for
// whole, concatenated, junk-trailed and corrupted inputs; for a cut-short input, everything zlib can
// inflate (what DecompressionStream gave depended on the chunking); and a reader that stops early
// does not hang.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { inflateIfGzip, InflateState } from '../../engine/ingest/inflate.ts';
// Installs zlib's gunzip as the default, as for every Node engine: the cut-short test below fails with
// DecompressionStream as the default.
import '../../engine/node/capture-file.ts';

const gz = readFileSync('samples/captures/cat_write.scap');
const raw = gunzipSync(gz);

async function* pieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const webStream = () => new DecompressionStream('gzip') as TransformStream<Uint8Array, Uint8Array>;

async function inflate(bytes: Uint8Array, size: number, web = false) {
  const state = new InflateState();
  const parts: Uint8Array[] = [];
  for await (const c of inflateIfGzip(pieces(bytes, size), state, web ? webStream : undefined)) parts.push(c.slice());
  return { bytes: Buffer.concat(parts), gzip: state.gzip, error: state.error, members: state.members };
}

describe('gzip in Node without web streams', () => {
  it('gives what DecompressionStream gives for whole, concatenated, junk-trailed and corrupted inputs', async () => {
    const flipped = (at: number) => { const c = Buffer.from(gz); c[at] ^= 0x55; return c; };
    const inputs: [string, Uint8Array][] = [
      ['whole', gz], ['two members', Buffer.concat([gz, gzipSync(raw)])], ['junk after', Buffer.concat([gz, Buffer.from('junk')])],
      ['flipped at 30', flipped(30)], ['flipped at 3000', flipped(3000)], ['flipped at 9000', flipped(9000)],
    ];
    for (const [name, bytes] of inputs) {
      for (const size of [7, 4096]) {
        const ours = await inflate(bytes, size);
        const web = await inflate(bytes, size, true);
        expect(ours.bytes.equals(web.bytes), `${name} / ${size}`).toBe(true);
        expect({ ...ours, bytes: 0 }, `${name} / ${size}`).toEqual({ ...web, bytes: 0 });
      }
    }
    expect((await inflate(gz, 4096)).bytes.equals(raw)).toBe(true);
  });

  it('a cut-short input gives everything zlib can inflate, whatever the chunking, and says it ended early', async () => {
    for (const cut of [1000, 6000, gz.length - 9, gz.length - 1]) {
      const most = gunzipSync(gz.subarray(0, cut), { finishFlush: constants.Z_SYNC_FLUSH });
      for (const size of [7, 1000, 1 << 20]) {
        const r = await inflate(gz.subarray(0, cut), size);
        expect(r.bytes.equals(most), `cut at ${cut}, pieces of ${size}`).toBe(true);
        expect(r.error).toBe('unexpected end of file');
        expect(r.gzip).toBe(true);
      }
    }
  });

  it('a reader that stops after two chunks ends the inflation', async () => {
    const big = gzipSync(Buffer.concat(Array.from({ length: 20 }, () => raw)));
    const state = new InflateState();
    let chunks = 0;
    for await (const c of inflateIfGzip(pieces(big, 1000), state)) {
      expect(c.length).toBeGreaterThan(0);
      if (++chunks === 2) break;
    }
    expect(chunks).toBe(2);
  });
});

// A plain .scap file is read straight into engine memory (openCaptureFile -> DirectSource); the answer
// must be the one of the stream path, byte for byte: same events, same formatted lines, same diagnostics,
// also with short reads, a file longer than its expected size (the scratch-buffer reads) and a file cut
// in the middle of a block.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openCaptureFile, nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture, type DirectSource } from '../../engine/capture.ts';

const dir = 'samples/captures';
const samples = readdirSync(dir).filter((f) => f.endsWith('.scap'));

/** The sample's plain bytes (the samples are gzipped). */
function plain(name: string): Uint8Array {
  const file = readFileSync(`${dir}/${name}`);
  return new Uint8Array(file[0] === 0x1f ? gunzipSync(file) : file);
}

async function* once(bytes: Uint8Array) { yield bytes; }

/** Serves `bytes` at most `step` bytes per read, claiming `size` as its expected total. */
function direct(bytes: Uint8Array, step: number, size: number): DirectSource & { reads: number } {
  let pos = 0;
  const src = {
    size, reads: 0,
    readInto: async (dst: Uint8Array) => {
      src.reads++;
      const n = Math.min(step, dst.length, bytes.length - pos);
      dst.set(bytes.subarray(pos, pos + n));
      pos += n;
      return n;
    },
  };
  return src;
}

async function answer(cap: Capture) {
  return { events: cap.eventCount, diagnostics: cap.diagnostics(), text: cap.formatText() };
}

describe('direct load of plain captures', () => {
  for (const name of samples) {
    it(`${name}: openCaptureFile, short reads and a size too small answer like the stream`, async () => {
      const bytes = plain(name);
      expect(bytes.subarray(0, 4)).toEqual(new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a]));
      const streamed = await answer(await Capture.load(await nodeEngine(), once(bytes)));
      const tmp = mkdtempSync(join(tmpdir(), 'scapula-direct-'));
      try {
        writeFileSync(join(tmp, name), bytes);
        expect(await answer(await openCaptureFile(join(tmp, name)))).toEqual(streamed);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      const short = direct(bytes, 997, bytes.length);
      expect(await answer(await Capture.load(await nodeEngine(), short))).toEqual(streamed);
      expect(short.reads).toBeGreaterThan(bytes.length / 997);
      // Expected size a third of the file: the rest arrives through the scratch reads.
      const grown = direct(bytes, 1 << 20, Math.floor(bytes.length / 3));
      expect(await answer(await Capture.load(await nodeEngine(), grown))).toEqual(streamed);
      expect(grown.reads).toBeGreaterThan(2);
    });
  }

  it('a file cut inside a block gives the stream path\'s truncation diagnostics', async () => {
    const bytes = plain('cat_write.scap').subarray(0, 9001);
    const streamed = await answer(await Capture.load(await nodeEngine(), once(bytes)));
    expect(streamed.diagnostics.length).toBeGreaterThan(0);
    expect(await answer(await Capture.load(await nodeEngine(), direct(bytes, 4096, bytes.length)))).toEqual(streamed);
  });
});

// The block walker indexes every event block of every sample: the count equals what tshark (an
// independent reader of the same format) reports, and a tiny chunk size gives the same index.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openCaptureFile, nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';

const dir = 'samples/captures';
const samples = readdirSync(dir).filter((f) => f.endsWith('.scap'));

function tsharkCount(path: string): number | null {
  try {
    const out = execFileSync('tshark', ['-r', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const n = out.split('\n').filter(Boolean).length;
    return n > 0 ? n : null; // tshark refuses SHB 1.1 files (syscall.scap)
  } catch {
    return null;
  }
}

async function* inPieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('event index', () => {
  for (const name of samples) {
    it(`${name}: indexes every event block, like tshark`, async () => {
      const cap = await openCaptureFile(`${dir}/${name}`);
      expect(cap.diagnostics()).toEqual([]);
      const expected = tsharkCount(`${dir}/${name}`);
      if (expected !== null) expect(cap.eventCount).toBe(expected);
      else expect(cap.eventCount).toBeGreaterThan(0);
    });

    it(`${name}: 7-byte chunks give the same index as one buffer`, async () => {
      const file = readFileSync(`${dir}/${name}`);
      const raw = file[0] === 0x1f ? gunzipSync(file) : file;
      const whole = await Capture.load(await nodeEngine(), inPieces(raw, raw.length));
      const pieces = await Capture.load(await nodeEngine(), inPieces(raw, 7));
      expect(pieces.eventCount).toBe(whole.eventCount);
      for (let i = 0; i < whole.eventCount; i += 17) {
        expect(pieces.index.offset(i)).toBe(whole.index.offset(i));
        expect(pieces.index.ts(i)).toBe(whole.index.ts(i));
        expect(pieces.paramRanges(i)).toEqual(whole.paramRanges(i));
      }
    });
  }
});

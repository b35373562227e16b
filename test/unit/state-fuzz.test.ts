// Hostile input through the state engine and every syscall field extractor: captures with random byte
// flips (in metadata blocks and events) are loaded and every printable syscall field of every event is
// extracted. Nothing may trap, hang or read outside the capture; the walker's own checks decide what is
// readable, the state engine and extractors must cope with whatever lengths and values remain.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { ALL_FIELD_FORMATS as FMTS } from '../lib/all-fields.ts';
import { buildScenario } from '../golden/fields-scenario.ts';

function mutate(src: Uint8Array, seed: number, flips: number): Uint8Array {
  const out = src.slice();
  let s = seed >>> 0 || 1;
  const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  for (let i = 0; i < flips; i++) out[28 + (rnd() % (out.length - 28))] ^= 1 << (rnd() % 8);
  return out;
}

async function load(bytes: Uint8Array): Promise<Capture> {
  async function* once() { yield bytes; }
  return Capture.load(await nodeEngine(), once());
}

describe('state and field extraction on damaged captures', () => {
  const sources: [string, Uint8Array][] = [
    ['scenario', buildScenario()],
    ['cat_write', gunzipSync(readFileSync('samples/captures/cat_write.scap'))],
    ['connect_localhost', gunzipSync(readFileSync('samples/captures/connect_localhost.scap'))],
  ];
  for (const [name, bytes] of sources) {
    it(`${name}: 150 variants with random flips, every field of every event`, async () => {
      let lines = 0;
      for (let seed = 1; seed <= 150; seed++) {
        const cap = await load(mutate(bytes, seed * 7919, 1 + (seed % 12)));
        for (const format of FMTS) lines += cap.formatText({ format, allEvents: true }).split('\n').length;
      }
      expect(lines).toBeGreaterThan(150);
    }, 120_000);
  }

  it('the undamaged scenario prints every field without error', async () => {
    const cap = await load(buildScenario());
    for (const format of FMTS) {
      const lines = cap.formatText({ format, allEvents: true }).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(80);
      // every token printed: 100 fields (or the rest) per line
      expect(lines[5].split(' ').length).toBeGreaterThanOrEqual(Math.min(100, format.split(' ').length));
    }
  });
});

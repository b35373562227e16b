// Formatting damaged captures: after random byte flips and cuts, rendering every event (default line,
// -j, every hidden event, every param through evt.arg[N]) never throws, never hangs, and every output line
// is one line of valid UTF-8-or-bytes text (JSON lines parse). The walker's checks bound every param;
// these tests make sure the renderers (sockaddr, tuples, fd lists, dyn params, paths) stay inside them.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { mulberry32 } from '../../engine/scap/seeded-random.ts';

async function* once(b: Uint8Array) { yield b; }

const ARGS = '*%evt.num %evt.type %evt.arg[0] %evt.arg[1] %evt.arg[2] %evt.arg[3] %evt.arg[4] %evt.arg[5] %evt.arg[6] %evt.args';

function checkOutput(cap: Capture): void {
  const text = cap.formatText({ allEvents: true });
  expect(text.split('\n').length).toBeLessThanOrEqual(cap.eventCount + 1);
  for (const line of cap.formatText({ json: true, allEvents: true }).split('\n')) if (line) JSON.parse(line);
  cap.formatText({ format: ARGS, allEvents: true });
}

describe('formatting damaged captures', () => {
  const raw = gunzipSync(readFileSync('samples/captures/cat_write.scap'));

  it('2000 random byte flips: formatting never throws', async () => {
    const rand = mulberry32(1234);
    const engine = await nodeEngine();
    void engine;
    for (let n = 0; n < 2000; n++) {
      const copy = raw.slice();
      const flips = 1 + Math.floor(rand() * 6);
      // Flip inside the event area mostly (params), sometimes anywhere.
      for (let k = 0; k < flips; k++) {
        const at = rand() < 0.8 ? raw.length - 1 - Math.floor(rand() * 20000) : Math.floor(rand() * copy.length);
        copy[Math.max(0, at)] ^= 1 << Math.floor(rand() * 8);
      }
      const cap = await Capture.load(await nodeEngine(), once(copy));
      checkOutput(cap);
    }
  }, 600_000);

  it('hostile param values of every kind render inside their bounds', async () => {
    const w = new ScapWriter().shb();
    let ts = 1n;
    const ev = (type: number, params: Uint8Array[]) => w.event({ ts: ts++, tid: 7n, cpu: 0, type, params });
    const junk = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
    // every event type, with params of wrong sizes: empty, 1 byte, odd, long junk
    for (let type = 0; type < 454; type++) {
      for (const size of [0, 1, 3, 9, 40]) ev(type, Array.from({ length: 8 }, () => junk(size)));
    }
    ev(22, [P.i64(3), Uint8Array.of(1)]);                    // unix sockaddr with no path
    ev(23, [P.i64(0), Uint8Array.of(1, 2, 3)]);              // short unix tuple
    ev(81, [P.i64(1), Uint8Array.of(0xff, 0xff, 1, 2)]);     // fd list claiming 65535 entries
    ev(45, [P.i64(0), P.i64(3), P.u8(1), P.u8(2), Uint8Array.of(200, 1, 2), P.u32(4)]); // dyn index out of range
    ev(3, [P.i64(3), P.bytes('../../../../../../a/./b/../../../'), P.u32(1), P.u32(0), P.u32(0)]);
    const cap = await Capture.load(await nodeEngine(), once(w.result()));
    expect(cap.eventCount).toBe(454 * 5 + 5);
    checkOutput(cap);
  });
});

// evt.res of a damaged exit event: a res parameter far below -ERRNO_MAX (found by `npm run fuzz`: a
// junk value wrapped into a negative errno-table index and trapped with "memory access out of bounds")
// prints its magnitude like any errno without a name, and the other res fields read the same value.
import { describe, it, expect } from 'vitest';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';

async function* once(b: Uint8Array) { yield b; }

describe('evt.res on out-of-range res values', () => {
  it('prints huge negative and i64-min results without trapping', async () => {
    const w = new ScapWriter().shb();
    const values = [-2n, -(1n << 40n), -(1n << 63n), -(1n << 32n) - 2n, -4096n, -(1n << 31n)];
    values.forEach((res, k) => {
      w.event({ ts: BigInt(10 + 2 * k), tid: 7n, cpu: 0, type: 4, params: [P.i64(3)] }); // close enter
      w.event({ ts: BigInt(11 + 2 * k), tid: 7n, cpu: 0, type: 5, params: [P.i64(res)] }); // close exit
    });
    const cap = await Capture.load(await nodeEngine(), once(w.result()));
    const lines = cap.formatText({ format: '%evt.res %evt.rawres %evt.failed', allEvents: true }).trim().split('\n');
    const exits = lines.filter((l) => l !== '<NA> <NA> false');
    expect(exits).toEqual([
      'ENOENT -2 true',
      `${1n << 40n} ${-(1n << 40n)} true`,
      `${1n << 63n} ${-(1n << 63n)} true`,
      `${(1n << 32n) + 2n} ${-(1n << 32n) - 2n} true`,
      `4096 -4096 true`,
      `${1n << 31n} ${-(1n << 31n)} true`,
    ]);
  });
});

// The index keeps no parameter count for events with today's 26-byte header (they read it from the
// header) and keeps one only for the old 22-byte header, which lacks it, from the first such event on.
// A capture that mixes the two, in either order, must read each section exactly as that section alone.
import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';
import { synthesize } from '../../engine/node/scap/synth.ts';

async function* once(bytes: Uint8Array) { yield bytes; }

/** Formatted lines without their event number (which continues across sections). */
async function lines(bytes: Uint8Array): Promise<string[]> {
  const cap = await Capture.load(await nodeEngine(), once(bytes));
  expect(cap.diagnostics().filter((d) => d.severity === 'error')).toEqual([]);
  return cap.formatText().split('\n').filter((l) => l).map((l) => l.replace(/^\d+ /, ''));
}

describe('parameter counts across old- and new-header sections', () => {
  it('each section of a mixed capture reads as it reads alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-nparams-'));
    try {
      const old = new Uint8Array(gunzipSync(readFileSync('samples/captures/cat_write.scap')));
      await synthesize({ events: 3000, seed: 7, out: join(dir, 'new.scap') });
      const fresh = new Uint8Array(readFileSync(join(dir, 'new.scap')));
      const [a, b] = [await lines(old), await lines(fresh)];
      expect(a.length).toBeGreaterThan(50);
      expect(b.length).toBeGreaterThan(1000);
      // the count is read from where it is kept: a wrong one shifts or drops parameters
      expect(b.some((l) => /fd=\d+/.test(l))).toBe(true);
      const concat = (x: Uint8Array, y: Uint8Array) => { const c = new Uint8Array(x.length + y.length); c.set(x); c.set(y, x.length); return c; };
      expect(await lines(concat(fresh, old))).toEqual([...b, ...a]);
      expect(await lines(concat(old, fresh))).toEqual([...a, ...b]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

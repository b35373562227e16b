// gzip input: several members back to back are one capture of several sections, and a gzip stream cut
// short still yields every complete event with a warning (the common state of a killed writer's file).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';

const gz = readFileSync('samples/captures/cat_write.scap');
const raw = gunzipSync(gz);

async function* pieces(bytes: Uint8Array, size = 1000) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const load = async (bytes: Uint8Array) => Capture.load(await nodeEngine(), pieces(bytes));

describe('gzip ingest', () => {
  it('inflates the sample like zlib does', async () => {
    const plain = await load(raw);
    const zipped = await load(gz);
    expect(zipped.inflate.gzip).toBe(true);
    expect(zipped.eventCount).toBe(plain.eventCount);
    expect(zipped.rawBytes(0, raw.length)).toEqual(new Uint8Array(raw));
  });

  it('reads concatenated gzip members as consecutive sections', async () => {
    const two = Buffer.concat([gz, gzipSync(raw)]);
    const cap = await load(two);
    const single = await load(raw);
    expect(cap.eventCount).toBe(2 * single.eventCount);
    expect(cap.index.sections).toBe(2);
    expect(cap.diagnostics()).toEqual([]);
  });

  it('keeps every complete event of a gzip stream cut short, and warns', async () => {
    const cut = gz.subarray(0, Math.floor(gz.length * 0.95));
    const cap = await load(cut);
    expect(cap.eventCount).toBeGreaterThan(0);
    expect(cap.eventCount).toBeLessThan((await load(raw)).eventCount);
    expect(cap.diagnostics().some((d) => d.severity === 'warning' && /truncated/.test(d.message))).toBe(true);
  });
});

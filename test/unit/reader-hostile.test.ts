// Captures are hostile input. The walker must survive truncation anywhere, garbage between blocks and
// random byte flips: every complete event before the damage is kept, problems name their byte offset,
// and nothing throws or hangs.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';

const file = readFileSync('samples/captures/cat_write.scap');
const raw = new Uint8Array(gunzipSync(file));

async function* once(bytes: Uint8Array) {
  yield bytes;
}
const load = async (bytes: Uint8Array) => Capture.load(await nodeEngine(), once(bytes));

/** Block boundaries of the intact sample, and the file index of the first event in each block. */
function blocks(bytes: Uint8Array): { off: number; len: number; type: number }[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let o = 0; o + 8 <= bytes.length;) {
    const len = dv.getUint32(o + 4, true);
    out.push({ off: o, len, type: dv.getUint32(o, true) });
    o += len;
  }
  return out;
}

const EVENT_TYPES = new Set([0x204, 0x208, 0x216, 0x217, 0x221, 0x222, 0x8010abcd]);

describe('hostile input', () => {
  const all = blocks(raw);
  const eventsBefore = (end: number) => all.filter((b) => EVENT_TYPES.has(b.type) && b.off + b.len <= end).length;

  it('truncation at every block boundary keeps every complete event, silently', async () => {
    for (const b of all.filter((_, i) => i % 3 === 0)) {
      const cap = await load(raw.subarray(0, b.off));
      expect(cap.eventCount).toBe(eventsBefore(b.off));
      expect(cap.diagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('truncation inside a block keeps the complete events and warns at the cut block', async () => {
    for (const b of all.filter((_, i) => i % 5 === 1)) {
      const cut = b.off + Math.max(1, b.len >> 1);
      const cap = await load(raw.subarray(0, cut));
      expect(cap.eventCount).toBe(eventsBefore(cut));
      const warn = cap.diagnostics().find((d) => /truncated/.test(d.message));
      expect(warn?.offset).toBe(b.off);
    }
  });

  it('garbage between two blocks is skipped with its offset, and later events are read', async () => {
    const mid = all[Math.floor(all.length / 2)].off;
    const junk = new Uint8Array(100).map((_, i) => (i * 37 + 11) & 0xff);
    const bad = new Uint8Array(raw.length + junk.length);
    bad.set(raw.subarray(0, mid));
    bad.set(junk, mid);
    bad.set(raw.subarray(mid), mid + junk.length);
    const cap = await load(bad);
    expect(cap.eventCount).toBe(eventsBefore(raw.length));
    const skip = cap.diagnostics().find((d) => /garbage/.test(d.message));
    expect(skip?.offset).toBe(mid);
  });

  it('not a capture: one clear error at byte 0, no events', async () => {
    const cap = await load(new TextEncoder().encode('hello, this is a text file and not a capture\n'));
    expect(cap.eventCount).toBe(0);
    expect(cap.unreadable).toBe(true);
    const [d] = cap.diagnostics();
    expect(d.severity).toBe('error');
    expect(d.offset).toBe(0);
    expect(d.message).toMatch(/not a \.scap capture/);
  });

  it('3000 random byte flips never throw and never index more events than blocks exist', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const engine = await nodeEngine();
    void engine;
    for (let t = 0; t < 3000; t++) {
      const copy = raw.slice();
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) copy[Math.floor(rand() * copy.length)] ^= 1 << Math.floor(rand() * 8);
      const cap = await load(copy);
      expect(cap.eventCount).toBeLessThanOrEqual(all.length);
      for (const d of cap.diagnostics()) expect(d.offset).toBeLessThanOrEqual(copy.length);
    }
  }, 300_000);
});

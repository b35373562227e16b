// Engine memory grows with the events, not with the allocator's doubling: a capture recorded here (N
// events) and the same recording twice in one file (2N events, two sections) are loaded into fresh
// engines, and the linear memory in use beside the raw bytes may grow by at most MAX_PER_EVENT per
// added event. When the allocator's heap grows past the raw region (memory.grow by the whole memory
// size, tlsf.ts growMemory), memory grows by about the raw size again (> 90 B/event here); the index
// reserved by an upper bound instead of the seen density adds 10-20 B/event. Compares N with 2N (no
// wall clock). Also checks the breakdown the benchmarks print adds up.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { EngineStats } from '../../engine/engine-stats.ts';
import { rawSizeHint } from '../../engine/capture.ts';
import { record } from './session-fixture.ts';

/** Bytes per added event allowed beside the raw bytes (index + state ~ 40, allocator heap ~ 10-25). */
const MAX_PER_EVENT = 80;

const dir = mkdtempSync(join(tmpdir(), 'scapula-mem-'));
const once = join(dir, 'once.scap');
const twice = join(dir, 'twice.scap');
const gz = join(dir, 'once.scap.gz');

interface Loaded { events: number; stats: EngineStats }
async function load(file: string): Promise<Loaded> {
  const cap = await openCaptureFile(file);
  return { events: cap.eventCount, stats: cap.engineStats() };
}
/** Linear memory in use beside the raw bytes (free page runs grown ahead are address space only). */
const besideInUse = (l: Loaded) => l.stats.memoryBytes - l.stats.freePageBytes - l.stats.rawBytes;

let n: Loaded;
let n2: Loaded;
let ngz: Loaded;
beforeAll(async () => {
  record(once, 'for i in $(seq 1 700); do cat /etc/hostname /etc/passwd > /dev/null; ls /usr/bin > /dev/null; done');
  const bytes = readFileSync(once);
  writeFileSync(twice, Buffer.concat([bytes, bytes]));
  writeFileSync(gz, gzipSync(bytes, { level: 1 }));
  n = await load(once);
  n2 = await load(twice);
  ngz = await load(gz);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('engine memory per event', () => {
  it('the recording is big enough to measure, and twice it holds twice the events', () => {
    expect(n.events).toBeGreaterThan(50_000);
    expect(n2.events).toBe(2 * n.events);
    expect(n2.stats.rawBytes).toBe(2 * n.stats.rawBytes);
  });

  it(`linear memory in use beside the raw bytes grows by at most ${MAX_PER_EVENT} B per added event`, () => {
    const perAdded = (besideInUse(n2) - besideInUse(n)) / (n2.events - n.events);
    console.log(`memory-per-event: ${n.events} events: ${(besideInUse(n) / n.events).toFixed(1)} B/event in use beside raw; ${n2.events}: ${(besideInUse(n2) / n2.events).toFixed(1)}; per added event ${perAdded.toFixed(1)}`);
    expect(perAdded).toBeGreaterThan(0);
    expect(perAdded).toBeLessThanOrEqual(MAX_PER_EVENT);
  });

  it('a gzip file is sized by its trailer: its memory is that of the plain file', () => {
    expect(ngz.events).toBe(n.events);
    expect(ngz.stats.rawBytes).toBe(n.stats.rawBytes);
    // sized by the compressed size instead, the raw region grows by half again at each step and moves
    expect(Math.abs(ngz.stats.memoryBytes - n.stats.memoryBytes)).toBeLessThanOrEqual(2 << 20);
  });

  it('a gzip trailer is trusted only within a plausible ratio', () => {
    const head = new Uint8Array([0x1f, 0x8b]);
    const le = (v: number) => new Uint8Array([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24]);
    expect(rawSizeHint(1000, head, le(9000))).toBe(9000);
    expect(rawSizeHint(1000, head, le(0xF0000000))).toBe(1000); // hostile or wrapped: the file size
    expect(rawSizeHint(1000, head, le(10))).toBe(1000);
    expect(rawSizeHint(1000, new Uint8Array([0x0a, 0x0d]), le(9000))).toBe(1000); // not gzip
  });

  it('the index and state live in page runs outside the allocator, and the runs hold no more than they need', () => {
    for (const l of [n, n2]) {
      const s = l.stats;
      // raw + index + state tables in chunks + the large maps, plus the unused end of the 1 MiB chunk slabs and the last pages of each run
      const need = s.rawBytes + s.indexBytes + s.state.perEventBytes + s.state.threadBytes + s.state.fdBytes + s.state.userBytes + s.mapBytes;
      expect(s.pageBytes).toBeGreaterThanOrEqual(need);
      expect(s.pageBytes).toBeLessThanOrEqual(need + (2 << 20) + 6 * 65536);
      // the index reserve follows the seen density: at most 1.5x its exact 9 bytes per event, plus the last pages
      expect(s.indexBytes).toBeLessThanOrEqual(l.events * 9 * 1.5 + 4 * 65536);
      expect(s.pageBytes + s.freePageBytes).toBeLessThanOrEqual(s.memoryBytes);
    }
  });
});

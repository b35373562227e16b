// Engine memory grows with the events, not with the allocator's doubling: a capture recorded here (N
// events) and the same recording twice in one file (2N events, two sections) are loaded into fresh
// engines, and the linear memory in use beside the raw bytes may grow by at most MAX_PER_EVENT per
// added event. When the allocator's heap grows past the raw region (memory.grow by the whole memory
// size, tlsf.ts growMemory), memory grows by about the raw size again (> 90 B/event here); the index
// reserved by an upper bound instead of the seen density adds 10-20 B/event. Compares N with 2N (no
// wall clock). Also checks the breakdown the benchmarks print adds up.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { EngineStats } from '../../engine/engine-stats.ts';
import { record } from './session-fixture.ts';

/** Bytes per added event allowed beside the raw bytes (index + state ~ 40, allocator heap ~ 10-25). */
const MAX_PER_EVENT = 80;

const dir = mkdtempSync(join(tmpdir(), 'scapula-mem-'));
const once = join(dir, 'once.scap');
const twice = join(dir, 'twice.scap');

interface Loaded { events: number; stats: EngineStats }
async function load(file: string): Promise<Loaded> {
  const cap = await openCaptureFile(file);
  return { events: cap.eventCount, stats: cap.engineStats() };
}
/** Linear memory in use beside the raw bytes (free page runs grown ahead are address space only). */
const besideInUse = (l: Loaded) => l.stats.memoryBytes - l.stats.freePageBytes - l.stats.rawBytes;

let n: Loaded;
let n2: Loaded;
beforeAll(async () => {
  record(once, 'for i in $(seq 1 700); do cat /etc/hostname /etc/passwd > /dev/null; ls /usr/bin > /dev/null; done');
  const bytes = readFileSync(once);
  writeFileSync(twice, Buffer.concat([bytes, bytes]));
  n = await load(once);
  n2 = await load(twice);
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

  it('the index and state live in page runs outside the allocator, and the runs hold no more than they need', () => {
    for (const l of [n, n2]) {
      const s = l.stats;
      // raw + index + state tables in chunks, plus the unused end of the 1 MiB chunk slabs and the last pages of each run
      const need = s.rawBytes + s.indexBytes + s.state.perEventBytes + s.state.threadBytes + s.state.fdBytes + s.state.userBytes;
      expect(s.pageBytes).toBeGreaterThanOrEqual(need);
      expect(s.pageBytes).toBeLessThanOrEqual(need + (2 << 20) + 6 * 65536);
      // the index reserve follows the seen density: at most 1.5x its exact 9 bytes per event, plus the last pages
      expect(s.indexBytes).toBeLessThanOrEqual(l.events * 9 * 1.5 + 4 * 65536);
      expect(s.pageBytes + s.freePageBytes).toBeLessThanOrEqual(s.memoryBytes);
    }
  });
});

// Sorting in the worker's Session runs in steps: rows asked for meanwhile come in the current order,
// a newer sort stops an older one, and the finished order is the straight-through Session's (the CLI's)
// for every kind of key. Capture: `scapula synth`, 60k events from the samples.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../engine/node/scap/synth.ts';
import { engineModule } from '../../engine/node/capture-file.ts';
import { nodeSession, openFile } from '../../engine/node/session.ts';
import { Session } from '../../engine/session/session.ts';
import type { SortKey } from '../../engine/api.ts';

/** evt.num of the rows at view positions start..start+count-1 (rows() gives at most 10 000 a call). */
async function nums(s: Session, start: number, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let p = start; p < start + count; p += 10_000) out.push(...(await s.rows(p, Math.min(10_000, start + count - p))).map((r) => r.num));
  return out;
}

describe('sorting in the worker Session', () => {
  let worker: Session;
  let cli: Session;
  let n = 0;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scapula-sort-')), 'synth.scap');
    await synthesize({ events: 60_000, seed: 5, out: file });
    worker = new Session(engineModule(), { cooperative: true });
    await worker.open(new Uint8Array(readFileSync(file)), 'synth.scap');
    cli = nodeSession();
    await openFile(cli, file);
    n = await worker.viewSize();
    expect(n).toBeGreaterThan(10_000);
  }, 120_000);

  it('answers rows in the current order while a sort runs, then in the new one', async () => {
    await worker.sortView(null, false);
    const fileOrder = await nums(worker, 0, 20);
    const sorting = worker.sortView('proc', false);
    // asked before the sort ended (it yields between batches of formatted keys): the current order
    expect(await nums(worker, 0, 20)).toEqual(fileOrder);
    await sorting;
    await cli.sortView('proc', false);
    expect(await nums(worker, 0, 20)).toEqual(await nums(cli, 0, 20));
    expect(await nums(worker, 0, 20)).not.toEqual(fileOrder);
  });

  it('a newer sort stops the older one', async () => {
    const older = worker.sortView('info', false);
    const newer = worker.sortView('latency', true);
    await Promise.all([older, newer]);
    await cli.sortView('latency', true);
    expect(await nums(worker, 0, 50)).toEqual(await nums(cli, 0, 50));
  });

  it.each<SortKey>(['num', 'time', 'cpu', 'tid', 'latency', 'type', 'proc', 'info', 'field:fd.name'])(
    'by %s, both ways: the straight-through order, every row', async (key) => {
      for (const desc of [false, true]) {
        await worker.sortView(key, desc);
        await cli.sortView(key, desc);
        const want = await nums(cli, 0, n);
        expect(want.length).toBe(n);
        expect(await nums(worker, 0, n)).toEqual(want);
      }
    });
});

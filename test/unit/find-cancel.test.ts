// A find through every row shares the worker: the cooperative Session (the web worker's) yields between
// batches, so cancelFind or a newer find stops a running one, and an uncancelled find gives the same
// answer as the straight-through Session (the CLI's); so does its process tree, collected in steps.
// Capture: `scapula synth`, 60k events from the samples.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../engine/node/scap/synth.ts';
import { engineModule } from '../../engine/node/capture-file.ts';
import { nodeSession, openFile } from '../../engine/node/session.ts';
import { Session } from '../../engine/session/session.ts';
import type { FindQuery } from '../../engine/api.ts';

const MISSING: FindQuery = { kind: 'info', text: 'no-such-text-anywhere' };

describe('find in the worker Session', () => {
  let worker: Session;
  let cli: Session;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scapula-find-')), 'synth.scap');
    await synthesize({ events: 60_000, seed: 3, out: file });
    worker = new Session(engineModule(), { cooperative: true });
    await worker.open(new Uint8Array(readFileSync(file)), 'synth.scap');
    cli = nodeSession();
    await openFile(cli, file);
    expect(await worker.viewSize()).toBeGreaterThan(10_000);
  }, 120_000);

  it('cancelFind stops a find through every row', async () => {
    const running = worker.find(MISSING, 0, false);
    worker.cancelFind();
    expect(await running).toEqual({ position: -1, error: null, cancelled: true });
    // not cancelled: it runs to the end
    expect(await worker.find(MISSING, 0, false)).toEqual({ position: -1, error: null });
  });

  it('a newer find stops the older one and gets the straight-through answer', async () => {
    const last = (await worker.viewSize()) - 1;
    const [row] = await worker.rows(last, 1);
    const query: FindQuery = { kind: 'filter', text: `evt.num = ${row.num}` };
    const older = worker.find(MISSING, 0, false);
    const newer = worker.find(query, 0, false);
    expect((await older).cancelled).toBe(true);
    expect(await newer).toEqual({ position: last, error: null });
    expect(await cli.find(query, 0, false)).toEqual({ position: last, error: null });
  });

  it('the process tree (computed in steps in the worker) is the straight-through Session\'s', async () => {
    const tree = await worker.processes();
    expect(tree.length).toBeGreaterThan(1);
    expect(tree).toEqual(await cli.processes());
  });

  it.each<FindQuery>([
    { kind: 'info', text: 'locale-archive' },
    { kind: 'bytes', text: 'ld.so.cache' },
    { kind: 'filter', text: 'evt.type = access and evt.dir = <' },
  ])('finds $kind "$text" where the straight-through Session does, both ways', async (q) => {
    for (const backwards of [false, true]) {
      const want = await cli.find(q, 5000, backwards);
      expect(want.position).toBeGreaterThanOrEqual(0);
      expect(await worker.find(q, 5000, backwards)).toEqual(want);
    }
  });
});

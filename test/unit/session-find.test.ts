// The Session's filter and find in Node: setFilter narrows the view to `scapula read FILTER`'s events and
// gives a bad filter's positioned error (as `scapula filter` prints it) without touching the view; find
// walks the view forwards and backwards, wrapping, by filter and by Info text — all against the CLI.
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import type { FindQuery } from '../../engine/api.ts';
import type { Session } from '../../engine/session/session.ts';
import { nodeOpen, oracle, oracleNums, scapula, workerOpen, ROOT, type OracleRow } from './session-fixture.ts';

const FILES = ['open-multiple-files.scap', 'connect_localhost.scap', 'cat_write.scap'].map((f) => join(ROOT, 'samples', 'captures', f));
const FILTERS = ['evt.type = close', 'fd.type = file and evt.dir = <', 'proc.name contains py or fd.num > 2', 'evt.failed = true'];
const sessions = new Map<string, Session>();
const oracles = new Map<string, OracleRow[]>();

beforeAll(async () => {
  for (const f of FILES) {
    sessions.set(f, await nodeOpen(f));
    oracles.set(f, oracle(f));
  }
}, 60_000);

/** The next view position after (before) `from`, wrapping once, whose row passes `test`; -1 if none. */
function expectedFind(rows: OracleRow[], from: number, backwards: boolean, test: (o: OracleRow) => boolean): number {
  const n = rows.length;
  for (let k = 1; k <= n; k++) {
    const p = (((from + (backwards ? -k : k)) % n) + n) % n;
    if (test(rows[p])) return p;
  }
  return -1;
}

describe('Session setFilter', () => {
  it("narrows the view to scapula read FILTER's events, and an empty filter restores it", async () => {
    for (const f of FILES) {
      const s = sessions.get(f)!;
      for (const expr of FILTERS) {
        const want = oracleNums(f, expr);
        const r = await s.setFilter(expr);
        expect(r.ok && r.error === null, `${f}: ${expr}`).toBe(true);
        expect(r.count, `${f}: ${expr}`).toBe(want.length);
        expect((await s.rows(0, 10_000)).map((x) => x.num), `${f}: ${expr}`).toEqual(want);
      }
      const all = await s.setFilter('  ');
      expect(all.count).toBe(oracles.get(f)!.length);
    }
  });

  it("gives a bad filter's positioned error as scapula filter does, and leaves the view as it was", async () => {
    const s = sessions.get(FILES[0])!;
    const before = await s.setFilter('evt.type = close');
    for (const bad of ['proc.name = = cat', '  evt.type = open or ', 'nosuch.field = 3', 'proc.name in (a, b', 'fd.num > abc', 'proc.name = cat or (evt.type = ']) {
      const cli = scapula(['filter', bad]);
      const m = /^scapula filter: (\d+):(\d+): (.*)$/m.exec(cli.err);
      expect(cli.status, bad).toBe(1);
      expect(m, cli.err).not.toBeNull();
      const r = await s.setFilter(bad);
      expect(r.ok, bad).toBe(false);
      expect(r.error, bad).toMatchObject({ line: Number(m![1]), col: Number(m![2]), message: m![3] });
      expect(r.error!.pos, bad).toBe(Number(m![2]) - 1);
      expect(await s.validateFilter(bad), bad).toEqual(r.error);
      expect(await s.viewSize(), bad).toBe(before.count);
    }
    expect(await s.validateFilter('evt.type = close')).toBeNull();
    await s.setFilter('');
  });

  it('a cancelled or replaced filter in a worker-style Session leaves the view of the last one applied', async () => {
    const s = await workerOpen(FILES[0]);
    const want = oracleNums(FILES[0], 'evt.type = close');
    const a = s.setFilter('fd.num > 2');
    const b = s.setFilter('evt.type = close');
    expect((await a).cancelled).toBe(true);
    expect((await b).count).toBe(want.length);
    expect((await s.rows(0, 10_000)).map((x) => x.num)).toEqual(want);
  });
});

describe('Session find', () => {
  it('by filter: the next / previous matching row, wrapping around the view', async () => {
    for (const f of FILES) {
      const s = sessions.get(f)!;
      const rows = oracles.get(f)!;
      for (const expr of FILTERS) {
        const match = new Set(oracleNums(f, expr));
        for (const from of [0, 3, Math.floor(rows.length / 2), rows.length - 1]) {
          for (const backwards of [false, true]) {
            const want = expectedFind(rows, from, backwards, (o) => match.has(o.num));
            const got = await s.find({ kind: 'filter', text: expr }, from, backwards);
            expect(got, `${f}: ${expr} from ${from}${backwards ? ' back' : ''}`).toEqual({ position: want, error: null });
          }
        }
      }
    }
  });

  it('by Info text (case-insensitive), also in a sorted view', async () => {
    for (const f of FILES) {
      const s = sessions.get(f)!;
      for (const sorted of [false, true]) {
        await s.sortView(sorted ? 'info' : null, sorted);
        const rows = oracles.get(f)!;
        const order = sorted ? (await s.rows(0, 10_000)).map((r) => rows.find((o) => o.num === r.num)!) : rows;
        for (const text of ['ENOENT', 'fd=3', 'res=0', 'NoSuchText']) {
          for (const from of [0, Math.floor(order.length / 3), order.length - 1]) {
            for (const backwards of [false, true]) {
              const want = expectedFind(order, from, backwards, (o) => (o.pluginInfo || o.info).toLowerCase().includes(text.toLowerCase()));
              const q: FindQuery = { kind: 'info', text };
              expect(await s.find(q, from, backwards), `${f}: ${text} from ${from}`).toEqual({ position: want, error: null });
            }
          }
        }
      }
      await s.sortView(null, false);
    }
  });

  it('by a bad filter: the error, no position', async () => {
    const r = await sessions.get(FILES[0])!.find({ kind: 'filter', text: 'evt.type = = x' }, 0, false);
    expect(r.position).toBe(-1);
    expect(r.error?.col).toBe(12);
  });
});

// The Session's view in Node (what the web app shows through the worker): rows, detail, sort by every
// column in both directions, go to event number, same thread, on a capture recorded here and on
// samples — each checked against `scapula read -j` (session-fixture.ts), never against stored numbers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EventRow, SortKey } from '../../engine/api.ts';
import type { Session } from '../../engine/session/session.ts';
import { nodeOpen, oracle, record, workerOpen, ROOT, type OracleRow } from './session-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-session-view-'));
const rec = join(dir, 'rec.scap');
const SAMPLES = ['open-multiple-files.scap', 'connect_localhost.scap'].map((f) => join(ROOT, 'samples', 'captures', f));
const K8S = join(ROOT, 'samples', 'k8s_audit', 'attach_pod.json');
const files: string[] = [];
const sessions = new Map<string, Session>();
const oracles = new Map<string, OracleRow[]>();

beforeAll(async () => {
  record(rec, `cat /etc/passwd > /dev/null; ls -la /usr/bin > /dev/null; echo hello > ${dir}/x.txt; cat ${dir}/x.txt; sleep 0.05`);
  files.push(rec, ...SAMPLES, K8S);
  for (const f of files) {
    sessions.set(f, await nodeOpen(f));
    oracles.set(f, oracle(f));
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of the view, a page at a time. */
async function allRows(s: Session, extra?: string[]): Promise<EventRow[]> {
  const n = await s.viewSize();
  const out: EventRow[] = [];
  for (let p = 0; p < n; p += 4000) out.push(...(await s.rows(p, 4000, extra)));
  return out;
}

/** The row the oracle's line stands for. */
function expectedRow(o: OracleRow): Omit<EventRow, 'index' | 'color'> {
  const plugin = o.type === 'pluginevent';
  return {
    num: o.num, ts: o.ts, cpu: plugin ? null : Number(o.cpu), proc: o.proc, tid: plugin ? null : Number(o.tid),
    dir: plugin ? '' : (o.dir as EventRow['dir']), type: o.type,
    latencyNs: o.dir === '<' && o.latency !== '' ? Number(o.latency) : null, info: o.pluginInfo || o.info,
  };
}

describe('Session rows', () => {
  it('equal scapula read -j, event by event, with an extra column', async () => {
    expect(files.length).toBe(4);
    for (const f of files) {
      const s = sessions.get(f)!;
      const want = oracles.get(f)!;
      expect(want.length, f).toBeGreaterThan(0);
      expect(await s.viewSize(), f).toBe(want.length);
      const rows = await allRows(s, ['fd.name']);
      expect(rows.map(({ index: _i, color: _c, extra: _e, ...r }) => r), f).toEqual(want.map(expectedRow));
      expect(rows.every((r) => r.index === r.num - 1 && r.color === -1), f).toBe(true);
      expect(rows.map((r) => r.extra!['fd.name']), f).toEqual(want.map((o) => o.fdName));
    }
  });

  it('are the same from a worker-style Session (bytes in, cooperative load)', async () => {
    const w = await workerOpen(rec);
    expect(await allRows(w)).toEqual(await allRows(sessions.get(rec)!));
  });
});

describe('Session detail', () => {
  it('names the event, its process and fd as read -j does, with the block bytes of the file', async () => {
    for (const f of [rec, ...SAMPLES]) {
      const s = sessions.get(f)!;
      const want = oracles.get(f)!;
      const file = readFileSync(f);
      const bytes = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
      for (let k = 0; k < want.length; k += Math.max(1, Math.floor(want.length / 25))) {
        const o = want[k];
        const d = await s.detail(o.num - 1);
        const value = (title: string, field: string) => d.sections.find((x) => x.title === title)?.fields.find((x) => x.field === field)?.value;
        expect(d.index).toBe(o.num - 1);
        expect(value('Event', 'evt.num')).toBe(String(o.num));
        expect(value('Event', 'evt.type')).toBe(o.type);
        if (o.proc) expect(value('Process', 'proc.name'), `${f} #${o.num}`).toBe(o.proc);
        if (o.fdName) expect(value('File descriptor', 'fd.name'), `${f} #${o.num}`).toBe(o.fdName);
        expect(d.sections.some((x) => x.title === 'Arguments')).toBe(true);
        // offsets are in the decompressed stream
        expect(Buffer.from(d.bytes).equals(bytes.subarray(d.block.start, d.block.start + d.block.length))).toBe(true);
        if (d.partner !== null) expect((await s.detail(d.partner)).partner).toBe(d.index);
      }
    }
  });

  it('rejects an index outside the capture', async () => {
    const s = sessions.get(rec)!;
    await expect(s.detail(-1)).rejects.toThrow(/no event/);
    await expect(s.detail(1e9)).rejects.toThrow(/no event/);
  });
});

const collator = new Intl.Collator('en');
/** The oracle's sort key of a row: numbers compare as numbers, text with the collator. */
function keyOf(o: OracleRow, key: SortKey): bigint | number | string {
  switch (key) {
    case 'num': return o.num;
    case 'time': return BigInt(o.ts);
    case 'cpu': return Number(o.cpu);
    case 'tid': return Number(o.tid);
    // an exit with no enter before it prints latency 0: unknown, sorted with the enter events
    case 'latency': return o.dir === '<' && Number(o.latency) > 0 ? Number(o.latency) : -1;
    case 'proc': return o.proc;
    case 'type': return o.type;
    case 'info': return o.pluginInfo || o.info;
    default: return o.fdName;
  }
}
function compareKeys(a: bigint | number | string, b: bigint | number | string): number {
  if (typeof a === 'string' || typeof b === 'string') return collator.compare(String(a), String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}
const KEYS: SortKey[] = ['num', 'time', 'cpu', 'proc', 'tid', 'type', 'latency', 'info', 'field:fd.name'];

describe('Session sort', () => {
  it('orders by every column both ways, ties in file order', async () => {
    for (const f of [rec, SAMPLES[0]]) {
      const s = sessions.get(f)!;
      const want = oracles.get(f)!;
      for (const key of KEYS) {
        for (const descending of [false, true]) {
          await s.sortView(key, descending);
          const got = (await allRows(s)).map((r) => r.num);
          const order = want.map((o, pos) => ({ k: keyOf(o, key), pos, num: o.num }))
            .sort((a, b) => (descending ? compareKeys(b.k, a.k) : compareKeys(a.k, b.k)) || a.pos - b.pos);
          expect(got, `${f} ${key} ${descending ? 'desc' : 'asc'}`).toEqual(order.map((x) => x.num));
        }
      }
      await s.sortView(null, false);
      expect((await allRows(s)).map((r) => r.num)).toEqual(want.map((o) => o.num));
    }
  });
});

describe('Session navigation', () => {
  it('positionOfNum finds the event or the next displayed one, sorted or not', async () => {
    const s = sessions.get(rec)!;
    const want = oracles.get(rec)!;
    const last = want[want.length - 1].num;
    const probes = [0, 1, 2, 3, 57, 300, 1001, Math.floor(last / 2), last - 1, last, last + 1, last + 100];
    for (const num of probes) {
      const p = want.findIndex((o) => o.num >= num);
      expect(await s.positionOfNum(num), `#${num}`).toBe(p);
    }
    await s.sortView('proc', true);
    const sorted = (await allRows(s)).map((r) => r.num);
    for (const num of probes) {
      const exact = sorted.indexOf(num);
      const after = sorted.filter((n) => n > num);
      const next = after.length ? sorted.indexOf(Math.min(...after)) : -1;
      expect(await s.positionOfNum(num), `sorted #${num}`).toBe(exact >= 0 ? exact : next);
    }
    await s.sortView(null, false);
  });

  it('sameThread steps to the next and previous row of the same thread', async () => {
    const s = sessions.get(rec)!;
    const want = oracles.get(rec)!;
    for (let pos = 0; pos < want.length; pos += Math.floor(want.length / 40)) {
      const tid = want[pos].tid;
      const next = want.findIndex((o, p) => p > pos && o.tid === tid);
      let prev = -1;
      for (let p = pos - 1; p >= 0; p--) if (want[p].tid === tid) { prev = p; break; }
      expect(await s.sameThread(pos, false), `after ${pos}`).toBe(next);
      expect(await s.sameThread(pos, true), `before ${pos}`).toBe(prev);
    }
    expect(await s.sameThread(-1, false)).toBe(-1);
    expect(await s.sameThread(want.length, true)).toBe(-1);
  });
});

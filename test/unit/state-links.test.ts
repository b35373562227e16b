// The enter/exit link of an event is kept in 2 bytes: the distance to the linked event, or, when the
// distance does not fit (a thread blocked while thousands of other events went by), the link in a side
// map. An exit's evt.latency comes from its link: here exits at distances around and far past that limit
// must give the time since their own enter, like near ones.
import { describe, it, expect } from 'vitest';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { PPME_SYSCALL_READ_E, PPME_SYSCALL_READ_X } from '../../engine/generated/schema.ts';

async function* once(bytes: Uint8Array) { yield bytes; }

describe('enter/exit links', () => {
  it('exits far from their enters keep their latency', async () => {
    const w = new ScapWriter();
    w.shb();
    w.machineInfo({ numCpus: 2, memoryBytes: 1n << 32n, maxPid: 32768n, hostname: 'links' });
    w.processList([
      { tid: 1n, pid: 1n, ptid: 0n, comm: 'init', exe: '/sbin/init', args: [], cwd: '/', uid: 0, gid: 0, sid: 1n, vpgid: 1n },
      { tid: 100n, pid: 100n, ptid: 1n, comm: 'reader', exe: '/bin/reader', args: [], cwd: '/', uid: 0, gid: 0, sid: 1n, vpgid: 1n },
    ]);
    let ts = 1_000_000_000n;
    let num = 0;
    /** Expected evt.latency by event number (1-based), from the timestamps written. */
    const expected = new Map<number, bigint>();
    const read = (tid: bigint, enterTs: bigint | null): bigint => {
      ts += 1000n;
      num++;
      if (enterTs === null) {
        w.event({ ts, tid, cpu: 0, type: PPME_SYSCALL_READ_E, params: [P.i64(0), P.u32(16)] });
      } else {
        w.event({ ts, tid, cpu: 0, type: PPME_SYSCALL_READ_X, params: [P.i64(3), P.bytes('abc')] });
        expected.set(num, ts - enterTs);
      }
      return ts;
    };
    // Thread 100 enters a read, then thread 1 makes `gap` events, then thread 100's exit: distances
    // (enter to exit: gap + 1) just under, at and past what 2 bytes hold (8191), and far past it.
    const farExits: number[] = [];
    for (const gap of [10, 8186, 8188, 8190, 8192, 8194, 20000]) {
      const enter = read(100n, null);
      for (let k = 0; k < gap; k += 2) { const e = read(1n, null); read(1n, e); }
      read(100n, enter);
      farExits.push(num);
    }
    const cap = await Capture.load(await nodeEngine(), once(w.result()));
    const latency = new Map<number, bigint>();
    for (const line of cap.formatText({ format: '*%evt.num %evt.latency' }).split('\n').filter(Boolean)) {
      const [n, l] = line.split(' ');
      if (expected.has(Number(n))) latency.set(Number(n), BigInt(l));
    }
    expect(latency.size).toBe(expected.size);
    expect(latency).toEqual(expected);
    // the far ones are not all equal by chance: their latencies grow with the gap
    const far = farExits.map((n) => latency.get(n));
    expect(new Set(far.map(String)).size).toBe(far.length);
  });
});

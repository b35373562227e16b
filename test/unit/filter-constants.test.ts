// 64-bit constants in plans: the evaluator reads them as two u32 words. A read that sign-extended the low
// word turned every constant with bit 31 set into another number (evt.rawtime = T matched nothing), so
// compare checks on index columns and generic leaves against the printed values, for constants that
// have bit 31 set and for ones that do not.
import { describe, it, expect, beforeAll } from 'vitest';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';

let cap: Capture;
let rows: { num: number; ts: bigint }[];
beforeAll(async () => {
  cap = await openCaptureFile('samples/captures/ping_sendto.scap');
  rows = cap.formatText({ format: '%evt.num %evt.rawtime' }).trim().split('\n').map((l) => {
    const [n, t] = l.split(' ');
    return { num: Number(n), ts: BigInt(t) };
  });
});

const nums = (expr: string) => {
  const r = cap.filter(expr);
  if (!r.ok) throw new Error(r.error.message);
  return Array.from(r.indices, (i) => i + 1);
};

describe('64-bit constants', () => {
  it('evt.rawtime = T selects exactly the events stamped T (index-column check and generic leaf)', () => {
    const lowBit31 = rows.filter((r) => (r.ts & 0x80000000n) !== 0n);
    expect(lowBit31.length).toBeGreaterThan(0);
    for (const r of rows) {
      const want = rows.filter((x) => x.ts === r.ts).map((x) => x.num);
      expect(nums(`evt.rawtime = ${r.ts}`), String(r.ts)).toEqual(want);
      expect(nums(`evt.rawtime in (${r.ts}, 1)`)).toEqual(want);
      // through the generic leaf (a transformer keeps it off the index-column path)
      expect(nums(`evt.around[${r.ts}] = 0`)).toEqual(want);
    }
  });

  it('ordered comparisons across 2^31 and 2^32', () => {
    const all = rows.map((r) => r.num);
    for (const c of [2147483647n, 2147483648n, 4294967295n, 4294967296n]) expect(nums(`evt.rawtime > ${c}`)).toEqual(all);
    const mid = rows[Math.floor(rows.length / 2)].ts;
    expect(nums(`evt.rawtime >= ${mid}`)).toEqual(rows.filter((r) => r.ts >= mid).map((r) => r.num));
    expect(nums(`evt.rawtime < ${mid}`)).toEqual(rows.filter((r) => r.ts < mid).map((r) => r.num));
  });
});

describe('evt.type as printed', () => {
  it('a generic event of an unknown syscall is "<unknown>" for filters with transformers too', async () => {
    const c = await openCaptureFile('samples/captures/cat_write.scap');
    const printed = c.formatText({ format: '%evt.num %evt.type' }).trim().split('\n').map((l) => l.split(' '));
    const unknown = printed.filter(([, t]) => t === '<unknown>').map(([n]) => Number(n));
    expect(unknown.length).toBeGreaterThan(0);
    for (const f of ['toupper(evt.type) = "<UNKNOWN>"', 'tolower(evt.type) = "<unknown>"', 'len(evt.type) = 9 and toupper(evt.type) contains "<UNK"']) {
      const r = c.filter(f);
      if (!r.ok) throw new Error(r.error.message);
      const want = printed.filter(([, t]) => t.toLowerCase() === '<unknown>' || (f.includes('len') && t.length === 9 && t.toUpperCase().includes('<UNK'))).map(([n]) => Number(n));
      expect(Array.from(r.indices, (i) => i + 1), f).toEqual(want);
    }
  });
});

describe('\\xHH escapes', () => {
  it('stand for single bytes, also >= 0x80; the same character typed as text is UTF-8', async () => {
    const { ScapWriter, P } = await import('../../engine/scap/writer.ts');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const w = new ScapWriter();
    w.shb();
    w.machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'h' });
    w.processList([{ tid: 42n, pid: 42n, ptid: 1n, comm: 'cat', exe: '/usr/bin/cat', args: [], cwd: '/', uid: 0, gid: 0 }]);
    const t0 = 1_700_000_000_000_000_000n;
    // open exits (fd, name, flags, mode, dev, ino): fs.path.nameraw prints the path's bytes as they are
    const open = (ts: bigint, name: Uint8Array) =>
      w.event({ ts, tid: 42n, cpu: 0, type: 3, params: [P.i64(3), name, P.u32(1), P.u32(0), P.u32(0), P.u64(0)] });
    open(t0, Uint8Array.of(0x2f, 0x62, 0xff, 0x63, 0)); // "/b\xffc": not UTF-8
    open(t0 + 1n, new TextEncoder().encode('/bÿc\0')); // "/bÿc" as UTF-8 (c3 bf)
    const dir = mkdtempSync(join(tmpdir(), 'scapula-xhh-'));
    try {
      const path = join(dir, 'xhh.scap');
      writeFileSync(path, w.result());
      const c = await openCaptureFile(path);
      const hit = (f: string) => { const r = c.filter(f); if (!r.ok) throw new Error(r.error.message); return Array.from(r.indices, (i) => i + 1); };
      expect(hit('fs.path.nameraw contains "b\\xffc"')).toEqual([1]);
      expect(hit('fs.path.nameraw = "/b\\xffc"')).toEqual([1]);
      expect(hit('fs.path.nameraw contains "bÿc"')).toEqual([2]);
      expect(hit('fs.path.nameraw contains "b\\xc3\\xbfc"')).toEqual([2]);
      expect(hit('fs.path.nameraw startswith "/b\\x7f"')).toEqual([]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('long constant lists', () => {
  it('a 32,000-item in-list compiles and answers like the one-item lists it is made of', async () => {
    const c = await openCaptureFile('samples/captures/open-multiple-files.scap');
    const run = (f: string) => { const r = c.filter(f); if (!r.ok) throw new Error(r.error.message); return Array.from(r.indices); };
    const names = Array.from({ length: 32_000 }, (_, i) => `/tmp/file-${i}`);
    const printed = c.formatText({ format: '%fd.name' }).trim().split('\n');
    const real = [...new Set(printed.filter((n) => n && n !== '<NA>'))].slice(0, 20);
    expect(real.length).toBeGreaterThan(0);
    const list = [...names.slice(0, 16_000), ...real, ...names.slice(16_000)];
    const want = run(real.map((x) => `fd.name = ${JSON.stringify(x)}`).join(' or '));
    expect(want.length).toBeGreaterThan(0);
    expect(run(`fd.name in (${list.map((x) => JSON.stringify(x)).join(', ')})`)).toEqual(want);
  });
});

// Builds a large, deterministic, realistic capture for benchmarks by replaying the real sample captures:
// every replay instance gets its own copy of the source's processes (process list), their open fds
// (fd lists) and its events, with thread ids remapped (header tid and PT_PID params), timestamps laid
// out monotonically with seeded gaps and CPUs spread out. Old-format events are re-encoded with the
// current 26-byte header. The result is what sysdig 0.29.3 reads (checked by test/golden/read-synth).
import { PPME_PROCINFO_E, PPME_CONTAINER_JSON_E, PPME_CONTAINER_JSON_2_E } from '../../generated/schema.ts';
import { readFileSync, readdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Capture } from '../../capture.ts';
import { nodeEngine } from '../capture-file.ts';
import { ScapWriter, type ThreadEntry, ByteSink } from '../../scap/writer.ts';
import { readMetadata, type CaptureMetadata } from '../../scap/metadata.ts';
import { EVENT_FLAGS_LARGE } from '../../scap/large.ts';
import { mulberry32 } from '../../scap/seeded-random.ts';

interface Template {
  type: number;
  tid: bigint;
  cpu: number;
  nparams: number;
  /** Length array + values, current encoding. */
  body: Uint8Array;
  /** Offsets (in body) of 8-byte PT_PID params to remap. */
  pidAt: number[];
  large: boolean;
}

interface Source { name: string; md: CaptureMetadata; templates: Template[] }

const events = JSON.parse(readFileSync(new URL('../../../schema/events.json', import.meta.url), 'utf8')) as
  { code: number; category: string; params: { type: string }[] }[];

// sysdig hides and re-derives these
const SKIP_TYPES = new Set([PPME_PROCINFO_E, PPME_CONTAINER_JSON_E, PPME_CONTAINER_JSON_2_E]);

async function* once(b: Uint8Array) { yield b; }

async function loadSource(path: string): Promise<Source> {
  const file = readFileSync(path);
  const raw = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
  const cap = await Capture.load(await nodeEngine(), once(raw));
  const ix = cap.index;
  const templates: Template[] = [];
  for (let i = 0; i < cap.eventCount; i++) {
    const type = ix.type(i);
    if (SKIP_TYPES.has(type) || type >= events.length || ix.stateOnly(i)) continue;
    const ranges = cap.paramRanges(i);
    const large = EVENT_FLAGS_LARGE.has(type);
    const sink = new ByteSink(256);
    for (const [, l] of ranges) { if (large) sink.u32(l); else sink.u16(l); }
    const pidAt: number[] = [];
    const ptypes = events[type].params;
    ranges.forEach(([off, l], k) => {
      if (ptypes[k]?.type === 'PT_PID' && l === 8) pidAt.push(sink.len);
      sink.bytes(raw.subarray(off, off + l));
    });
    templates.push({ type, tid: ix.tid(i), cpu: ix.cpu(i), nparams: ranges.length, body: sink.result().slice(), pidAt, large });
  }
  return { name: path, md: readMetadata(raw), templates };
}

export interface SynthOptions { events: number; seed: number; out: string; sourcesDir?: string; instances?: number }

/** Writes the synthetic capture to `out`; returns the number of events written. */
export async function synthesize(opts: SynthOptions): Promise<number> {
  const dir = opts.sourcesDir ?? join(new URL('../../../samples/captures', import.meta.url).pathname);
  const names = readdirSync(dir).filter((f) => f.endsWith('.scap')).sort();
  const sources: Source[] = [];
  for (const n of names) {
    const s = await loadSource(join(dir, n));
    if (s.templates.length) sources.push(s);
  }
  if (!sources.length) throw new Error(`no replayable events in ${dir}`);
  const P = opts.instances ?? 16;
  const rand = mulberry32(opts.seed);
  const offset = (s: number, k: number) => BigInt((s * P + k + 1) * 1_000_000);
  // Every real thread id moves to the instance's range; 0 and -1 (no thread) stay.
  const remap = (tid: bigint, _known: Set<bigint>, off: bigint) => (tid > 0n ? tid + off : tid);

  const wr = new ScapWriter();
  wr.shb();
  const m = sources.find((s) => s.md.machine)?.md.machine;
  wr.machineInfo(m ?? { numCpus: 4, memoryBytes: 8n << 30n, maxPid: 4194304n, hostname: 'scapula-synth' });
  const first = sources.find((s) => s.md.users.length)?.md;
  if (first) wr.userList(first.users, first.groups);
  const known = sources.map((s) => new Set(s.md.threads.map((t) => t.tid)));
  const threads: ThreadEntry[] = [];
  sources.forEach((s, si) => {
    for (let k = 0; k < P; k++) {
      const off = offset(si, k);
      for (const t of s.md.threads) {
        threads.push({ ...t, tid: t.tid + off, pid: remap(t.pid, known[si], off), ptid: remap(t.ptid, known[si], off),
          vtid: t.vtid, vpid: t.vpid });
      }
    }
  });
  wr.processList(threads);
  sources.forEach((s, si) => {
    for (let k = 0; k < P; k++) {
      const off = offset(si, k);
      for (const f of s.md.fdLists) wr.fdList(remap(f.tid, known[si], off), f.fds);
    }
  });

  const fd = openSync(opts.out, 'w');
  const flush = (force: boolean) => {
    if (force || wr.out.len > (16 << 20)) { const b = wr.drain(); writeSync(fd, b); }
  };
  let ts = 1_700_000_000_000_000_000n;
  let written = 0;
  const scratch = new ByteSink(1 << 16);
  try {
    outer:
    for (;;) {
      for (let k = 0; k < P; k++) {
        for (let si = 0; si < sources.length; si++) {
          const s = sources[si];
          const off = offset(si, k);
          for (const t of s.templates) {
            if (written >= opts.events) break outer;
            ts += BigInt(1 + Math.floor(rand() * 5000));
            let body = t.body;
            if (t.pidAt.length) {
              scratch.len = 0; scratch.bytes(t.body); body = scratch.buf.subarray(0, t.body.length);
              for (const at of t.pidAt) {
                const v = scratch.view.getBigInt64(at, true);
                scratch.view.setBigInt64(at, remap(v, known[si], off), true);
              }
            }
            const cpu = (t.cpu + k) % (m?.numCpus || 4);
            wr.eventRaw(ts, remap(t.tid, known[si], off), cpu, t.type, t.nparams, body, t.large);
            written++;
            flush(false);
          }
        }
      }
    }
    flush(true);
  } finally {
    closeSync(fd);
  }
  return written;
}

// The .scap writer (engine/scap/writer.ts): block framing checked byte by byte, and the output read back
// by the real sysdig 0.29.3 and tshark when they are installed (they are the oracles of what a writer
// must emit, docs/scap-format.md §6).
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScapWriter, P, pluginEvent, BLOCK } from '../../engine/scap/writer.ts';

interface Block { type: number; off: number; len: number; body: Uint8Array }

/** An independent walker: checks every block's trailer and padding. */
function blocks(b: Uint8Array): Block[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Block[] = [];
  for (let off = 0; off < b.length;) {
    const type = v.getUint32(off, true);
    const len = v.getUint32(off + 4, true);
    expect(len % 4, `block at ${off} padded`).toBe(0);
    expect(v.getUint32(off + len - 4, true), `trailer at ${off}`).toBe(len);
    out.push({ type, off, len, body: b.subarray(off + 8, off + len - 4) });
    off += len;
  }
  return out;
}

function sample(): Uint8Array {
  const w = new ScapWriter();
  w.machineInfo({ hostname: 'writer-test', numCpus: 4, memoryBytes: 8n << 30n });
  w.interfaces([{ family: 'ipv4', name: 'eth0', addr: Uint8Array.of(10, 0, 0, 1), netmask: Uint8Array.of(255, 255, 255, 0), bcast: Uint8Array.of(10, 0, 0, 255) }]);
  w.users([{ kind: 'user', uid: 1000, gid: 1000, name: 'alice', home: '/home/alice', shell: '/bin/bash' }, { kind: 'group', gid: 1000, name: 'alice' }]);
  w.processes([{ tid: 4242, pid: 4242, ptid: 1, comm: 'cat', exe: 'cat', exepath: '/usr/bin/cat', args: ['/etc/hosts'], uid: 1000, gid: 1000 }]);
  w.fds(4242, [{ fd: 3, type: 'file', name: '/etc/hosts' }]);
  w.event({ ts: 1_700_000_000_000_000_001n, tid: 4242n, type: 6, params: [P.i64(3), P.u32(100)] });
  w.event({ ts: 1_700_000_000_000_000_002n, tid: 4242n, type: 7, params: [P.i64(3), P.bytes(new TextEncoder().encode('127.0.0.1'))], flags: 0 });
  w.event(pluginEvent(1_700_000_000_000_000_003n, 1, new TextEncoder().encode('{"auditID":"x"}')));
  w.event({ ts: 1_700_000_000_000_000_004n, tid: 4242n, type: 4, params: [P.i64(3)], flags: 1 });
  return w.finish();
}

describe('scap writer', () => {
  it('emits SHB 1.2 without options, metadata before events, the right event block types', () => {
    const b = sample();
    const bl = blocks(b);
    expect(bl.map((x) => x.type)).toEqual([
      BLOCK.SHB, BLOCK.MI, BLOCK.IL_V2, BLOCK.UL_V2, BLOCK.PL_V9, BLOCK.FDL_V2,
      BLOCK.EV_V2, BLOCK.EV_V2, BLOCK.EV_V2_LARGE, BLOCK.EVF_V2,
    ]);
    expect(bl[0].len).toBe(28);
    const shb = new DataView(bl[0].body.buffer, bl[0].body.byteOffset);
    expect(shb.getUint32(0, true)).toBe(0x1a2b3c4d);
    expect([shb.getUint16(4, true), shb.getUint16(6, true)]).toEqual([1, 2]);
    expect(bl[1].len).toBe(192); // MI is always 192 bytes
  });

  it('uses u32 parameter lengths for large-payload types and u16 otherwise', () => {
    const bl = blocks(sample());
    const plug = bl[8].body;
    const pv = new DataView(plug.buffer, plug.byteOffset);
    // cpuid(2) ts(8) tid(8) len(4) type(2) nparams(4) then lengths
    expect(pv.getUint16(2 + 20, true)).toBe(322);
    expect(pv.getUint32(2 + 22, true)).toBe(2);
    expect(pv.getUint32(2 + 26, true)).toBe(4);
    expect(pv.getUint32(2 + 30, true)).toBe(15);
    expect(pv.getBigInt64(2 + 8, true)).toBe(-1n);
    const evLen = pv.getUint32(2 + 16, true);
    expect(evLen).toBe(26 + 2 * 4 + 4 + 15);
    const read = bl[6].body;
    const rv = new DataView(read.buffer, read.byteOffset);
    expect(rv.getUint32(2 + 16, true)).toBe(26 + 2 * 2 + 8 + 4);
  });

  it('refuses what readers would reject', () => {
    const w = new ScapWriter();
    expect(() => w.finish()).toThrow(/no events/);
    w.event({ ts: 1n, tid: 1n, type: 6, params: [P.i64(0), P.u32(1)] });
    expect(() => w.machineInfo({ hostname: 'late', numCpus: 1 })).toThrow(/before the first event/);
    expect(() => w.event({ ts: 1n, tid: 1n, type: 7, params: [P.i64(0), new Uint8Array(70000)] })).toThrow(/u16/);
    expect(() => w.event({ ts: 1n, tid: 1n, type: 7, params: [P.i64(0), new Uint8Array(65000), new Uint8Array(600)] })).toThrow(/64 KiB/);
    // A large-payload type takes a big payload.
    w.event(pluginEvent(2n, 2, new Uint8Array(200000).fill(0x20)));
    expect(w.finish().length).toBeGreaterThan(200000);
  });

  it('streams through onChunk with the same bytes', () => {
    const chunks: Uint8Array[] = [];
    const w = new ScapWriter({ onChunk: (c) => chunks.push(c), chunkSize: 64 });
    for (let i = 0; i < 50; i++) w.event(pluginEvent(BigInt(i + 1), 1, new TextEncoder().encode(`{"n":${i}}`)));
    w.finish();
    const all = Buffer.concat(chunks);
    const w2 = new ScapWriter();
    for (let i = 0; i < 50; i++) w2.event(pluginEvent(BigInt(i + 1), 1, new TextEncoder().encode(`{"n":${i}}`)));
    expect(Buffer.compare(all, Buffer.from(w2.finish()))).toBe(0);
  });

  const sysdig = existsSync('/usr/bin/sysdig');
  it.runIf(sysdig)('is read by sysdig 0.29.3: process, user and fd state from the metadata, hidden state-only event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-writer-'));
    const f = join(dir, 'w.scap');
    writeFileSync(f, sample());
    const out = execFileSync('sysdig', ['-r', f, '-p', '%evt.num %evt.type %proc.name %proc.exepath %user.name %fd.name %evt.args'], { encoding: 'utf8' });
    const lines = out.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe('1 read cat /usr/bin/cat alice /etc/hosts fd=3(<f>/etc/hosts) size=100 ');
    expect(lines[1]).toBe('2 read cat /usr/bin/cat alice /etc/hosts res=3 data=127.0.0.1 ');
    // The plugin event has no process; the EVF state-only close is applied but not shown.
    expect(lines.length).toBe(2);
    const all = execFileSync('sysdig', ['-r', f], { encoding: 'utf8' }).trim().split('\n');
    expect(all.length).toBe(3);
    expect(all[2]).toMatch(/^3 .*<NA>/);
  });

  it.runIf(existsSync('/usr/bin/tshark'))('is read by tshark without complaint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-writer-'));
    const f = join(dir, 'w.scap');
    writeFileSync(f, sample());
    const out = execFileSync('tshark', ['-r', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // tshark 4.0 does not show EVF blocks: 3 of the 4 events.
    expect(out.trim().split('\n').length).toBe(3);
  });
});

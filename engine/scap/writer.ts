// Writes .scap captures that sysdig 0.29.3, current libs and Wireshark/Stratoshark all read (the
// checklist of docs/scap-format.md §6): little-endian blocks padded to 4 bytes with matching trailers,
// an SHB 1.2 without options, metadata first in libscap's order (MI, IL_V2, UL_V2, PL_V9, FDL_V2), then
// EV_V2 blocks (EVF_V2 for state-only events, the LARGE variants and u32 lengths for large-payload event
// types). Used by `scapula synth`, tests and converters. Appends into one growing buffer: fast enough to
// write millions of events.
import { EVENT_FLAGS_LARGE } from './large.ts';
import * as S from '../generated/schema.ts';

/** The block types the writer emits (schema/types.json savefile constants). */
export const BT = {
  SHB: S.SHB_BLOCK_TYPE, MI: S.MI_BLOCK_TYPE, PL_V9: S.PL_BLOCK_TYPE_V9, FDL_V2: S.FDL_BLOCK_TYPE_V2, IL_V2: S.IL_BLOCK_TYPE_V2,
  UL_V2: S.UL_BLOCK_TYPE_V2, EV_V2: S.EV_BLOCK_TYPE_V2, EVF_V2: S.EVF_BLOCK_TYPE_V2, EV_V2_LARGE: S.EV_BLOCK_TYPE_V2_LARGE,
  EVF_V2_LARGE: S.EVF_BLOCK_TYPE_V2_LARGE,
} as const;

export interface ThreadEntry {
  tid: bigint; pid: bigint; ptid: bigint; sid?: bigint; vpgid?: bigint;
  comm: string; exe: string; exepath?: string; args?: string[]; cwd: string;
  fdlimit?: bigint; flags?: number; uid?: number; gid?: number;
  vmsizeKb?: number; vmrssKb?: number; vmswapKb?: number; pfmajor?: bigint; pfminor?: bigint;
  env?: string[]; vtid?: bigint; vpid?: bigint; cgroups?: string[]; root?: string; loginuid?: number;
}

/** One fd-list entry; `payload` is the type-specific bytes (§2.3) after the type byte. */
export interface FdEntry { fd: bigint; ino: bigint; type: number; payload: Uint8Array }

export interface UserEntry { uid: number; gid: number; name: string; home: string; shell: string }
export interface GroupEntry { gid: number; name: string }

const enc = new TextEncoder();

export class ByteSink {
  buf: Uint8Array;
  view: DataView;
  len = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.view = new DataView(nb.buffer);
  }

  u8(v: number): void { this.ensure(1); this.buf[this.len++] = v; }
  u16(v: number): void { this.ensure(2); this.view.setUint16(this.len, v, true); this.len += 2; }
  u32(v: number): void { this.ensure(4); this.view.setUint32(this.len, v >>> 0, true); this.len += 4; }
  u64(v: bigint): void { this.ensure(8); this.view.setBigUint64(this.len, BigInt.asUintN(64, v), true); this.len += 8; }
  bytes(b: Uint8Array): void { this.ensure(b.length); this.buf.set(b, this.len); this.len += b.length; }
  /** str16 of metadata blocks: u16 length, bytes, no NUL. */
  str16(s: string | Uint8Array): void {
    const b = typeof s === 'string' ? enc.encode(s) : s;
    this.u16(b.length); this.bytes(b);
  }
  setU32(at: number, v: number): void { this.view.setUint32(at, v >>> 0, true); }
  result(): Uint8Array { return this.buf.subarray(0, this.len); }
}

function nulList(items: string[] | undefined): Uint8Array {
  if (!items || items.length === 0) return new Uint8Array(0);
  return enc.encode(items.map((s) => s + '\0').join(''));
}

export class ScapWriter {
  readonly out = new ByteSink(1 << 20);
  private blockStart = -1;

  private begin(type: number): void {
    this.blockStart = this.out.len;
    this.out.u32(type);
    this.out.u32(0); // length, patched in end()
  }

  private end(): void {
    const o = this.out;
    while ((o.len - this.blockStart) % 4 !== 0) o.u8(0);
    const total = o.len - this.blockStart + 4;
    o.u32(total);
    o.setU32(this.blockStart + 4, total);
    this.blockStart = -1;
  }

  shb(): this {
    this.begin(BT.SHB);
    this.out.u32(0x1a2b3c4d); this.out.u16(1); this.out.u16(2); this.out.u64(0xffffffffffffffffn);
    this.end();
    return this;
  }

  machineInfo(m: { numCpus: number; memoryBytes: bigint; maxPid: bigint; hostname: string; bootTs?: bigint }): this {
    this.begin(BT.MI);
    const o = this.out;
    o.u32(m.numCpus); o.u64(m.memoryBytes); o.u64(m.maxPid);
    const h = new Uint8Array(128); h.set(enc.encode(m.hostname).subarray(0, 127)); o.bytes(h);
    o.u64(m.bootTs ?? 0n); o.u64(0n); o.u64(0n); o.u64(0n);
    this.end();
    return this;
  }

  userList(users: UserEntry[], groups: GroupEntry[]): this {
    this.begin(BT.UL_V2);
    const o = this.out;
    for (const u of users) {
      const start = o.len; o.u32(0);
      o.u8(0); o.u32(u.uid); o.u32(u.gid); o.str16(u.name); o.str16(u.home); o.str16(u.shell);
      o.setU32(start, o.len - start);
    }
    for (const g of groups) {
      const start = o.len; o.u32(0);
      o.u8(1); o.u32(g.gid); o.str16(g.name);
      o.setU32(start, o.len - start);
    }
    this.end();
    return this;
  }

  processList(threads: ThreadEntry[]): this {
    this.begin(BT.PL_V9);
    const o = this.out;
    for (const t of threads) {
      const start = o.len; o.u32(0);
      o.u64(t.tid); o.u64(t.pid); o.u64(t.ptid); o.u64(t.sid ?? 0n); o.u64(t.vpgid ?? 0n);
      o.str16(t.comm); o.str16(t.exe); o.str16(t.exepath ?? t.exe); o.str16(nulList(t.args)); o.str16(t.cwd);
      o.u64(t.fdlimit ?? 1024n); o.u32(t.flags ?? 0); o.u32(t.uid ?? 0); o.u32(t.gid ?? 0);
      o.u32(t.vmsizeKb ?? 0); o.u32(t.vmrssKb ?? 0); o.u32(t.vmswapKb ?? 0); o.u64(t.pfmajor ?? 0n); o.u64(t.pfminor ?? 0n);
      o.str16(nulList(t.env)); o.u64(t.vtid ?? t.tid); o.u64(t.vpid ?? t.pid); o.str16(nulList(t.cgroups)); o.str16(t.root ?? '/');
      o.u32(t.loginuid ?? 0xffffffff); // pre-0.10 tail: loginuid only
      o.setU32(start, o.len - start);
    }
    this.end();
    return this;
  }

  fdList(tid: bigint, fds: FdEntry[]): this {
    this.begin(BT.FDL_V2);
    const o = this.out;
    o.u64(tid);
    for (const f of fds) {
      const start = o.len; o.u32(0);
      o.u64(f.fd); o.u64(f.ino); o.u8(f.type); o.bytes(f.payload);
      o.setU32(start, o.len - start);
    }
    this.end();
    return this;
  }

  /**
   * One event. `params` are the raw parameter values (strings already NUL-terminated). State-only
   * events go in EVF blocks; large-payload types get u32 lengths and LARGE blocks.
   */
  event(e: { ts: bigint; tid: bigint; cpu: number; type: number; params: Uint8Array[]; stateOnly?: boolean }): this {
    const large = EVENT_FLAGS_LARGE.has(e.type);
    const flags = e.stateOnly ? 1 : 0;
    this.begin(large ? (flags ? BT.EVF_V2_LARGE : BT.EV_V2_LARGE) : (flags ? BT.EVF_V2 : BT.EV_V2));
    const o = this.out;
    o.u16(e.cpu);
    if (flags) o.u32(flags);
    const w = large ? 4 : 2;
    let len = 26 + w * e.params.length;
    for (const p of e.params) len += p.length;
    o.u64(e.ts); o.u64(e.tid); o.u32(len); o.u16(e.type); o.u32(e.params.length);
    for (const p of e.params) { if (large) o.u32(p.length); else o.u16(p.length); }
    for (const p of e.params) o.bytes(p);
    this.end();
    return this;
  }

  /** An event whose length array and values are already encoded (fast path for replaying templates). */
  eventRaw(ts: bigint, tid: bigint, cpu: number, type: number, nparams: number, body: Uint8Array, large: boolean, stateOnly = false): void {
    this.begin(large ? (stateOnly ? BT.EVF_V2_LARGE : BT.EV_V2_LARGE) : (stateOnly ? BT.EVF_V2 : BT.EV_V2));
    const o = this.out;
    o.u16(cpu);
    if (stateOnly) o.u32(1);
    o.u64(ts); o.u64(tid); o.u32(26 + body.length); o.u16(type); o.u32(nparams);
    o.bytes(body);
    this.end();
  }

  result(): Uint8Array { return this.out.result(); }

  /** Hands out what was written so far and starts over (for streaming large files to disk). */
  drain(): Uint8Array {
    const b = this.out.buf.slice(0, this.out.len);
    this.out.len = 0;
    return b;
  }
}

/** Parameter value encoders. */
export const P = {
  u8: (v: number) => Uint8Array.of(v),
  u16: (v: number) => { const b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, v, true); return b; },
  u32: (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; },
  u64: (v: bigint | number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true); return b; },
  i64: (v: bigint | number) => P.u64(BigInt.asUintN(64, BigInt(v))),
  /** CHARBUF/FSPATH: bytes plus NUL. */
  str: (s: string) => enc.encode(s + '\0'),
  bytes: (b: Uint8Array | string) => (typeof b === 'string' ? enc.encode(b) : b),
  empty: () => new Uint8Array(0),
  ipv4: (ip: string) => Uint8Array.from(ip.split('.').map(Number)),
  /** PT_SOCKADDR inet: family 2, ip, port (host order). */
  sockaddr4: (ip: string, port: number) => { const b = new Uint8Array(7); b[0] = 2; b.set(P.ipv4(ip), 1); new DataView(b.buffer).setUint16(5, port, true); return b; },
  /** PT_SOCKTUPLE inet: family 2, sip, sport, dip, dport. */
  tuple4: (sip: string, sport: number, dip: string, dport: number) => {
    const b = new Uint8Array(13); const v = new DataView(b.buffer);
    b[0] = 2; b.set(P.ipv4(sip), 1); v.setUint16(5, sport, true); b.set(P.ipv4(dip), 7); v.setUint16(11, dport, true);
    return b;
  },
};

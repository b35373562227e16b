// A general .scap writer, following docs/scap-format.md §6 ("what a writer must emit") so that sysdig
// 0.29.3, current libs and Wireshark/Stratoshark all read the result: little endian, SHB 1.2 without
// options, metadata blocks (MI, IL_V2, UL_V2, PL_V9, FDL_V2) before the first event, events in EV_V2 /
// EVF_V2 blocks, or EV_V2_LARGE / EVF_V2_LARGE with u32 parameter lengths for EF_LARGE_PAYLOAD types,
// every block zero-padded to 4 bytes with a matching trailer. It is shared: `convert` writes plugin events
// with it, the DECODER's `synth` and the recorder's rule trigger write syscall captures with it.
//
// Usage:
//   const w = new ScapWriter();                       // or new ScapWriter({ onChunk }) to stream
//   w.machineInfo({ hostname: 'h', numCpus: 2 });     // optional metadata, before any event
//   w.event({ ts, tid: -1n, type: 322, params: [P.u32(1), P.bytes(json)] });
//   const bytes = w.finish();
import { EVENT_FLAGS, EVENT_NAMES } from '../generated/schema.ts';

export const BLOCK = {
  SHB: 0x0a0d0d0a,
  MI: 0x201,
  IL_V2: 0x219,
  UL_V2: 0x220,
  PL_V9: 0x215,
  FDL_V2: 0x218,
  EV_V2: 0x216,
  EVF_V2: 0x217,
  EV_V2_LARGE: 0x221,
  EVF_V2_LARGE: 0x222,
} as const;

const EF_LARGE_PAYLOAD = 2048;
/** libscap reads non-LARGE event blocks into a 64 KiB buffer. */
const MAX_SMALL_BLOCK_BODY = 65536;
const MAX_META_STR = 1023;
const MAX_META_LIST = 4095;

const utf8 = new TextEncoder();

/** Parameter value encoders (little endian, strings NUL-terminated as libscap stores them). */
export const P = {
  u8: (v: number) => Uint8Array.of(v & 0xff),
  u16: (v: number) => { const b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, v, true); return b; },
  u32: (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; },
  i32: (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v, true); return b; },
  u64: (v: bigint | number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true); return b; },
  i64: (v: bigint | number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(v)), true); return b; },
  /** A string parameter (CHARBUF, FSPATH): UTF-8 plus the terminating NUL. */
  str: (s: string) => { const e = utf8.encode(s); const b = new Uint8Array(e.length + 1); b.set(e); return b; },
  /** A buffer parameter (BYTEBUF) as is. */
  bytes: (b: Uint8Array) => b,
  /** A zero-length parameter: "absent" for every type (§3.4). */
  empty: () => new Uint8Array(0),
};

export interface MachineInfo {
  numCpus: number;
  memoryBytes?: bigint | number;
  maxPid?: bigint | number;
  hostname: string;
  /** ns since epoch */
  bootTimeNs?: bigint;
}

export interface InterfaceEntry {
  family: 'ipv4' | 'ipv6';
  name: string;
  /** 4 or 16 raw bytes in network order. */
  addr: Uint8Array;
  netmask: Uint8Array;
  bcast: Uint8Array;
  linkSpeed?: bigint | number;
}

export type UserListEntry =
  | { kind: 'user'; uid: number; gid: number; name: string; home: string; shell: string }
  | { kind: 'group'; gid: number; name: string };

/** One thread of the process list (PL_V9 with the full current tail). */
export interface ThreadEntry {
  tid: bigint | number;
  pid: bigint | number;
  ptid: bigint | number;
  sid?: bigint | number;
  vpgid?: bigint | number;
  comm: string;
  exe: string;
  exepath?: string;
  args?: string[];
  cwd?: string;
  fdlimit?: bigint | number;
  flags?: number;
  uid?: number;
  gid?: number;
  vmsizeKb?: number;
  vmrssKb?: number;
  vmswapKb?: number;
  pfMajor?: bigint | number;
  pfMinor?: bigint | number;
  env?: string[];
  vtid?: bigint | number;
  vpid?: bigint | number;
  cgroups?: string[];
  root?: string;
  pidnsInitStartTs?: bigint | number;
  tty?: number;
  loginuid?: number;
  exeWritable?: boolean;
  capInheritable?: bigint | number;
  capPermitted?: bigint | number;
  capEffective?: bigint | number;
  exeUpperLayer?: boolean;
  exeIno?: bigint | number;
  exeInoCtime?: bigint | number;
  exeInoMtime?: bigint | number;
  exeFromMemfd?: boolean;
  exeLowerLayer?: boolean;
  pgid?: bigint | number;
}

/** scap_fd_type values (§2.3). */
export const FD_TYPE = {
  FILE: 1, DIRECTORY: 2, IPV4_SOCK: 3, IPV6_SOCK: 4, IPV4_SERVSOCK: 5, IPV6_SERVSOCK: 6, FIFO: 7, UNIX_SOCK: 8,
  EVENT: 9, UNSUPPORTED: 10, SIGNALFD: 11, EVENTPOLL: 12, INOTIFY: 13, TIMERFD: 14, NETLINK: 15, FILE_V2: 16,
  BPF: 17, USERFAULTFD: 18, IOURING: 19, MEMFD: 20, PIDFD: 21,
} as const;

export type FdEntry =
  | { fd: number | bigint; ino?: bigint | number; type: 'file'; name: string; openFlags?: number; dev?: number }
  | { fd: number | bigint; ino?: bigint | number; type: 'named'; fdType: number; name: string }
  | { fd: number | bigint; ino?: bigint | number; type: 'ipv4'; sip: Uint8Array; dip: Uint8Array; sport: number; dport: number; l4proto: number }
  | { fd: number | bigint; ino?: bigint | number; type: 'ipv6'; sip: Uint8Array; dip: Uint8Array; sport: number; dport: number; l4proto: number }
  | { fd: number | bigint; ino?: bigint | number; type: 'ipv4-server'; ip: Uint8Array; port: number; l4proto: number }
  | { fd: number | bigint; ino?: bigint | number; type: 'ipv6-server'; ip: Uint8Array; port: number; l4proto: number }
  | { fd: number | bigint; ino?: bigint | number; type: 'unix'; source: bigint; dest: bigint; name: string };

export interface EventSpec {
  /** ns since epoch */
  ts: bigint;
  /** -1n for events without a thread (plugin events) */
  tid: bigint;
  /** event code from schema/events.json */
  type: number;
  params: Uint8Array[];
  cpu?: number;
  /** EVF flags; 1 = state-only (written as EVF_V2 / EVF_V2_LARGE) */
  flags?: number;
}

export interface WriterOptions {
  /** Receives the output as it is produced (else finish() returns it all). */
  onChunk?: (chunk: Uint8Array) => void;
  /** Flush to onChunk when this many bytes are buffered. */
  chunkSize?: number;
}

/** True when parameter lengths of event type `type` are u32 (EF_LARGE_PAYLOAD). */
export function isLargePayload(type: number): boolean {
  return ((EVENT_FLAGS[type] ?? 0) & EF_LARGE_PAYLOAD) !== 0;
}

/** Growable little-endian byte builder. */
class Buf {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  len = 0;
  ensure(n: number): void {
    if (this.len + n <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.len));
    this.bytes = b;
    this.view = new DataView(b.buffer);
  }
  u8(v: number) { this.ensure(1); this.bytes[this.len++] = v & 0xff; }
  u16(v: number) { this.ensure(2); this.view.setUint16(this.len, v, true); this.len += 2; }
  u32(v: number) { this.ensure(4); this.view.setUint32(this.len, v >>> 0, true); this.len += 4; }
  u64(v: bigint | number) { this.ensure(8); this.view.setBigUint64(this.len, BigInt.asUintN(64, BigInt(v)), true); this.len += 8; }
  i64(v: bigint | number) { this.ensure(8); this.view.setBigInt64(this.len, BigInt.asIntN(64, BigInt(v)), true); this.len += 8; }
  raw(b: Uint8Array) { this.ensure(b.length); this.bytes.set(b, this.len); this.len += b.length; }
  zeros(n: number) { this.ensure(n); this.bytes.fill(0, this.len, this.len + n); this.len += n; }
  setU32(at: number, v: number) { this.view.setUint32(at, v >>> 0, true); }
}

function checkedUtf8(s: string, max: number, what: string): Uint8Array {
  const e = utf8.encode(s);
  if (e.length > max) throw new Error(`${what} is ${e.length} bytes; readers accept at most ${max}`);
  return e;
}

function str16(b: Buf, s: string, max: number, what: string): void {
  const e = checkedUtf8(s, max, what);
  b.u16(e.length);
  b.raw(e);
}

/** NUL-separated list (args, env, cgroups), each item NUL-terminated. */
function list16(b: Buf, items: string[] | undefined, what: string): void {
  const e = utf8.encode((items ?? []).map((x) => x + '\0').join(''));
  if (e.length > MAX_META_LIST) throw new Error(`${what} is ${e.length} bytes; readers accept at most ${MAX_META_LIST}`);
  b.u16(e.length);
  b.raw(e);
}

export class ScapWriter {
  private out = new Buf();
  private eventsWritten = 0;
  private readonly onChunk?: (chunk: Uint8Array) => void;
  private readonly chunkSize: number;
  private finished = false;

  constructor(opts: WriterOptions = {}) {
    this.onChunk = opts.onChunk;
    this.chunkSize = opts.chunkSize ?? 1 << 20;
    // SHB: magic, version 1.2, section length unknown (-1), no options (old readers fail on them).
    this.block(BLOCK.SHB, (b) => {
      b.u32(0x1a2b3c4d);
      b.u16(1);
      b.u16(2);
      b.u64(0xffffffffffffffffn);
    });
  }

  /** Number of events written so far. */
  get events(): number {
    return this.eventsWritten;
  }

  private metadata(what: string): void {
    if (this.finished) throw new Error('writer already finished');
    if (this.eventsWritten > 0) throw new Error(`${what} must come before the first event (libscap reads metadata only there)`);
  }

  /** Writes one block: header, body from `fill`, zero padding to 4 bytes, trailer. */
  private block(type: number, fill: (b: Buf) => void): number {
    const b = this.out;
    const start = b.len;
    b.u32(type);
    b.u32(0);
    fill(b);
    const pad = (4 - ((b.len - start) % 4)) % 4;
    b.zeros(pad);
    const total = b.len - start + 4;
    b.u32(total);
    b.setU32(start + 4, total);
    if (this.onChunk && b.len >= this.chunkSize) this.flush();
    return total;
  }

  private flush(): void {
    if (!this.onChunk || this.out.len === 0) return;
    this.onChunk(this.out.bytes.slice(0, this.out.len));
    this.out.len = 0;
  }

  machineInfo(mi: MachineInfo): void {
    this.metadata('machine info');
    this.block(BLOCK.MI, (b) => {
      b.u32(mi.numCpus);
      b.u64(mi.memoryBytes ?? 0);
      b.u64(mi.maxPid ?? 0);
      const host = checkedUtf8(mi.hostname, 127, 'hostname');
      b.raw(host);
      b.zeros(128 - host.length);
      b.u64(mi.bootTimeNs ?? 0n);
      b.u64(0); // flags
      b.u64(0);
      b.u64(0);
    });
  }

  interfaces(list: InterfaceEntry[]): void {
    this.metadata('interface list');
    this.block(BLOCK.IL_V2, (b) => {
      for (const it of list) {
        const n = checkedUtf8(it.name, MAX_META_STR, 'interface name');
        const alen = it.family === 'ipv4' ? 4 : 16;
        for (const a of [it.addr, it.netmask, it.bcast]) {
          if (a.length !== alen) throw new Error(`interface ${it.name}: ${it.family} addresses are ${alen} bytes`);
        }
        b.u32(2 + 2 + alen * 3 + 8 + n.length); // IL_V2 entry_len excludes itself
        b.u16(it.family === 'ipv4' ? 1 : 2);
        b.u16(n.length);
        b.raw(it.addr);
        b.raw(it.netmask);
        b.raw(it.bcast);
        b.u64(it.linkSpeed ?? 0);
        b.raw(n);
      }
    });
  }

  users(list: UserListEntry[]): void {
    this.metadata('user list');
    this.block(BLOCK.UL_V2, (b) => {
      for (const u of list) {
        const start = b.len;
        b.u32(0);
        if (u.kind === 'user') {
          b.u8(0);
          b.u32(u.uid);
          b.u32(u.gid);
          str16(b, u.name, 255, 'user name');
          str16(b, u.home, 255, 'home directory');
          str16(b, u.shell, 255, 'shell');
        } else {
          b.u8(1);
          b.u32(u.gid);
          str16(b, u.name, 255, 'group name');
        }
        b.setU32(start, b.len - start); // UL_V2 entry_len counts itself
      }
    });
  }

  processes(threads: ThreadEntry[]): void {
    this.metadata('process list');
    this.block(BLOCK.PL_V9, (b) => {
      for (const t of threads) {
        const start = b.len;
        b.u32(0);
        b.u64(t.tid);
        b.u64(t.pid);
        b.u64(t.ptid);
        b.i64(t.sid ?? -1);
        b.i64(t.vpgid ?? -1);
        str16(b, t.comm, MAX_META_STR, 'comm');
        str16(b, t.exe, MAX_META_STR, 'exe');
        str16(b, t.exepath ?? t.exe, MAX_META_STR, 'exepath');
        list16(b, t.args, 'args');
        str16(b, t.cwd ?? '/', MAX_META_STR, 'cwd');
        b.i64(t.fdlimit ?? 1024);
        b.u32(t.flags ?? 0);
        b.u32(t.uid ?? 0);
        b.u32(t.gid ?? 0);
        b.u32(t.vmsizeKb ?? 0);
        b.u32(t.vmrssKb ?? 0);
        b.u32(t.vmswapKb ?? 0);
        b.u64(t.pfMajor ?? 0);
        b.u64(t.pfMinor ?? 0);
        list16(b, t.env, 'env');
        b.i64(t.vtid ?? t.tid);
        b.i64(t.vpid ?? t.pid);
        list16(b, t.cgroups, 'cgroups');
        str16(b, t.root ?? '/', MAX_META_STR, 'root');
        // The current (libs >= 0.10) tail, 76 bytes.
        b.u64(t.pidnsInitStartTs ?? 0);
        b.u32(t.tty ?? 0);
        b.u32(t.loginuid ?? 0xffffffff);
        b.u8(t.exeWritable ? 1 : 0);
        b.u64(t.capInheritable ?? 0);
        b.u64(t.capPermitted ?? 0);
        b.u64(t.capEffective ?? 0);
        b.u8(t.exeUpperLayer ? 1 : 0);
        b.u64(t.exeIno ?? 0);
        b.u64(t.exeInoCtime ?? 0);
        b.u64(t.exeInoMtime ?? 0);
        b.u8(t.exeFromMemfd ? 1 : 0);
        b.u8(t.exeLowerLayer ? 1 : 0);
        b.i64(t.pgid ?? -1);
        b.setU32(start, b.len - start); // PL_V9 entry_len counts itself
      }
    });
  }

  /** The fd table of one process (write after processes()). */
  fds(tid: bigint | number, list: FdEntry[]): void {
    this.metadata('fd list');
    this.block(BLOCK.FDL_V2, (b) => {
      b.u64(tid);
      for (const f of list) {
        const start = b.len;
        b.u32(0);
        b.i64(f.fd);
        b.u64(f.ino ?? 0);
        switch (f.type) {
          case 'file':
            b.u8(FD_TYPE.FILE_V2);
            b.u32(f.openFlags ?? 0);
            str16(b, f.name, MAX_META_STR, 'fd name');
            b.u32(f.dev ?? 0);
            break;
          case 'named':
            b.u8(f.fdType);
            str16(b, f.name, MAX_META_STR, 'fd name');
            break;
          case 'ipv4':
          case 'ipv6':
            b.u8(f.type === 'ipv4' ? FD_TYPE.IPV4_SOCK : FD_TYPE.IPV6_SOCK);
            b.raw(f.sip);
            b.raw(f.dip);
            b.u16(f.sport);
            b.u16(f.dport);
            b.u8(f.l4proto);
            break;
          case 'ipv4-server':
          case 'ipv6-server':
            b.u8(f.type === 'ipv4-server' ? FD_TYPE.IPV4_SERVSOCK : FD_TYPE.IPV6_SERVSOCK);
            b.raw(f.ip);
            b.u16(f.port);
            b.u8(f.l4proto);
            break;
          case 'unix':
            b.u8(FD_TYPE.UNIX_SOCK);
            b.u64(f.source);
            b.u64(f.dest);
            str16(b, f.name, MAX_META_STR, 'fd name');
            break;
        }
        b.setU32(start, b.len - start); // FDL_V2 entry_len counts itself
      }
    });
  }

  /** Writes one event; the block type and parameter length width follow the event type (§2.6). */
  event(ev: EventSpec): void {
    if (this.finished) throw new Error('writer already finished');
    if (!Number.isInteger(ev.type) || ev.type < 0 || ev.type > 0xffff) throw new Error(`bad event type ${ev.type}`);
    const large = isLargePayload(ev.type);
    const width = large ? 4 : 2;
    const flags = ev.flags ?? 0;
    let dataLen = 0;
    for (const p of ev.params) {
      if (!large && p.length > 0xffff) {
        throw new Error(`${EVENT_NAMES[ev.type] ?? ev.type}: parameter of ${p.length} bytes does not fit a u16 length`);
      }
      dataLen += p.length;
    }
    const evLen = 26 + ev.params.length * width + dataLen;
    if (evLen > 0xffffffff) throw new Error('event larger than 4 GiB');
    const body = (flags ? 6 : 2) + evLen;
    const total = 8 + body + ((4 - (body % 4)) % 4) + 4;
    if (!large && total - 8 > MAX_SMALL_BLOCK_BODY) {
      throw new Error(`${EVENT_NAMES[ev.type] ?? ev.type} event of ${evLen} bytes exceeds the 64 KiB limit of non-large blocks`);
    }
    const type = flags
      ? (large ? BLOCK.EVF_V2_LARGE : BLOCK.EVF_V2)
      : (large ? BLOCK.EV_V2_LARGE : BLOCK.EV_V2);
    this.block(type, (b) => {
      b.u16(ev.cpu ?? 0);
      if (flags) b.u32(flags);
      b.u64(ev.ts);
      b.i64(ev.tid);
      b.u32(evLen);
      b.u16(ev.type);
      b.u32(ev.params.length);
      for (const p of ev.params) large ? b.u32(p.length) : b.u16(p.length);
      for (const p of ev.params) b.raw(p);
    });
    this.eventsWritten++;
  }

  /**
   * Ends the section. libscap refuses a file without events ("no events in file"), so this throws when
   * none was written. Returns the bytes when no onChunk sink was given, else an empty array.
   */
  finish(): Uint8Array {
    if (this.eventsWritten === 0) throw new Error('a capture needs at least one event (libscap: "no events in file")');
    this.finished = true;
    if (this.onChunk) {
      this.flush();
      return new Uint8Array(0);
    }
    return this.out.bytes.slice(0, this.out.len);
  }
}

/** Event codes the log converter and tests use. */
export const EVENT = {
  PLUGINEVENT: 322,
  ASYNCEVENT: 402,
} as const;

/** A `pluginevent` (plugin id + payload, no thread) as the plugin framework writes it (§5.1). */
export function pluginEvent(ts: bigint, pluginId: number, payload: Uint8Array): EventSpec {
  return { ts, tid: -1n, type: EVENT.PLUGINEVENT, params: [P.u32(pluginId), P.bytes(payload)] };
}

// Reads the metadata blocks of a decompressed capture in TypeScript (process lists V1-V9, fd lists
// V1/V2, user lists V1/V2, machine info) into writer entries, so `synth` can replay a real capture's
// processes and fds under new thread ids. This is the host-side twin of the state engine's parsers and
// only serves tools that re-write captures; every length is checked and a bad block simply ends parsing.
import type { ThreadEntry, FdEntry, UserEntry, GroupEntry } from './writer.ts';
import * as S from '../generated/schema.ts';

const dec = new TextDecoder();

export interface CaptureMetadata {
  threads: ThreadEntry[];
  fdLists: { tid: bigint; fds: FdEntry[] }[];
  users: UserEntry[];
  groups: GroupEntry[];
  machine: { numCpus: number; memoryBytes: bigint; maxPid: bigint; hostname: string } | null;
}

/** Process-list block type -> its layout version. */
const PL: Record<number, number> = {
  [S.PL_BLOCK_TYPE_V1]: 1, [S.PL_BLOCK_TYPE_V1_INT]: 1, [S.PL_BLOCK_TYPE_V2]: 2, [S.PL_BLOCK_TYPE_V2_INT]: 2,
  [S.PL_BLOCK_TYPE_V3]: 3, [S.PL_BLOCK_TYPE_V3_INT]: 3, [S.PL_BLOCK_TYPE_V4]: 4, [S.PL_BLOCK_TYPE_V5]: 5,
  [S.PL_BLOCK_TYPE_V6]: 6, [S.PL_BLOCK_TYPE_V7]: 7, [S.PL_BLOCK_TYPE_V8]: 8, [S.PL_BLOCK_TYPE_V9]: 9,
};

class Reader {
  constructor(readonly v: DataView, public p: number, readonly end: number) {}
  need(n: number): void { if (this.p + n > this.end) throw new RangeError('entry past block end'); }
  u8(): number { this.need(1); return this.v.getUint8(this.p++); }
  u16(): number { this.need(2); const x = this.v.getUint16(this.p, true); this.p += 2; return x; }
  u32(): number { this.need(4); const x = this.v.getUint32(this.p, true); this.p += 4; return x; }
  u64(): bigint { this.need(8); const x = this.v.getBigUint64(this.p, true); this.p += 8; return x; }
  i64(): bigint { this.need(8); const x = this.v.getBigInt64(this.p, true); this.p += 8; return x; }
  bytes(n: number): Uint8Array { this.need(n); const b = new Uint8Array(this.v.buffer, this.v.byteOffset + this.p, n); this.p += n; return b; }
  str16(): string { return dec.decode(this.bytes(this.u16())); }
  list16(): string[] { return this.str16().split('\0').filter((s, i, a) => s !== '' || i < a.length - 1); }
}

function parseThread(r: Reader, ver: number): ThreadEntry {
  const entryStart = r.p;
  const entryLen = ver === 9 ? r.u32() : 0;
  const t: ThreadEntry = { tid: r.i64(), pid: r.i64(), ptid: r.i64(), comm: '', exe: '', cwd: '' };
  if (ver >= 6) t.sid = r.i64();
  if (ver >= 8) t.vpgid = r.i64();
  t.comm = r.str16();
  t.exe = r.str16();
  if (ver >= 7) t.exepath = r.str16();
  t.args = r.list16();
  t.cwd = r.str16();
  t.fdlimit = r.i64();
  t.flags = r.u32();
  t.uid = r.u32();
  t.gid = r.u32();
  if (ver >= 2) { t.vmsizeKb = r.u32(); t.vmrssKb = r.u32(); t.vmswapKb = r.u32(); t.pfmajor = r.u64(); t.pfminor = r.u64(); }
  if (ver >= 3) t.env = r.list16();
  if (ver >= 4) { t.vtid = r.i64(); t.vpid = r.i64(); t.cgroups = r.list16(); }
  if (ver >= 5) t.root = r.str16();
  if (ver === 9) {
    if (entryLen < r.p - entryStart) throw new RangeError('process entry shorter than its fields');
    r.p = entryStart + entryLen; // the optional tail is not replayed
  }
  return t;
}

function fdPayloadLen(r: Reader, type: number): number {
  const v = r.v;
  const p = r.p;
  const str16At = (o: number) => { r.need(o - p + 2); return 2 + v.getUint16(o, true); };
  switch (type) {
    case 3: return 13;
    case 4: return 37;
    case 5: return 7;
    case 6: return 19;
    case 8: return 16 + str16At(p + 16);
    case 16: return 4 + str16At(p + 4);
    default: return str16At(p);
  }
}

function parseFdList(r: Reader, v2: boolean): { tid: bigint; fds: FdEntry[] } {
  const tid = r.i64();
  const fds: FdEntry[] = [];
  while (r.end - r.p >= 4) {
    const start = r.p;
    const entryLen = v2 ? r.u32() : 0;
    const fd = r.i64();
    const ino = r.u64();
    const type = r.u8();
    if (type < 1 || type > 21) { if (!v2) break; r.p = start + entryLen; continue; }
    let n = fdPayloadLen(r, type);
    if (v2) n = Math.max(0, start + entryLen - r.p); // keeps dev and any newer fields
    fds.push({ fd, ino, type, payload: r.bytes(n).slice() });
    if (v2) r.p = start + entryLen;
  }
  return { tid, fds };
}

function parseUsers(r: Reader, v2: boolean, users: UserEntry[], groups: GroupEntry[]): void {
  users.length = 0; groups.length = 0;
  while (r.end - r.p >= 4) {
    const start = r.p;
    const entryLen = v2 ? r.u32() : 0;
    const type = r.u8();
    if (type === 0) users.push({ uid: r.u32(), gid: r.u32(), name: r.str16(), home: r.str16(), shell: r.str16() });
    else groups.push({ gid: r.u32(), name: r.str16() });
    if (v2) r.p = start + entryLen;
  }
}

/** Metadata of the first section of a decompressed capture. */
export function readMetadata(raw: Uint8Array): CaptureMetadata {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const md: CaptureMetadata = { threads: [], fdLists: [], users: [], groups: [], machine: null };
  let o = 0;
  let sections = 0;
  while (o + 12 <= raw.length) {
    const type = v.getUint32(o, true);
    const len = v.getUint32(o + 4, true);
    if (len < 12 || o + len > raw.length) break;
    const body = new Reader(v, o + 8, o + len - 4);
    try {
      if (type === S.SHB_BLOCK_TYPE) { if (++sections > 1) break; }
      else if (PL[type]) { while (body.end - body.p >= 4) md.threads.push(parseThread(body, PL[type])); }
      else if (type === S.FDL_BLOCK_TYPE || type === S.FDL_BLOCK_TYPE_INT) md.fdLists.push(parseFdList(body, false));
      else if (type === S.FDL_BLOCK_TYPE_V2) md.fdLists.push(parseFdList(body, true));
      else if (type === S.UL_BLOCK_TYPE || type === S.UL_BLOCK_TYPE_INT) parseUsers(body, false, md.users, md.groups);
      else if (type === S.UL_BLOCK_TYPE_V2) parseUsers(body, true, md.users, md.groups);
      else if (type === S.MI_BLOCK_TYPE || type === S.MI_BLOCK_TYPE_INT) {
        const h = raw.subarray(o + 28, o + 28 + 128);
        const nul = h.indexOf(0);
        md.machine = {
          numCpus: v.getUint32(o + 8, true), memoryBytes: v.getBigUint64(o + 12, true), maxPid: v.getBigUint64(o + 20, true),
          hostname: dec.decode(nul >= 0 ? h.subarray(0, nul) : h),
        };
      }
    } catch {
      // a damaged entry ends this block; what was read is kept
    }
    o += len;
  }
  return md;
}

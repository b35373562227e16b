// Parsers for the metadata blocks that seed state (scap-format.md §2): process lists V1-V9 (with the
// V9 entry tail rule), fd lists V1/V2 (every fd type), user/group lists V1/V2, interface lists V1/V2
// and machine info. Every read is checked against the block body's end; a malformed entry stops the
// block (as libscap would reject it) and is counted, never read past.
import { peekU8, peekU16, peekU32, peekU64, rawPtr } from '../core/raw';
import { diag, hex, SEV_WARNING } from '../core/diagnostics';
import { intern, internRaw, STR_EMPTY } from '../core/intern';
import { NONE } from './records';
import { ORIGIN_PROCESS_LIST, ORIGIN_FD_LIST, ORIGIN_USER_LIST } from './section';
import {
  threadCreate, tSetI64, tSetU64, tSetU32, tSetI32, tSetBits, tBits, threadLive,
  T_PID, T_PTID, T_SID, T_VPGID, T_PGID, T_COMM, T_EXE, T_EXEPATH, T_ARGS, T_CWD, T_FDLIMIT, T_FLAGS,
  T_UID, T_GID, T_VMSIZE, T_VMRSS, T_VMSWAP, T_PFMAJOR, T_PFMINOR, T_ENV, T_VTID, T_VPID, T_CGROUPS,
  T_ROOT, T_PIDNS_TS, T_TTY, T_LOGINUID, T_CAP_INH, T_CAP_PRM, T_CAP_EFF, T_EXE_INO, T_EXE_CTIME,
  T_EXE_MTIME, T_CONTAINER, T_VM_AT, CL_ACTIVE, TB_EXE_WRITABLE, TB_EXE_UPPER, TB_EXE_LOWER, TB_EXE_MEMFD,
} from './threads';
import { resolveCwd } from './paths';
import { containerIdFromCgroups } from './cgroups';
import { addFdFromList } from './fdnames';
import { userPut } from './users';
import {
  PL_BLOCK_TYPE_V1, PL_BLOCK_TYPE_V1_INT, PL_BLOCK_TYPE_V2, PL_BLOCK_TYPE_V2_INT, PL_BLOCK_TYPE_V3,
  PL_BLOCK_TYPE_V3_INT, PL_BLOCK_TYPE_V4, PL_BLOCK_TYPE_V5, PL_BLOCK_TYPE_V6, PL_BLOCK_TYPE_V7,
  PL_BLOCK_TYPE_V8, PL_BLOCK_TYPE_V9, FDL_BLOCK_TYPE_V2, UL_BLOCK_TYPE_V2, IL_BLOCK_TYPE_V2,
} from '../generated/schema';

/** Entries skipped because they were malformed (for diagnostics). */
export let metaBadEntries: u32 = 0;
/** Offset of the first malformed entry seen, or NONE. */
export let metaBadOffset: u32 = NONE;

let badWhat: string = "";
function bad(off: u32): void {
  metaBadEntries++;
  if (metaBadOffset == NONE) metaBadOffset = off;
  diag(SEV_WARNING, off, badWhat + " entry at byte 0x" + hex(<u64>off) + " is malformed or of an unknown kind; the rest of the block is skipped");
}

// ---- a bounded cursor over [cur, end) ----
let cur: u32 = 0;
let end: u32 = 0;
let ok = true;

/**
 * Starts reading the entry at `o` (sets the reader's cursor and bounds). With a length prefix that counts
 * its own 4 bytes (PL V9, FDL V2, UL V2) the entry ends there; without, at the body's end. 0 = the
 * prefix is impossible.
 */
function beginEntry(o: u32, bodyEnd: u32, prefixed: bool): u32 {
  cur = o; end = bodyEnd; ok = true;
  if (!prefixed) return bodyEnd;
  const elen = rU32();
  if (elen < 4 || <u64>o + elen > <u64>bodyEnd) return 0;
  end = o + elen;
  return end;
}

@inline function need(n: u32): bool {
  if (!ok || <u64>cur + n > <u64>end) { ok = false; return false; }
  return true;
}
function rU8(): u8 { if (!need(1)) return 0; const v = peekU8(cur); cur += 1; return v; }
function rU16(): u16 { if (!need(2)) return 0; const v = peekU16(cur); cur += 2; return v; }
function rU32(): u32 { if (!need(4)) return 0; const v = peekU32(cur); cur += 4; return v; }
function rU64(): u64 { if (!need(8)) return 0; const v = peekU64(cur); cur += 8; return v; }
let sOff: u32 = 0;
let sLen: u32 = 0;
/** str16: sets sOff/sLen (absolute range). */
function rStr(): void {
  const n = <u32>rU16();
  if (!need(n)) { sOff = 0; sLen = 0; return; }
  sOff = cur; sLen = n; cur += n;
}
function rStrId(): i32 {
  rStr();
  return ok ? internRaw(sOff, sLen) : STR_EMPTY;
}

/** Interns a NUL-separated list as stored, adding the final NUL when missing (as libscap does). */
function internList(off: u32, len: u32): i32 {
  if (len == 0) return STR_EMPTY;
  const p = rawPtr() + off;
  if (load<u8>(p + len - 1) == 0) return intern(p, len);
  return internWithNul(p, len);
}

const tmp = new StaticArray<u8>(8192);
function internWithNul(p: usize, len: u32): i32 {
  if (len + 1 > 8192) return intern(p, len);
  const t = changetype<usize>(tmp);
  memory.copy(t, p, len);
  store<u8>(t + len, 0);
  return intern(t, len + 1);
}

function plVersion(type: u32): i32 {
  if (type == PL_BLOCK_TYPE_V1 || type == PL_BLOCK_TYPE_V1_INT) return 1;
  if (type == PL_BLOCK_TYPE_V2 || type == PL_BLOCK_TYPE_V2_INT) return 2;
  if (type == PL_BLOCK_TYPE_V3 || type == PL_BLOCK_TYPE_V3_INT) return 3;
  if (type == PL_BLOCK_TYPE_V4) return 4;
  if (type == PL_BLOCK_TYPE_V5) return 5;
  if (type == PL_BLOCK_TYPE_V6) return 6;
  if (type == PL_BLOCK_TYPE_V7) return 7;
  if (type == PL_BLOCK_TYPE_V8) return 8;
  if (type == PL_BLOCK_TYPE_V9) return 9;
  return 0;
}

/** Process list block: one thread version per entry, valid from event `ev` (the next event). */
export function parseProcessList(type: u32, blockOff: u32, bodyOff: u32, bodyLen: u32, ev: u32): void {
  const ver = plVersion(type);
  if (ver == 0) return;
  badWhat = "process list";
  let o = bodyOff;
  const bodyEnd = bodyOff + bodyLen;
  let guard: u32 = 0;
  while (o + 4 <= bodyEnd && guard++ < 10000000) {
    const entryEnd = beginEntry(o, bodyEnd, ver >= 9);
    if (entryEnd == 0) { bad(o); return; }
    const tid = <i64>rU64();
    const pid = <i64>rU64();
    const ptid = <i64>rU64();
    let sid: i64 = -1, vpgid: i64 = -1;
    if (ver >= 6) sid = <i64>rU64();
    if (ver >= 8) vpgid = <i64>rU64();
    const comm = rStrId();
    const exe = rStrId();
    let exepath = STR_EMPTY;
    if (ver >= 7) exepath = rStrId();
    rStr(); const argsOff = sOff, argsLen = sLen;
    rStr(); const cwdOff = sOff, cwdLen = sLen;
    const fdlimit = <i64>rU64();
    const flags = rU32();
    const uid = rU32();
    const gid = rU32();
    let vmsize: u32 = 0, vmrss: u32 = 0, vmswap: u32 = 0, pfmaj: u64 = 0, pfmin: u64 = 0;
    if (ver >= 2) { vmsize = rU32(); vmrss = rU32(); vmswap = rU32(); pfmaj = rU64(); pfmin = rU64(); }
    let envOff: u32 = 0, envLen: u32 = 0;
    if (ver >= 3) { rStr(); envOff = sOff; envLen = sLen; }
    let vtid: i64 = -1, vpid: i64 = -1, cgOff: u32 = 0, cgLen: u32 = 0;
    if (ver >= 4) { vtid = <i64>rU64(); vpid = <i64>rU64(); rStr(); cgOff = sOff; cgLen = sLen; }
    let root = STR_EMPTY;
    if (ver >= 5) root = rStrId();
    if (!ok) { bad(o); return; }
    // V9 tail (scap-format.md §2.2): fields present only when they fit in entry_len.
    let pidnsTs: u64 = 0, tty: u32 = 0, loginuid: u32 = 0xFFFFFFFF, bits: u8 = 0;
    let capI: u64 = 0, capP: u64 = 0, capE: u64 = 0, ino: u64 = 0, ictime: u64 = 0, imtime: u64 = 0;
    let pgid: i64 = -1;
    if (ver >= 9) {
      const rem = entryEnd - cur;
      if (rem > 29) {
        if (cur + 8 <= entryEnd) pidnsTs = rU64();
        if (cur + 4 <= entryEnd) tty = rU32();
      }
      if (cur + 4 <= entryEnd) loginuid = rU32();
      if (cur + 1 <= entryEnd) { if (rU8() != 0) bits |= TB_EXE_WRITABLE; }
      if (cur + 8 <= entryEnd) capI = rU64();
      if (cur + 8 <= entryEnd) capP = rU64();
      if (cur + 8 <= entryEnd) capE = rU64();
      if (cur + 1 <= entryEnd) { if (rU8() != 0) bits |= TB_EXE_UPPER; }
      if (cur + 8 <= entryEnd) ino = rU64();
      if (cur + 8 <= entryEnd) ictime = rU64();
      if (cur + 8 <= entryEnd) imtime = rU64();
      if (cur + 1 <= entryEnd) { if (rU8() != 0) bits |= TB_EXE_MEMFD; }
      if (cur + 1 <= entryEnd) { if (rU8() != 0) bits |= TB_EXE_LOWER; }
      if (cur + 8 <= entryEnd) pgid = <i64>rU64();
      cur = entryEnd;
    }
    const v = threadCreate(tid, ev, ORIGIN_PROCESS_LIST, blockOff);
    tSetI64(v, T_PID, pid);
    tSetI64(v, T_PTID, ptid);
    tSetI64(v, T_SID, sid);
    tSetI64(v, T_VPGID, vpgid);
    tSetI64(v, T_PGID, pgid);
    tSetI32(v, T_COMM, comm);
    tSetI32(v, T_EXE, exe);
    tSetI32(v, T_EXEPATH, exepath);
    tSetI32(v, T_ARGS, internList(argsOff, argsLen));
    const isMain = tid == pid;
    // sinsp keeps env and cwd on the main thread only (threads read the main thread's).
    if (isMain) {
      tSetI32(v, T_ENV, internList(envOff, envLen));
      const p = rawPtr() + cwdOff;
      let n: u32 = 0;
      while (n < cwdLen && load<u8>(p + n) != 0) n++;
      tSetI32(v, T_CWD, resolveCwd(STR_EMPTY, p, n));
    }
    tSetI64(v, T_FDLIMIT, fdlimit);
    tSetU32(v, T_FLAGS, flags | CL_ACTIVE);
    tSetU32(v, T_UID, uid);
    tSetU32(v, T_GID, gid);
    tSetU32(v, T_VMSIZE, vmsize);
    tSetU32(v, T_VMRSS, vmrss);
    tSetU32(v, T_VMSWAP, vmswap);
    tSetU32(v, T_VM_AT, ev);
    tSetU64(v, T_PFMAJOR, pfmaj);
    tSetU64(v, T_PFMINOR, pfmin);
    tSetI64(v, T_VTID, vtid);
    tSetI64(v, T_VPID, vpid);
    const cg = internList(cgOff, cgLen);
    tSetI32(v, T_CGROUPS, cg);
    tSetI32(v, T_CONTAINER, containerIdFromCgroups(cg));
    tSetI32(v, T_ROOT, root);
    tSetU64(v, T_PIDNS_TS, pidnsTs);
    tSetU32(v, T_TTY, tty);
    tSetU32(v, T_LOGINUID, loginuid);
    tSetU64(v, T_CAP_INH, capI);
    tSetU64(v, T_CAP_PRM, capP);
    tSetU64(v, T_CAP_EFF, capE);
    tSetU64(v, T_EXE_INO, ino);
    tSetU64(v, T_EXE_CTIME, ictime);
    tSetU64(v, T_EXE_MTIME, imtime);
    tSetBits(v, tBits(v) | bits);
    o = ver >= 9 ? entryEnd : cur;
  }
}

/** Fd list block: the fds of one thread's table. */
export function parseFdList(type: u32, blockOff: u32, bodyOff: u32, bodyLen: u32, ev: u32): void {
  const v2 = type == FDL_BLOCK_TYPE_V2;
  const bodyEnd = bodyOff + bodyLen;
  badWhat = "fd list";
  if (bodyLen < 8) { bad(bodyOff); return; }
  const tid = <i64>peekU64(bodyOff);
  // libscap attaches the list to the thread; without a thread it is dropped.
  if (threadLive(tid) == NONE) return;
  let o = bodyOff + 8;
  let guard: u32 = 0;
  while (o + 4 <= bodyEnd && guard++ < 10000000) {
    const entryEnd = beginEntry(o, bodyEnd, v2);
    if (entryEnd == 0) { bad(o); return; }
    const fd = <i64>rU64();
    const ino = rU64();
    const ftype = rU8();
    if (!ok) { bad(o); return; }
    const payload = cur;
    const used = addFdFromList(tid, fd, ino, ftype, payload, end, v2, ev, ORIGIN_FD_LIST, blockOff);
    if (used == NONE) {
      // Unknown type: V2 entries can be skipped by length; V1 entries cannot (stop the block).
      if (!v2) { bad(o); return; }
      o = entryEnd;
      continue;
    }
    if (used > end) { bad(o); return; }
    o = v2 ? entryEnd : used;
  }
}

/** User/group list block: replaces the previous host list. */
export function parseUserList(type: u32, blockOff: u32, bodyOff: u32, bodyLen: u32, ev: u32): void {
  const v2 = type == UL_BLOCK_TYPE_V2;
  const bodyEnd = bodyOff + bodyLen;
  badWhat = "user list";
  // (entries add to the table and replace the same ids; earlier users stay, as in sysdig 0.29)
  let o = bodyOff;
  let guard: u32 = 0;
  while (o + 4 <= bodyEnd && guard++ < 10000000) {
    const entryEnd = beginEntry(o, bodyEnd, v2);
    if (entryEnd == 0) { bad(o); return; }
    const kind = rU8();
    if (kind == 0) {
      const uid = rU32();
      const gid = rU32();
      const name = rStrId();
      const home = rStrId();
      const shell = rStrId();
      if (!ok) { bad(o); return; }
      userPut(false, STR_EMPTY, uid, gid, name, home, shell, ev, ORIGIN_USER_LIST, blockOff);
    } else {
      const gid = rU32();
      const name = rStrId();
      if (!ok) { bad(o); return; }
      userPut(true, STR_EMPTY, gid, gid, name, STR_EMPTY, STR_EMPTY, ev, ORIGIN_USER_LIST, blockOff);
    }
    o = v2 ? entryEnd : cur;
  }
}

// ---- interfaces and machine info (kept for fd address classification and the summary) ----

export const ifV4Addr = new Array<u32>(0);
export const ifV4Mask = new Array<u32>(0);
export let ifV6Count: u32 = 0;

export function parseInterfaceList(type: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  const v2 = type == IL_BLOCK_TYPE_V2;
  const bodyEnd = bodyOff + bodyLen;
  badWhat = "interface list";
  ifV4Addr.length = 0;
  ifV4Mask.length = 0;
  ifV6Count = 0;
  let o = bodyOff;
  let guard: u32 = 0;
  while (o + 4 <= bodyEnd && guard++ < 1000000) {
    cur = o; end = bodyEnd; ok = true;
    let entryEnd = bodyEnd;
    if (v2) {
      const elen = rU32();
      if (<u64>o + 4 + elen > <u64>bodyEnd) { bad(o); return; }
      entryEnd = o + 4 + elen;
    }
    const t = rU16();
    const nameLen = <u32>rU16();
    if (t == 1 || t == 3) {
      if (!need(12)) { bad(o); return; }
      ifV4Addr.push(peekU32(cur)); ifV4Mask.push(peekU32(cur + 4));
      cur += 12;
      if (t == 1) rU64();
    } else if (t == 2 || t == 4) {
      if (!need(48)) { bad(o); return; }
      cur += 48;
      ifV6Count++;
      if (t == 2) rU64();
    } else {
      bad(o);
      if (!v2) return;
      o = entryEnd;
      continue;
    }
    if (!need(nameLen)) { bad(o); return; }
    cur += nameLen;
    o = v2 ? entryEnd : cur;
  }
}

export let miPresent = false;
export let miNumCpus: u32 = 0;
export let miMemory: u64 = 0;
export let miMaxPid: u64 = 0;
export let miHostOff: u32 = 0;
export let miHostLen: u32 = 0;
export let miBootTs: u64 = 0;
export let miHostnameId: i32 = STR_EMPTY;

export function parseMachineInfo(bodyOff: u32, bodyLen: u32): void {
  badWhat = "machine info";
  if (bodyLen < 148) { bad(bodyOff); return; }
  miPresent = true;
  miNumCpus = peekU32(bodyOff);
  miMemory = peekU64(bodyOff + 4);
  miMaxPid = peekU64(bodyOff + 12);
  miHostOff = bodyOff + 20;
  let n: u32 = 0;
  while (n < 128 && peekU8(miHostOff + n) != 0) n++;
  miHostLen = n;
  miHostnameId = internRaw(miHostOff, n);
  miBootTs = bodyLen >= 156 ? peekU64(bodyOff + 148) : 0;
}

export function metadataReset(): void {
  miPresent = false;
  ifV4Addr.length = 0;
  ifV4Mask.length = 0;
  ifV6Count = 0;
}

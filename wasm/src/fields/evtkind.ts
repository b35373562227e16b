// What kind an event is, for the evt.* fields: its type name (evt.type, syscall.type, evt.type.is), its
// category (evt.category), and which evt.count.error.* counter a failure belongs to.
import * as F from '../generated/fields';
import * as S from '../generated/schema';
import { EV_CATEGORY, EVENT_COUNT } from '../generated/schema';
import { peekU16 } from '../core/raw';
import { NONE } from '../state/records';
import { evFdOwn } from '../state/eventstate';
import { SC_CATEGORY } from '../generated/sccat';
import { fU8, F_TYPE } from '../state/fds';
import * as FDT from '../state/fds';
import { loadCur, has, plen, poff } from '../state/params';
import { sbReset, sbBytes, sbAscii } from '../state/strbuf';
import { eventTypeName } from '../params/typename';

export function nameBytes(off: u32, len: u32): void { sbBytes(changetype<usize>(S.NAMES) + off, len); }

/**
 * syscall.type and evt.type.is name an event as sysdig 0.29's extractor does: generic syscall events by
 * their syscall, else the event type's name ("syscall"), where %evt.type prints "<unknown>".
 */
export function sbSyscallTypeName(ev: u32, t: u16): void {
  sbReset();
  if (<i32>t >= EVENT_COUNT) { sbAscii("unknown"); return; }
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    loadCur(ev);
    if (has(0)) {
      const id = <i32>peekU16(poff(0));
      if (id > 0 && id < S.PPM_SC_MAX && unchecked(S.SC_NAME_LEN[id]) > 0) { nameBytes(unchecked(S.SC_NAME_OFF[id]), unchecked(S.SC_NAME_LEN[id])); return; }
      if (has(1)) {
        const nr = <i32>peekU16(poff(1));
        if (nr >= 0 && nr <= S.NR_MAX && unchecked(S.NR_NAME_LEN[nr]) > 0) { nameBytes(unchecked(S.NR_NAME_OFF[nr]), unchecked(S.NR_NAME_LEN[nr])); return; }
      }
    }
  }
  nameBytes(unchecked(S.EV_NAME_OFF[t]), unchecked(S.EV_NAME_LEN[t]));
}

/** Event type name, as %evt.type prints it (params/typename.ts), into the scratch buffer. */
export function sbTypeName(ev: u32): void {
  sbReset();
  const n = eventTypeName(ev);
  if (<u32>n == 0) sbAscii("<unknown>");
  else nameBytes(<u32>(n >> 32), <u32>n);
}

/** The event's category; generic syscall events take their syscall's (schema/syscall_categories.json). */
export function categoryOf(ev: u32, t: u16): u32 {
  if (t == S.PPME_GENERIC_E || t == S.PPME_GENERIC_X) {
    loadCur(ev);
    if (has(0) && plen(0) >= 2) {
      const id = <i32>peekU16(poff(0));
      if (id < SC_CATEGORY.length) return <u32>unchecked(SC_CATEGORY[id]);
    }
    return S.EC_OTHER;
  }
  return unchecked(EV_CATEGORY[t]) & 0x1FF;
}

export function categoryName(ev: u32, c: u32): string {
  if (c & S.EC_IO_BASE) {
    // I/O events are named by the kind of fd they act on
    const v = evFdOwn(ev);
    if (v == NONE) return "unknown";
    const ft = fU8(v, F_TYPE);
    if (ft == FDT.FD_FILE || ft == FDT.FD_FILE_V2 || ft == FDT.FD_DIRECTORY) return "file";
    if (ft >= FDT.FD_IPV4_SOCK && ft <= FDT.FD_IPV6_SERVSOCK) return "net";
    if (ft == FDT.FD_FIFO || ft == FDT.FD_UNIX_SOCK || ft == FDT.FD_EVENT || ft == FDT.FD_SIGNALFD || ft == FDT.FD_INOTIFY) return "ipc";
    return "unknown";
  }
  switch (c) {
    case 0: return "unknown"; case 1: return "other"; case 2: return "file"; case 3: return "net";
    case 4: return "IPC"; case 5: return "memory"; case 6: return "process"; case 7: return "sleep";
    case 8: return "system"; case 9: return "signal"; case 10: return "user"; case 11: return "time";
    case 12: return "processing"; case 64: return "wait"; case 128: return "scheduler"; case 256: return "internal";
  }
  return "unknown";
}

function isFileFd(ty: u8): bool { return ty == FDT.FD_FILE || ty == FDT.FD_FILE_V2 || ty == FDT.FD_DIRECTORY; }
function isNetFd(ty: u8): bool {
  return ty == FDT.FD_IPV4_SOCK || ty == FDT.FD_IPV6_SOCK || ty == FDT.FD_IPV4_SERVSOCK || ty == FDT.FD_IPV6_SERVSOCK || ty == FDT.FD_UNIX_SOCK;
}
function isOpenX(t: u16): bool {
  return t == S.PPME_SYSCALL_OPEN_X || t == S.PPME_SYSCALL_CREAT_X || t == S.PPME_SYSCALL_OPENAT_X || t == S.PPME_SYSCALL_OPENAT_2_X ||
    t == S.PPME_SYSCALL_OPENAT2_X || t == S.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X;
}
function isAcceptConnectX(t: u16): bool {
  return t == S.PPME_SOCKET_ACCEPT_X || t == S.PPME_SOCKET_ACCEPT_5_X || t == S.PPME_SOCKET_ACCEPT4_X || t == S.PPME_SOCKET_ACCEPT4_5_X ||
    t == S.PPME_SOCKET_ACCEPT4_6_X || t == S.PPME_SOCKET_CONNECT_X;
}

/** Which evt.count.error.* counter an event belongs to (sysdig: by the event's fd type, or by its type
 *  when it has no fd; memory by category). */
export function errorCountKind(ev: u32, f: i32, t: u16): bool {
  if (f == F.F_EVT_COUNT_ERROR) return true;
  const isMem = (categoryOf(ev, t) & 0x1F) == S.EC_MEMORY;
  if (f == F.F_EVT_COUNT_ERROR_MEMORY) return isMem;
  const v = evFdOwn(ev);
  if (v != NONE) {
    const ty = fU8(v, F_TYPE);
    if (f == F.F_EVT_COUNT_ERROR_FILE) return isFileFd(ty);
    if (f == F.F_EVT_COUNT_ERROR_NET) return isNetFd(ty);
    return !isFileFd(ty) && !isNetFd(ty);
  }
  if (f == F.F_EVT_COUNT_ERROR_FILE) return isOpenX(t);
  if (f == F.F_EVT_COUNT_ERROR_NET) return isAcceptConnectX(t);
  return !isOpenX(t) && !isAcceptConnectX(t) && !isMem;
}

// evt.abspath: the path argument of the *at() calls made absolute against their dirfd or the cwd.
import * as S from '../generated/schema';
import { evType } from '../reader/events';
import { peekU64 } from '../core/raw';
import { strPtr, strLen, intern } from '../core/intern';
import { NONE } from '../state/records';
import { evThread } from '../state/eventstate';
import { fdAt, fI32, F_NAME } from '../state/fds';
import { tU32, tI64, T_FLAGS, T_PID, T_TID, CL_CLONE_FILES } from '../state/threads';
import { sectionOf } from '../state/section';
import { loadCur, plen, poff, pptr, curN } from '../state/params';
import { concatWithDir, concatPaths } from '../state/paths';
import { cwdOf } from '../state/apply';
import { sbReset, sbByte, sbBytes, sbAscii, sbPtr, sbLen } from '../state/strbuf';
import { pushStrId, setOrigin } from './push';
import { O_EVENT } from '../core/values';
import { nameIs } from './evtparams';

/** evt.abspath: for the *at() calls, the path resolved against its dirfd or the cwd (sysdig's list of
 *  events and parameter names; argument 1/2 picks old/new path of rename/link). */
export function absPath(ev: u32, argNum: i64): void {
  const t = evType(ev);
  const th = evThread(ev);
  if (th == NONE) return;
  let dn = "", pn = "";
  const newSide = argNum == 2;
  if (t == S.PPME_SYSCALL_RENAMEAT_X || t == S.PPME_SYSCALL_RENAMEAT2_X) { dn = newSide ? "newdirfd" : "olddirfd"; pn = newSide ? "newpath" : "oldpath"; }
  else if (t == S.PPME_SYSCALL_SYMLINKAT_X) { dn = "linkdirfd"; pn = "linkpath"; }
  else if (t == S.PPME_SYSCALL_OPENAT_E || t == S.PPME_SYSCALL_OPENAT_2_X || t == S.PPME_SYSCALL_OPENAT2_X) { dn = "dirfd"; pn = "name"; }
  else if (t == S.PPME_SYSCALL_LINKAT_E || t == S.PPME_SYSCALL_LINKAT_2_X) { dn = newSide ? "newdir" : "olddir"; pn = newSide ? "newpath" : "oldpath"; }
  else if (t == S.PPME_SYSCALL_UNLINKAT_E || t == S.PPME_SYSCALL_UNLINKAT_2_X) { dn = "dirfd"; pn = "name"; }
  else if (t == S.PPME_SYSCALL_MKDIRAT_X) { dn = "dirfd"; pn = "path"; }
  else if (t == S.PPME_SYSCALL_FCHMODAT_X) { dn = "dirfd"; pn = "filename"; }
  else return;
  loadCur(ev);
  const base = <i32>unchecked(S.EV_PARAM_BASE[t]);
  const np = min(<i32>unchecked(S.EV_NPARAMS[t]), curN);
  let di = -1, pi = -1;
  for (let k = 0; k < np; k++) {
    if (di < 0 && nameIs(base + k, dn)) di = k;
    if (pi < 0 && nameIs(base + k, pn)) pi = k;
  }
  if (di < 0 || pi < 0 || plen(di) < 8) return;
  const dirfd = <i64>peekU64(poff(di));
  const p = pptr(pi);
  const l = plen(pi);
  setOrigin(O_EVENT, ev);
  if (l > 0 && load<u8>(p) == 0x2F) { pushStrId(concatPaths(0, 0, p, l)); return; }
  if (dirfd == -100) { pushStrId(concatWithDir(cwdOf(th), p, l)); return; }
  const owner = (tU32(th, T_FLAGS) & CL_CLONE_FILES) ? tI64(th, T_PID) : tI64(th, T_TID);
  const d = fdAt(owner, dirfd, ev, sectionOf(ev));
  sbReset();
  if (d == NONE) sbAscii("<UNKNOWN>/");
  else { const nm = fI32(d, F_NAME); sbBytes(strPtr(nm), strLen(nm)); sbByte(0x2F); }
  const dir = intern(sbPtr, sbLen);
  pushStrId(concatWithDir(dir, p, l));
}

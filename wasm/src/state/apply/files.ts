// Fd lifecycle parsers: open/creat/openat exits, close, dup/fcntl copies, pipes, socketpairs and the
// single-type fds (eventfd, signalfd, timerfd, inotify, epoll, memfd, pidfd, ...).
import { intern, internString, STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { tU32, tSetU32, T_FLAGS, CL_PIPE_SRC, CL_PIPE_DST } from '../threads';
import {
  fAddr, fI64, fU8, fSetU8, fSetU32, fSetI32, fSetU64, F_FD, F_TYPE, F_NAME, F_USRC, F_UDST,
  F_OPENFLAGS, F_DEV, F_INO, F_OWNER, F_BITS, FB_FRESH, F_ORIGIN, FD_FILE_V2, FD_DIRECTORY, FD_FIFO,
  FD_UNIX_SOCK, FD_MEMFD,
} from '../fds';
import {
  loadCur, has, plen, pptr, pI64, pU32, pU64, curN, ehas, elen, eptr, eI64, eU32, entN,
} from '../params';
import { concatWithDir, concatPaths, cstrLen } from '../paths';
import * as S from '../../generated/schema';
import * as ctx from './context';
import { wth, cwdOf, getFd, addFd, retrieveEnter, dirFor, isNullStr } from './context';

export function simpleFd(type: u8, name: string): void {
  loadCur(ctx.ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  const v = addFd(fd);
  fSetU8(v, F_TYPE, type);
  fSetI32(v, F_NAME, name.length == 0 ? STR_EMPTY : internString(name));
  ctx.fdv = v;
}

export function parseMemfdExit(): void {
  loadCur(ctx.ev);
  const fd = pI64(0, -1);
  if (fd < 0) return;
  const v = addFd(fd);
  fSetU8(v, F_TYPE, FD_MEMFD);
  fSetI32(v, F_NAME, has(1) ? intern(pptr(1), cstrLen(pptr(1), plen(1))) : STR_EMPTY);
  fSetU32(v, F_OPENFLAGS, pU32(2, 0));
  ctx.fdv = v;
}

export function parseOpenExit(): void {
  const hasEnter = retrieveEnter();
  if (!hasEnter) loadCur(ctx.ev);
  const fd = pI64(0, -1);
  let nameP: usize = 0, nameL: u32 = 0, flags: u32 = 0, dev: u32 = 0;
  let dir: i32 = -1;
  let dirfd: i64 = -100;
  let useDirfd = false;
  if (ctx.etype == S.PPME_SYSCALL_OPEN_X) {
    if (has(1)) { nameP = pptr(1); nameL = plen(1); }
    flags = pU32(2, 0);
    if (curN > 4) dev = pU32(4, 0);
    if (hasEnter && entN >= 2 && elen(0) != 0 && !isNullStr(eptr(0), elen(0))) { nameP = eptr(0); nameL = elen(0); flags = eU32(1, 0); }
  } else if (ctx.etype == S.PPME_SYSCALL_CREAT_X) {
    if (has(1)) { nameP = pptr(1); nameL = plen(1); }
    if (curN > 3) dev = pU32(3, 0);
    if (hasEnter && entN >= 1 && elen(0) != 0 && !isNullStr(eptr(0), elen(0))) { nameP = eptr(0); nameL = elen(0); }
    // creat(2) is open(O_CREAT|O_WRONLY|O_TRUNC)
    flags = 0;
  } else if (ctx.etype == S.PPME_SYSCALL_OPENAT_X) {
    if (!hasEnter) return; // the name is only in the enter event
    if (ehas(1)) { nameP = eptr(1); nameL = elen(1); }
    flags = eU32(2, 0);
    dirfd = eI64(0, -100);
    useDirfd = true;
  } else {
    if (has(2)) { nameP = pptr(2); nameL = plen(2); }
    flags = pU32(3, 0);
    dirfd = pI64(1, -100);
    useDirfd = true;
    if (ctx.etype == S.PPME_SYSCALL_OPENAT_2_X && curN > 5) dev = pU32(5, 0);
    if (ctx.etype == S.PPME_SYSCALL_OPENAT2_X && curN > 6) dev = pU32(6, 0);
    if (hasEnter && entN >= 3 && elen(1) != 0 && !isNullStr(eptr(1), elen(1))) {
      nameP = eptr(1); nameL = elen(1); flags = eU32(2, 0); dirfd = eI64(0, -100);
    }
  }
  if (fd < 0) return;
  let full: i32;
  if (useDirfd) {
    dir = dirFor(nameP, cstrLen(nameP, nameL), dirfd);
    full = dir < 0 ? concatPaths(0, 0, nameP, nameL) : concatWithDir(dir, nameP, nameL);
  } else {
    full = concatWithDir(cwdOf(ctx.th), nameP, nameL);
  }
  const v = addFd(fd);
  fSetU8(v, F_TYPE, (flags & 0x400) ? FD_DIRECTORY : FD_FILE_V2);
  fSetU32(v, F_OPENFLAGS, flags);
  fSetU32(v, F_DEV, dev);
  fSetI32(v, F_NAME, full);
  ctx.fdv = v;
}

export function parseCloseExit(): void {
  loadCur(ctx.ev);
  const r = pI64(0, -1);
  if (r >= 0) {
    if (ctx.fdv == NONE) return;
    ctx.pendingFdOwner = fI64(ctx.fdv, F_OWNER);
    ctx.pendingFd = fI64(ctx.fdv, F_FD);
    ctx.pendingFdSet = true;
  }
}

export function copyFdTo(src: u32, newFd: i64): u32 {
  const v = addFd(newFd);
  // copy the payload of src (everything but identity and versioning)
  const a = fAddr(v), s = fAddr(src);
  memory.copy(a + 16, s + 16, F_FD_PAYLOAD_END - 16);
  fSetU8(v, F_BITS, fU8(v, F_BITS) & ~FB_FRESH); // a copy keeps its name: not a new name
  ctx.fdv = v;
  return v;
}
export const F_FD_PAYLOAD_END: u32 = F_ORIGIN; // bytes [F_INO, F_ORIGIN): the fd's content, flags included

export function parseDupExit(): void {
  loadCur(ctx.ev);
  const r = pI64(0, -1);
  if (r < 0) return;
  if (r == 0 || r == 1) {
    const w = wth();
    if (w != NONE) tSetU32(w, T_FLAGS, tU32(w, T_FLAGS) | (r == 0 ? CL_PIPE_DST : CL_PIPE_SRC));
  }
  let src = ctx.fdv;
  if (src == NONE && curN >= 2) src = getFd(ctx.th, pI64(1, -1));
  if (src == NONE) return;
  copyFdTo(src, r);
}

export function parseFcntlExit(): void {
  if (!retrieveEnter()) {
    // exit-only layout: res, fd, cmd
    loadCur(ctx.ev);
    if (!ctx.exitOnly || curN < 3) return;
    const cmd = pU32(2, 0);
    if (cmd != 1 && cmd != 26) return;
  }
  const r = pI64(0, -1);
  if (r < 0 || ctx.fdv == NONE) return;
  copyFdTo(ctx.fdv, r);
}

export function parsePipeExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  const fd1 = pI64(1, -1), fd2 = pI64(2, -1);
  const ino = pU64(3, 0);
  const nm = pipeName(ino);
  if (fd1 >= 0) { const v = addFd(fd1); fSetU8(v, F_TYPE, FD_FIFO); fSetU64(v, F_INO, ino); fSetI32(v, F_NAME, nm); }
  if (fd2 >= 0) { const v = addFd(fd2); fSetU8(v, F_TYPE, FD_FIFO); fSetU64(v, F_INO, ino); fSetI32(v, F_NAME, nm); ctx.fdv = v; }
}

export function pipeName(ino: u64): i32 {
  // sinsp names pipes created by events "" (only the fd list carries "pipe:[ino]").
  return ino == ino ? STR_EMPTY : STR_EMPTY;
}

export function parseSocketpairExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  const fd1 = pI64(1, -1), fd2 = pI64(2, -1);
  const src = pU64(3, 0), peer = pU64(4, 0);
  if (fd1 >= 0) { const v = addFd(fd1); fSetU8(v, F_TYPE, FD_UNIX_SOCK); fSetU64(v, F_USRC, src); fSetU64(v, F_UDST, peer); fSetI32(v, F_NAME, STR_EMPTY); }
  if (fd2 >= 0) { const v = addFd(fd2); fSetU8(v, F_TYPE, FD_UNIX_SOCK); fSetU64(v, F_USRC, peer); fSetU64(v, F_UDST, src); fSetI32(v, F_NAME, STR_EMPTY); ctx.fdv = v; }
}

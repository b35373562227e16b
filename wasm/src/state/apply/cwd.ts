// Working and root directory parsers: chdir, fchdir, getcwd and chroot exits (the cwd lives on the main
// thread).
import { strPtr, strLen, STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { ORIGIN_EVENT } from '../section';
import { threadWritable, tI64, tI32, tSetI32, T_TID, T_CWD, T_ROOT } from '../threads';
import { F_NAME } from '../fds';
import { loadCur, has, plen, pptr, pI64 } from '../params';
import { resolveCwd, concatWithDir, cstrLen } from '../paths';
import * as ctx from './context';
import { wth, cwdOf, cwdHolder, fI32 } from './context';

export function parseChdirExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0 || !has(1)) return;
  const h = cwdHolder(ctx.th);
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ctx.ev, ORIGIN_EVENT, ctx.ev);
  if (w == NONE) return;
  tSetI32(w, T_CWD, resolveCwd(tI32(w, T_CWD), pptr(1), plen(1)));
  if (tid == ctx.etid) ctx.th = w;
}

export function parseFchdirExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0 || ctx.fdv == NONE) return;
  const nm = fI32(ctx.fdv, F_NAME);
  const h = cwdHolder(ctx.th);
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ctx.ev, ORIGIN_EVENT, ctx.ev);
  if (w == NONE) return;
  tSetI32(w, T_CWD, resolveCwd(tI32(w, T_CWD), strPtr(nm), strLen(nm)));
  if (tid == ctx.etid) ctx.th = w;
}

export function parseGetcwdExit(): void {
  // sinsp trusts getcwd's result when the thread's cwd is unknown or differs.
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0 || !has(1)) return;
  const h = cwdHolder(ctx.th);
  const cur = tI32(h, T_CWD);
  const p = pptr(1);
  const n = cstrLen(p, plen(1));
  const full = resolveCwd(STR_EMPTY, p, n);
  if (full == cur) return;
  const tid = tI64(h, T_TID);
  const w = threadWritable(tid, ctx.ev, ORIGIN_EVENT, ctx.ev);
  if (w != NONE) tSetI32(w, T_CWD, full);
}

export function parseChrootExit(): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) == 0 && has(1)) {
    const w = wth();
    if (w != NONE) tSetI32(w, T_ROOT, concatWithDir(cwdOf(w), pptr(1), plen(1)));
  }
}

// Credential parsers: setuid/setgid/setresuid/setresgid exits, and the user and group events of the
// capture's user table.
import { STR_EMPTY } from '../../core/intern';
import { NONE } from '../records';
import { ORIGIN_EVENT } from '../section';
import { tSetU32, T_UID, T_GID } from '../threads';
import { loadCur, pI64, pU32, curN, eU32 } from '../params';
import { userPut, userDelete } from '../users';
import * as S from '../../generated/schema';
import * as ctx from './context';
import { wth, retrieveEnter, paramStr } from './context';

export function parseSetresExit(user: bool): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  let e: u32 = 0xFFFFFFFF;
  if (curN >= 3) e = pU32(2, 0xFFFFFFFF);
  else if (retrieveEnter()) e = eU32(1, 0xFFFFFFFF);
  else return;
  if (e == 0xFFFFFFFF) return;
  const w = wth();
  if (w != NONE) tSetU32(w, user ? T_UID : T_GID, e);
}

export function parseSetidExit(user: bool): void {
  loadCur(ctx.ev);
  if (pI64(0, -1) < 0) return;
  let id: u32 = 0xFFFFFFFF;
  if (curN >= 2) id = pU32(1, 0xFFFFFFFF);
  else if (retrieveEnter()) id = eU32(0, 0xFFFFFFFF);
  else return;
  const w = wth();
  if (w != NONE) tSetU32(w, user ? T_UID : T_GID, id);
}

export function applyUserEvent(): void {
  loadCur(ctx.ev);
  if (ctx.etype == S.PPME_USER_ADDED_E || ctx.etype == S.PPME_USER_DELETED_E) {
    const uid = pU32(0, 0);
    const container = paramStr(5);
    if (ctx.etype == S.PPME_USER_ADDED_E) {
      userPut(false, container, uid, pU32(1, 0), paramStr(2), paramStr(3), paramStr(4), ctx.ev, ORIGIN_EVENT, ctx.ev);
    } else userDelete(false, container, uid, ctx.ev, ctx.ev);
  } else {
    const gid = pU32(0, 0);
    const container = paramStr(2);
    if (ctx.etype == S.PPME_GROUP_ADDED_E) {
      userPut(true, container, gid, gid, paramStr(1), STR_EMPTY, STR_EMPTY, ctx.ev, ORIGIN_EVENT, ctx.ev);
    } else userDelete(true, container, gid, ctx.ev, ctx.ev);
  }
}

// Container events into the container table: the old `container` event (228), container JSON (272)
// and JSON v2 (324), and async `container` events (402, name "container", JSON payload).

import { STR_EMPTY, intern } from '../core/intern';
import { rawPtr } from '../core/raw';
import * as S from '../generated/schema';
import { containerPut, containers, C_NAME, C_IMAGE, C_IMAGE_ID, C_IMAGE_REPO, C_IMAGE_TAG, C_IMAGE_DIGEST, C_TYPE, C_JSON_OFF, C_JSON_END, C_PRIVILEGED } from './containers';
import { loadCur, has, plen, poff, pptr, pU32 } from './params';
import { cstrLen } from './paths';
import { findKey, stringValue, strStart, intValue, boolValue } from './json';

function str(k: i32): i32 {
  if (!has(k)) return STR_EMPTY;
  return intern(pptr(k), cstrLen(pptr(k), plen(k)));
}

function jstr(obj: u32, end: u32, key: string): i32 {
  const v = findKey(obj, end, key);
  if (v == 0xFFFFFFFF) return STR_EMPTY;
  const n = stringValue(v, end);
  if (n < 0) return STR_EMPTY;
  return intern(rawPtr() + strStart, <u32>n);
}

/** Applies a container event `ev` of type `t`. */
export function applyContainerEvent(ev: u32, t: u16): void {
  loadCur(ev);
  if (t == S.PPME_CONTAINER_E) {
    const id = str(0);
    if (id == STR_EMPTY) return;
    const v = containerPut(id, ev, ev);
    const a = containers.addr(v);
    store<u32>(a + C_TYPE, pU32(1, 0));
    store<i32>(a + C_NAME, str(2));
    store<i32>(a + C_IMAGE, str(3));
    return;
  }
  let k = 0;
  if (t == S.PPME_ASYNCEVENT_E) {
    // name must be "container"; payload is param 2
    if (!has(1) || plen(1) < 9) return;
    const p = pptr(1);
    if (load<u8>(p) != 0x63 || load<u8>(p + 8) != 0x72) return;
    k = 2;
  }
  if (!has(k)) return;
  const o = poff(k);
  const end = o + plen(k);
  // {"container": {...}}
  let obj = findKey(o, end, "container");
  if (obj == 0xFFFFFFFF) return;
  const id = jstr(obj, end, "id");
  if (id == STR_EMPTY) return;
  const v = containerPut(id, ev, ev);
  const a = containers.addr(v);
  store<i32>(a + C_NAME, jstr(obj, end, "name"));
  store<i32>(a + C_IMAGE, jstr(obj, end, "image"));
  store<i32>(a + C_IMAGE_ID, jstr(obj, end, "imageid"));
  store<i32>(a + C_IMAGE_REPO, jstr(obj, end, "imagerepo"));
  store<i32>(a + C_IMAGE_TAG, jstr(obj, end, "imagetag"));
  store<i32>(a + C_IMAGE_DIGEST, jstr(obj, end, "imagedigest"));
  const tv = findKey(obj, end, "type");
  store<u32>(a + C_TYPE, tv == 0xFFFFFFFF ? 0 : <u32>max<i64>(0, intValue(tv, end)));
  const pv = findKey(obj, end, "privileged");
  const b = pv == 0xFFFFFFFF ? -1 : boolValue(pv, end);
  store<u8>(a + C_PRIVILEGED, b < 0 ? 0 : <u8>(b + 1));
  store<u32>(a + C_JSON_OFF, obj);
  store<u32>(a + C_JSON_END, end);

}

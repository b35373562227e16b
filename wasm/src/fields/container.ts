// container.* and k8s.* extractors: the container of the event's thread (from its cgroups) and the
// attributes the container events gave it; k8s fields come from the container's labels
// (io.kubernetes.pod.name, io.kubernetes.pod.namespace, io.kubernetes.pod.uid), as the container
// plugin derives them. Host processes have container id "host" like sysdig prints.
import * as F from '../generated/fields';
import { STR_EMPTY, strPtr, strLen, internString, intern } from '../core/intern';
import { rawPtr } from '../core/raw';
import { NONE } from '../state/records';
import { evThread } from '../state/eventstate';
import { tI32, T_CONTAINER } from '../state/threads';
import {
  containerAt, containerFirst, cI32, cU32, cU8, C_NAME, C_IMAGE, C_IMAGE_ID, C_IMAGE_REPO, C_IMAGE_TAG,
  C_IMAGE_DIGEST, C_TYPE, C_JSON_OFF, C_JSON_END, C_PRIVILEGED, C_ORIGIN_REF,
} from '../state/containers';
import { findKey, stringValue, strStart, skipValue, skipWs, boolValue } from '../state/json';
import { sbReset, sbBytes, sbByte, sbAscii } from '../state/strbuf';
import { setOrigin, pushStrId, pushScratch, pushB } from './push';
import { O_INFERRED, O_STATE_EVENT } from '../core/values';

const TYPE_NAMES: string[] = ["docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri", "containerd", "cri-o", "bpm", "static", "podman"];

function jsonStr(v: u32, key: string): bool {
  const o = cU32(v, C_JSON_OFF);
  if (o == NONE) return false;
  const end = cU32(v, C_JSON_END);
  const k = findKey(o, end, key);
  if (k == 0xFFFFFFFF) return false;
  const n = stringValue(k, end);
  if (n < 0) return false;
  sbReset(); sbBytes(rawPtr() + strStart, <u32>n);
  return true;
}

/** The value of label `name` into the scratch buffer. */
function label(v: u32, namePtr: usize, nameLen: u32): bool {
  const o = cU32(v, C_JSON_OFF);
  if (o == NONE) return false;
  const end = cU32(v, C_JSON_END);
  const l = findKey(o, end, "labels");
  const lo = l != 0xFFFFFFFF ? l : findKey(o, end, "Labels");
  if (lo == 0xFFFFFFFF) return false;
  const name = String.UTF8.decodeUnsafe(namePtr, nameLen);
  const k = findKey(lo, end, name);
  if (k == 0xFFFFFFFF) return false;
  const n = stringValue(k, end);
  if (n < 0) return false;
  sbReset(); sbBytes(rawPtr() + strStart, <u32>n);
  return true;
}

export function extractContainer(f: i32, argNum: i64, argPtr: usize, argLen: u32, e: u32): bool {
  if (f < F.F_CONTAINER_ID || f > F.F_K8S_DEPLOYMENT_LABELS || (f >= F.F_PROC_IS_CONTAINER_HEALTHCHECK && f <= F.F_PROC_IS_CONTAINER_READINESS_PROBE)) return false;
  const th = evThread(e);
  if (th == NONE) return true;
  const id = tI32(th, T_CONTAINER);
  setOrigin(O_INFERRED, 0);
  if (id == STR_EMPTY) {
    // the host
    if (f == F.F_CONTAINER_ID || f == F.F_CONTAINER_NAME || f == F.F_CONTAINER_TYPE) { sbReset(); sbAscii("host"); pushScratch(); }
    else if (f == F.F_CONTAINER_FULL_ID) { sbReset(); sbAscii("host"); pushScratch(); }
    return true;
  }
  if (f == F.F_CONTAINER_ID || f == F.F_CONTAINER_FULL_ID) { pushStrId(id); return true; }
  let v = containerAt(id, e);
  if (v == NONE) v = containerFirst(id);
  if (v == NONE) return true;
  setOrigin(O_STATE_EVENT, cU32(v, C_ORIGIN_REF));
  switch (f) {
    case F.F_CONTAINER_NAME: pushNonEmpty(cI32(v, C_NAME)); break;
    case F.F_CONTAINER_IMAGE: pushNonEmpty(cI32(v, C_IMAGE)); break;
    case F.F_CONTAINER_IMAGE_ID: pushNonEmpty(cI32(v, C_IMAGE_ID)); break;
    case F.F_CONTAINER_IMAGE_REPOSITORY: pushNonEmpty(cI32(v, C_IMAGE_REPO)); break;
    case F.F_CONTAINER_IMAGE_TAG: pushNonEmpty(cI32(v, C_IMAGE_TAG)); break;
    case F.F_CONTAINER_IMAGE_DIGEST: pushNonEmpty(cI32(v, C_IMAGE_DIGEST)); break;
    case F.F_CONTAINER_TYPE: {
      const ty = cU32(v, C_TYPE);
      sbReset(); sbAscii(ty < <u32>TYPE_NAMES.length ? TYPE_NAMES[ty] : "custom"); pushScratch();
      break;
    }
    case F.F_CONTAINER_PRIVILEGED: { const p = cU8(v, C_PRIVILEGED); if (p != 0) pushB(p == 2); break; }
    case F.F_CONTAINER_IP: if (jsonStr(v, "ip")) pushScratch(); break;
    case F.F_CONTAINER_LABEL: case F.F_K8S_POD_LABEL: if (argLen > 0 && label(v, argPtr, argLen)) pushScratch(); break;
    case F.F_K8S_POD_NAME: if (labelS(v, "io.kubernetes.pod.name")) pushScratch(); break;
    case F.F_K8S_NS_NAME: if (labelS(v, "io.kubernetes.pod.namespace")) pushScratch(); break;
    case F.F_K8S_POD_ID: case F.F_K8S_POD_UID: if (labelS(v, "io.kubernetes.pod.uid")) pushScratch(); break;
    case F.F_K8S_POD_SANDBOX_ID: case F.F_K8S_POD_FULL_SANDBOX_ID: if (labelS(v, "io.kubernetes.sandbox.id")) pushScratch(); break;
    default: break;
  }
  return true;
}

function labelS(v: u32, name: string): bool {
  const b = String.UTF8.encode(name);
  return label(v, changetype<usize>(b), <u32>b.byteLength);
}

function pushNonEmpty(id: i32): void { if (id != STR_EMPTY) pushStrId(id); }

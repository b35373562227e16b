// Extractors for the k8saudit plugin's `ka.*` fields over one Kubernetes audit event (a JSON object with
// an `auditID`), following the plugin's documented semantics (falcosecurity/plugins, k8saudit): values are
// the JSON text of what the path names (strings decoded, other values as compact JSON), list fields give
// one value per element, container fields fan out over containers/initContainers/ephemeralContainers.
// Where the plugin's code disagrees with its own documentation (ka.sourceips and eff_run_as_* read the
// wrong keys there), the documentation wins; README.md (## Logs) lists these differences.
import * as F from '../generated/fields';
import {
  J_ARRAY, J_OBJECT, J_STRING, root, get, getK, kindOf, firstChild, nextSibling, strEquals, textOf, outPtr, outLen,
  isPlainString, isTruthy, startOf, endOf, docPtr, Bytes, keyEquals,
} from '../json/nav';
import { nodeKeyStart, nodeKeyEnd } from '../json/tape';
import { scratchMark, scratchAppend, scratchAppendByte, scratchPtrAt, scratchLenSince } from '../json/scratch';
import { collect, follow, path, results, resultCount } from './collect';
import { emitNode, emitText, emitConst } from './emit';
import { valReset } from '../core/values';

const K_AUDITID = new Bytes('auditID');
const K_CONTAINERS = new Bytes('containers');
const K_INIT = new Bytes('initContainers');
const K_EPHEMERAL = new Bytes('ephemeralContainers');
const K_KIND = new Bytes('kind');
const K_NAME = new Bytes('name');
const K_NAMESPACE = new Bytes('namespace');
const K_HOSTPORT = new Bytes('hostPort');
const K_CONTAINERPORT = new Bytes('containerPort');
const V_PODS = new Bytes('pods');
const V_USER = new Bytes('User');
const V_SA = new Bytes('ServiceAccount');
const V_GROUP = new Bytes('Group');
const TRUE = new Bytes('true');
const FALSE = new Bytes('false');
const ZERO = new Bytes('0');

const P_AUDITID = path('auditID');
const P_STAGE = path('stage');
const P_AUTH_DECISION = path('annotations|authorization.k8s.io/decision');
const P_AUTH_REASON = path('annotations|authorization.k8s.io/reason');
const P_OS_DECISION = path('annotations|authentication.openshift.io/decision');
const P_OS_USERNAME = path('annotations|authentication.openshift.io/username');
const P_VAP_FAILURE = path('annotations|validation.policy.admission.k8s.io/validation_failure');
const P_POD_VIOLATIONS = path('annotations|pod-security.kubernetes.io/audit-violations');
const P_CLUSTER_NAME = path('annotations|cluster_name');
const P_USER_NAME = path('user|username');
const P_USER_GROUPS = path('user|groups');
const P_IMPUSER = path('impersonatedUser|username');
const P_VERB = path('verb');
const P_URI = path('requestURI');
const P_TARGET_NAME = path('objectRef|name');
const P_TARGET_NS = path('objectRef|namespace');
const P_TARGET_RES = path('objectRef|resource');
const P_TARGET_SUBRES = path('objectRef|subresource');
const P_SUBJECTS = path('requestObject|subjects');
const P_ROLEREF = path('requestObject|roleRef|name');
const P_CONFIGMAP_OBJ = path('requestObject|data');
const P_HOST_IPC = path('requestObject|spec|hostIPC');
const P_HOST_NETWORK = path('requestObject|spec|hostNetwork');
const P_HOST_PID = path('requestObject|spec|hostPID');
const P_POD_RUN_AS_USER = path('requestObject|spec|securityContext|runAsUser');
const P_POD_RUN_AS_GROUP = path('requestObject|spec|securityContext|runAsGroup');
const P_FS_GROUP = path('requestObject|spec|securityContext|fsGroup');
const P_SUPP_GROUPS = path('requestObject|spec|securityContext|supplementalGroups');
const P_ROLE_RULES = path('requestObject|rules');
const P_SERVICE_TYPE = path('requestObject|spec|type');
const P_SERVICE_PORTS = path('requestObject|spec|ports');
const P_RESP_NAME = path('responseObject|metadata|name');
const P_RESP_CODE = path('responseStatus|code');
const P_RESP_REASON = path('responseStatus|reason');
const P_USERAGENT = path('userAgent');
const P_SOURCEIPS = path('sourceIPs');
const P_VOL_HOSTPATH = path('requestObject|spec|volumes|hostPath|path');
const P_VOL_FLEX = path('requestObject|spec|volumes|flexVolume|driver');
const P_VOLUMES = path('requestObject|spec|volumes|');
const P_RULES_APIGROUPS = path('requestObject|rules|apiGroups');
const P_RULES_NONRES = path('requestObject|rules|nonResourceURLs');
const P_RULES_VERBS = path('requestObject|rules|verbs');
const P_RULES_RESOURCES = path('requestObject|rules|resources');

// Per-container sub-paths (after requestObject.spec.<list>).
const S_NAME = path('name');
const S_IMAGE = path('image');
const S_ARGS = path('args');
const S_COMMAND = path('command');
const S_PORTS = path('ports');
const S_PRIVILEGED = path('securityContext|privileged');
const S_ALLOW_PE = path('securityContext|allowPrivilegeEscalation');
const S_RO_FS = path('securityContext|readOnlyRootFilesystem');
const S_RUN_AS_USER = path('securityContext|runAsUser');
const S_RUN_AS_GROUP = path('securityContext|runAsGroup');
const S_PROC_MOUNT = path('securityContext|procMount');
const S_ADD_CAPS = path('securityContext|capabilities|add');

/** True for field ids of the k8s_audit source. */
export function isK8sAuditField(f: i32): bool {
  return f >= F.F_K8S_AUDIT_KA_AUDITID && f <= F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_ADD_CAPABILITIES;
}

/** Single value at a path (any JSON type, as text). */
function one(r: i32, p: Array<Bytes>): void {
  const n = follow(r, p);
  if (n >= 0) emitNode(n);
}

/** List field over an array at a path: one value per element (nothing if it is not an array). */
function list(r: i32, p: Array<Bytes>): void {
  const n = follow(r, p);
  if (n < 0 || kindOf(n) != J_ARRAY) return;
  for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) emitNode(c);
}

/** Values of the fan-out walk, skipping the elements where the path stopped. */
function emitResults(): void {
  for (let i = 0; i < resultCount; i++) {
    const n = unchecked(results[i]);
    if (n >= 0) emitNode(n);
  }
}

/** The part of image reference `n` before the first ':' and then before the first '@' (plugin rule). */
function emitRepository(n: i32): void {
  textOf(n);
  let l: u32 = 0;
  while (l < outLen && load<u8>(outPtr + l) != 0x3A) l++;
  let m: u32 = 0;
  while (m < l && load<u8>(outPtr + m) != 0x40) m++;
  if (isPlainString(n)) emitText(outPtr, m, startOf(n) + 1, m);
  else emitText(outPtr, m, startOf(n), endOf(n) - startOf(n));
}

/** Joins the string elements of array `n` with spaces (container command/args); false on a non-string. */
function emitJoined(n: i32): bool {
  if (kindOf(n) != J_ARRAY) return false;
  for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) if (kindOf(c) != J_STRING) return false;
  const m = scratchMark();
  let first = true;
  for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) {
    if (!first) scratchAppendByte(0x20);
    first = false;
    const cm = scratchMark();
    textOf(c); // decoding escapes appends to scratch at cm; plain strings point into the document
    if (outPtr != scratchPtrAt(cm) || scratchLenSince(cm) == 0) scratchAppend(outPtr, outLen);
  }
  emitText(scratchPtrAt(m), scratchLenSince(m), startOf(n), endOf(n) - startOf(n));
  return true;
}

function containerField(r: i32, list: Bytes, sub: i32, index: i32): void {
  const base = follow(r, P_SPEC_OF_REQ);
  if (base < 0) return;
  const containers = get(base, list.ptr, list.len);
  if (containers < 0) return;
  switch (sub) {
    case SUB_NAME:
    case SUB_IMAGE: {
      if (!collect(containers, sub == SUB_NAME ? S_NAME : S_IMAGE, index)) return;
      // The plugin fails the whole field when one container lacks the key.
      for (let i = 0; i < resultCount; i++) if (unchecked(results[i]) < 0) return;
      emitResults();
      return;
    }
    case SUB_REPOSITORY: {
      if (!collect(containers, S_IMAGE, index)) return;
      for (let i = 0; i < resultCount; i++) if (unchecked(results[i]) < 0) return;
      for (let i = 0; i < resultCount; i++) emitRepository(unchecked(results[i]));
      return;
    }
    case SUB_ARGS:
    case SUB_COMMAND: {
      if (!collect(containers, sub == SUB_ARGS ? S_ARGS : S_COMMAND, index)) return;
      for (let i = 0; i < resultCount; i++) {
        const n = unchecked(results[i]);
        if (n >= 0 && kindOf(n) != J_ARRAY) { valResetK8s(); return; }
        if (n >= 0 && !emitJoined(n)) { valResetK8s(); return; }
      }
      return;
    }
    case SUB_HOST_PORT: {
      if (!collect(containers, S_PORTS, index)) return;
      for (let i = 0; i < resultCount; i++) {
        const ports = unchecked(results[i]);
        if (ports < 0) continue;
        if (kindOf(ports) != J_ARRAY) { valResetK8s(); return; }
        for (let p = firstChild(ports); p >= 0; p = nextSibling(ports, p)) {
          let v = get(p, K_HOSTPORT.ptr, K_HOSTPORT.len);
          if (v < 0) v = get(p, K_CONTAINERPORT.ptr, K_CONTAINERPORT.len);
          if (v >= 0) emitNode(v);
        }
      }
      return;
    }
    case SUB_EFF_USER:
    case SUB_EFF_GROUP: {
      // Container securityContext value, else the pod's securityContext value, else "0".
      const pod = follow(r, sub == SUB_EFF_USER ? P_POD_RUN_AS_USER : P_POD_RUN_AS_GROUP);
      if (!collect(containers, sub == SUB_EFF_USER ? S_RUN_AS_USER : S_RUN_AS_GROUP, index)) return;
      for (let i = 0; i < resultCount; i++) {
        const n = unchecked(results[i]);
        if (n >= 0) emitNode(n);
        else if (pod >= 0) emitNode(pod);
        else emitConst(ZERO, -1);
      }
      return;
    }
  }
  let sp: Array<Bytes> | null = null;
  switch (sub) {
    case SUB_PRIVILEGED: sp = S_PRIVILEGED; break;
    case SUB_ALLOW_PE: sp = S_ALLOW_PE; break;
    case SUB_RO_FS: sp = S_RO_FS; break;
    case SUB_RUN_AS_USER: sp = S_RUN_AS_USER; break;
    case SUB_RUN_AS_GROUP: sp = S_RUN_AS_GROUP; break;
    case SUB_PROC_MOUNT: sp = S_PROC_MOUNT; break;
    case SUB_ADD_CAPS: sp = S_ADD_CAPS; break;
  }
  if (sp == null) return;
  if (!collect(containers, sp, index)) return;
  emitResults();
}

const P_SPEC_OF_REQ = path('requestObject|spec');

const SUB_NAME = 1;
const SUB_IMAGE = 2;
const SUB_REPOSITORY = 3;
const SUB_ARGS = 4;
const SUB_COMMAND = 5;
const SUB_HOST_PORT = 6;
const SUB_PRIVILEGED = 7;
const SUB_ALLOW_PE = 8;
const SUB_RO_FS = 9;
const SUB_RUN_AS_USER = 10;
const SUB_EFF_USER = 11;
const SUB_RUN_AS_GROUP = 12;
const SUB_EFF_GROUP = 13;
const SUB_PROC_MOUNT = 14;
const SUB_ADD_CAPS = 15;

/** The plugin fails the whole field when one element has the wrong type: drop what was pushed. */
function valResetK8s(): void { valReset(); }

/** Maps a per-container field to (list, sub-field); returns false for other fields. */
let cList: Bytes = K_CONTAINERS;
let cSub: i32 = 0;
function containerFieldOf(f: i32): bool {
  cSub = 0;
  switch (f) {
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_NAME: cList = K_CONTAINERS; cSub = SUB_NAME; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_IMAGE: cList = K_CONTAINERS; cSub = SUB_IMAGE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_IMAGE_REPOSITORY: cList = K_CONTAINERS; cSub = SUB_REPOSITORY; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_ARGS: cList = K_CONTAINERS; cSub = SUB_ARGS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_COMMAND: cList = K_CONTAINERS; cSub = SUB_COMMAND; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_HOST_PORT: cList = K_CONTAINERS; cSub = SUB_HOST_PORT; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_PRIVILEGED: cList = K_CONTAINERS; cSub = SUB_PRIVILEGED; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_ALLOW_PRIVILEGE_ESCALATION: cList = K_CONTAINERS; cSub = SUB_ALLOW_PE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_READ_ONLY_FS: cList = K_CONTAINERS; cSub = SUB_RO_FS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_RUN_AS_USER: cList = K_CONTAINERS; cSub = SUB_RUN_AS_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_EFF_RUN_AS_USER: cList = K_CONTAINERS; cSub = SUB_EFF_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_RUN_AS_GROUP: cList = K_CONTAINERS; cSub = SUB_RUN_AS_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_EFF_RUN_AS_GROUP: cList = K_CONTAINERS; cSub = SUB_EFF_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_PROC_MOUNT: cList = K_CONTAINERS; cSub = SUB_PROC_MOUNT; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_CONTAINERS_ADD_CAPABILITIES: cList = K_CONTAINERS; cSub = SUB_ADD_CAPS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_NAME: cList = K_INIT; cSub = SUB_NAME; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_IMAGE: cList = K_INIT; cSub = SUB_IMAGE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_IMAGE_REPOSITORY: cList = K_INIT; cSub = SUB_REPOSITORY; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_ARGS: cList = K_INIT; cSub = SUB_ARGS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_COMMAND: cList = K_INIT; cSub = SUB_COMMAND; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_HOST_PORT: cList = K_INIT; cSub = SUB_HOST_PORT; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_PRIVILEGED: cList = K_INIT; cSub = SUB_PRIVILEGED; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_ALLOW_PRIVILEGE_ESCALATION: cList = K_INIT; cSub = SUB_ALLOW_PE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_READ_ONLY_FS: cList = K_INIT; cSub = SUB_RO_FS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_RUN_AS_USER: cList = K_INIT; cSub = SUB_RUN_AS_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_EFF_RUN_AS_USER: cList = K_INIT; cSub = SUB_EFF_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_RUN_AS_GROUP: cList = K_INIT; cSub = SUB_RUN_AS_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_EFF_RUN_AS_GROUP: cList = K_INIT; cSub = SUB_EFF_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_PROC_MOUNT: cList = K_INIT; cSub = SUB_PROC_MOUNT; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_INITCONTAINERS_ADD_CAPABILITIES: cList = K_INIT; cSub = SUB_ADD_CAPS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_NAME: cList = K_EPHEMERAL; cSub = SUB_NAME; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_IMAGE: cList = K_EPHEMERAL; cSub = SUB_IMAGE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_IMAGE_REPOSITORY: cList = K_EPHEMERAL; cSub = SUB_REPOSITORY; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_ARGS: cList = K_EPHEMERAL; cSub = SUB_ARGS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_COMMAND: cList = K_EPHEMERAL; cSub = SUB_COMMAND; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_PRIVILEGED: cList = K_EPHEMERAL; cSub = SUB_PRIVILEGED; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_ALLOW_PRIVILEGE_ESCALATION: cList = K_EPHEMERAL; cSub = SUB_ALLOW_PE; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_READ_ONLY_FS: cList = K_EPHEMERAL; cSub = SUB_RO_FS; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_RUN_AS_USER: cList = K_EPHEMERAL; cSub = SUB_RUN_AS_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_EFF_RUN_AS_USER: cList = K_EPHEMERAL; cSub = SUB_EFF_USER; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_RUN_AS_GROUP: cList = K_EPHEMERAL; cSub = SUB_RUN_AS_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_EFF_RUN_AS_GROUP: cList = K_EPHEMERAL; cSub = SUB_EFF_GROUP; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_PROC_MOUNT: cList = K_EPHEMERAL; cSub = SUB_PROC_MOUNT; break;
    case F.F_K8S_AUDIT_KA_REQ_POD_EPHEMERALCONTAINERS_ADD_CAPABILITIES: cList = K_EPHEMERAL; cSub = SUB_ADD_CAPS; break;
  }
  return cSub != 0;
}

/** Subject names of a role binding by kind; `namespaced` gives "namespace:name" for service accounts. */
function subjectNames(r: i32, kind: Bytes, namespaced: bool): void {
  const subjects = follow(r, P_SUBJECTS);
  if (subjects < 0 || kindOf(subjects) != J_ARRAY) return;
  for (let s = firstChild(subjects); s >= 0; s = nextSibling(subjects, s)) {
    const k = getK(s, K_KIND);
    const name = getK(s, K_NAME);
    if (k < 0 || name < 0 || !strEquals(k, kind)) continue;
    if (!namespaced) { emitNode(name); continue; }
    const ns = getK(s, K_NAMESPACE);
    if (ns < 0) continue;
    const m = scratchMark();
    textOf(ns);
    if (outPtr != scratchPtrAt(m)) scratchAppend(outPtr, outLen);
    scratchAppendByte(0x3A);
    const m2 = scratchMark();
    textOf(name);
    if (outPtr != scratchPtrAt(m2) || scratchLenSince(m2) == 0) scratchAppend(outPtr, outLen);
    emitText(scratchPtrAt(m), scratchLenSince(m), startOf(s), endOf(s) - startOf(s));
  }
}

/** Rule sub-lists (apiGroups, verbs, ...) of a role's rules, flattened. */
function rulesField(r: i32, p: Array<Bytes>, index: i32): void {
  if (!collect(r, p, index)) return;
  for (let i = 0; i < resultCount; i++) {
    const n = unchecked(results[i]);
    if (n < 0 || kindOf(n) != J_ARRAY) continue;
    for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) emitNode(c);
  }
}

function hexDigit(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const l = c | 0x20;
  if (l - 0x61 < 6) return <i32>(l - 0x61 + 10);
  return -1;
}

/** `ka.uri.param[key]`: first value of query parameter `key` in the request URI, URL-decoded. */
function uriParam(r: i32, keyPtr: usize, keyLen: u32): void {
  const uri = follow(r, P_URI);
  if (uri < 0 || kindOf(uri) != J_STRING) return;
  textOf(uri);
  const p = outPtr;
  const l = outLen;
  let q: u32 = 0;
  while (q < l && load<u8>(p + q) != 0x3F) q++;
  if (q >= l) return;
  let i = q + 1;
  // The fragment is not part of the query.
  let end = i;
  while (end < l && load<u8>(p + end) != 0x23) end++;
  // Like Go's url.ParseQuery (which the plugin uses), a ';' separator or a bad %-escape anywhere in the
  // query fails the whole field.
  for (let k = i; k < end; k++) {
    const c = load<u8>(p + k);
    if (c == 0x3B) return;
    if (c == 0x25 && (k + 2 >= end || hexDigit(load<u8>(p + k + 1)) < 0 || hexDigit(load<u8>(p + k + 2)) < 0)) return;
  }
  while (i < end) {
    let j = i;
    while (j < end && load<u8>(p + j) != 0x26) j++;
    let eq = i;
    while (eq < j && load<u8>(p + eq) != 0x3D) eq++;
    // Decode the key and compare.
    const m = scratchMark();
    if (!urlDecode(p + i, eq - i)) return;
    const kl = scratchLenSince(m);
    const match = kl == keyLen && memory.compare(scratchPtrAt(m), keyPtr, keyLen) == 0;
    if (match) {
      const vs = eq < j ? eq + 1 : j;
      const m2 = scratchMark();
      if (!urlDecode(p + vs, j - vs)) return;
      const vl = scratchLenSince(m2);
      // Exact bytes when nothing was decoded, else the whole URI.
      if (isPlainString(uri) && vl == j - vs && memory.compare(scratchPtrAt(m2), p + vs, vl) == 0) {
        emitText(scratchPtrAt(m2), vl, startOf(uri) + 1 + vs, vl);
      } else {
        emitText(scratchPtrAt(m2), vl, startOf(uri), endOf(uri) - startOf(uri));
      }
      return;
    }
    i = j + 1;
  }
}

/** URL query decoding ('+' is a space, %XX a byte) into the scratch arena; false on a bad escape. */
function urlDecode(p: usize, l: u32): bool {
  let i: u32 = 0;
  while (i < l) {
    const c = load<u8>(p + i);
    if (c == 0x2B) { scratchAppendByte(0x20); i++; continue; }
    if (c == 0x25) {
      if (i + 2 >= l) return false;
      const h = hexDigit(load<u8>(p + i + 1));
      const lo = hexDigit(load<u8>(p + i + 2));
      if (h < 0 || lo < 0) return false;
      scratchAppendByte(<u8>((h << 4) | lo));
      i += 3;
      continue;
    }
    scratchAppendByte(c);
    i++;
  }
  return true;
}

/** Deprecated ka.req.volume.hostpath[path]: "true" if a hostPath volume uses `path` (prefix if it ends in '*'). */
function volumeHostpath(r: i32, argPtr: usize, argLen: u32): void {
  if (!collect(r, P_VOL_HOSTPATH, -1)) return;
  const prefix = argLen > 0 && load<u8>(argPtr + argLen - 1) == 0x2A;
  const pl = prefix ? argLen - 1 : argLen;
  for (let i = 0; i < resultCount; i++) {
    const n = unchecked(results[i]);
    if (n < 0) continue;
    textOf(n);
    const ok = prefix ? outLen >= pl && memory.compare(outPtr, argPtr, pl) == 0
      : outLen == argLen && memory.compare(outPtr, argPtr, argLen) == 0;
    if (ok) { emitConst(TRUE, n); return; }
  }
  emitConst(FALSE, -1);
}

/** ka.req.pod.volumes.volume_type: the keys of each volume other than `name`. */
function volumeTypes(r: i32, index: i32): void {
  if (!collect(r, P_VOLUMES, index)) return;
  for (let i = 0; i < resultCount; i++) {
    const v = unchecked(results[i]);
    if (v < 0 || kindOf(v) != J_OBJECT) continue;
    for (let c = firstChild(v); c >= 0; c = nextSibling(v, c)) {
      if (keyEquals(c, K_NAME.ptr, K_NAME.len)) continue;
      const ks = unchecked(nodeKeyStart[c]);
      const ke = unchecked(nodeKeyEnd[c]);
      emitText(docPtr + ks + 1, ke - ks - 2, ks, ke - ks);
    }
  }
}

/**
 * Extracts k8saudit field `f` from the current document (json/nav.ts). `index` is the numeric argument
 * or -1; `argPtr/argLen` the key argument.
 */
export function extractK8sAudit(f: i32, index: i32, argPtr: usize, argLen: u32): void {
  const r = root();
  if (r < 0 || kindOf(r) != J_OBJECT || getK(r, K_AUDITID) < 0) return;
  if (containerFieldOf(f)) { containerField(r, cList, cSub, index); return; }
  switch (f) {
    case F.F_K8S_AUDIT_KA_AUDITID: one(r, P_AUDITID); break;
    case F.F_K8S_AUDIT_KA_STAGE: one(r, P_STAGE); break;
    case F.F_K8S_AUDIT_KA_AUTH_DECISION: one(r, P_AUTH_DECISION); break;
    case F.F_K8S_AUDIT_KA_AUTH_REASON: one(r, P_AUTH_REASON); break;
    case F.F_K8S_AUDIT_KA_AUTH_OPENSHIFT_DECISION: one(r, P_OS_DECISION); break;
    case F.F_K8S_AUDIT_KA_AUTH_OPENSHIFT_USERNAME: one(r, P_OS_USERNAME); break;
    case F.F_K8S_AUDIT_KA_VALIDATIONS_ADMISSION_POLICY_FAILURE: one(r, P_VAP_FAILURE); break;
    case F.F_K8S_AUDIT_KA_SECURITY_POD_VIOLATIONS: one(r, P_POD_VIOLATIONS); break;
    case F.F_K8S_AUDIT_KA_USER_NAME: one(r, P_USER_NAME); break;
    case F.F_K8S_AUDIT_KA_USER_GROUPS: list(r, P_USER_GROUPS); break;
    case F.F_K8S_AUDIT_KA_IMPUSER_NAME: one(r, P_IMPUSER); break;
    case F.F_K8S_AUDIT_KA_VERB: one(r, P_VERB); break;
    case F.F_K8S_AUDIT_KA_URI: one(r, P_URI); break;
    case F.F_K8S_AUDIT_KA_URI_PARAM: uriParam(r, argPtr, argLen); break;
    case F.F_K8S_AUDIT_KA_TARGET_NAME: one(r, P_TARGET_NAME); break;
    case F.F_K8S_AUDIT_KA_TARGET_NAMESPACE: one(r, P_TARGET_NS); break;
    case F.F_K8S_AUDIT_KA_TARGET_RESOURCE: one(r, P_TARGET_RES); break;
    case F.F_K8S_AUDIT_KA_TARGET_SUBRESOURCE: one(r, P_TARGET_SUBRES); break;
    case F.F_K8S_AUDIT_KA_TARGET_POD_NAME: {
      // Only for requests on pods themselves (no subresource): the pod name from the response.
      if (!strEquals(follow(r, P_TARGET_RES), V_PODS)) break;
      const sub = follow(r, P_TARGET_SUBRES);
      if (sub >= 0) { textOf(sub); if (kindOf(sub) == J_STRING && outLen > 0) break; }
      one(r, P_RESP_NAME);
      break;
    }
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECTS: list(r, P_SUBJECTS); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECTS_USER_NAMES: subjectNames(r, V_USER, false); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECTS_SERVICEACCOUNT_NAMES: subjectNames(r, V_SA, false); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECTS_SERVICEACCOUNT_NS_NAMES: subjectNames(r, V_SA, true); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECTS_GROUP_NAMES: subjectNames(r, V_GROUP, false); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_ROLE: one(r, P_ROLEREF); break;
    case F.F_K8S_AUDIT_KA_REQ_BINDING_SUBJECT_HAS_NAME: emitConst(TRUE, -1); break;
    case F.F_K8S_AUDIT_KA_REQ_CONFIGMAP_NAME: one(r, P_TARGET_NAME); break;
    case F.F_K8S_AUDIT_KA_REQ_CONFIGMAP_OBJ: one(r, P_CONFIGMAP_OBJ); break;
    case F.F_K8S_AUDIT_KA_REQ_CONTAINER_IMAGE:
      containerField(r, K_CONTAINERS, SUB_IMAGE, 0); break;
    case F.F_K8S_AUDIT_KA_REQ_CONTAINER_IMAGE_REPOSITORY:
      containerField(r, K_CONTAINERS, SUB_REPOSITORY, 0); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_HOST_IPC: one(r, P_HOST_IPC); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_HOST_NETWORK: one(r, P_HOST_NETWORK); break;
    case F.F_K8S_AUDIT_KA_REQ_CONTAINER_HOST_NETWORK: one(r, P_HOST_NETWORK); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_HOST_PID: one(r, P_HOST_PID); break;
    case F.F_K8S_AUDIT_KA_REQ_CONTAINER_PRIVILEGED: {
      const spec = follow(r, P_SPEC_OF_REQ);
      const cs = spec >= 0 ? getK(spec, K_CONTAINERS) : -1;
      if (cs < 0 || !collect(cs, S_PRIVILEGED, -1)) break;
      for (let i = 0; i < resultCount; i++) {
        const n = unchecked(results[i]);
        if (isTruthy(n)) { emitConst(TRUE, n); return; }
      }
      emitConst(FALSE, -1);
      break;
    }
    case F.F_K8S_AUDIT_KA_REQ_POD_RUN_AS_USER: one(r, P_POD_RUN_AS_USER); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_RUN_AS_GROUP: one(r, P_POD_RUN_AS_GROUP); break;
    case F.F_K8S_AUDIT_KA_REQ_ROLE_RULES: list(r, P_ROLE_RULES); break;
    case F.F_K8S_AUDIT_KA_REQ_ROLE_RULES_APIGROUPS: rulesField(r, P_RULES_APIGROUPS, index); break;
    case F.F_K8S_AUDIT_KA_REQ_ROLE_RULES_NONRESOURCEURLS: rulesField(r, P_RULES_NONRES, index); break;
    case F.F_K8S_AUDIT_KA_REQ_ROLE_RULES_VERBS: rulesField(r, P_RULES_VERBS, index); break;
    case F.F_K8S_AUDIT_KA_REQ_ROLE_RULES_RESOURCES: rulesField(r, P_RULES_RESOURCES, index); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_FS_GROUP: one(r, P_FS_GROUP); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_SUPPLEMENTAL_GROUPS: list(r, P_SUPP_GROUPS); break;
    case F.F_K8S_AUDIT_KA_REQ_SERVICE_TYPE: one(r, P_SERVICE_TYPE); break;
    case F.F_K8S_AUDIT_KA_REQ_SERVICE_PORTS: one(r, P_SERVICE_PORTS); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_VOLUMES_HOSTPATH:
      if (collect(r, P_VOL_HOSTPATH, index)) emitResults();
      break;
    case F.F_K8S_AUDIT_KA_REQ_VOLUME_HOSTPATH: volumeHostpath(r, argPtr, argLen); break;
    case F.F_K8S_AUDIT_KA_REQ_POD_VOLUMES_FLEXVOLUME_DRIVER:
      if (collect(r, P_VOL_FLEX, index)) emitResults();
      break;
    case F.F_K8S_AUDIT_KA_REQ_POD_VOLUMES_VOLUME_TYPE: volumeTypes(r, index); break;
    case F.F_K8S_AUDIT_KA_RESP_NAME: one(r, P_RESP_NAME); break;
    case F.F_K8S_AUDIT_KA_RESPONSE_CODE: one(r, P_RESP_CODE); break;
    case F.F_K8S_AUDIT_KA_RESPONSE_REASON: one(r, P_RESP_REASON); break;
    case F.F_K8S_AUDIT_KA_USERAGENT: one(r, P_USERAGENT); break;
    case F.F_K8S_AUDIT_KA_SOURCEIPS: {
      const ips = follow(r, P_SOURCEIPS);
      if (ips < 0 || kindOf(ips) != J_ARRAY) break;
      if (index >= 0) {
        let c = firstChild(ips);
        for (let k = 0; k < index && c >= 0; k++) c = nextSibling(ips, c);
        if (c >= 0) emitNode(c);
      } else {
        for (let c = firstChild(ips); c >= 0; c = nextSibling(ips, c)) emitNode(c);
      }
      break;
    }
    case F.F_K8S_AUDIT_KA_CLUSTER_NAME: one(r, P_CLUSTER_NAME); break;
  }
}


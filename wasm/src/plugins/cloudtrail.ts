// Extractors for the cloudtrail plugin's fields (`ct.*`, `s3.*`, `ec2.*`, `ecr.*`, `iam.*`) over one
// CloudTrail record, with the plugin's documented semantics (falcosecurity/plugins, cloudtrail). Values
// that are JSON objects in the record (requestParameters, serviceEventDetails, ...) are given as compact
// JSON text; composed values (ct.info, s3.uri, s3.bytes) have no single byte range.
import * as F from '../generated/fields';
import {
  J_ARRAY, J_STRING, J_TRUE, root, getK, kindOf, firstChild, nextSibling, strEquals, textOf, outPtr, outLen,
  isPlainString, startOf, endOf, u64Of, docPtr, Bytes,
} from '../json/nav';
import {
  scratchMark, scratchAppend, scratchAppendByte, scratchAppendU64, scratchPtrAt, scratchLenSince, scratchRewind,
} from '../json/scratch';
import { follow, path } from './collect';
import { emitNode, emitText, emitConst, emitU64 } from './emit';
import { NO_RANGE } from '../core/values';

const P_ID = path('eventID');
const P_ERROR = path('errorCode');
const P_ERRMSG = path('errorMessage');
const P_TIME = path('eventTime');
const P_SRC = path('eventSource');
const P_NAME = path('eventName');
const P_UTYPE = path('userIdentity|type');
const P_UNAME = path('userIdentity|userName');
const P_INVOKEDBY = path('userIdentity|invokedBy');
const P_ISSUER_NAME = path('userIdentity|sessionContext|sessionIssuer|userName');
const P_ARN = path('userIdentity|arn');
const P_PRINCIPAL = path('userIdentity|principalId');
const P_ACCOUNT = path('userIdentity|accountId');
const P_RECIPIENT = path('recipientAccountId');
const P_REGION = path('awsRegion');
const P_RESP_SUBNET = path('responseElements|subnetId');
const P_RESP_RESERVATION = path('responseElements|reservationId');
const P_RESPONSE = path('responseElements');
const P_REQUEST = path('requestParameters');
const P_SRCIP = path('sourceIPAddress');
const P_USERAGENT = path('userAgent');
const P_MGMT = path('managementEvent');
const P_READONLY = path('readOnly');
const P_REQUESTID = path('requestID');
const P_EVENTTYPE = path('eventType');
const P_APIVERSION = path('apiVersion');
const P_RESOURCES = path('resources');
const P_SERVICEDETAILS = path('serviceEventDetails');
const P_SHAREDID = path('sharedEventID');
const P_VPCE = path('vpcEndpointId');
const P_CATEGORY = path('eventCategory');
const P_ADD_REASON = path('addendum|reason');
const P_ADD_FIELDS = path('addendum|updatedFields');
const P_ADD_REQID = path('addendum|originalRequestID');
const P_ADD_EVID = path('addendum|originalEventID');
const P_CONSOLE = path('sessionCredentialFromConsole');
const P_EDGE = path('edgeDeviceDetails');
const P_TLS_VERSION = path('tlsDetails|tlsVersion');
const P_TLS_CIPHER = path('tlsDetails|cipherSuite');
const P_TLS_HOST = path('tlsDetails|clientProvidedHostHeader');
const P_ADDITIONAL = path('additionalEventData');
const P_BYTES_IN = path('additionalEventData|bytesTransferredIn');
const P_BYTES_OUT = path('additionalEventData|bytesTransferredOut');
const P_BUCKET = path('requestParameters|bucketName');
const P_KEY = path('requestParameters|key');
const P_TAGSPECS = path('requestParameters|tagSpecificationSet|items');
const P_ITEMS = path('responseElements|instancesSet|items');
const P_REQ_IMAGEID = path('requestParameters|imageId');
const P_REQ_FASTLAUNCH = path('requestParameters|DescribeFastLaunchImagesRequest|ImageId|content');
const P_REQ_LAUNCHSPEC = path('requestParameters|launchSpecification|imageId');
const P_PAB = path('requestParameters|PublicAccessBlockConfiguration');

const K_RESOURCETYPE = new Bytes('resourceType');
const K_TAGS = new Bytes('tags');
const K_KEY = new Bytes('key');
const K_VALUE = new Bytes('value');
const K_IMAGEID = new Bytes('imageId');
const V_INSTANCE = new Bytes('instance');
const V_NAME = new Bytes('Name');
const V_ROOT = new Bytes('Root');
const V_IAMUSER = new Bytes('IAMUser');
const V_AWSSERVICE = new Bytes('AWSService');
const V_ASSUMEDROLE = new Bytes('AssumedRole');
const V_AWSACCOUNT = new Bytes('AWSAccount');
const V_FEDERATED = new Bytes('FederatedUser');
const V_UNKNOWN_TYPE = new Bytes('<unknown user type>');
const V_GETOBJECT = new Bytes('GetObject');
const V_PUTOBJECT = new Bytes('PutObject');
const V_TRUE = new Bytes('true');
const V_FALSE = new Bytes('false');
const SUFFIX = new Bytes('.amazonaws.com');
const S3_PREFIX = new Bytes('s3://');
const V_PUTPAB = new Bytes('PutBucketPublicAccessBlock');

/** Request-parameter fields: field id -> key under requestParameters. */
function requestKey(f: i32): string | null {
  switch (f) {
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_AVAILABILITYZONE: return 'availabilityZone';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_CLUSTER: return 'cluster';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_FUNCTIONNAME: return 'functionName';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_GROUPNAME: return 'groupName';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_HOST: return 'Host';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_NAME: return 'name';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_POLICY: return 'policy';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_REASON: return 'reason';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_TARGET: return 'target';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_DOCUMENTNAME: return 'documentName';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_SERIALNUMBER: return 'serialNumber';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_SERVICENAME: return 'serviceName';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_SUBNETID: return 'subnetId';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_TASKDEFINITION: return 'taskDefinition';
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST_USERNAME: return 'userName';
    case F.F_AWS_CLOUDTRAIL_ECR_REPOSITORY: return 'repositoryName';
    case F.F_AWS_CLOUDTRAIL_ECR_IMAGETAG: return 'imageTag';
    case F.F_AWS_CLOUDTRAIL_IAM_ROLE: return 'roleName';
    case F.F_AWS_CLOUDTRAIL_IAM_POLICY: return 'policyName';
  }
  return null;
}
const REQUEST_KEYS = new Map<i32, Bytes>();
function requestKeyBytes(f: i32): Bytes | null {
  if (REQUEST_KEYS.has(f)) return REQUEST_KEYS.get(f);
  const k = requestKey(f);
  if (k == null) return null;
  const b = new Bytes(k!);
  REQUEST_KEYS.set(f, b);
  return b;
}

export function isCloudtrailField(f: i32): bool {
  return f >= F.F_AWS_CLOUDTRAIL_CT_ID && f <= F.F_AWS_CLOUDTRAIL_IAM_POLICY;
}

function one(r: i32, p: Array<Bytes>): bool {
  const n = follow(r, p);
  if (n < 0) return false;
  emitNode(n);
  return true;
}

/** A JSON boolean rendered "true"/"false" (a string "true" counts as true: CloudTrail writes both). */
function boolField(r: i32, p: Array<Bytes>): void {
  const n = follow(r, p);
  if (n < 0) return;
  emitConst(kindOf(n) == J_TRUE || strEquals(n, V_TRUE) ? V_TRUE : V_FALSE, n);
}

/** Emits `user` per the plugin's identity-type rules; returns false when there is no user. */
function user(r: i32): bool {
  const t = follow(r, P_UTYPE);
  if (t < 0 || kindOf(t) != J_STRING) return false;
  let n = -1;
  if (strEquals(t, V_ROOT) || strEquals(t, V_IAMUSER)) n = follow(r, P_UNAME);
  else if (strEquals(t, V_AWSSERVICE)) n = follow(r, P_INVOKEDBY);
  else if (strEquals(t, V_ASSUMEDROLE)) {
    n = follow(r, P_ISSUER_NAME);
    if (n < 0) { emitConst(V_ASSUMEDROLE, t); return true; }
  } else if (strEquals(t, V_AWSACCOUNT)) { emitConst(V_AWSACCOUNT, t); return true; }
  else if (strEquals(t, V_FEDERATED)) { emitConst(V_FEDERATED, t); return true; }
  else { emitConst(V_UNKNOWN_TYPE, t); return true; }
  if (n < 0) return false;
  emitNode(n);
  return true;
}

/** The last `sep`-separated part of string node `n` if it has exactly `parts` parts, ranged precisely. */
function lastPart(n: i32, sep: u8, parts: i32): bool {
  if (n < 0 || kindOf(n) != J_STRING) return false;
  textOf(n);
  let count = 1;
  let last: u32 = 0;
  for (let i: u32 = 0; i < outLen; i++) if (load<u8>(outPtr + i) == sep) { count++; last = i + 1; }
  if (count != parts) return false;
  if (isPlainString(n)) emitText(outPtr + last, outLen - last, startOf(n) + 1 + last, outLen - last);
  else emitText(outPtr + last, outLen - last, startOf(n), endOf(n) - startOf(n));
  return true;
}

function originalUser(r: i32): void {
  const t = follow(r, P_UTYPE);
  if (strEquals(t, V_ASSUMEDROLE)) {
    if (lastPart(follow(r, P_ARN), 0x2F, 3)) return;
    lastPart(follow(r, P_PRINCIPAL), 0x3A, 2);
    return;
  }
  one(r, P_UNAME);
}

function shortSrc(r: i32): void {
  const n = follow(r, P_SRC);
  if (n < 0) return;
  textOf(n);
  if (outLen > SUFFIX.len && memory.compare(outPtr + outLen - SUFFIX.len, SUFFIX.ptr, SUFFIX.len) == 0) {
    const l = outLen - SUFFIX.len;
    if (isPlainString(n)) emitText(outPtr, l, startOf(n) + 1, l);
    else emitText(outPtr, l, startOf(n), endOf(n) - startOf(n));
    return;
  }
  // The plugin gives nothing when the suffix is missing.
}

/** ct.resources: the compact JSON of each resource, joined with ','. */
function resources(r: i32): void {
  const n = follow(r, P_RESOURCES);
  if (n < 0 || kindOf(n) != J_ARRAY || firstChild(n) < 0) return;
  const m = scratchMark();
  let first = true;
  for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) {
    if (!first) scratchAppendByte(0x2C);
    first = false;
    // Strings keep their JSON quotes in the plugin's rendering (it marshals each element).
    if (kindOf(c) == J_STRING) { scratchAppend(docPtr + startOf(c), endOf(c) - startOf(c)); continue; }
    const cm = scratchMark();
    textOf(c);
    if (outPtr != scratchPtrAt(cm) || scratchLenSince(cm) == 0) scratchAppend(outPtr, outLen);
  }
  emitText(scratchPtrAt(m), scratchLenSince(m), startOf(n), endOf(n) - startOf(n));
}

function s3Bytes(r: i32, wantIn: bool, wantOut: bool): void {
  const i = wantIn ? follow(r, P_BYTES_IN) : -1;
  const o = wantOut ? follow(r, P_BYTES_OUT) : -1;
  if (i < 0 && o < 0) return;
  let v: u64 = 0;
  if (i >= 0) v += u64Of(i);
  if (o >= 0) v += u64Of(o);
  // A single source keeps its range; the sum of both has none.
  emitU64(v, i >= 0 && o >= 0 ? -1 : (i >= 0 ? i : o));
}

function s3Uri(r: i32): void {
  const b = follow(r, P_BUCKET);
  const k = follow(r, P_KEY);
  if (b < 0 || k < 0 || kindOf(b) != J_STRING || kindOf(k) != J_STRING) return;
  const m = scratchMark();
  scratchAppend(S3_PREFIX.ptr, S3_PREFIX.len);
  let cm = scratchMark();
  textOf(b);
  if (outPtr != scratchPtrAt(cm) || scratchLenSince(cm) == 0) scratchAppend(outPtr, outLen);
  scratchAppendByte(0x2F);
  cm = scratchMark();
  textOf(k);
  if (outPtr != scratchPtrAt(cm) || scratchLenSince(cm) == 0) scratchAppend(outPtr, outLen);
  emitText(scratchPtrAt(m), scratchLenSince(m), NO_RANGE, 0);
}

function ec2Name(r: i32): void {
  const items = follow(r, P_TAGSPECS);
  if (items < 0 || kindOf(items) != J_ARRAY) return;
  let found = -1;
  for (let it = firstChild(items); it >= 0; it = nextSibling(items, it)) {
    if (!strEquals(getK(it, K_RESOURCETYPE), V_INSTANCE)) continue;
    const tags = getK(it, K_TAGS);
    if (tags < 0 || kindOf(tags) != J_ARRAY) continue;
    for (let t = firstChild(tags); t >= 0; t = nextSibling(tags, t)) {
      if (strEquals(getK(t, K_KEY), V_NAME)) { found = getK(t, K_VALUE); break; }
    }
  }
  if (found < 0 || kindOf(found) != J_STRING) return;
  textOf(found);
  if (outLen == 0) return;
  emitNode(found);
}

/** ec2.imageids / ec2.imageid: image ids from the response's instances, else from the request. */
function imageIds(r: i32, index: i32): void {
  const items = follow(r, P_ITEMS);
  if (items >= 0) {
    if (kindOf(items) != J_ARRAY) return;
    let k = 0;
    for (let it = firstChild(items); it >= 0; it = nextSibling(items, it), k++) {
      const id = getK(it, K_IMAGEID);
      if (index >= 0) {
        if (k == index) { if (id >= 0) emitNode(id); return; }
        continue;
      }
      if (id < 0 || kindOf(id) != J_STRING) continue;
      textOf(id);
      if (outLen > 0) emitNode(id);
    }
    return;
  }
  if (index > 0) return;
  if (one(r, P_REQ_IMAGEID)) return;
  if (one(r, P_REQ_FASTLAUNCH)) return;
  one(r, P_REQ_LAUNCHSPEC);
}

function appendText(n: i32): void {
  const cm = scratchMark();
  textOf(n);
  if (outPtr != scratchPtrAt(cm) || scratchLenSince(cm) == 0) scratchAppend(outPtr, outLen);
}

function appendStr(s: string): void {
  const b = String.UTF8.encode(s);
  scratchAppend(changetype<usize>(b), <u32>b.byteLength);
}

// The user as the plugin's getUser() finds it (the ct.user rules): a node's text or a constant.
let userNode: i32 = -1;
let userConst: string | null = null;

/** Sets userNode/userConst for record `r`; false when there is no user. */
function resolveUser(r: i32): bool {
  userNode = -1;
  userConst = null;
  const t = follow(r, P_UTYPE);
  if (t < 0 || kindOf(t) != J_STRING) return false;
  if (strEquals(t, V_ROOT) || strEquals(t, V_IAMUSER)) userNode = follow(r, P_UNAME);
  else if (strEquals(t, V_AWSSERVICE)) userNode = follow(r, P_INVOKEDBY);
  else if (strEquals(t, V_ASSUMEDROLE)) { userNode = follow(r, P_ISSUER_NAME); if (userNode < 0) userConst = 'AssumedRole'; }
  else if (strEquals(t, V_AWSACCOUNT)) userConst = 'AWSAccount';
  else if (strEquals(t, V_FEDERATED)) userConst = 'FederatedUser';
  else userConst = '<unknown user type>';
  return userNode >= 0 || userConst != null;
}

function appendUser(): void {
  if (userConst != null) appendStr(userConst!); else appendText(userNode);
}

/** ct.info: "who [via where] [!]←/→ what" plus S3 size/URI/bucket/key or request host. */
function info(r: i32): void {
  const m = scratchMark();
  appendInfo(r, m);
  finish(m);
}

/** Appends ct.info's text for record `r` to the scratch (from mark `m`). */
function appendInfo(r: i32, m: u32): void {
  if (!resolveUser(r)) { appendStr('<invalid cloudtrail event: userIdentity field missing>'); return; }
  const srcip = follow(r, P_SRCIP);
  if (srcip < 0) { scratchRewindTo(m); appendStr('<invalid cloudtrail event: eventSource field missing>'); return; }
  const name = follow(r, P_NAME);
  if (name < 0) { appendStr('<invalid cloudtrail event: eventName field missing>'); return; }
  // Compare user and source ip texts.
  const um = scratchMark();
  appendUser();
  const ul = scratchLenSince(um);
  const sm = scratchMark();
  appendText(srcip);
  const sl = scratchLenSince(sm);
  const same = ul == sl && memory.compare(scratchPtrAt(um), scratchPtrAt(sm), ul) == 0;
  scratchRewindTo(sm);
  if (!same) { appendStr(' via '); appendText(srcip); }
  scratchAppendByte(0x20);
  if (follow(r, P_ERROR) >= 0) scratchAppendByte(0x21);
  const ro = follow(r, P_READONLY);
  appendStr(ro >= 0 && !(kindOf(ro) == J_TRUE) ? '→' : '←');
  scratchAppendByte(0x20);
  appendText(name);
  if (strEquals(name, V_PUTPAB)) {
    // The plugin reads these flags from the record's top level, where they never are: always false.
    if (follow(r, P_PAB) >= 0) appendStr(' BlockPublicAcls=false BlockPublicPolicy=false IgnorePublicAcls=false RestrictPublicBuckets=false ');
    return;
  }
  const bi = follow(r, P_BYTES_IN);
  const bo = follow(r, P_BYTES_OUT);
  if (bi >= 0 || bo >= 0) {
    let v: u64 = 0;
    if (bi >= 0) v += u64Of(bi);
    if (bo >= 0) v += u64Of(bo);
    appendStr(' Size=');
    scratchAppendU64(v);
  }
  const b = follow(r, P_BUCKET);
  const k = follow(r, P_KEY);
  if (b >= 0 && k >= 0 && kindOf(b) == J_STRING && kindOf(k) == J_STRING) {
    appendStr(' URI=s3://'); appendText(b); scratchAppendByte(0x2F); appendText(k);
  } else if (b >= 0) { appendStr(' Bucket='); appendText(b); }
  else if (k >= 0) { appendStr(' Key='); appendText(k); }
  else {
    const hk = requestKeyBytes(F.F_AWS_CLOUDTRAIL_CT_REQUEST_HOST)!;
    const req = follow(r, P_REQUEST);
    const h = req >= 0 ? getK(req, hk) : -1;
    if (h >= 0) { appendStr(' Host='); appendText(h); }
  }
}

function scratchRewindTo(m: u32): void { scratchRewind(m); }
function finish(m: u32): void {
  emitText(scratchPtrAt(m), scratchLenSince(m), NO_RANGE, 0);
}

export function extractCloudtrail(f: i32, index: i32): void {
  const r = root();
  if (r < 0) return;
  const rk = requestKeyBytes(f);
  if (rk != null) {
    const req = follow(r, P_REQUEST);
    if (req >= 0) { const n = getK(req, rk!); if (n >= 0) emitNode(n); }
    return;
  }
  switch (f) {
    case F.F_AWS_CLOUDTRAIL_CT_ID: one(r, P_ID); break;
    case F.F_AWS_CLOUDTRAIL_CT_ERROR: one(r, P_ERROR); break;
    case F.F_AWS_CLOUDTRAIL_CT_ERRORMESSAGE: one(r, P_ERRMSG); break;
    case F.F_AWS_CLOUDTRAIL_CT_TIME: one(r, P_TIME); break;
    case F.F_AWS_CLOUDTRAIL_CT_SRC: one(r, P_SRC); break;
    case F.F_AWS_CLOUDTRAIL_CT_SHORTSRC: shortSrc(r); break;
    case F.F_AWS_CLOUDTRAIL_CT_NAME: one(r, P_NAME); break;
    case F.F_AWS_CLOUDTRAIL_CT_USER: user(r); break;
    case F.F_AWS_CLOUDTRAIL_CT_ORIGINALUSER: originalUser(r); break;
    case F.F_AWS_CLOUDTRAIL_CT_USER_ACCOUNTID: if (!one(r, P_ACCOUNT)) one(r, P_RECIPIENT); break;
    case F.F_AWS_CLOUDTRAIL_CT_USER_IDENTITYTYPE: one(r, P_UTYPE); break;
    case F.F_AWS_CLOUDTRAIL_CT_USER_PRINCIPALID: one(r, P_PRINCIPAL); break;
    case F.F_AWS_CLOUDTRAIL_CT_USER_ARN: one(r, P_ARN); break;
    case F.F_AWS_CLOUDTRAIL_CT_REGION: one(r, P_REGION); break;
    case F.F_AWS_CLOUDTRAIL_CT_RESPONSE_SUBNETID: one(r, P_RESP_SUBNET); break;
    case F.F_AWS_CLOUDTRAIL_CT_RESPONSE_RESERVATIONID: one(r, P_RESP_RESERVATION); break;
    case F.F_AWS_CLOUDTRAIL_CT_RESPONSE: one(r, P_RESPONSE); break;
    case F.F_AWS_CLOUDTRAIL_CT_REQUEST: one(r, P_REQUEST); break;
    case F.F_AWS_CLOUDTRAIL_CT_SRCIP: one(r, P_SRCIP); break;
    case F.F_AWS_CLOUDTRAIL_CT_USERAGENT: one(r, P_USERAGENT); break;
    case F.F_AWS_CLOUDTRAIL_CT_INFO: info(r); break;
    case F.F_AWS_CLOUDTRAIL_CT_MANAGEMENTEVENT: boolField(r, P_MGMT); break;
    case F.F_AWS_CLOUDTRAIL_CT_READONLY: {
      const n = follow(r, P_READONLY);
      if (n >= 0) emitConst(kindOf(n) == J_TRUE ? V_TRUE : V_FALSE, n);
      break;
    }
    case F.F_AWS_CLOUDTRAIL_CT_REQUESTID: one(r, P_REQUESTID); break;
    case F.F_AWS_CLOUDTRAIL_CT_EVENTTYPE: one(r, P_EVENTTYPE); break;
    case F.F_AWS_CLOUDTRAIL_CT_APIVERSION: one(r, P_APIVERSION); break;
    case F.F_AWS_CLOUDTRAIL_CT_RESOURCES: resources(r); break;
    case F.F_AWS_CLOUDTRAIL_CT_RECIPIENTACCOUNTID: one(r, P_RECIPIENT); break;
    case F.F_AWS_CLOUDTRAIL_CT_SERVICEEVENTDETAILS: one(r, P_SERVICEDETAILS); break;
    case F.F_AWS_CLOUDTRAIL_CT_SHAREDEVENTID: one(r, P_SHAREDID); break;
    case F.F_AWS_CLOUDTRAIL_CT_VPCENDPOINTID: one(r, P_VPCE); break;
    case F.F_AWS_CLOUDTRAIL_CT_EVENTCATEGORY: one(r, P_CATEGORY); break;
    case F.F_AWS_CLOUDTRAIL_CT_ADDENDUM_REASON: one(r, P_ADD_REASON); break;
    case F.F_AWS_CLOUDTRAIL_CT_ADDENDUM_UPDATEDFIELDS: one(r, P_ADD_FIELDS); break;
    case F.F_AWS_CLOUDTRAIL_CT_ADDENDUM_ORIGINALREQUESTID: one(r, P_ADD_REQID); break;
    case F.F_AWS_CLOUDTRAIL_CT_ADDENDUM_ORIGINALEVENTID: one(r, P_ADD_EVID); break;
    case F.F_AWS_CLOUDTRAIL_CT_SESSIONCREDENTIALFROMCONSOLE: boolField(r, P_CONSOLE); break;
    case F.F_AWS_CLOUDTRAIL_CT_EDGEDEVICEDETAILS: one(r, P_EDGE); break;
    case F.F_AWS_CLOUDTRAIL_CT_TLSDETAILS_TLSVERSION: one(r, P_TLS_VERSION); break;
    case F.F_AWS_CLOUDTRAIL_CT_TLSDETAILS_CIPHERSUITE: one(r, P_TLS_CIPHER); break;
    case F.F_AWS_CLOUDTRAIL_CT_TLSDETAILS_CLIENTPROVIDEDHOSTHEADER: one(r, P_TLS_HOST); break;
    case F.F_AWS_CLOUDTRAIL_CT_ADDITIONALEVENTDATA: one(r, P_ADDITIONAL); break;
    case F.F_AWS_CLOUDTRAIL_S3_URI: s3Uri(r); break;
    case F.F_AWS_CLOUDTRAIL_S3_BUCKET: one(r, P_BUCKET); break;
    case F.F_AWS_CLOUDTRAIL_S3_KEY: one(r, P_KEY); break;
    case F.F_AWS_CLOUDTRAIL_S3_BYTES: s3Bytes(r, true, true); break;
    case F.F_AWS_CLOUDTRAIL_S3_BYTES_IN: s3Bytes(r, true, false); break;
    case F.F_AWS_CLOUDTRAIL_S3_BYTES_OUT: s3Bytes(r, false, true); break;
    case F.F_AWS_CLOUDTRAIL_S3_CNT_GET: if (strEquals(follow(r, P_NAME), V_GETOBJECT)) emitU64(1, follow(r, P_NAME)); break;
    case F.F_AWS_CLOUDTRAIL_S3_CNT_PUT: if (strEquals(follow(r, P_NAME), V_PUTOBJECT)) emitU64(1, follow(r, P_NAME)); break;
    case F.F_AWS_CLOUDTRAIL_S3_CNT_OTHER: {
      const n = follow(r, P_NAME);
      if (!strEquals(n, V_GETOBJECT) && !strEquals(n, V_PUTOBJECT)) emitU64(1, n);
      break;
    }
    case F.F_AWS_CLOUDTRAIL_EC2_NAME: ec2Name(r); break;
    case F.F_AWS_CLOUDTRAIL_EC2_IMAGEID: imageIds(r, 0); break;
    case F.F_AWS_CLOUDTRAIL_EC2_IMAGEIDS: imageIds(r, index); break;
  }
}

const AMAZONAWS = new Bytes('.amazonaws.com');

/** A top-level string key's text appended, or the plugin's error text in its place (from mark `m`); false then. */
function appendRequired(r: i32, p: Array<Bytes>, m: u32, missing: string): bool {
  const n = follow(r, p);
  if (n >= 0 && kindOf(n) == J_STRING) { appendText(n); return true; }
  scratchRewindTo(m);
  appendStr('<invalid JSON: event did not contain ' + missing + '>');
  return false;
}

/**
 * evt.plugininfo of a CloudTrail record: the plugin's String(), "<awsRegion>[ <user>] <eventSource without
 * .amazonaws.com> <eventName> <ct.info>", or its error text when one of the three keys is not a string
 * (checked in the plugin's order: eventSource, awsRegion, eventName).
 */
export function extractCloudtrailSummary(): void {
  const r = root();
  if (r < 0) return;
  // The service is needed third but checked first: keep its text at the front of the scratch, out of the value.
  const sm = scratchMark();
  if (!appendRequired(r, P_SRC, sm, 'a source')) { finish(sm); return; }
  let sl = scratchLenSince(sm);
  if (sl > AMAZONAWS.len && memory.compare(scratchPtrAt(sm) + sl - AMAZONAWS.len, AMAZONAWS.ptr, AMAZONAWS.len) == 0) sl -= AMAZONAWS.len;
  const m = scratchMark();
  if (!appendRequired(r, P_REGION, m, 'an awsRegion')) { finish(m); return; }
  if (resolveUser(r)) {
    const um = scratchMark();
    scratchAppendByte(0x20);
    appendUser();
    if (scratchLenSince(um) == 1) scratchRewindTo(um); // an empty user adds nothing
  }
  scratchAppendByte(0x20);
  // A grown scratch keeps its old block alive, so the service's bytes stay readable while appended.
  scratchAppend(scratchPtrAt(sm), sl);
  scratchAppendByte(0x20);
  if (!appendRequired(r, P_NAME, m, 'an eventName')) { finish(m); return; }
  scratchAppendByte(0x20);
  appendInfo(r, scratchMark());
  finish(m);
}

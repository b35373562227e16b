// The differential suite's log captures: the Kubernetes audit samples as one JSON-lines log and the
// CloudTrail sample as a `{"Records": [...]}` file, each with seeded variants of its records (other
// users, verbs, resources, regions, query strings, container images, error codes, unicode and odd
// strings), so every ka.*/ct.*/json.* field has more than one value to compare. Written as raw logs:
// Capture.load reads them directly (README "Logs").
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from './rng.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Strings a forensic analyst meets in logs: unicode, quotes, backslashes, commas, slashes, long and empty. */
const ODD = ['jürgen', 'ñandú', '日本語ユーザー', 'emoji-🚀-pod', 'o\'brien', 'say "hi"', 'back\\slash', 'a,b,c', 'tab\there',
  '', ' lead-space', 'UPPER-Case', 'x'.repeat(300), '/etc/shadow', '*glob?[x]', 'new\nline', 'semi;colon', '%41%zz'];
const USERS = ['system:anonymous', 'admin', 'minikube-user', 'system:serviceaccount:kube-system:default', 'alice@example.com', 'bob', 'system:node:worker-1'];
const VERBS = ['create', 'get', 'list', 'delete', 'patch', 'update', 'watch', 'deletecollection'];
const RESOURCES = ['pods', 'secrets', 'configmaps', 'deployments', 'namespaces', 'services', 'clusterroles', 'clusterrolebindings', 'serviceaccounts'];
const NAMESPACES = ['default', 'kube-system', 'prod', 'dev-team', ''];
const IMAGES = ['nginx', 'nginx:1.25', 'docker.io/library/busybox:latest', 'registry.local:5000/team/app@sha256:' + 'ab'.repeat(32),
  'quay.io/coreos/etcd:v3.5', 'mysql:latest', 'gcr.io/google_containers/pause:3.1'];
const REGIONS = ['us-east-1', 'eu-west-3', 'ap-southeast-2', 'sa-east-1', 'us-gov-west-1'];
const CT_EVENTS: [string, string][] = [['ec2.amazonaws.com', 'StartInstances'], ['ec2.amazonaws.com', 'RunInstances'],
  ['s3.amazonaws.com', 'GetObject'], ['s3.amazonaws.com', 'PutObject'], ['s3.amazonaws.com', 'PutBucketPolicy'],
  ['iam.amazonaws.com', 'CreateUser'], ['iam.amazonaws.com', 'AttachRolePolicy'], ['signin.amazonaws.com', 'ConsoleLogin'],
  ['ecr.amazonaws.com', 'PutImage'], ['cloudtrail.amazonaws.com', 'StopLogging'], ['lambda.amazonaws.com', 'CreateFunction20150331']];

const clone = <T extends Json>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const obj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

function str(rng: Rng, pool: string[]): string {
  return rng.chance(0.2) ? rng.pick(ODD) : rng.pick(pool);
}

/** Every record of the k8s audit samples (a file holds one JSON document or JSON lines). */
function auditSamples(root: string): Obj[] {
  const dir = join(root, 'samples', 'k8s_audit');
  const out: Obj[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    try {
      out.push(JSON.parse(text) as Obj);
    } catch {
      for (const line of text.split('\n')) if (line.trim()) out.push(JSON.parse(line) as Obj);
    }
  }
  return out;
}

function varyContainers(rng: Rng, list: Json[]): void {
  for (const c of list) {
    const o = obj(c);
    if (rng.chance(0.7)) o.image = rng.chance(0.15) ? rng.pick(ODD) : rng.pick(IMAGES);
    if (rng.chance(0.3)) o.name = str(rng, ['app', 'sidecar', 'init-db']);
    if (rng.chance(0.3)) o.securityContext = { privileged: rng.chance(0.5), runAsUser: rng.int(0, 2000), allowPrivilegeEscalation: rng.chance(0.5),
      readOnlyRootFilesystem: rng.chance(0.5), capabilities: { add: rng.chance(0.5) ? ['NET_ADMIN', 'SYS_ADMIN'] : ['CHOWN'] } };
    if (rng.chance(0.2)) o.args = ['-c', str(rng, ['sleep 3600', 'cat /etc/passwd'])];
    if (rng.chance(0.3)) o.ports = [{ containerPort: 80, ...(rng.chance(0.6) ? { hostPort: rng.pick([8080, 22, 65535]) } : {}) }, ...(rng.chance(0.5) ? [{ containerPort: 443 }] : [])];
  }
}

/** One audit record varied from a sample: user, verb, target, URI query, images, codes, odd strings. */
function varyAudit(rng: Rng, base: Obj): Obj {
  const r = clone(base);
  const user = obj(r.user);
  r.user = user;
  if (rng.chance(0.7)) user.username = str(rng, USERS);
  if (rng.chance(0.3)) user.groups = rng.chance(0.2) ? [] : [str(rng, ['system:masters', 'dev', 'system:authenticated']), 'system:authenticated'];
  if (rng.chance(0.2)) r.impersonatedUser = { username: str(rng, USERS) };
  if (rng.chance(0.6)) r.verb = rng.pick(VERBS);
  const ref = obj(r.objectRef);
  r.objectRef = ref;
  if (rng.chance(0.5)) ref.resource = rng.pick(RESOURCES);
  if (rng.chance(0.5)) ref.namespace = rng.pick(NAMESPACES);
  if (rng.chance(0.5)) ref.name = str(rng, ['web-1', 'db-0', 'my-secret', 'kube-dns']);
  if (rng.chance(0.2)) ref.subresource = rng.pick(['exec', 'attach', 'status', 'log']);
  const path = `/api/v1/namespaces/${encodeURIComponent(String(ref.namespace ?? 'default'))}/${String(ref.resource ?? 'pods')}`;
  if (rng.chance(0.6)) {
    const q = [`pretty=${rng.pick(['true', 'false', '1'])}`, `command=${encodeURIComponent(str(rng, ['sh', 'ls -la', 'cat /etc/shadow']))}`,
      `container=${rng.pick(['app', 'c%C3%A9', ''])}`, `stdin=true`, `dryRun=All`, `x=%zz`, `a=1;b=2`];
    r.requestURI = path + '?' + q.filter(() => rng.chance(0.5)).join('&');
  }
  if (rng.chance(0.3)) r.sourceIPs = [rng.pick(['10.0.0.7', '::1', '2001:db8::1', '192.168.99.1']), ...(rng.chance(0.4) ? ['172.17.0.1'] : [])];
  if (rng.chance(0.3)) r.userAgent = str(rng, ['kubectl/v1.27.0 (linux/amd64)', 'curl/8.0', 'Go-http-client/2.0']);
  if (rng.chance(0.3)) r.responseStatus = { metadata: {}, code: rng.pick([200, 201, 403, 404, 409, 500]), ...(rng.chance(0.3) ? { reason: 'Forbidden' } : {}) };
  if (rng.chance(0.2)) r.annotations = { 'authorization.k8s.io/decision': rng.pick(['allow', 'forbid']), 'authorization.k8s.io/reason': str(rng, ['RBAC: allowed by ClusterRoleBinding']) };
  const spec = obj(obj(r.requestObject).spec);
  if (Array.isArray(spec.containers)) {
    varyContainers(rng, spec.containers);
    if (rng.chance(0.4)) spec.initContainers = clone(spec.containers);
    if (rng.chance(0.3)) spec.ephemeralContainers = clone(spec.containers);
    if (spec.initContainers) varyContainers(rng, spec.initContainers as Json[]);
    if (spec.ephemeralContainers) varyContainers(rng, spec.ephemeralContainers as Json[]);
    if (rng.chance(0.3)) spec.hostNetwork = rng.chance(0.5);
    if (rng.chance(0.3)) spec.hostPID = rng.chance(0.5);
    if (rng.chance(0.3)) spec.securityContext = { runAsUser: rng.int(0, 1000), runAsGroup: rng.int(0, 1000), fsGroup: rng.int(0, 1000), supplementalGroups: [rng.int(1, 9), rng.int(10, 99)] };
    if (rng.chance(0.3)) spec.volumes = [{ name: 'v', hostPath: { path: str(rng, ['/', '/etc', '/var/run/docker.sock', '/proc']) } }];
  }
  if (rng.chance(0.15)) r.stageTimestamp = new Date(Date.UTC(2024, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59))).toISOString().replace('Z', '.123456Z');
  return r;
}

/** One CloudTrail record varied from the sample: identity, event, region, S3/EC2 details, errors. */
function varyCloudTrail(rng: Rng, base: Obj): Obj {
  const r = clone(base);
  const id = obj(r.userIdentity);
  r.userIdentity = id;
  const who = str(rng, ['Alice', 'Bob', 'deploy-bot', 'root']);
  const type = rng.pick(['IAMUser', 'Root', 'AssumedRole', 'AWSService']);
  id.type = type;
  if (type === 'IAMUser') id.userName = who;
  else delete id.userName;
  if (type === 'AssumedRole') id.sessionContext = { sessionIssuer: { type: 'Role', userName: str(rng, ['Admin', 'ci-role']), arn: 'arn:aws:iam::123456789012:role/x' } };
  id.arn = `arn:aws:iam::123456789012:${type === 'Root' ? 'root' : `user/${who}`}`;
  if (rng.chance(0.3)) id.accountId = String(rng.int(100000000000, 999999999999));
  const [src, name] = rng.pick(CT_EVENTS);
  r.eventSource = src;
  r.eventName = name;
  r.awsRegion = rng.pick(REGIONS);
  if (rng.chance(0.5)) r.sourceIPAddress = rng.pick(['205.251.233.176', '10.1.2.3', '2001:db8::7', 'ec2.amazonaws.com', 'AWS Internal']);
  if (rng.chance(0.4)) r.userAgent = str(rng, ['aws-cli/2.13.0', 'console.amazonaws.com', 'Boto3/1.28']);
  if (src === 's3.amazonaws.com') {
    r.requestParameters = { bucketName: str(rng, ['logs-bucket', 'private-data']), key: str(rng, ['a/b/c.txt', 'secret.key', 'dir/']) };
    r.additionalEventData = { bytesTransferredIn: rng.int(0, 5000), bytesTransferredOut: rng.int(0, 1 << 20) };
  } else if (name === 'RunInstances') {
    r.requestParameters = { instancesSet: { items: [{ imageId: `ami-${rng.int(100000, 999999)}`, minCount: 1 }] } };
  } else if (src !== 'ec2.amazonaws.com') {
    r.requestParameters = { userName: str(rng, ['eve', 'mallory']), roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      repositoryName: str(rng, ['repo']), imageTag: rng.pick(['latest', 'v1']) };
  }
  if (rng.chance(0.3)) { r.errorCode = rng.pick(['AccessDenied', 'UnauthorizedOperation', 'Client.InvalidParameter']); r.errorMessage = str(rng, ['You are not authorized']); }
  else { delete r.errorCode; delete r.errorMessage; }
  if (rng.chance(0.4)) r.readOnly = rng.chance(0.5);
  if (rng.chance(0.3)) r.managementEvent = rng.chance(0.5);
  if (rng.chance(0.3)) r.eventType = rng.pick(['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent']);
  r.eventTime = new Date(Date.UTC(2023, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59))).toISOString().replace('.000', '');
  r.eventID = `${rng.int(1e7, 9e7)}-ev`;
  return r;
}

/** Writes the two logs into `dir`; returns their paths (`variants` records varied per log). */
export function writeLogCorpus(root: string, dir: string, rng: Rng, variants: number): { k8s: string; cloudtrail: string } {
  const audit = auditSamples(root);
  const lines = audit.map((r) => JSON.stringify(r));
  const events = audit.filter((r) => r.kind === 'Event'); // (one sample holds a record that is not an audit event)
  for (let i = 0; i < variants; i++) lines.push(JSON.stringify(varyAudit(rng, rng.pick(events))));
  const k8s = join(dir, 'k8s-audit.jsonl');
  writeFileSync(k8s, lines.join('\n') + '\n');
  const ctText = readFileSync(join(root, 'samples', 'cloudtrail_alice_start_instances.json'), 'utf8');
  const base = (JSON.parse(ctText) as { Records: Obj[] }).Records;
  const recs = [...base];
  for (let i = 0; i < variants; i++) recs.push(varyCloudTrail(rng, rng.pick(base)));
  const cloudtrail = join(dir, 'cloudtrail.json');
  // Pretty-printed, as CloudTrail delivers it to S3 with some tools: the scanner must give the same values.
  writeFileSync(cloudtrail, JSON.stringify({ Records: recs }, null, rng.chance(0.5) ? 2 : undefined));
  return { k8s, cloudtrail };
}

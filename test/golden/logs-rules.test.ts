// Which official k8s_audit rule fires on each audit sample. The expectations are derived from the rule
// conditions: each rule of samples/rules/k8s_audit_rules.yaml is restated below as a predicate over the
// JSON.parse'd event (lists are read from the same YAML), following Falco's semantics for missing fields
// (a comparison on a missing field is false, `not` of it true). The rules file itself is then loaded
// unchanged and run by the rules engine over the samples opened as raw logs (every matching rule, as
// Falco's rule_matching: all), and both must agree on every sample. The sample names say what each
// one does; the named checks below pin the headline expectations.
import { describe, it, expect, beforeAll } from 'vitest';
import { goldens } from '../lib/golden.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { loadRules } from '../../engine/rules/loader.ts';
import { readRulesPaths } from '../../engine/node/rules/files.ts';
import { buildRuleset, type Ruleset } from '../../engine/rules/ruleset.ts';
import { detectOnCapture } from '../../engine/rules/capture-run.ts';

const RULES = 'samples/rules/k8s_audit_rules.yaml';
const DIR = 'samples/k8s_audit';
type Obj = Record<string, any>;

const yamlItems = parseYaml(readFileSync(RULES, 'utf8')) as Obj[];
const lists = new Map<string, string[]>();
for (const it of yamlItems) if (it.list) lists.set(it.list, (it.items ?? []).map(String));
/** A list with list references expanded, as the loader does. */
function list(name: string): Set<string> {
  const out = new Set<string>();
  for (const x of lists.get(name) ?? []) {
    if (lists.has(x)) for (const y of list(x)) out.add(y);
    else out.add(x);
  }
  return out;
}

function predicates(): [string, (e: Obj) => boolean][] {
  const allowedUsers = list('allowed_k8s_users');
  const eksUsers = list('eks_allowed_k8s_users');
  const privImages = list('k8s_audit_privileged_images');
  const mountImages = list('k8s_audit_sensitive_mount_images');
  const hostnetImages = list('k8s_audit_hostnetwork_images');
  const kubeNsImages = new Set([...list('user_allowed_kube_namespace_image_list'), ...list('allowed_kube_namespace_image_list')]);
  const allowedNs = list('allowed_namespaces');
  const knownSa = new Set([...list('known_sa_list'), ...list('user_known_sa_list')]);
  const sensitivePaths = new Set(['/proc', '/var/run/docker.sock', '/', '/etc', '/root', '/var/run/crio/crio.sock',
    '/run/containerd/containerd.sock', '/home/admin', '/var/lib/kubelet', '/var/lib/kubelet/pki', '/etc/kubernetes', '/etc/kubernetes/manifests']);
  const creds = ['aws_access_key_id', 'aws-access-key-id', 'aws_s3_access_key_id', 'aws-s3-access-key-id', 'password', 'passphrase'];

  const user = (e: Obj) => e.user?.username as string | undefined;
  const kevt = (e: Obj) => e.stage === 'ResponseComplete';
  const nonSystem = (e: Obj) => !(user(e)?.startsWith('system:') ?? false);
  const res = (e: Obj) => e.objectRef?.resource as string | undefined;
  const hasSub = (e: Obj) => e.objectRef !== undefined && 'subresource' in e.objectRef;
  const pod = (e: Obj) => res(e) === 'pods' && !hasSub(e);
  const podSub = (e: Obj) => res(e) === 'pods' && hasSub(e);
  const verb = (e: Obj, ...v: string[]) => v.includes(e.verb);
  const ok = (e: Obj) => e.responseStatus?.code !== undefined && String(e.responseStatus.code).startsWith('2');
  const ns = (e: Obj) => e.objectRef?.namespace as string | undefined;
  const name = (e: Obj) => e.objectRef?.name as string | undefined;
  const spec = (e: Obj) => e.requestObject?.spec ?? {};
  const containers = (e: Obj, l = 'containers') => (spec(e)[l] ?? []) as Obj[];
  const repos = (e: Obj) => containers(e).map((c) => String(c.image).split(':')[0].split('@')[0]);
  // `not repos in (L)`: a list field is `in` a set when every value is in it (and there is one).
  const notAllIn = (vals: string[], set: Set<string>) => !(vals.length > 0 && vals.every((v) => set.has(v)));
  const anyPriv = (e: Obj) => ['containers', 'initContainers', 'ephemeralContainers']
    .some((l) => containers(e, l).some((c) => c.securityContext?.privileged === true));
  const rules = (e: Obj) => (e.requestObject?.rules ?? []) as Obj[];
  const ruleVals = (e: Obj, k: string) => rules(e).flatMap((r) => (Array.isArray(r[k]) ? r[k].map(String) : []));
  const roleish = (e: Obj) => res(e) === 'roles' || res(e) === 'clusterroles';
  const activity = (verbName: string, resource: string, extra: (e: Obj) => boolean = () => true) =>
    (e: Obj) => kevt(e) && verb(e, verbName) && res(e) === resource && ok(e) && extra(e);
  const endpoint = (e: Obj, p: string) => e.requestURI === p || String(e.requestURI ?? '').startsWith(p + '?');

  return [
    ['Disallowed K8s User', (e) => kevt(e) && nonSystem(e) && !allowedUsers.has(user(e) ?? '\0') && !eksUsers.has(user(e) ?? '\0')],
    ['Create Disallowed Pod', () => false], // `not allowed_k8s_containers`, which is always true
    ['Create Privileged Pod', (e) => kevt(e) && pod(e) && verb(e, 'create') && anyPriv(e) && notAllIn(repos(e), privImages)],
    ['Create Sensitive Mount Pod', (e) => kevt(e) && pod(e) && verb(e, 'create')
      && ((spec(e).volumes ?? []) as Obj[]).some((v) => sensitivePaths.has(v.hostPath?.path)) && notAllIn(repos(e), mountImages)],
    ['Create HostNetwork Pod', (e) => kevt(e) && pod(e) && verb(e, 'create') && spec(e).hostNetwork === true && notAllIn(repos(e), hostnetImages)],
    ['Create HostPid Pod', (e) => kevt(e) && pod(e) && verb(e, 'create') && spec(e).hostPID === true],
    ['Create HostIPC Pod', (e) => kevt(e) && pod(e) && verb(e, 'create') && spec(e).hostIPC === true],
    ['Create NodePort Service', (e) => kevt(e) && res(e) === 'services' && verb(e, 'create') && spec(e).type === 'NodePort'],
    ['Create/Modify Configmap With Private Credentials', (e) => kevt(e) && res(e) === 'configmaps' && verb(e, 'create', 'update', 'patch')
      && e.requestObject?.data !== undefined && creds.some((c) => JSON.stringify(e.requestObject.data).includes(c))],
    ['Anonymous Request Allowed', (e) => kevt(e) && user(e) === 'system:anonymous' && e.annotations?.['authorization.k8s.io/decision'] === 'allow'
      && !endpoint(e, '/healthz') && !endpoint(e, '/livez') && !endpoint(e, '/readyz')],
    ['Attach/Exec Pod', (e) => e.stage === 'ResponseStarted' && podSub(e) && verb(e, 'create', 'get') && ['exec', 'attach'].includes(e.objectRef.subresource)],
    ['port-forward', (e) => e.objectRef?.subresource === 'portforward'],
    ['EphemeralContainers Created', (e) => kevt(e) && podSub(e) && verb(e, 'create', 'update', 'patch') && e.objectRef.subresource === 'ephemeralcontainers'],
    ['Create Disallowed Namespace', (e) => kevt(e) && res(e) === 'namespaces' && verb(e, 'create') && !allowedNs.has(name(e) ?? '\0')],
    ['Pod Created in Kube Namespace', (e) => kevt(e) && pod(e) && verb(e, 'create') && ['kube-system', 'kube-public'].includes(ns(e) ?? '')
      && notAllIn(repos(e), kubeNsImages)],
    ['Service Account Created in Kube Namespace', (e) => kevt(e) && res(e) === 'serviceaccounts' && verb(e, 'create')
      && ['kube-system', 'kube-public'].includes(ns(e) ?? '') && ok(e) && !knownSa.has(name(e) ?? '\0')],
    ['System ClusterRole Modified/Deleted', (e) => kevt(e) && roleish(e) && verb(e, 'create', 'update', 'patch', 'delete')
      && (name(e)?.startsWith('system:') ?? false) && !['system:coredns', 'system:managed-certificate-controller'].includes(name(e)!)],
    ['Attach to cluster-admin Role', (e) => kevt(e) && res(e) === 'clusterrolebindings' && verb(e, 'create') && e.requestObject?.roleRef?.name === 'cluster-admin'],
    ['ClusterRole With Wildcard Created', (e) => kevt(e) && roleish(e) && verb(e, 'create') && (ruleVals(e, 'resources').includes('*') || ruleVals(e, 'verbs').includes('*'))],
    ['ClusterRole With Write Privileges Created', (e) => kevt(e) && roleish(e) && verb(e, 'create')
      && ruleVals(e, 'verbs').some((v) => ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(v))],
    ['ClusterRole With Pod Exec Created', (e) => kevt(e) && roleish(e) && verb(e, 'create') && ruleVals(e, 'resources').includes('pods/exec')],
    ['K8s Deployment Created', activity('create', 'deployments')],
    ['K8s Deployment Deleted', activity('delete', 'deployments')],
    ['K8s Service Created', activity('create', 'services')],
    ['K8s Service Deleted', activity('delete', 'services')],
    ['K8s ConfigMap Created', activity('create', 'configmaps')],
    ['K8s ConfigMap Deleted', activity('delete', 'configmaps')],
    ['K8s Namespace Created', activity('create', 'namespaces')],
    ['K8s Namespace Deleted', activity('delete', 'namespaces', nonSystem)],
    ['K8s Serviceaccount Created', activity('create', 'serviceaccounts')],
    ['K8s Serviceaccount Deleted', activity('delete', 'serviceaccounts')],
    ['K8s Role Created', activity('create', 'roles')],
    ['K8s Role Deleted', activity('delete', 'roles')],
    ['K8s ClusterRole Created', activity('create', 'clusterroles')],
    ['K8s ClusterRole Deleted', activity('delete', 'clusterroles')],
    ['K8s RoleBinding Created', activity('create', 'rolebindings')],
    ['K8s RoleBinding Deleted', activity('delete', 'rolebindings')],
    ['K8s ClusterRoleBinding Created', activity('create', 'clusterrolebindings')],
    ['K8s ClusterRoleBinding Deleted', activity('delete', 'clusterrolebindings')],
    ['K8s Secret Created', activity('create', 'secrets', (e) => ns(e) !== undefined && ns(e) !== 'kube-system' && nonSystem(e))],
    ['K8s Secret Deleted', activity('delete', 'secrets', (e) => ns(e) !== undefined && ns(e) !== 'kube-system' && nonSystem(e))],
    ['K8s Secret Get Successfully', (e) => res(e) === 'secrets' && verb(e, 'get') && kevt(e) && ok(e)],
    ['K8s Secret Get Unsuccessfully Tried', (e) => res(e) === 'secrets' && verb(e, 'get') && kevt(e) && !ok(e)],
    ['All K8s Audit Events', () => false], // kall needs consider_all_events, which is never true
    ['Full K8s Administrative Access', () => false], // `not allowed_full_admin_users`, always true
    ['Ingress Object without TLS Certificate Created', (e) => kevt(e) && verb(e, 'create') && res(e) === 'ingresses' && ok(e) && spec(e).tls === undefined],
    ['Untrusted Node Successfully Joined the Cluster', () => false], // allow_all_k8s_nodes is always true
    ['Untrusted Node Unsuccessfully Tried to Join the Cluster', () => false],
  ];
}

const files = readdirSync(DIR).filter((f) => f !== 'fal_01_003.json').sort();
const expected = new Map<string, string[][]>();
const actual = new Map<string, string[][]>();
/** Every alert line (event number, rule, output) per sample, for the stored expectation. */
const alertLines = new Map<string, string[]>();
let ruleset: Ruleset;

beforeAll(async () => {
  const loaded = loadRules(readRulesPaths([RULES]));
  expect(loaded.ok, JSON.stringify(loaded.errors)).toBe(true);
  ruleset = buildRuleset(loaded.compiled!.rules, {}, 'k8s_audit');
  const preds = predicates();
  expect(preds.map(([n]) => n).sort()).toEqual(ruleset.rules.map((r) => r.name).sort());
  for (const f of files) {
    const events = readFileSync(join(DIR, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Obj);
    expected.set(f, events.map((e) => preds.filter(([, p]) => p(e)).map(([n]) => n).sort()));
    const cap = await openCaptureFile(join(DIR, f));
    const res = detectOnCapture(cap, ruleset, { matching: 'all' });
    const per: string[][] = events.map(() => []);
    for (const a of res.alerts) per[a.event].push(a.rule);
    actual.set(f, per.map((x) => x.sort()));
    alertLines.set(f, res.alerts.map((a) => `${a.event + 1} ${a.rule}: ${a.message}`));
  }
}, 120_000);

describe('official k8s_audit rules on the audit samples', () => {
  it('the rules file loads unchanged with all 48 rules for the k8s_audit source', () => {
    expect(ruleset.rules.length).toBe(48);
  });

  for (const f of files) {
    it(`${f}: fired rules match the conditions`, () => {
      expect(actual.get(f)).toEqual(expected.get(f));
    });
  }

  it('every alert, with its output, equals the stored expectation', () => {
    const text = files.map((f) => [`== ${f}`, ...alertLines.get(f)!].join('\n')).join('\n') + '\n';
    expect([...alertLines.values()].flat().length).toBeGreaterThan(20);
    goldens('logs-rules').text('alerts.txt', text);
  });

  it('the samples fire what their names say', () => {
    const fired = (f: string) => new Set(expected.get(f)!.flat());
    const named: [string, string][] = [
      ['create_nginx_pod_privileged.json', 'Create Privileged Pod'],
      ['create_nginx_pod_privileged_2nd_container.json', 'Create Privileged Pod'],
      ['create_nginx_pod_hostnetwork.json', 'Create HostNetwork Pod'],
      ['create_nginx_pod_sensitive_mount.json', 'Create Sensitive Mount Pod'],
      ['create_nginx_pod_sensitive_mount_2nd_container.json', 'Create Sensitive Mount Pod'],
      ['attach_cluster_admin_role.json', 'Attach to cluster-admin Role'],
      ['create_cluster_role_wildcard_resources.json', 'ClusterRole With Wildcard Created'],
      ['create_cluster_role_wildcard_verbs.json', 'ClusterRole With Wildcard Created'],
      ['create_cluster_role_write_privileges.json', 'ClusterRole With Write Privileges Created'],
      ['create_cluster_role_pod_exec.json', 'ClusterRole With Pod Exec Created'],
      ['create_nginx_service_nodeport.json', 'Create NodePort Service'],
      ['create_configmap_sensitive_values.json', 'Create/Modify Configmap With Private Credentials'],
      ['anonymous_creates_namespace_foo.json', 'Anonymous Request Allowed'],
      ['some-user_creates_namespace_foo.json', 'Disallowed K8s User'],
      ['attach_pod.json', 'Attach/Exec Pod'],
      ['exec_pod.json', 'Attach/Exec Pod'],
      ['create_pod_kube_system_namespace.json', 'Pod Created in Kube Namespace'],
      ['create_serviceaccount_kube_system_namespace.json', 'Service Account Created in Kube Namespace'],
      ['modify_cluster_role_node_problem_detector.json', 'System ClusterRole Modified/Deleted'],
    ];
    for (const [f, rule] of named) expect(fired(f).has(rule), `${f} -> ${rule}`).toBe(true);
    const quiet: [string, string][] = [
      ['create_nginx_pod_unprivileged.json', 'Create Privileged Pod'],
      ['create_nginx_pod_nohostnetwork.json', 'Create HostNetwork Pod'],
      ['create_nginx_pod_unsensitive_mount.json', 'Create Sensitive Mount Pod'],
      ['create_nginx_service_nonodeport.json', 'Create NodePort Service'],
      ['create_configmap_no_sensitive_values.json', 'Create/Modify Configmap With Private Credentials'],
      ['minikube_creates_namespace_foo.json', 'Disallowed K8s User'],
    ];
    for (const [f, rule] of quiet) expect(fired(f).has(rule), `${f} -/-> ${rule}`).toBe(false);
  });

  it('scapula detect on the raw logs (the CLI path) reports the same rules', () => {
    for (const f of ['create_nginx_pod_privileged.json', 'attach_cluster_admin_role.json', 'some-user_creates_namespace_foo.json', 'create_configmap_sensitive_values.json']) {
      const r = spawnSync('node', ['bin/scapula.mjs', 'detect', join(DIR, f), '-r', RULES, '--all-matches', '--json'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const got = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).rule as string).sort();
      expect(got, f).toEqual(expected.get(f)!.flat().sort());
    }
  });
});

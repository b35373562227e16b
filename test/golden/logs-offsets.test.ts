// Byte-exact fields on the real samples: every audit event and CloudTrail record is converted to a
// capture of plugin events, loaded by the engine, and
//  - property: for every string and number value of every sample, json.value[<pointer>] gives the value,
//    and its reported byte range slices out exactly that value's JSON text from the raw capture;
//  - ka.* / ct.* fields equal what the plugins' documented paths give on JSON.parse of the same record,
//    with ranges inside the event's payload.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';
import { logToScap } from '../../engine/logs/convert.ts';
import { type ExtractedValue } from '../../engine/logs/values.ts';

const dec = new TextDecoder();
const K8S_DIR = 'samples/k8s_audit';
const CLOUDTRAIL = 'samples/cloudtrail_alice_start_instances.json';

interface Loaded { cap: Capture; raw: Uint8Array; records: unknown[]; payloads: [number, number][] }

async function load(file: string): Promise<Loaded> {
  const { bytes } = logToScap(readFileSync(file));
  const cap = await Capture.load(await nodeEngine(), (async function* () { yield bytes; })());
  const raw = cap.rawBytes(0, cap.index.rawLength);
  const payloads: [number, number][] = [];
  const records: unknown[] = [];
  for (let i = 0; i < cap.eventCount; i++) {
    const [off, len] = cap.paramRanges(i)[1];
    payloads.push([off, len]);
    records.push(JSON.parse(dec.decode(raw.subarray(off, off + len))));
  }
  return { cap, raw, records, payloads };
}

const slice = (l: Loaded, v: ExtractedValue) => dec.decode(l.raw.subarray(v.range!.start, v.range!.start + v.range!.length));
const pointerKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every string and number leaf with its JSON pointer. */
function leaves(v: unknown, ptr = ''): [string, string | number][] {
  if (typeof v === 'string' || typeof v === 'number') return [[ptr, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${ptr}/${i}`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, `${ptr}/${pointerKey(k)}`));
  return [];
}

const k8sFiles = readdirSync(K8S_DIR).filter((f) => f !== 'fal_01_003.json').sort();
const loaded = new Map<string, Loaded>();

beforeAll(async () => {
  for (const f of k8sFiles) loaded.set(f, await load(join(K8S_DIR, f)));
  loaded.set('cloudtrail', await load(CLOUDTRAIL));
});

describe('offsets property: json.value over every string and number of every sample', () => {
  it('slices out exactly the JSON text of each value', () => {
    let checked = 0;
    for (const [name, l] of loaded) {
      l.records.forEach((rec, ev) => {
        const [pOff, pLen] = l.payloads[ev];
        for (const [ptr, value] of leaves(rec)) {
          const vs = l.cap.extractValues('json.value', ev, ptr);
          expect(vs.length, `${name} #${ev} ${ptr}`).toBe(1);
          const v = vs[0];
          expect(v.range, `${name} ${ptr}`).not.toBeNull();
          expect(v.range!.start).toBeGreaterThanOrEqual(pOff);
          expect(v.range!.start + v.range!.length).toBeLessThanOrEqual(pOff + pLen);
          const text = slice(l, v);
          expect(text.trim()).toBe(text);
          expect(JSON.parse(text), `${name} ${ptr}`).toBe(value);
          if (typeof value === 'string') {
            expect(v.text).toBe(value);
            expect(text.startsWith('"') && text.endsWith('"')).toBe(true);
          } else {
            expect(v.text).toBe(text);
          }
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(2000);
  });
});

type Obj = Record<string, any>;
const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

describe('k8saudit fields on the audit samples', () => {
  function each(fn: (l: Loaded, ev: number, r: Obj, name: string) => void) {
    for (const f of k8sFiles) {
      const l = loaded.get(f)!;
      l.records.forEach((r, ev) => fn(l, ev, r as Obj, f));
    }
  }
  const simple: [string, (r: Obj) => unknown][] = [
    ['ka.auditid', (r) => r.auditID],
    ['ka.stage', (r) => r.stage],
    ['ka.user.name', (r) => r.user?.username],
    ['ka.verb', (r) => r.verb],
    ['ka.uri', (r) => r.requestURI],
    ['ka.target.name', (r) => r.objectRef?.name],
    ['ka.target.namespace', (r) => r.objectRef?.namespace],
    ['ka.target.resource', (r) => r.objectRef?.resource],
    ['ka.target.subresource', (r) => r.objectRef?.subresource],
    ['ka.auth.decision', (r) => r.annotations?.['authorization.k8s.io/decision']],
    ['ka.auth.reason', (r) => r.annotations?.['authorization.k8s.io/reason']],
    ['ka.response.code', (r) => r.responseStatus?.code],
    ['ka.useragent', (r) => r.userAgent],
    ['ka.resp.name', (r) => r.responseObject?.metadata?.name],
    ['ka.req.binding.role', (r) => r.requestObject?.roleRef?.name],
    ['ka.req.pod.host_network', (r) => r.requestObject?.spec?.hostNetwork],
    ['ka.req.service.type', (r) => r.requestObject?.spec?.type],
    ['ka.req.configmap.obj', (r) => r.requestObject?.data],
  ];
  for (const [field, get] of simple) {
    it(`${field}: value and exact range`, () => {
      let present = 0;
      each((l, ev, r, name) => {
        const want = get(r);
        const vs = l.cap.extractValues(field, ev);
        if (want === undefined) { expect(vs, `${name} ${field}`).toEqual([]); return; }
        present++;
        expect(vs.map((v) => v.text), `${name} ${field}`).toEqual([str(want)]);
        expect(JSON.parse(slice(l, vs[0]))).toEqual(want);
      });
      expect(present).toBeGreaterThan(0);
    });
  }

  it('list fields: ka.user.groups, containers image/privileged/repository, role rule verbs', () => {
    each((l, ev, r, name) => {
      const e = (f: string, a?: number | string) => l.cap.extractValues(f, ev, a);
      expect(e('ka.user.groups').map((v) => v.text)).toEqual(r.user?.groups ?? []);
      const cs: Obj[] | undefined = r.requestObject?.spec?.containers;
      const images = e('ka.req.pod.containers.image');
      expect(images.map((v) => v.text), name).toEqual(cs ? cs.map((c) => c.image) : []);
      const repos = e('ka.req.pod.containers.image.repository');
      expect(repos.map((v) => v.text)).toEqual(cs ? cs.map((c) => c.image.split(':')[0].split('@')[0]) : []);
      // the repository's range is exactly its characters inside the image string
      for (const v of repos) expect(slice(l, v)).toBe(v.text);
      const priv = e('ka.req.pod.containers.privileged');
      const wantPriv = (cs ?? []).map((c) => c.securityContext?.privileged).filter((x) => x !== undefined).map(String);
      expect(priv.map((v) => v.text), name).toEqual(wantPriv);
      if (cs && cs.length > 1) expect(e('ka.req.pod.containers.image', 1).map((v) => v.text)).toEqual([cs[1].image]);
      const rules: Obj[] | undefined = r.requestObject?.rules;
      expect(e('ka.req.role.rules.verbs').map((v) => v.text)).toEqual(rules ? rules.flatMap((x) => x.verbs ?? []) : []);
      const q = r.requestURI ? new URL(r.requestURI, 'http://x').searchParams : null;
      for (const key of ['container', 'command', 'stdin', 'watch']) {
        const got = e('ka.uri.param', key).map((v) => v.text);
        expect(got, `${name} ${key}`).toEqual(q?.has(key) ? [q.get(key)] : []);
      }
    });
  });

  it('every other ka.* field on every sample: values as the documented paths give them', () => {
    const j = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const defined = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);
    const lists = ['containers', 'initContainers', 'ephemeralContainers'];
    let checked = 0;
    each((l, ev, r, name) => {
      const spec: Obj = r.requestObject?.spec ?? {};
      const subjects: Obj[] = Array.isArray(r.requestObject?.subjects) ? r.requestObject.subjects : [];
      const rules: Obj[] = Array.isArray(r.requestObject?.rules) ? r.requestObject.rules : [];
      const vols: Obj[] = Array.isArray(spec.volumes) ? spec.volumes : [];
      const byKind = (k: string) => subjects.filter((s) => s.kind === k && s.name !== undefined).map((s) => j(s.name));
      const want: Record<string, string[]> = {
        'ka.req.binding.subjects': subjects.map(j),
        'ka.req.binding.subjects.user_names': byKind('User'),
        'ka.req.binding.subjects.group_names': byKind('Group'),
        'ka.req.binding.subjects.serviceaccount_names': byKind('ServiceAccount'),
        'ka.req.binding.subjects.serviceaccount_ns_names': subjects.filter((s) => s.kind === 'ServiceAccount' && s.name !== undefined && s.namespace !== undefined)
          .map((s) => `${j(s.namespace)}:${j(s.name)}`),
        'ka.req.role.rules': rules.map(j),
        'ka.req.role.rules.apiGroups': rules.flatMap((x) => (Array.isArray(x.apiGroups) ? x.apiGroups.map(j) : [])),
        'ka.req.role.rules.resources': rules.flatMap((x) => (Array.isArray(x.resources) ? x.resources.map(j) : [])),
        'ka.req.role.rules.nonResourceURLs': rules.flatMap((x) => (Array.isArray(x.nonResourceURLs) ? x.nonResourceURLs.map(j) : [])),
        'ka.req.pod.volumes.hostpath': defined(vols.map((v) => v.hostPath?.path)).map(j),
        'ka.req.pod.volumes.volume_type': vols.flatMap((v) => Object.keys(v).filter((k) => k !== 'name')),
        'ka.req.pod.host_ipc': spec.hostIPC === undefined ? [] : [j(spec.hostIPC)],
        'ka.req.pod.host_pid': spec.hostPID === undefined ? [] : [j(spec.hostPID)],
        'ka.req.service.ports': spec.ports === undefined ? [] : [j(spec.ports)],
        'ka.sourceips': (r.sourceIPs ?? []).map(j),
        'ka.impuser.name': r.impersonatedUser?.username === undefined ? [] : [j(r.impersonatedUser.username)],
        'ka.req.configmap.name': r.objectRef?.name === undefined ? [] : [j(r.objectRef.name)],
        'ka.target.pod.name': r.objectRef?.resource === 'pods' && !r.objectRef?.subresource && r.responseObject?.metadata?.name !== undefined
          ? [j(r.responseObject.metadata.name)] : [],
        'ka.req.container.image': spec.containers?.[0]?.image === undefined ? [] : [j(spec.containers[0].image)],
        'ka.req.container.privileged': Array.isArray(spec.containers)
          ? [spec.containers.some((c: Obj) => c.securityContext?.privileged === true) ? 'true' : 'false'] : [],
      };
      for (const list of lists) {
        const cs: Obj[] | undefined = Array.isArray(spec[list]) ? spec[list] : undefined;
        const pre = `ka.req.pod.${list}.`;
        const sc = (c: Obj, k: string) => c.securityContext?.[k];
        want[pre + 'name'] = cs ? cs.map((c) => j(c.name)) : [];
        want[pre + 'command'] = cs ? defined(cs.map((c) => c.command)).map((a: string[]) => a.join(' ')) : [];
        want[pre + 'args'] = cs ? defined(cs.map((c) => c.args)).map((a: string[]) => a.join(' ')) : [];
        if (list !== 'ephemeralContainers') want[pre + 'host_port'] = cs ? cs.flatMap((c) => (c.ports ?? []).flatMap((p: Obj) => (p.hostPort !== undefined ? [j(p.hostPort)] : p.containerPort !== undefined ? [j(p.containerPort)] : []))) : [];
        for (const [f, k] of [['allow_privilege_escalation', 'allowPrivilegeEscalation'], ['read_only_fs', 'readOnlyRootFilesystem'],
          ['run_as_user', 'runAsUser'], ['run_as_group', 'runAsGroup'], ['proc_mount', 'procMount']] as const) {
          want[pre + f] = cs ? defined(cs.map((c) => sc(c, k))).map(j) : [];
        }
        want[pre + 'add_capabilities'] = cs ? defined(cs.map((c) => c.securityContext?.capabilities?.add)).map(j) : [];
        for (const [f, k] of [['eff_run_as_user', 'runAsUser'], ['eff_run_as_group', 'runAsGroup']] as const) {
          const pod = spec.securityContext?.[k];
          want[pre + f] = cs ? cs.map((c) => j(sc(c, k) ?? pod ?? '0')) : [];
        }
      }
      for (const [f, w] of Object.entries(want)) {
        const got = l.cap.extractValues(f, ev).map((v) => v.text);
        expect(got, `${name} ${f}`).toEqual(w);
        checked += w.length;
      }
    });
    expect(checked).toBeGreaterThan(200);
  });

  it('evt.source / evt.pluginname come from the plugin id through the registry', () => {
    const l = loaded.get('attach_pod.json')!;
    expect(l.cap.extractValues('evt.source', 0).map((v) => v.text)).toEqual(['k8s_audit']);
    expect(l.cap.extractValues('evt.pluginname', 0).map((v) => v.text)).toEqual(['k8saudit']);
    const c = loaded.get('cloudtrail')!;
    expect(c.cap.extractValues('evt.source', 0).map((v) => v.text)).toEqual(['aws_cloudtrail']);
    expect(c.cap.extractValues('evt.pluginname', 0).map((v) => v.text)).toEqual(['cloudtrail']);
    // the cloudtrail plugin's String(): region, user, service, event name, ct.info (test/golden/logs-plugininfo)
    expect(c.cap.extractValues('evt.plugininfo', 0).map((v) => v.text)).toEqual(['us-east-2 Alice ec2 StartInstances Alice via 205.251.233.176 ← StartInstances']);
    expect(c.cap.extractValues('ct.info', 0).map((v) => v.text)).toEqual(['Alice via 205.251.233.176 ← StartInstances']);
  });

  it('ct.* fields are missing on audit events, ka.* on CloudTrail records', () => {
    const l = loaded.get('attach_pod.json')!;
    expect(l.cap.extractValues('ct.name', 0)).toEqual([]);
    const c = loaded.get('cloudtrail')!;
    expect(c.cap.extractValues('ka.user.name', 0)).toEqual([]);
  });
});

describe('cloudtrail fields on the CloudTrail sample', () => {
  it('gives the plugin values with exact ranges', () => {
    const l = loaded.get('cloudtrail')!;
    const r = l.records[0] as Obj;
    const e = (f: string) => l.cap.extractValues(f, 0);
    const exact: [string, unknown][] = [
      ['ct.user', r.userIdentity.userName],
      ['ct.originaluser', r.userIdentity.userName],
      ['ct.user.identitytype', r.userIdentity.type],
      ['ct.user.arn', r.userIdentity.arn],
      ['ct.user.accountid', r.userIdentity.accountId],
      ['ct.user.principalid', r.userIdentity.principalId],
      ['ct.name', r.eventName],
      ['ct.src', r.eventSource],
      ['ct.region', r.awsRegion],
      ['ct.srcip', r.sourceIPAddress],
      ['ct.useragent', r.userAgent],
      ['ct.eventtype', r.eventType],
      ['ct.time', r.eventTime],
      ['ct.request', r.requestParameters],
      ['ct.response', r.responseElements],
    ];
    for (const [f, want] of exact) {
      const vs = e(f);
      expect(vs.map((v) => v.text), f).toEqual([str(want)]);
      expect(JSON.parse(slice(l, vs[0])), f).toEqual(want);
    }
    const short = e('ct.shortsrc');
    expect(short.map((v) => v.text)).toEqual(['ec2']);
    expect(slice(l, short[0])).toBe('ec2');
    expect(e('ct.info').map((v) => v.text)).toEqual([`Alice via 205.251.233.176 ← StartInstances`]);
    for (const f of ['ct.error', 'ct.errormessage', 's3.bucket', 's3.uri', 's3.bytes', 'ec2.imageids', 'ct.readonly']) {
      expect(e(f), f).toEqual([]);
    }
    expect(e('s3.cnt.other').map((v) => v.num)).toEqual([1n]);
    // json.rawtime is the event timestamp; its range is the 8 header bytes holding it.
    const t = e('json.rawtime');
    expect(t[0].text).toBe(String(BigInt(Date.parse(r.eventTime)) * 1_000_000n));
    expect(t[0].range!.length).toBe(8);
  });
});

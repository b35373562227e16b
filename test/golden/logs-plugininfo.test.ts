// evt.plugininfo, the summary Falco and sysdig print for a plugin event when the plugin is loaded (the
// plugin's event_to_string, i.e. its Go String()): k8saudit gives its payload as is; CloudTrail gives
// "<awsRegion>[ <user>] <eventSource without .amazonaws.com> <eventName> <ct.info>", or the error text its
// String() returns when one of those three keys is not a string. No plugin-capable oracle is installed,
// so the expectations are built here from the plugins' source rules over JSON.parse of each record, with
// ct.user/ct.info taken from the engine (their own tests check them). `scapula read` shows the summary,
// never the raw `plugin_id=… event_data=…` parameters.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { logToScap } from '../../engine/logs/convert.ts';

type Obj = Record<string, any>;
const dec = new TextDecoder();
const alice = JSON.parse(readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8')).Records[0] as Obj;
const without = (k: string): Obj => { const r = structuredClone(alice); delete r[k]; return r; };
const records: Obj[] = [
  alice,
  { ...structuredClone(alice), eventSource: 'signin.aws.example', userIdentity: { type: 'AWSAccount', principalId: 'p' } },
  { ...structuredClone(alice), eventSource: '.amazonaws.com' },
  { ...structuredClone(alice), userIdentity: { type: 'IAMUser', userName: '' } },
  without('awsRegion'),
  without('eventSource'),
  without('eventName'),
  { ...structuredClone(alice), awsRegion: 7 },
  { ...structuredClone(alice), eventSource: 'dátä-ß.amazonaws.com', awsRegion: 'eu-central-1' },
];

async function load(bytes: Uint8Array): Promise<Capture> {
  return Capture.load(await nodeEngine(), (async function* () { yield bytes; })());
}
const texts = (cap: Capture, f: string, i: number) => cap.extractValues(f, i).map((v) => v.text);

let ct: Capture;
beforeAll(async () => {
  ct = await load(logToScap(new TextEncoder().encode(JSON.stringify({ Records: records }))).bytes);
});

describe('evt.plugininfo of CloudTrail records: the plugin\'s String()', () => {
  it('region, user, service, event name and ct.info; the plugin\'s error text when a key is missing', () => {
    expect(ct.eventCount).toBe(records.length);
    records.forEach((rec, i) => {
      let want: string;
      if (typeof rec.eventSource !== 'string') want = '<invalid JSON: event did not contain a source>';
      else if (typeof rec.awsRegion !== 'string') want = '<invalid JSON: event did not contain an awsRegion>';
      else if (typeof rec.eventName !== 'string') want = '<invalid JSON: event did not contain an eventName>';
      else {
        const src: string = rec.eventSource;
        const service = src.length > '.amazonaws.com'.length && src.endsWith('.amazonaws.com') ? src.slice(0, -'.amazonaws.com'.length) : src;
        const user = texts(ct, 'ct.user', i)[0] ?? '';
        const [info] = texts(ct, 'ct.info', i);
        expect(info, `record ${i} ct.info`).toBeTruthy();
        want = `${rec.awsRegion}${user ? ' ' + user : ''} ${service} ${rec.eventName} ${info}`;
      }
      expect(texts(ct, 'evt.plugininfo', i), `record ${i}`).toEqual([want]);
    });
    // the real sample, spelled out once
    expect(texts(ct, 'evt.plugininfo', 0)).toEqual(['us-east-2 Alice ec2 StartInstances Alice via 205.251.233.176 ← StartInstances']);
  });

  it('the error texts stand exactly on the records that miss a key', () => {
    const hits: number[] = [];
    for (let i = 0; i < ct.eventCount; i++) if (texts(ct, 'evt.plugininfo', i)[0]?.startsWith('<invalid JSON')) hits.push(i);
    expect(hits).toEqual([4, 5, 6, 7]);
  });
});

describe('evt.plugininfo of k8s audit events: the payload itself', () => {
  const files = readdirSync('samples/k8s_audit').filter((f) => f !== 'fal_01_003.json').sort();
  it('equals the event\'s JSON payload, ranged over exactly those bytes', async () => {
    let checked = 0;
    for (const f of files) {
      const cap = await load(logToScap(readFileSync(join('samples/k8s_audit', f))).bytes);
      const raw = cap.rawBytes(0, cap.index.rawLength);
      for (let i = 0; i < cap.eventCount; i++) {
        const [off, len] = cap.paramRanges(i)[1];
        const [v, ...more] = cap.extractValues('evt.plugininfo', i);
        expect(more, `${f} #${i}`).toEqual([]);
        expect(v.text, `${f} #${i}`).toBe(dec.decode(raw.subarray(off, off + len)));
        expect(v.range, `${f} #${i}`).toEqual({ start: off, length: len });
        JSON.parse(v.text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(files.length);
  });
});

describe('scapula read shows the plugin summary as the event\'s info', () => {
  const run = (...args: string[]) => spawnSync('node', ['bin/scapula.mjs', 'read', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  it('k8s audit and CloudTrail captures: summary, no raw parameters, no <NA>', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugininfo-'));
    const k8s = join(dir, 'k8s.scap');
    const payload = readFileSync('samples/k8s_audit/create_nginx_pod_privileged.json');
    writeFileSync(k8s, logToScap(payload).bytes);
    const r = run(k8s);
    expect(r.status).toBe(0);
    const [line, ...rest] = r.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    const m = /^1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[k8saudit\] (\{.*\})$/.exec(line);
    expect(m, line.slice(0, 200)).not.toBeNull();
    expect(JSON.parse(m![1])).toEqual(JSON.parse(payload.toString('utf8')));
    const c = run('samples/cloudtrail_alice_start_instances.json');
    expect(c.stdout).toMatch(/^1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[cloudtrail\] us-east-2 Alice ec2 StartInstances Alice via /);
    for (const out of [r.stdout, c.stdout]) {
      expect(out).not.toContain('plugin_id=');
      expect(out).not.toContain('<NA>');
    }
  });
});

// Hostile plugin payloads: every ka.*, ct.*, s3.*, ec2.* and json.* field is extracted from mutated,
// truncated, deeply nested and oversized JSON payloads (in a capture written with the project's own
// writer, plugin ids 1 and 2) without an engine abort or hang, and every reported byte range lies inside
// the event's payload. Invalid JSON gives no values at all (never a partial, misleading one).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { FIELDS } from '../../engine/generated/fields.ts';

const enc = new TextEncoder();
const PLUGIN_FIELDS = FIELDS.filter((f) => ['k8s_audit', 'aws_cloudtrail', 'json'].includes(f.source));

function capture(payloads: { id: number; data: Uint8Array }[]): Uint8Array {
  const w = new ScapWriter().shb();
  payloads.forEach((p, i) => w.event({ ts: BigInt(1_700_000_000_000_000_000 + i), tid: -1n, cpu: 0, type: 322, params: [P.u32(p.id), p.data] }));
  return w.result();
}

async function load(bytes: Uint8Array): Promise<Capture> {
  return Capture.load(await nodeEngine(), (async function* () { yield bytes; })());
}

function args(f: (typeof FIELDS)[number]): (number | string | undefined)[] {
  if (f.arg === 'required') return f.argKind.includes('key') ? ['/user/username', 'x', '', '/', '~1~0/', 'command'] : [0];
  if (f.arg === 'optional') return [undefined, 0, 1, 7, 1_000_000];
  return [undefined];
}

describe('plugin fields on hostile payloads', () => {
  it('mutated real events: no abort, ranges inside the payload, invalid JSON gives nothing', async () => {
    const bases = [
      readFileSync('samples/k8s_audit/create_nginx_pod_privileged_2nd_container.json', 'utf8').trim(),
      readFileSync('samples/k8s_audit/create_cluster_role_wildcard_verbs.json', 'utf8').trim(),
      JSON.stringify(JSON.parse(readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8')).Records[0]),
    ];
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const alphabet = '{}[]":,\\ 0-1.eEtfnu\tax/~%';
    const payloads: { id: number; data: Uint8Array; valid: boolean }[] = [];
    for (let k = 0; k < 150; k++) {
      const base = bases[k % bases.length];
      const chars = [...base];
      for (let e = 0; e < 1 + rnd(3); e++) {
        const pos = rnd(chars.length);
        const op = rnd(4);
        if (op === 0) chars[pos] = alphabet[rnd(alphabet.length)];
        else if (op === 1) chars.splice(pos, 0, alphabet[rnd(alphabet.length)]);
        else if (op === 2) chars.splice(pos, 1);
        else chars.length = pos; // truncation
      }
      const s = chars.join('');
      let valid = true;
      try { JSON.parse(s); } catch { valid = false; }
      payloads.push({ id: k % bases.length === 2 ? 2 : 1, data: enc.encode(s), valid });
    }
    const cap = await load(capture(payloads));
    expect(cap.eventCount).toBe(payloads.length);
    let values = 0;
    const firstPass = new Map<string, unknown>();
    for (let i = 0; i < payloads.length; i++) {
      const [off, len] = cap.paramRanges(i)[1];
      for (const f of PLUGIN_FIELDS) {
        if (f.name.endsWith('rawtime')) continue;
        for (const a of args(f)) {
          const vs = cap.extractValues(f.name, i, a);
          firstPass.set(`${i}:${f.name}:${a}`, vs.map((v) => [v.text, v.range, v.origin]));
          if (!payloads[i].valid) expect(vs, `${f.name} on invalid JSON #${i}`).toEqual([]);
          for (const v of vs) {
            values++;
            if (v.range) {
              expect(v.range.start).toBeGreaterThanOrEqual(off);
              expect(v.range.start + v.range.length).toBeLessThanOrEqual(off + len);
            }
          }
        }
      }
    }
    expect(values).toBeGreaterThan(1000);
    // A second pass answers from the per-field cache where it can: the results must be identical.
    let replayed = 0;
    for (let i = 0; i < payloads.length; i++) {
      for (const f of PLUGIN_FIELDS) {
        if (f.name.endsWith('rawtime')) continue;
        for (const a of args(f)) {
          const first = JSON.stringify(firstPass.get(`${i}:${f.name}:${a}`));
          const again = cap.extractValues(f.name, i, a).map((v) => [v.text, v.range, v.origin]);
          expect(JSON.stringify(again), `${f.name}[${a}] #${i}`).toBe(first);
          replayed++;
        }
      }
    }
    expect(replayed).toBeGreaterThan(10_000);
  }, 120_000);

  it('deep nesting, huge arrays, long strings, escapes and non-JSON payloads', async () => {
    const deep = '{"auditID":"a","x":' + '['.repeat(300) + ']'.repeat(300) + '}';
    const deepOk = '{"auditID":"a","user":{"username":"u"},"x":' + '['.repeat(200) + ']'.repeat(200) + '}';
    const wide = JSON.stringify({ auditID: 'w', user: { groups: Array.from({ length: 5000 }, (_, i) => `g${i}`) } });
    const long = JSON.stringify({ auditID: 'l', user: { username: 'x'.repeat(1 << 20) }, requestURI: '/a?command=' + '%41'.repeat(5000) });
    const esc = '{"auditID":"e","user":{"username":"a\\"b\\u00e9\\ud83d\\ude00"},"requestURI":"/x?command=ls+-l&command=2&q=%zz"}';
    const uri = '{"auditID":"u","requestURI":"/x?a=1&command=ls+-l%2Fx&command=2#frag"}';
    const payloads = [deep, deepOk, wide, long, esc, 'not json', '', '"just a string"', '[1,2,3]', '{"auditID":1}\u0000\u0000', uri]
      .map((s) => ({ id: 1, data: enc.encode(s) }));
    const cap = await load(capture(payloads));
    const e = (f: string, i: number, a?: number | string) => cap.extractValues(f, i, a);
    expect(e('ka.auditid', 0)).toEqual([]); // nesting beyond 256: rejected
    expect(e('ka.user.name', 1).map((v) => v.text)).toEqual(['u']);
    expect(e('ka.user.groups', 2).length).toBe(256); // the value buffer's cap; the rest is counted as overflow
    expect(e('ka.user.name', 3)[0].text.length).toBe(1 << 20);
    expect(e('ka.uri.param', 3, 'command')[0].text).toBe('A'.repeat(5000));
    expect(e('ka.user.name', 4).map((v) => v.text)).toEqual(['a"b\u00e9\u{1f600}']);
    expect(e('json.value', 4, '/user/username')[0].text).toBe('a"b\u00e9\u{1f600}');
    // A bad %-escape anywhere in the query fails the field, as Go's url.ParseQuery does in the plugin.
    expect(e('ka.uri.param', 4, 'command')).toEqual([]);
    for (const i of [5, 6, 7]) for (const f of PLUGIN_FIELDS) if (!f.name.endsWith('rawtime')) expect(e(f.name, i, f.arg === 'required' ? '/a' : undefined)).toEqual([]);
    expect(e('json.value', 8, '/1').map((v) => v.text)).toEqual(['2']);
    expect(e('ka.auditid', 9).map((v) => v.text)).toEqual(['1']);
    expect(e('ka.uri.param', 10, 'command').map((v) => v.text)).toEqual(['ls -l/x']);
    expect(e('ka.uri.param', 10, 'a')[0].range!.length).toBe(1); // undecoded: the exact bytes
  }, 120_000);

  it('async events: JSON data (NUL-terminated) is reachable through json.*, the source follows the plugin id', async () => {
    const w = new ScapWriter().shb();
    const data = enc.encode('{"container":{"id":"abc123","name":"web","image":"nginx:1.25"}}\0');
    w.event({ ts: 1n, tid: 0n, cpu: 0, type: 402, params: [P.u32(0), P.str('container'), data] });
    w.event({ ts: 2n, tid: -1n, cpu: 0, type: 402, params: [P.u32(1), P.str('k8s'), enc.encode('{"auditID":"x","verb":"get"}')] });
    const cap = await load(w.result());
    const e = (f: string, i: number, a?: string) => cap.extractValues(f, i, a).map((v) => v.text);
    expect(e('json.value', 0, '/container/image')).toEqual(['nginx:1.25']);
    expect(e('evt.source', 0)).toEqual(['syscall']);
    expect(e('ka.verb', 0)).toEqual([]);
    expect(e('evt.source', 1)).toEqual(['k8s_audit']);
    expect(e('ka.verb', 1)).toEqual(['get']);
  });
});

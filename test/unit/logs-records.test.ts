// Raw log detection and splitting (engine/logs/records.ts) and conversion (engine/logs/convert.ts):
// every supported layout is recognised by content, each record keeps its exact original bytes and the
// timestamp the Falco plugin would give it, and bad input is reported with its byte offset and skipped.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseLog, parseRfc3339, looksLikeJsonLog } from '../../engine/logs/records.ts';
import { logToScap, logsToCapture, LogState } from '../../engine/logs/convert.ts';
import { pluginSourceName, pluginLabel, pluginById } from '../../engine/logs/registry.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const event = (n: number, ts = `2024-01-02T03:04:0${n}.123456Z`) =>
  `{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"id-${n}","stage":"ResponseComplete","verb":"get","user":{"username":"u${n}"},"stageTimestamp":"${ts}"}`;

describe('raw log records', () => {
  it('parses RFC 3339 times to ns, with offsets and fractions', () => {
    expect(parseRfc3339('2018-10-26T13:42:46.808261Z')).toBe(1540561366808261000n);
    expect(parseRfc3339('2018-10-26T15:42:46.808261+02:00')).toBe(1540561366808261000n);
    expect(parseRfc3339('2014-03-06T21:22:54Z')).toBe(1394140974000000000n);
    expect(parseRfc3339('2024-01-01T00:00:00.123456789Z')).toBe(1704067200123456789n);
    expect(parseRfc3339('yesterday')).toBeNull();
  });

  it('JSON lines: one record per line, exact bytes, stageTimestamp', () => {
    const log = enc.encode([event(1), '', event(2), event(3)].join('\n') + '\n');
    const p = parseLog(log);
    expect(p.source).toBe('k8s_audit');
    expect(p.records.map((r) => dec.decode(log.subarray(r.start, r.end)))).toEqual([event(1), event(2), event(3)]);
    expect(p.records[0].ts).toBe(parseRfc3339('2024-01-02T03:04:01.123456Z'));
    expect(p.records.every((r) => r.pluginId === 1)).toBe(true);
    expect(p.diagnostics).toEqual([]);
  });

  it('EventList with items, and a plain JSON array of events', () => {
    const list = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[ ${event(1)},\n  ${event(2)} ]}`;
    const p = parseLog(enc.encode(list));
    expect(p.records.map((r) => dec.decode(enc.encode(list).subarray(r.start, r.end)))).toEqual([event(1), event(2)]);
    const arr = `[${event(4)},${event(5)}]`;
    expect(parseLog(enc.encode(arr)).records.length).toBe(2);
  });

  it('CloudTrail: Records of the real sample, pretty-printed, eventTime', () => {
    const log = readFileSync('samples/cloudtrail_alice_start_instances.json');
    const p = parseLog(log);
    expect(p.source).toBe('aws_cloudtrail');
    expect(p.records.length).toBe(1);
    const rec = JSON.parse(dec.decode(log.subarray(p.records[0].start, p.records[0].end)));
    expect(rec.eventName).toBe('StartInstances');
    expect(p.records[0].ts).toBe(1394140974000000000n);
    expect(p.records[0].pluginId).toBe(2);
  });

  it('bad lines are reported at their byte offset and skipped; non-events are skipped', () => {
    const lines = [event(1), '{"kind":"Event", "auditID": "x"', event(2), '{"kind": 0}', 'garbage'];
    const log = enc.encode(lines.join('\n'));
    const p = parseLog(log);
    expect(p.records.length).toBe(2);
    const at2 = event(1).length + 1;
    expect(p.diagnostics.map((d) => d.offset)).toEqual([at2, log.indexOf(0x7b, at2 + 10 + event(2).length), log.length - 7]);
    expect(p.diagnostics[0].message).toMatch(new RegExp(`^log byte ${at2}: unclosed object`));
    expect(p.diagnostics[1].message).toMatch(/not recognised/);
  });

  it('an audit event without timestamps keeps the previous time and says so', () => {
    const noTs = '{"kind":"Event","auditID":"z","verb":"list"}';
    const p = parseLog(enc.encode([event(1), noTs].join('\n')));
    expect(p.records.length).toBe(2);
    expect(p.records[1].ts).toBe(p.records[0].ts);
    expect(p.diagnostics[0].message).toMatch(/no valid timestamp/);
  });

  it('the fal_01_003 sample ({"kind": 0}) is not an audit log', () => {
    expect(() => logToScap(readFileSync('samples/k8s_audit/fal_01_003.json'))).toThrow(/not a Kubernetes audit log/);
  });

  it('content sniffing: JSON logs yes, .scap no', () => {
    expect(looksLikeJsonLog(enc.encode('\ufeff  {"Records":[]}'))).toBe(true);
    expect(looksLikeJsonLog(enc.encode('[{"kind":"Event"}]'))).toBe(true);
    expect(looksLikeJsonLog(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0))).toBe(false);
  });

  it('logsToCapture converts gunzipped logs and passes captures through untouched', async () => {
    const state = new LogState();
    const log = enc.encode(event(1) + '\n' + event(2) + '\n');
    const out: Uint8Array[] = [];
    for await (const c of logsToCapture((async function* () { yield log.subarray(0, 10); yield log.subarray(10); })(), state)) out.push(c);
    expect(state.isLog).toBe(true);
    expect(state.events).toBe(2);
    const scap = Buffer.concat(out);
    expect(scap.readUInt32LE(0)).toBe(0x0a0d0d0a);
    expect(scap.indexOf(Buffer.from(event(2)))).toBeGreaterThan(0);
    const pass = new LogState();
    const bytes = Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 1, 2, 3);
    const got: Uint8Array[] = [];
    for await (const c of logsToCapture((async function* () { yield bytes; })(), pass)) got.push(c);
    expect(pass.isLog).toBe(false);
    expect(Buffer.concat(got)).toEqual(Buffer.from(bytes));
    expect(gzipSync(log).length).toBeGreaterThan(0);
  });

  it('streaming conversion of JSON lines gives the same capture as whole-file conversion, whatever the chunking', async () => {
    const lines = [event(1), '{"kind":"Event" broken', event(2), '', event(3)];
    const log = enc.encode(lines.join('\n') + '\n' + event(4)); // no newline at the very end
    const whole = logToScap(log);
    for (const size of [1, 7, 64, 300, log.length]) {
      const state = new LogState();
      const chunks = (async function* () { for (let o = 0; o < log.length; o += size) yield log.subarray(o, o + size); })();
      const out: Uint8Array[] = [];
      for await (const c of logsToCapture(chunks, state)) out.push(c);
      expect(Buffer.compare(Buffer.concat(out), Buffer.from(whole.bytes)), `chunk size ${size}`).toBe(0);
      expect(state.events).toBe(4);
      expect(state.diagnostics.map((d) => d.offset)).toEqual(whole.diagnostics.map((d) => d.offset));
    }
  });

  it('plugin registry: ids to sources, unknown ids said as such', () => {
    expect([1, 9, 16, 21, 22].map(pluginSourceName)).toEqual(Array(5).fill('k8s_audit'));
    expect(pluginSourceName(2)).toBe('aws_cloudtrail');
    expect(pluginSourceName(12)).toBe('gcp_auditlog');
    expect(pluginSourceName(4242)).toBe('unknown (plugin id 4242)');
    expect(pluginLabel(1)).toBe('k8saudit (id 1)');
    expect(pluginById(0)).toBeNull();
  });
});

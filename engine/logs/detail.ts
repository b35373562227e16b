// The detail of a plugin event: which plugin and source it came from (registry), every field of that
// source that has a value, each with the exact byte range of its JSON text, and the payload's JSON
// structure (from the WASM scanner's tape) so the web app can show formatted JSON with the same
// highlighting without parsing anything itself.
import type { Capture } from '../capture.ts';
import type { DetailSection, FieldValue, JsonNode, PluginPayload } from '../api.ts';
import { FIELDS } from '../generated/fields.ts';
import { extractValues } from './values.ts';
import { pluginById, pluginSourceName } from './registry.ts';

/** PPME_PLUGINEVENT_E: an event of a plugin source (no CPU, thread or direction). */
export const PLUGINEVENT = 322;
const ASYNCEVENT = 402;
const MAX_NODES_SHOWN = 200_000;

const SECTION: Record<string, [string, string]> = {
  k8s_audit: ['Kubernetes audit', 'k8s_audit'],
  aws_cloudtrail: ['CloudTrail', 'aws_cloudtrail'],
};

const ERRORS = ['ok', 'no JSON value', 'unexpected character', 'unexpected end of input', 'control character in string',
  'invalid escape in string', 'invalid number', 'invalid literal', 'nesting too deep', 'unexpected data after the JSON value',
  'too many values', 'expected a string key', "expected ':'", "expected ',' or a closing bracket"];

type W = Record<string, (...a: number[]) => number>;

/** Scans the payload with the engine's JSON scanner and returns its nodes with absolute offsets. */
function tape(cap: Capture, off: number, len: number): { nodes: JsonNode[] | null; error: string | null } {
  const w = cap.wasm as unknown as W;
  const n = w.jsonTape(w.rawPtr() + off, len);
  if (n < 0) {
    const code = w.jsonTapeError();
    return { nodes: null, error: `payload is not JSON: ${ERRORS[code] ?? 'error'} at byte ${off + w.jsonTapeErrorAt()}` };
  }
  if (n > MAX_NODES_SHOWN) return { nodes: null, error: `payload has ${n} JSON values, too many to show formatted` };
  const buf = cap.engine.exports.memory.buffer;
  const kind = new Uint8Array(buf, w.jsonTapeKinds(), n);
  const start = new Uint32Array(buf, w.jsonTapeStarts(), n);
  const end = new Uint32Array(buf, w.jsonTapeEnds(), n);
  const next = new Uint32Array(buf, w.jsonTapeNexts(), n);
  const ks = new Uint32Array(buf, w.jsonTapeKeyStarts(), n);
  const ke = new Uint32Array(buf, w.jsonTapeKeyEnds(), n);
  const nodes: JsonNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const hasKey = ks[i] !== 0xffffffff;
    nodes[i] = {
      kind: kind[i], start: off + start[i], end: off + end[i], next: next[i],
      keyStart: hasKey ? off + ks[i] : -1, keyEnd: hasKey ? off + ke[i] : -1,
    };
  }
  return { nodes, error: null };
}

/** Sections and payload view for plugin/async events; null for any other event. */
export function pluginDetail(cap: Capture, i: number): { sections: DetailSection[]; payload: PluginPayload } | null {
  const w = cap.wasm as unknown as W;
  const type = w.evType(i);
  if (type !== PLUGINEVENT && type !== ASYNCEVENT) return null;
  const ranges = cap.paramRanges(i);
  const dataIdx = type === PLUGINEVENT ? 1 : 2;
  if (ranges.length <= dataIdx || ranges[0][1] !== 4) return null;
  const pluginId = w.pluginIdOf(i) >>> 0;
  const info = pluginById(pluginId);
  // An async event's plugin id names the source it belongs to; 0 is the syscall source.
  const source = type === ASYNCEVENT && pluginId === 0 ? 'syscall' : pluginSourceName(pluginId);
  const [off, len] = ranges[dataIdx];
  // Each entry is a real filter field with the value it has, so "filter on this" works from the tree.
  const idRange = { start: ranges[0][0], length: 4 };
  const pluginFields: FieldValue[] = info
    ? [{ field: 'evt.pluginname', label: `Plugin (id ${pluginId})`, value: info.plugin, range: idRange, origin: null }]
    : [{ field: 'evt.arg.plugin_id', label: 'Plugin (not in the registry)', value: String(pluginId), range: idRange, origin: null }];
  pluginFields.push({ field: 'evt.source', label: 'Source', value: source, range: null, origin: { kind: 'inferred' } });
  const sections: DetailSection[] = [{ title: 'Plugin', fields: pluginFields }];
  const sec = SECTION[source];
  if (sec) {
    const out: FieldValue[] = [];
    for (const f of FIELDS) {
      if (f.source !== sec[1] || f.arg === 'required' || f.flags.includes('deprecated')) continue;
      for (const v of extractValues(cap.engine, f.name, i)) {
        out.push({
          field: f.name, label: f.name, value: v.text, range: v.range,
          origin: v.range ? null : { kind: 'inferred' },
        });
      }
    }
    sections.push({ title: sec[0], fields: out });
  }
  const { nodes, error } = tape(cap, off, len);
  return { sections, payload: { pluginId, plugin: info?.plugin ?? null, source, range: { start: off, length: len }, nodes, error } };
}

// The detail of a plugin event: which plugin and source it came from (registry), every field of that
// source that has a value, each with the exact byte range of its JSON text, and the payload's JSON
// structure (from the WASM scanner's tape) so the web app can show formatted JSON with the same
// highlighting without parsing anything itself.
import type { Capture } from '../capture.ts';
import type { DetailSection, FieldValue, JsonNode, PluginPayload } from '../api.ts';
import { FIELDS } from '../generated/fields.ts';
import { PPME_PLUGINEVENT_E, PPME_ASYNCEVENT_E } from '../generated/schema.ts';
import { JSON_ERROR_MESSAGES, NO_KEY } from '../generated/boundary.ts';
import { pluginById, pluginSourceName } from './registry.ts';

/** PPME_PLUGINEVENT_E: an event of a plugin source (no CPU, thread or direction). */
export const PLUGINEVENT = PPME_PLUGINEVENT_E;
const ASYNCEVENT = PPME_ASYNCEVENT_E;
const MAX_NODES_SHOWN = 200_000;

const SECTION: Record<string, [string, string]> = {
  k8s_audit: ['Kubernetes audit', 'k8s_audit'],
  aws_cloudtrail: ['CloudTrail', 'aws_cloudtrail'],
};


/** Scans the payload with the engine's JSON scanner and returns its nodes with absolute offsets. */
function tape(cap: Capture, off: number, len: number): { nodes: JsonNode[] | null; error: string | null } {
  const t = cap.jsonTape(off, len);
  if (!t.ok) return { nodes: null, error: `payload is not JSON: ${JSON_ERROR_MESSAGES[t.error] ?? 'error'} at byte ${off + t.errorAt}` };
  const n = t.count;
  if (n > MAX_NODES_SHOWN) return { nodes: null, error: `payload has ${n} JSON values, too many to show formatted` };
  const { kind, start, end, next, keyStart: ks, keyEnd: ke } = t.columns();
  const nodes: JsonNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const hasKey = ks[i] !== NO_KEY;
    nodes[i] = {
      kind: kind[i], start: off + start[i], end: off + end[i], next: next[i],
      keyStart: hasKey ? off + ks[i] : -1, keyEnd: hasKey ? off + ke[i] : -1,
    };
  }
  return { nodes, error: null };
}

/** Sections and payload view for plugin/async events; null for any other event. */
export function pluginDetail(cap: Capture, i: number): { sections: DetailSection[]; payload: PluginPayload } | null {
  const type = cap.index.type(i);
  if (type !== PLUGINEVENT && type !== ASYNCEVENT) return null;
  const ranges = cap.paramRanges(i);
  const dataIdx = type === PLUGINEVENT ? 1 : 2;
  if (ranges.length <= dataIdx || ranges[0][1] !== 4) return null;
  const pluginId = cap.index.pluginId(i);
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
      for (const v of cap.extractValues(f.name, i)) {
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

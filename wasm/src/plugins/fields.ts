// Extractors for plugin sources (k8s_audit `ka.*`, aws_cloudtrail `ct.*`/`s3.*`/`ec2.*`, `json.*`/`jevt.*`,
// and evt.plugininfo, the plugin's own summary: plugins/summary.ts)
// over the JSON payload of `pluginevent`/`asyncevent` events, each value with its exact byte range in
// the raw capture. The source is decided by the event's plugin id (plugins/registry.ts): `ka.*` fields
// are missing on a CloudTrail event and the other way round; `json.*` apply to every JSON payload.
// Results (per field and argument) are remembered when they can be rebuilt from the bytes
// (plugins/cache.ts), so re-filtering does not re-scan the JSON.
import * as F from '../generated/fields';
import { loadPayload, payloadPluginId } from './payload';
import { pluginSource, SRC_K8S_AUDIT, SRC_AWS_CLOUDTRAIL } from './registry';
import { isK8sAuditField, extractK8sAudit } from './k8saudit';
import { isCloudtrailField, extractCloudtrail } from './cloudtrail';
import { isJsonField, extractJson } from './jsonfields';
import { extractSummary } from './summary';
import { cacheSlot, cacheReplay, cacheStore } from './cache';
import { scratchReset } from '../json/scratch';

function extract(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): void {
  scratchReset();
  const valid = loadPayload(ev);
  if (field == F.F_EVT_PLUGININFO) { extractSummary(valid); return; }
  if (!valid) return;
  const index: i32 = argNum >= 0 && argNum < 0x7FFFFFFF ? <i32>argNum : -1;
  const src = pluginSource(payloadPluginId);
  if (isK8sAuditField(field)) {
    if (src == SRC_K8S_AUDIT) extractK8sAudit(field, index, argPtr, argLen);
  } else if (isCloudtrailField(field)) {
    if (src == SRC_AWS_CLOUDTRAIL) extractCloudtrail(field, index);
  } else if (isJsonField(field)) {
    extractJson(field, argPtr, argLen, ev);
  }
}

export function extractPluginField(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): void {
  const slot = cacheSlot(field, argNum, argPtr, argLen);
  if (slot >= 0 && cacheReplay(slot, ev)) return;
  extract(field, argNum, argPtr, argLen, ev);
  if (slot >= 0) cacheStore(slot, ev);
}

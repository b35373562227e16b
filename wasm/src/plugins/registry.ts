// Plugin id -> event source, from the falcosecurity plugin registry (registry.yaml in
// falcosecurity/plugins). A capture stores only the numeric id of the plugin that produced each
// `pluginevent`, so this table is the only way to know which extractors apply. Ids not listed here are
// reported as unknown sources; their payloads are still reachable through the json.* fields.

export const SRC_UNKNOWN: i32 = 0;
export const SRC_K8S_AUDIT: i32 = 1;
export const SRC_AWS_CLOUDTRAIL: i32 = 2;
export const SRC_GCP_AUDITLOG: i32 = 3;
export const SRC_OTHER_KNOWN: i32 = 4; // a registered plugin whose fields Scapula does not extract

export function pluginSource(id: u32): i32 {
  switch (id) {
    case 1: case 9: case 16: case 21: case 22: return SRC_K8S_AUDIT; // k8saudit, -eks, -gke, -aks, -ovh
    case 2: return SRC_AWS_CLOUDTRAIL;
    case 12: return SRC_GCP_AUDITLOG;
  }
  return id >= 3 && id <= 28 || id == 999 ? SRC_OTHER_KNOWN : SRC_UNKNOWN;
}

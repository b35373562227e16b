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

/** Registry name of a plugin id ("k8saudit"), or "" when unknown (for evt.pluginname). */
export function pluginName(id: u32): string {
  switch (id) {
    case 1: return 'k8saudit';
    case 2: return 'cloudtrail';
    case 3: return 'dummy';
    case 4: return 'dummy_c';
    case 5: return 'docker';
    case 6: return 'seccompagent';
    case 7: return 'okta';
    case 8: return 'github';
    case 9: return 'k8saudit-eks';
    case 10: return 'nomad';
    case 11: return 'dnscollector';
    case 12: return 'gcpaudit';
    case 13: return 'syslogsrv';
    case 14: return 'salesforce';
    case 15: return 'box';
    case 16: return 'k8saudit-gke';
    case 17: return 'journald';
    case 18: return 'kafka';
    case 19: return 'gitlab';
    case 20: return 'keycloak';
    case 21: return 'k8saudit-aks';
    case 22: return 'k8saudit-ovh';
    case 23: return 'dummy_rs';
    case 24: return 'collector';
    case 25: return 'awselb';
    case 26: return 'edera';
    case 27: return 'nginx';
    case 28: return 'coding_agent';
    case 999: return 'test';
  }
  return '';
}

/** Event source name of a plugin id ("k8s_audit"), or "" when unknown (for evt.source). */
export function pluginSourceName(id: u32): string {
  switch (id) {
    case 1: case 9: case 16: case 21: case 22: return 'k8s_audit';
    case 2: return 'aws_cloudtrail';
    case 12: return 'gcp_auditlog';
    case 17: return 'journal';
    case 26: return 'edera_zone';
  }
  return pluginName(id); // every other registered plugin's source is its own name
}

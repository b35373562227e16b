// The falcosecurity plugin registry (registry.yaml in falcosecurity/plugins) as data: a capture stores
// only a plugin's numeric id in each `pluginevent`, so this is how Scapula names the plugin and the event
// source for display, for rule selection (`source:` in rules files) and when converting raw logs.

export interface PluginInfo {
  id: number;
  plugin: string;
  source: string;
}

const LIST: PluginInfo[] = [
  { id: 1, plugin: 'k8saudit', source: 'k8s_audit' },
  { id: 2, plugin: 'cloudtrail', source: 'aws_cloudtrail' },
  { id: 3, plugin: 'dummy', source: 'dummy' },
  { id: 4, plugin: 'dummy_c', source: 'dummy_c' },
  { id: 5, plugin: 'docker', source: 'docker' },
  { id: 6, plugin: 'seccompagent', source: 'seccompagent' },
  { id: 7, plugin: 'okta', source: 'okta' },
  { id: 8, plugin: 'github', source: 'github' },
  { id: 9, plugin: 'k8saudit-eks', source: 'k8s_audit' },
  { id: 10, plugin: 'nomad', source: 'nomad' },
  { id: 11, plugin: 'dnscollector', source: 'dnscollector' },
  { id: 12, plugin: 'gcpaudit', source: 'gcp_auditlog' },
  { id: 13, plugin: 'syslogsrv', source: 'syslogsrv' },
  { id: 14, plugin: 'salesforce', source: 'salesforce' },
  { id: 15, plugin: 'box', source: 'box' },
  { id: 16, plugin: 'k8saudit-gke', source: 'k8s_audit' },
  { id: 17, plugin: 'journald', source: 'journal' },
  { id: 18, plugin: 'kafka', source: 'kafka' },
  { id: 19, plugin: 'gitlab', source: 'gitlab' },
  { id: 20, plugin: 'keycloak', source: 'keycloak' },
  { id: 21, plugin: 'k8saudit-aks', source: 'k8s_audit' },
  { id: 22, plugin: 'k8saudit-ovh', source: 'k8s_audit' },
  { id: 23, plugin: 'dummy_rs', source: 'dummy_rs' },
  { id: 24, plugin: 'collector', source: 'collector' },
  { id: 25, plugin: 'awselb', source: 'awselb' },
  { id: 26, plugin: 'edera', source: 'edera_zone' },
  { id: 27, plugin: 'nginx', source: 'nginx' },
  { id: 28, plugin: 'coding_agent', source: 'coding_agent' },
  { id: 999, plugin: 'test', source: 'test' },
];

const BY_ID = new Map(LIST.map((p) => [p.id, p]));

/** Registry entry for a plugin id, or null (id 0 is reserved and never valid). */
export function pluginById(id: number): PluginInfo | null {
  return BY_ID.get(id) ?? null;
}

/** Event source name of a plugin id; unknown ids are reported as such, never guessed. */
export function pluginSourceName(id: number): string {
  return BY_ID.get(id)?.source ?? `unknown (plugin id ${id})`;
}

/** Human label: `k8saudit (id 1)` or `unknown plugin (id 77)`. */
export function pluginLabel(id: number): string {
  const p = BY_ID.get(id);
  return p ? `${p.plugin} (id ${id})` : `unknown plugin (id ${id})`;
}

/** The id Scapula writes for raw logs of a source. */
export const SOURCE_PLUGIN_ID = { k8s_audit: 1, aws_cloudtrail: 2 } as const;
export type LogSource = keyof typeof SOURCE_PLUGIN_ID;

// Coloring rules for the event list: an ordered list of filters with a color each, first match wins.
// The defaults follow the spirit of Stratoshark's: failures stand out, process creation and execs,
// file opens, network activity and plain reads/writes get their own calm tints. Users edit them in
// scap-coloring-dialog; they are stored in settings.
export interface ColoringRule {
  name: string;
  filter: string;
  /** Background color, #rrggbb. */
  color: string;
  enabled: boolean;
}

export const DEFAULT_RULES: readonly ColoringRule[] = [
  { name: 'Failed syscall', filter: 'evt.failed = true', color: '#ffc9c9', enabled: true },
  { name: 'Process creation / exec', filter: 'evt.type in (execve, execveat, clone, clone3, fork, vfork, procexit)', color: '#e2d4ff', enabled: true },
  { name: 'File open', filter: 'evt.type in (open, openat, openat2, creat)', color: '#d4f3d0', enabled: true },
  { name: 'Network', filter: 'evt.type in (socket, connect, accept, accept4, bind, listen, sendto, recvfrom, sendmsg, recvmsg, shutdown)', color: '#cfe6ff', enabled: true },
  { name: 'Read / write', filter: 'evt.is_io = true', color: '#fff4cc', enabled: true },
];

/** At most this many rules are applied (each is one filter pass over the capture). */
export const MAX_RULES = 16;

export function restoreRules(stored: unknown): ColoringRule[] {
  if (!Array.isArray(stored)) return DEFAULT_RULES.map((r) => ({ ...r }));
  return stored.filter((r) => typeof r?.filter === 'string' && typeof r?.name === 'string')
    .slice(0, MAX_RULES)
    .map((r) => ({ name: r.name, filter: r.filter, color: /^#[0-9a-f]{6}$/i.test(r.color) ? r.color : '#eeeeee', enabled: r.enabled !== false }));
}

/** Readable text color for a background (dark rows get light text). */
export function textColorFor(bg: string): string {
  const n = parseInt(bg.slice(1), 16);
  const l = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return l > 140 ? '#1d2026' : '#ffffff';
}

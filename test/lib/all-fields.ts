// Format strings that print every printable syscall field (and a set of fields with arguments) of an
// event, split into plans the formatter accepts (at most 256 tokens each), and the same for the plugin
// fields (k8s audit, CloudTrail, json). Shared by the state fuzz test and the long-run fuzzer (fuzz/),
// which both extract every field of every event of damaged captures.
import { FIELDS } from '../../engine/generated/fields.ts';

const printable = FIELDS.filter((f) => f.source === 'syscall' && !f.flags.includes('filter_only'));
const plain = printable.filter((f) => f.arg === 'none').map((f) => `%${f.name}`);
/** Fields taking an argument, with arguments that hit indices, names, keys and out-of-range cases. */
export const FIELDS_WITH_ARGS = ['%proc.aname[1]', '%proc.aname[3]', '%proc.apid[2]', '%proc.env[HOME]', '%thread.cgroup.cpu',
  '%evt.arg[0]', '%evt.arg.fd', '%evt.rawarg.res', '%evt.abspath[2]', '%container.label[app]', '%k8s.pod.label[app]'];

const all = [...plain, ...FIELDS_WITH_ARGS];
/** `*`-prefixed `-p` formats (print every event) that together name every printable field; 100 per plan. */
export const ALL_FIELD_FORMATS: string[] = [];
for (let i = 0; i < all.length; i += 100) ALL_FIELD_FORMATS.push('*' + all.slice(i, i + 100).join(' '));
/** Number of fields the formats name. */
export const ALL_FIELD_COUNT = all.length;

/** Every printable plugin field (ka.*, ct.*, ec2.*, json.*): no-argument ones, index fields at [0], keyed ones with a key. */
const KEYS: Record<string, string> = {
  'ka.uri.param': 'pretty', 'ka.req.binding.subject.has_name': 'admin', 'ka.req.volume.hostpath': '/etc',
  'json.value': '/verb', 'jevt.value': '/eventName',
};
const plugin = FIELDS.filter((f) => f.source !== 'syscall' && !f.flags.includes('filter_only')).map((f) =>
  f.arg === 'none' ? `%${f.name}` : f.arg === 'optional' ? `%${f.name}[0]` : `%${f.name}[${KEYS[f.name] ?? 'x'}]`);
export const PLUGIN_FIELD_FORMATS: string[] = [];
for (let i = 0; i < plugin.length; i += 100) PLUGIN_FIELD_FORMATS.push('*' + plugin.slice(i, i + 100).join(' '));

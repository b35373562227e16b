// Format strings that print every printable syscall field (and a set of fields with arguments) of an
// event, split into plans the formatter accepts (at most 256 tokens each). Shared by the state fuzz
// test and the long-run fuzzer (fuzz/), which both extract every field of every event of damaged captures.
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

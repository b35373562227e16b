// Format strings that print every printable field of an event, split into plans the formatter accepts
// (at most 256 tokens each): every syscall field, each field that takes an argument with and without
// one (indices, keys, out-of-range cases), and the same for the plugin fields (k8s audit, CloudTrail,
// json). Shared by the state fuzz test and the long-run fuzzer (fuzz/), which both extract every field
// of every event of damaged captures.
import { FIELDS, type FieldInfo } from '../../engine/generated/fields.ts';

/** Arguments per field: the keys worth asking for (the first is the usual one). */
const KEYS: Record<string, string[]> = {
  'evt.type.is': ['open'], 'evt.arg': ['fd', 'res'], 'evt.rawarg': ['res', 'fd'], 'evt.abspath': ['dirfd'],
  'proc.env': ['HOME'], 'proc.aenv': ['PATH'], 'thread.cgroup': ['cpu'], 'ka.uri.param': ['pretty'],
  'ka.req.binding.subject.has_name': ['admin'], 'ka.req.volume.hostpath': ['/etc'], 'json.value': ['/verb'],
  'jevt.value': ['/eventName'],
};

/** Format tokens for one field: bare when it may go without an argument, then with index/key arguments. */
function tokens(f: FieldInfo): string[] {
  if (f.arg === 'none') return [`%${f.name}`];
  const out: string[] = f.arg === 'optional' ? [`%${f.name}`] : [];
  const dot = f.argSyntax === 'dot';
  const wrap = (a: string) => (dot ? `%${f.name}.${a}` : `%${f.name}[${a}]`);
  if (f.argKind.includes('index')) out.push(wrap('0'), wrap('2'));
  if (f.argKind.includes('key')) for (const k of KEYS[f.name] ?? ['app']) out.push(wrap(k));
  return out;
}

function plans(fields: readonly FieldInfo[]): string[] {
  const all = fields.flatMap(tokens);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += 100) out.push('*' + all.slice(i, i + 100).join(' '));
  return out;
}

const printable = (f: FieldInfo) => !f.flags.includes('filter_only');

/** `*`-prefixed `-p` formats (print every event) that together name every printable syscall field. */
export const ALL_FIELD_FORMATS: string[] = plans(FIELDS.filter((f) => f.source === 'syscall' && printable(f)));
/** The same for the plugin fields (ka.*, ct.*, ec2.*, json.*). */
export const PLUGIN_FIELD_FORMATS: string[] = plans(FIELDS.filter((f) => f.source !== 'syscall' && printable(f)));

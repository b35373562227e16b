// One decoder/state fuzz case: load a (damaged) capture in a fresh engine, read its diagnostics and
// summary, print every printable field of every event (hidden events too; the plugin fields too when
// the capture has plugin events), the default line and, now
// and then, JSON; read field values with their origins for a few events; run a few filters and check
// their results are ascending event indices inside the capture. Anything thrown is a failure, except
// the host's clean refusal of an input too large for memory; WASM traps and aborts are named as such.
import { Capture } from '../engine/capture.ts';
import { nodeEngine } from '../engine/node/capture-file.ts';
import { compileFilter, type Plan } from '../engine/filter/index.ts';
import { mulberry32 } from '../engine/scap/seeded-random.ts';
import { ALL_FIELD_FORMATS, PLUGIN_FIELD_FORMATS } from '../test/lib/all-fields.ts';
import { parseFormat } from '../engine/format/plan.ts';

/** Filters run on damaged captures: the cases of issue 10 plus every kind of leaf and node. */
export const CASE_FILTERS = [
  'fd.name contains /etc/', 'fd.num=3', 'evt.failed=true', 'user.name = root', 'fd.port=80', 'fd.sport=80 or fd.cport=80',
  'evt.type in (open, openat, read, write, close) and fd.typechar=f', 'proc.name=cat or proc.pname=sh', 'not evt.dir=<',
  'fd.ip=127.0.0.1 or fd.net=10.0.0.0/8', 'evt.arg.fd > 2', 'proc.aname[2] exists', 'evt.buffer bcontains 454c46',
  'thread.tid != val(proc.pid)', 'fd.directory startswith /usr', 'evt.res != SUCCESS', 'proc.cmdline icontains SH',
  'evt.rawarg.res < 0', 'fd.name glob "*.so*"', 'fd.name regex "^/(etc|proc)/"', 'evt.num > 5 and evt.cpu < 2',
  'tolower(proc.name) = cat', 'len(fd.name) > 10', 'user.uid = 0 and group.gid = 0', 'evt.type.is.open=1',
  'proc.env[HOME] exists', 'fd.types intersects (file, ipv4)', 'evt.around[1470327477881730713] = 1', 'proc.exepath endswith sh',
  'container.id = host', 'fd.l4proto = tcp and fd.is_server=true', 'proc.sid = val(proc.vpgid)', 'evt.is_io = true and evt.rawres > 0',
];

const compiled: { expr: string; plan: Plan }[] = CASE_FILTERS.map((expr) => {
  const c = compileFilter(expr);
  if (!c.ok) throw new Error(`fuzz filter list: '${expr}' does not compile: ${c.error.message}`);
  return { expr, plan: c.plan.plan };
});

const FIELD_PLANS = ALL_FIELD_FORMATS.map((f) => parseFormat(f));
const PLUGIN_PLANS = PLUGIN_FIELD_FORMATS.map((f) => parseFormat(f));
const PLUGINEVENT = 322;

const DETAIL_FIELDS = ['proc.name', 'fd.name', 'evt.arg.fd', 'evt.arg[0]', 'thread.tid', 'user.name', 'proc.aname[1]', 'fd.sip'];

export type FailureKind = 'trap' | 'exception' | 'invariant' | 'hang' | 'mismatch';

export class FuzzFailure extends Error {
  constructor(readonly kind: FailureKind, message: string, readonly step: string) { super(message); }
}

export function classify(e: unknown, step: string): FuzzFailure {
  if (e instanceof FuzzFailure) return e;
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const trap = e instanceof WebAssembly.RuntimeError || /engine abort/.test(msg);
  const stack = e instanceof Error && e.stack ? ` | ${e.stack.split('\n').slice(1, 4).map((l) => l.trim()).join(' ; ')}` : '';
  return new FuzzFailure(trap ? 'trap' : 'exception', msg + stack, step);
}

/** The host's clean refusals: a diagnostic, not a crash. */
const CLEAN_LOAD_ERRORS = [/^capture too large: /];

export interface CaseCounts { events: number; outputBytes: number; filterRuns: number; refused: number }

async function* once(b: Uint8Array) { yield b; }

function drain(cap: Capture, opts: Parameters<Capture['formatChunks']>[0]): number {
  let n = 0;
  for (const c of cap.formatChunks(opts)) n += c.length;
  return n;
}

/** Runs one case; throws FuzzFailure. `checkSeed` picks the filters and detail events. */
export async function checkCapture(bytes: Uint8Array, checkSeed: number, filtersPerCase = 3): Promise<CaseCounts> {
  const r = mulberry32(checkSeed);
  let step = 'load';
  let cap: Capture;
  try {
    cap = await Capture.load(await nodeEngine(), once(bytes), r() < 0.5 ? { sizeHint: bytes.length } : {});
  } catch (e) {
    if (e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && CLEAN_LOAD_ERRORS.some((re) => re.test(e.message))) {
      return { events: 0, outputBytes: 0, filterRuns: 0, refused: 1 };
    }
    throw classify(e, step);
  }
  const counts: CaseCounts = { events: cap.eventCount, outputBytes: 0, filterRuns: 0, refused: 0 };
  try {
    step = 'diagnostics';
    for (const d of cap.diagnostics()) if (typeof d.message !== 'string') throw new FuzzFailure('invariant', 'diagnostic without message', step);
    void cap.unreadable;
    if (r() < 0.25) {
      step = 'summary';
      cap.summary();
      cap.machineInfo();
    }
    for (let k = 0; k < FIELD_PLANS.length; k++) {
      step = `fields[${k}]`;
      counts.outputBytes += drain(cap, { plan: FIELD_PLANS[k], allEvents: true });
    }
    let plugin = false;
    for (let i = 0; i < cap.eventCount && !plugin; i++) plugin = cap.index.type(i) === PLUGINEVENT;
    for (let k = 0; plugin && k < PLUGIN_PLANS.length; k++) {
      step = `plugin fields[${k}]`;
      counts.outputBytes += drain(cap, { plan: PLUGIN_PLANS[k], allEvents: true });
    }
    if (r() < 0.5) {
      step = 'default line';
      counts.outputBytes += drain(cap, { allEvents: r() < 0.5 });
    }
    if (r() < 0.1) {
      step = 'json';
      for (const line of cap.formatText({ json: true, allEvents: true, verbose: true }).split('\n')) if (line) JSON.parse(line);
    }
    const n = cap.eventCount;
    for (let k = 0; k < 2 && n > 0; k++) {
      const i = Math.floor(r() * n);
      step = `fieldValues(${i})`;
      cap.fieldValues(i, DETAIL_FIELDS);
    }
    // a repro runs every filter of the list in order
    const all = filtersPerCase >= compiled.length;
    for (let k = 0; k < (all ? compiled.length : filtersPerCase); k++) {
      const f = all ? compiled[k] : compiled[Math.floor(r() * compiled.length)];
      step = `filter '${f.expr}'`;
      const idx = cap.runPlan(f.plan);
      counts.filterRuns++;
      for (let j = 0; j < idx.length; j++) {
        if (idx[j] >= n || (j > 0 && idx[j] <= idx[j - 1])) {
          throw new FuzzFailure('invariant', `filter result not ascending inside [0, ${n}): index ${idx[j]} at ${j}`, step);
        }
      }
    }
  } catch (e) {
    throw classify(e, step);
  }
  return counts;
}

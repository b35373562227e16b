// Scheduler and procinfo state (thread.exectime, thread.totexectime, thread.cpu*, and the page-fault and
// memory counters a context switch carries). sysdig keeps these as running values updated on every event
// it extracts; here each switch event records the previous switch on its CPU and the thread's running
// total, and each thread keeps the list of its switch and procinfo events, so any event's value is a
// binary search away (random access, like the rest of the state engine).
import { evTs } from '../reader/events';
import { NONE } from './records';

@inline function key(section: u16, tid: i64): u64 { return (<u64>section << 48) ^ <u64>tid; }

/** Switch events in capture order, each with the previous switch event on its CPU (NONE if first). */
let swEv = new Array<u32>(0);
let swPrev = new Array<u32>(0);
/** Last switch event per CPU: sysdig's per-CPU "last switch time" (never reset, as sysdig's is not). */
let lastOnCpu = new Map<u16, u32>();
/** Per thread (section, tid): its switch events (the thread switched out) and totexectime after each. */
let tidSw = new Map<u64, Array<u32>>();
let tidTot = new Map<u64, Array<u64>>();
/** Per thread: its procinfo events. */
let tidInfo = new Map<u64, Array<u32>>();
/** Per thread: the events that created a thread record for it (a new sinsp threadinfo, fresh totals). */
let creations = new Map<u64, Array<u32>>();

export function schedThreadCreated(section: u16, tid: i64, ev: u32): void {
  const k = key(section, tid);
  if (!creations.has(k)) creations.set(k, new Array<u32>(0));
  const a = creations.get(k);
  if (a.length == 0 || a[a.length - 1] != ev) a.push(ev);
}

/** Last element <= x of an ascending list, or -1. */
function lastAtOrBefore(a: Array<u32>, x: u32): i32 {
  let lo = 0, hi = a.length - 1, res = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (unchecked(a[mid]) <= x) { res = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return res;
}

/** The event that created the thread record `tid` has at event `ev` (0 if it predates every record). */
function lifeStart(section: u16, tid: i64, ev: u32): u32 {
  const k = key(section, tid);
  if (!creations.has(k)) return 0;
  const a = creations.get(k);
  const i = lastAtOrBefore(a, ev);
  return i < 0 ? 0 : a[i];
}

/** Switch event `ev` on `cpu`; `tid` is the thread switched out, `known` whether sinsp has a record for it. */
export function schedSwitch(section: u16, cpu: u16, tid: i64, known: bool, ev: u32): void {
  const prev = lastOnCpu.has(cpu) ? lastOnCpu.get(cpu) : NONE;
  lastOnCpu.set(cpu, ev);
  swEv.push(ev); swPrev.push(prev);
  if (!known) return;
  const k = key(section, tid);
  if (!tidSw.has(k)) { tidSw.set(k, new Array<u32>(0)); tidTot.set(k, new Array<u64>(0)); }
  const a = tidSw.get(k), t = tidTot.get(k);
  let base: u64 = 0;
  if (a.length > 0 && a[a.length - 1] >= lifeStart(section, tid, ev)) base = t[t.length - 1];
  a.push(ev); t.push(base + schedExectime(ev));
}

export function schedProcinfo(section: u16, tid: i64, ev: u32): void {
  const k = key(section, tid);
  if (!tidInfo.has(k)) tidInfo.set(k, new Array<u32>(0));
  tidInfo.get(k).push(ev);
}

/** thread.exectime of switch event `ev`: time since the previous switch on its CPU (0 for the first). */
export function schedExectime(ev: u32): u64 {
  const i = lastAtOrBefore(swEv, ev);
  if (i < 0 || swEv[i] != ev) return 0;
  const p = swPrev[i];
  if (p == NONE) return 0;
  const a = evTs(p), b = evTs(ev);
  return a == 0 ? 0 : b - a;
}

/** thread.totexectime of `tid` at event `ev`: the sum of its switches' exectimes since its record was made. */
export function schedTotal(section: u16, tid: i64, ev: u32): u64 {
  const k = key(section, tid);
  if (!tidSw.has(k)) return 0;
  const a = tidSw.get(k);
  const i = lastAtOrBefore(a, ev);
  if (i < 0 || a[i] < lifeStart(section, tid, ev)) return 0;
  return tidTot.get(k)[i];
}

/** The last switch event of `tid` at or before `ev` and after `after`, or NONE (page faults, memory). */
export function schedLastSwitch(section: u16, tid: i64, after: u32, ev: u32): u32 {
  const k = key(section, tid);
  if (!tidSw.has(k)) return NONE;
  const a = tidSw.get(k);
  const i = lastAtOrBefore(a, ev);
  if (i < 0 || (after != NONE && a[i] <= after)) return NONE;
  return a[i];
}

/** The procinfo event of `tid` before procinfo event `ev` in the same thread record, or NONE. */
export function schedPrevProcinfo(section: u16, tid: i64, ev: u32): u32 {
  const k = key(section, tid);
  if (!tidInfo.has(k)) return NONE;
  const a = tidInfo.get(k);
  const i = lastAtOrBefore(a, ev);
  if (i < 0 || a[i] != ev || i == 0) return NONE;
  const p = a[i - 1];
  return p < lifeStart(section, tid, ev) ? NONE : p;
}

export function schedBytes(): usize {
  let n: usize = <usize>(swEv.length + swPrev.length) * 4;
  const ks = tidSw.keys();
  for (let i = 0; i < ks.length; i++) n += <usize>tidSw.get(ks[i]).length * 12;
  const ki = tidInfo.keys();
  for (let i = 0; i < ki.length; i++) n += <usize>tidInfo.get(ki[i]).length * 4;
  return n;
}

// The state-changing events a batch evaluation needs as context, kept small: per thread, the last
// clone/execve exit (plus later chdir/setuid-like changes), and per open fd the exit event that
// created it (plus connect/bind/listen). Closed fds and exited threads drop out, so the context
// grows with the live process and fd tables, not with the length of the stream. Why not every
// state event since the snapshot: on a busy host that is most events, and re-evaluating them on
// every batch made evaluation fall behind the stream. Only exit events are kept: the evaluation
// uses the current event model, in which exit events carry every parameter.
import { EVENT_FLAGS, EVENT_NAMES } from '../generated/schema.ts';
import type { RecEvent } from './stream.ts';

const CREATES_FD = 1, DESTROYS_FD = 2, MODIFIES_STATE = 32;
const PROC_EVENTS = new Set(['clone', 'fork', 'vfork', 'clone3', 'execve', 'execveat']);
const TWO_FDS = new Set(['pipe', 'pipe2', 'socketpair']);
/** Events that change an existing fd: name -> index of their fd parameter. */
const FD_CHANGES: Record<string, number> = { connect: 2, bind: 2, listen: 1 };
const MAX_PER_KEY = 8;
const MAX_KEYS = 1 << 20;
const PROCEXIT = 186;

/** Integer parameter i of an EV_V2 block's event (u16 lengths), or null when absent. */
export function intParam(block: Uint8Array, i: number): bigint | null {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const ev = 10;
  if (block.length < ev + 26) return null;
  const n = dv.getUint32(ev + 22, true);
  if (i >= n || ev + 26 + n * 2 > block.length) return null;
  let off = ev + 26 + n * 2;
  for (let k = 0; k < i; k++) off += dv.getUint16(ev + 26 + k * 2, true);
  const len = dv.getUint16(ev + 26 + i * 2, true);
  if (off + len > block.length) return null;
  if (len === 8) return dv.getBigInt64(off, true);
  if (len === 4) return BigInt(dv.getInt32(off, true));
  return null;
}

function tidOf(block: Uint8Array): number {
  return Number(new DataView(block.buffer, block.byteOffset, block.byteLength).getBigUint64(10 + 8, true) & 0xffffffffn);
}

export class LiveState {
  private procs = new Map<number, RecEvent[]>();
  private fds = new Map<string, RecEvent[]>();

  apply(e: RecEvent): void {
    if (!e.state) return;
    const view = new DataView(e.block.buffer, e.block.byteOffset, e.block.byteLength);
    if (view.getUint32(0, true) !== 0x216) return; // plain EV_V2 only (what the recorder writes)
    const tid = tidOf(e.block);
    if (e.type === PROCEXIT) { this.procs.delete(tid); return; }
    if (e.type % 2 === 0) return; // enter events: not needed in the current model
    const name = EVENT_NAMES[e.type] ?? '';
    const flags = EVENT_FLAGS[e.type] ?? 0;
    if (PROC_EVENTS.has(name)) { this.set(this.procs, tid, [e]); return; }
    if (flags & CREATES_FD) {
      const fds = TWO_FDS.has(name) ? [intParam(e.block, 1), intParam(e.block, 2)] : [intParam(e.block, 0)];
      for (const fd of fds) if (fd !== null && fd >= 0n) this.set(this.fds, `${tid}:${fd}`, [e]);
      return;
    }
    if ((flags & DESTROYS_FD) && name === 'close') {
      const fd = intParam(e.block, 1);
      if (fd !== null) this.fds.delete(`${tid}:${fd}`);
      return;
    }
    if (name in FD_CHANGES) {
      const fd = intParam(e.block, FD_CHANGES[name]);
      if (fd !== null) this.append(this.fds, `${tid}:${fd}`, e);
      return;
    }
    if (flags & MODIFIES_STATE) this.append(this.procs, tid, e);
  }

  /** The kept events in stream order. */
  context(): RecEvent[] {
    const out: RecEvent[] = [];
    for (const l of this.procs.values()) out.push(...l);
    for (const l of this.fds.values()) out.push(...l);
    return out.sort((a, b) => a.seq - b.seq);
  }

  private set<K>(m: Map<K, RecEvent[]>, k: K, v: RecEvent[]): void {
    if (!m.has(k) && m.size >= MAX_KEYS) return;
    m.set(k, v);
  }

  private append<K>(m: Map<K, RecEvent[]>, k: K, e: RecEvent): void {
    const l = m.get(k);
    if (!l) { this.set(m, k, [e]); return; }
    l.push(e);
    if (l.length > MAX_PER_KEY) l.splice(1, 1); // keep the creating event and the latest changes
  }
}

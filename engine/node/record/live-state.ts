// The state-changing events a batch evaluation needs as context, kept small: the events that built
// each live thread and each open fd, replayed in stream order before the batch so the engine rebuilds
// the same process and fd tables it would have after reading the whole section. Closed fds and exited
// threads drop out, so the context grows with the live tables, not with the length of the stream.
// Why not every state event since the snapshot: on a busy host that is most events, and re-evaluating
// them on every batch made evaluation fall behind the stream.
//
// What "built" means matters, because the engine's clone and execve parsers read the thread table as
// it stands (the record that caught the race this layout fixes):
// - a thread keeps BOTH clone exits that created it (the child's, tid = child, and the parent's,
//   res = child), filed under the child. A vfork parent returns only after its child exec'd: if the
//   child's own clone exit were replaced by its execve, the engine would meet the parent's exit for a
//   thread it did not see being cloned and rebuild it from the parent (the alert said proc.name=sh, or
//   <NA> when the parent was unknown too);
// - the parent's clone exit never replaces the parent's own history (it used to be filed under the
//   parent's tid, which erased how the parent itself was built);
// - every kept exit keeps the enter event it pairs with (execve's enter gives proc.exepath; pairs
//   keep the engine's enter/exit bookkeeping the same as on the full stream);
// - a new process inherits its parent's open fds, so the fd's creating events stay while either holds it.
// Only the latest successful execve of a thread is kept: it replaces name, exe, args and exepath.
import { EVENT_FLAGS, EVENT_NAMES, EVENT_PARAMS, FLAG_TABLES, PPME_PROCEXIT_1_E, EV_BLOCK_TYPE_V2 } from '../../generated/schema.ts';
import type { RecEvent } from './stream.ts';

const CREATES_FD = 1, DESTROYS_FD = 2, MODIFIES_STATE = 32;
const CLONES = new Set(['clone', 'fork', 'vfork', 'clone3']);
const EXECS = new Set(['execve', 'execveat']);
const TWO_FDS = new Set(['pipe', 'pipe2', 'socketpair']);
/** Events that change an existing fd: name -> index of their fd parameter. */
const FD_CHANGES: Record<string, number> = { connect: 2, bind: 2, listen: 1 };
/** fcntl's fd parameter: F_SETFD and friends change the fd (close-on-exec decides whether a child's exec keeps it). */
const FCNTL_FD = 1;
/** Events that copy an fd: name -> their source fd parameter (fcntl only with F_DUPFD/F_DUPFD_CLOEXEC). */
const DUPS: Record<string, string> = { dup: 'oldfd', dup2: 'oldfd', dup3: 'oldfd', fcntl: 'fd' };
const flag = (table: string, name: string): number => FLAG_TABLES[table].find((f) => f.name === name)!.value;
const DUP_CMDS = new Set([flag('fcntl_commands', 'F_DUPFD'), flag('fcntl_commands', 'F_DUPFD_CLOEXEC')]);
const PPM_CL_CLONE_THREAD = flag('clone_flags', 'CLONE_THREAD');
const MAX_CHANGES = 8;
const MAX_THREADS = 1 << 18;
const MAX_FDS = 1 << 20;
const MAX_DERIVED = 4096;
const MAX_FD_EVENTS = 128;
const PROCEXIT = PPME_PROCEXIT_1_E;

/** Integer parameter i of an EV_V2 block's event (u16 lengths), or null when absent. */
export function intParam(block: Uint8Array, i: number): bigint | null {
  if (i < 0) return null;
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
  if (len === 2) return BigInt(dv.getUint16(off, true));
  if (len === 1) return BigInt(dv.getUint8(off));
  return null;
}

function tidOf(block: Uint8Array): number {
  return Number(new DataView(block.buffer, block.byteOffset, block.byteLength).getBigUint64(10 + 8, true) & 0xffffffffn);
}

function param(e: RecEvent, name: string): bigint | null {
  return intParam(e.block, (EVENT_PARAMS[e.type] ?? []).indexOf(name));
}

interface FdBuild {
  /** The events that built the fd, in stream order (for a copy: the source's, then the copy's). */
  events: RecEvent[];
  /** Copies of this fd (dup, or a child's inherited fd): when this one closes, they get the close,
   *  so replaying them does not leave this fd open where it was closed. */
  derived: Set<FdBuild>;
  source?: FdBuild;
  /** Its events are in another fd's build too (a dup or fork copy, its source, the other end of a
   *  pipe): replaying them for that other fd would reopen this one, so its close must be kept. */
  shared?: boolean;
}

interface ThreadBuild {
  /** The clone exits that created it (child side and parent side, in stream order). */
  born: RecEvent[];
  /** Its latest successful execve: enter (when seen) and exit. */
  exec: RecEvent[];
  /** Later state changes (chdir, setuid, ...), enter/exit pairs, the latest few. */
  changes: RecEvent[];
  pid: number;
}

/** Appends to an fd's build, keeping its latest MAX_FD_EVENTS events: a shell that redirects stdout
 *  for every command dups it back and forth forever, and only the latest rounds decide its name. */
function append(b: FdBuild, events: RecEvent[]): void {
  b.events.push(...events);
  if (b.events.length > MAX_FD_EVENTS) b.events.splice(0, b.events.length - MAX_FD_EVENTS);
}

export class LiveState {
  private threads = new Map<number, ThreadBuild>();
  /** fd table owner (pid) -> fd -> the events that built that fd. */
  private fds = new Map<number, Map<bigint, FdBuild>>();
  private fdCount = 0;
  /** fd table owner -> closes of its copied fds (see dropFd). */
  private closes = new Map<number, RecEvent[]>();
  /** Per tid, its last state-changing enter event, waiting for its exit. */
  private enters = new Map<number, RecEvent>();
  /** Per tid, its last event (and the enter before it): the engine's per-thread bookkeeping (the
   *  pending enter, the last fd that fd fields fall back to) then matches the full stream's. */
  private last = new Map<number, RecEvent[]>();

  apply(e: RecEvent): void {
    const view = new DataView(e.block.buffer, e.block.byteOffset, e.block.byteLength);
    if (view.getUint32(0, true) !== EV_BLOCK_TYPE_V2) return; // plain EV_V2 only (what the recorder writes)
    const tid = tidOf(e.block);
    this.noteLast(tid, e);
    if (!e.state) return;
    if (e.type === PROCEXIT) { this.exit(tid); return; }
    if (e.type % 2 === 0) {
      if (this.enters.has(tid) || this.enters.size < MAX_THREADS) this.enters.set(tid, e);
      return;
    }
    const enter = this.enters.get(tid);
    this.enters.delete(tid);
    const pair = enter && enter.type === e.type - 1 ? [enter, e] : [e];
    const name = EVENT_NAMES[e.type] ?? '';
    const flags = EVENT_FLAGS[e.type] ?? 0;
    if (CLONES.has(name)) { this.cloned(tid, e); return; }
    if (EXECS.has(name)) {
      if ((intParam(e.block, 0) ?? -1n) < 0n) return; // a failed exec changes nothing
      const t = this.thread(tid);
      if (t) { t.exec = pair; t.pid = Number(param(e, 'pid') ?? BigInt(t.pid)); }
      return;
    }
    const owner = this.threads.get(tid)?.pid ?? tid;
    const fcntlDup = name === 'fcntl' && DUP_CMDS.has(Number(param(e, 'cmd') ?? -1n));
    const dupOf = name === 'fcntl' && !fcntlDup ? undefined : DUPS[name];
    const fdChange = name === 'fcntl' && !fcntlDup ? FCNTL_FD : FD_CHANGES[name];
    if (dupOf) {
      // a copy of another fd: it needs the events that built the source (which may be closed later)
      const fd = intParam(e.block, 0), src = this.fds.get(owner)?.get(param(e, dupOf) ?? -1n);
      if (fd !== null && fd >= 0n) this.setFd(owner, fd, src ? this.derive(src, pair) : { events: pair, derived: new Set() });
      return;
    }
    if (flags & CREATES_FD) {
      const fds = TWO_FDS.has(name) ? [intParam(e.block, 1), intParam(e.block, 2)] : [intParam(e.block, 0)];
      const shared = fds.length > 1;
      for (const fd of fds) if (fd !== null && fd >= 0n) this.setFd(owner, fd, { events: pair, derived: new Set(), shared });
      return;
    }
    if ((flags & DESTROYS_FD) && name === 'close') {
      const fd = intParam(e.block, 1);
      if (fd !== null && (intParam(e.block, 0) ?? -1n) >= 0n) this.dropFd(owner, fd, pair);
      return;
    }
    if (fdChange !== undefined) {
      const fd = intParam(e.block, fdChange);
      const b = fd === null ? undefined : this.fds.get(owner)?.get(fd);
      if (b) append(b, pair);
      return;
    }
    if (flags & MODIFIES_STATE) {
      const t = this.thread(tid);
      if (!t) return;
      t.changes.push(...pair);
      if (t.changes.length > 2 * MAX_CHANGES) t.changes.splice(0, t.changes.length - 2 * MAX_CHANGES);
    }
  }

  /** The kept events in stream order, each once. */
  context(): RecEvent[] {
    const set = new Set<RecEvent>();
    for (const t of this.threads.values()) for (const l of [t.born, t.exec, t.changes]) for (const e of l) set.add(e);
    for (const m of this.fds.values()) for (const b of m.values()) for (const e of b.events) set.add(e);
    for (const l of this.last.values()) for (const e of l) set.add(e);
    for (const l of this.closes.values()) for (const e of l) set.add(e);
    return [...set].sort((a, b) => a.seq - b.seq);
  }

  /** A clone-family exit: filed under the child it created (res = child on the parent side, 0 on the child's). */
  private cloned(tid: number, e: RecEvent): void {
    const res = intParam(e.block, 0);
    if (res === null || res < 0n) return;
    const child = res === 0n ? tid : Number(res);
    const existing = this.threads.get(child);
    if (existing && existing.born.length < 2) { existing.born.push(e); return; }
    if (existing) this.exit(child); // a reused tid: the old thread's exit was not seen
    const flags = Number(param(e, 'flags') ?? 0n);
    const isThread = (flags & PPM_CL_CLONE_THREAD) !== 0;
    // the child side names its own pid; the parent side names the parent's (the child's for threads)
    const pid = isThread ? Number(param(e, 'pid') ?? BigInt(child)) : child;
    const t = this.thread(child, pid, e);
    if (!t || isThread) return;
    // a new process starts with a copy of its parent's fd table
    const parent = res === 0n ? Number(param(e, 'ptid') ?? -1n) : tid;
    const from = this.fds.get(this.threads.get(parent)?.pid ?? parent);
    if (from) for (const [fd, b] of from) this.setFd(child, fd, this.derive(b, []));
  }

  private thread(tid: number, pid = tid, born?: RecEvent): ThreadBuild | undefined {
    let t = this.threads.get(tid);
    if (t) return t;
    if (this.threads.size >= MAX_THREADS) return undefined;
    // no clone exit: a thread of the section's snapshot (the snapshot builds it; its changes are kept)
    t = { born: born ? [born] : [], exec: [], changes: [], pid };
    this.threads.set(tid, t);
    return t;
  }

  private noteLast(tid: number, e: RecEvent): void {
    const prev = this.last.get(tid);
    if (!prev && this.last.size >= MAX_THREADS) return;
    const before = prev?.[prev.length - 1];
    this.last.set(tid, e.type % 2 === 1 && before && before.type === e.type - 1 ? [before, e] : [e]);
  }

  private exit(tid: number): void {
    const t = this.threads.get(tid);
    this.last.delete(tid);
    this.threads.delete(tid);
    this.enters.delete(tid);
    // the fd table goes with the process (its main thread), not with one of its threads
    const owner = t?.pid ?? tid;
    if (owner === tid) {
      const m = this.fds.get(owner);
      if (m) for (const fd of [...m.keys()]) this.dropFd(owner, fd, []);
      this.fds.delete(owner);
      this.closes.delete(owner);
    }
  }

  private derive(src: FdBuild, pair: RecEvent[]): FdBuild {
    src.shared = true;
    const b: FdBuild = { events: src.events.slice(), derived: new Set(), source: src, shared: true };
    append(b, pair);
    if (src.derived.size < MAX_DERIVED) src.derived.add(b);
    return b;
  }

  private setFd(owner: number, fd: bigint, b: FdBuild): void {
    let m = this.fds.get(owner);
    if (!m) { m = new Map(); this.fds.set(owner, m); }
    const old = m.get(fd);
    if (old) this.forget(old);
    else if (this.fdCount >= MAX_FDS) return;
    else this.fdCount++;
    m.set(fd, b);
  }

  /** The fd is gone (closed, with `close` its enter/exit pair, or its process exited). */
  private dropFd(owner: number, fd: bigint, close: RecEvent[]): void {
    const m = this.fds.get(owner);
    const b = m?.get(fd);
    if (b) {
      m!.delete(fd);
      this.fdCount--;
      if (close.length) for (const d of b.derived) append(d, close);
      this.forget(b);
    }
    // Keep the close when the replay would otherwise leave the fd open: an fd without a build came
    // from the section's snapshot (directly, or inherited by a child the context clones again), and
    // a shared fd's events are still replayed for the fds that share them.
    if (close.length && (!b || b.shared) && (this.closes.has(owner) || this.closes.size < MAX_THREADS)) {
      const l = this.closes.get(owner) ?? [];
      l.push(...close);
      if (l.length > MAX_FD_EVENTS) l.splice(0, l.length - MAX_FD_EVENTS);
      this.closes.set(owner, l);
    }
  }

  private forget(b: FdBuild): void {
    b.source?.derived.delete(b);
    for (const d of b.derived) d.source = undefined;
  }
}

// The event index of a loaded capture, read from its engine: one row per event in file order (type,
// timestamp, thread, cpu, block position, visibility, enter/exit partner, where its state came from),
// and views of the raw bytes. Capture.index hands this out so that callers read the index through typed
// methods instead of the engine's raw exports. Views (`raw`, `blockBytes`) are on engine memory: use
// them before the next call into the engine (memory growth detaches them).
import type { StateOrigin } from './api.ts';
import { EVF_STATE_ONLY, ORIGIN_PROCESS_LIST, ORIGIN_FD_LIST, ORIGIN_USER_LIST, ORIGIN_EVENT, ORIGIN_INFERRED } from './generated/boundary.ts';
import type { Engine } from './wasm.ts';

export class EventIndex {
  constructor(private readonly engine: Engine) {}

  private get w() {
    return this.engine.exports;
  }

  get count(): number {
    return this.w.eventCount();
  }

  /** Event type code (PPME_*). */
  type(i: number): number { return this.w.evType(i); }
  /** Timestamp in ns since the epoch. */
  ts(i: number): bigint { return this.w.evTs(i); }
  tid(i: number): bigint { return this.w.evTid(i); }
  cpu(i: number): number { return this.w.evCpu(i); }
  nparams(i: number): number { return this.w.evNParams(i); }
  /** Offset of the event (its header) in the raw capture. */
  offset(i: number): number { return this.w.evOffset(i) >>> 0; }
  /** Length of the event (header and parameters), as its header states it. */
  length(i: number): number { return this.w.evLen(i) >>> 0; }
  /** From an EVF block with the state-only flag (applied to state, never shown). */
  stateOnly(i: number): boolean { return (this.w.evFlags(i) & EVF_STATE_ONLY) !== 0; }
  /** Shown by sysdig (not internal, state-only or container). */
  visible(i: number): boolean { return this.w.evVisible(i) !== 0; }
  /** The enter event of an exit, or the exit of an enter, or -1. */
  partner(i: number): number { return this.w.evPartner(i); }
  /** The plugin id of a plugin or async event. */
  pluginId(i: number): number { return this.w.pluginIdOf(i) >>> 0; }
  /** The block holding event i: offset in the raw capture and total length. */
  block(i: number): { offset: number; length: number } {
    return { offset: this.w.evBlockOffset(i) >>> 0, length: this.w.evBlockLength(i) >>> 0 };
  }

  /** The block of event i (a view on engine memory). */
  blockBytes(i: number): Uint8Array {
    const b = this.block(i);
    return this.engine.bytes(this.w.rawPtr() + b.offset, b.length);
  }

  /** Section headers read so far. */
  get sections(): number { return this.w.walkerSections(); }

  /** Bytes of the capture read so far. */
  get rawLength(): number { return this.w.rawLength(); }

  /** The whole raw capture (a view on engine memory). */
  raw(): Uint8Array {
    return this.engine.bytes(this.w.rawPtr(), this.w.rawLength());
  }

  /** The thread id as a number (tids fit in 2^53), read from the event header without a BigInt. */
  tidNumber(i: number): number {
    const o = this.w.rawPtr() + this.offset(i) + 8;
    const dv = new DataView(this.engine.exports.memory.buffer);
    return dv.getUint32(o, true) + dv.getInt32(o + 4, true) * 4294967296;
  }

  /** Parameter 0 of event i as a u16 (the PPM_SC syscall code of a generic event), or null. */
  firstParamU16(i: number): number | null {
    if (this.w.locateParams(i) < 1) return null;
    const dv = new DataView(this.engine.exports.memory.buffer);
    const off = dv.getUint32(this.w.paramOffPtr(), true);
    const len = dv.getUint32(this.w.paramLenPtr(), true);
    return len < 2 ? null : dv.getUint16(this.w.rawPtr() + off, true);
  }

  /** Where the state of event i's thread was learned. */
  threadOrigin(i: number): StateOrigin | null {
    return originOf(this.w.evThreadOrigin(i), this.w.evThreadOriginRef(i) >>> 0);
  }

  /** Where the state of event i's fd was learned. */
  fdOrigin(i: number): StateOrigin | null {
    return originOf(this.w.evFdOrigin(i), this.w.evFdOriginRef(i) >>> 0);
  }
}

/** A state origin code (ORIGIN_*) and its reference (block offset or event index) as the host's StateOrigin. */
export function originOf(o: number, ref: number): StateOrigin | null {
  switch (o) {
    case ORIGIN_PROCESS_LIST: return { kind: 'process-list', blockOffset: ref };
    case ORIGIN_FD_LIST: return { kind: 'fd-list', blockOffset: ref };
    case ORIGIN_USER_LIST: return { kind: 'user-list', blockOffset: ref };
    case ORIGIN_EVENT: return { kind: 'event', eventIndex: ref };
    case ORIGIN_INFERRED: return { kind: 'inferred' };
    default: return null;
  }
}

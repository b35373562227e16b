// Splits the recorder's live .scap byte stream into whole blocks and groups them into sections
// (SHB + metadata, then events). Why here and not in the WASM walker: the trigger only needs block
// boundaries, timestamps and event types to keep its ring and cut files; full decoding happens
// later, in the engine, on the few bytes that get evaluated. Bounded: a block longer than 64 MiB
// or shorter than 12 bytes is a framing error, reported with its byte offset.
import {
  EVENT_FLAGS, SHB_BLOCK_TYPE, EF_CREATES_FD, EF_DESTROYS_FD, EF_MODIFIES_STATE, EV_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE,
  EVF_BLOCK_TYPE_V2_LARGE,
} from '../../generated/schema.ts';

export const SHB = SHB_BLOCK_TYPE;
const EV_V2 = EV_BLOCK_TYPE_V2, EVF_V2 = EVF_BLOCK_TYPE_V2, EV_V2_LARGE = EV_BLOCK_TYPE_V2_LARGE, EVF_V2_LARGE = EVF_BLOCK_TYPE_V2_LARGE;
const STATE_FLAGS = EF_CREATES_FD | EF_DESTROYS_FD | EF_MODIFIES_STATE;

export interface Section {
  id: number;
  /** SHB and metadata blocks, in file order. */
  meta: Uint8Array[];
  /** State-changing events of this section that left the ring (kept to rebuild state). */
  backlog: RecEvent[];
  backlogBytes: number;
}

export interface RecEvent {
  ts: bigint;
  type: number;
  /** The whole block (EV_V2 / EV_V2_LARGE). */
  block: Uint8Array;
  section: Section;
  /** Changes thread/fd state (kept as a hidden state-only event when outside a window). */
  state: boolean;
  /** Position in the stream (0-based). */
  seq: number;
}

export function isEventBlock(t: number): boolean {
  return t === EV_V2 || t === EVF_V2 || t === EV_V2_LARGE || t === EVF_V2_LARGE;
}

/** The same event as a state-only block (EVF, flags = 1): readers apply it and hide it. */
export function asStateOnly(block: Uint8Array): Uint8Array {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const type = dv.getUint32(0, true);
  if (type !== EV_V2 && type !== EV_V2_LARGE) return block;
  const evLen = dv.getUint32(10 + 16, true);
  const body = 2 + 4 + evLen;
  const total = 8 + body + ((4 - (body % 4)) % 4) + 4;
  const out = new Uint8Array(total);
  const o = new DataView(out.buffer);
  o.setUint32(0, type === EV_V2 ? EVF_V2 : EVF_V2_LARGE, true);
  o.setUint32(4, total, true);
  out.set(block.subarray(8, 10), 8); // cpu id
  o.setUint32(10, 1, true);          // SCAP_DF_STATE_ONLY
  out.set(block.subarray(10, 10 + evLen), 14);
  o.setUint32(total - 4, total, true);
  return out;
}

export class BlockStream {
  private buf = new Uint8Array(1 << 20);
  private start = 0;
  private end = 0;
  private offset = 0; // stream offset of buf[start]
  private seq = 0;
  section: Section | null = null;
  private sectionId = 0;
  private inEvents = false;

  constructor(private onEvent: (e: RecEvent) => void, private onSection: (s: Section) => void = () => {}) {}

  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      let cap = this.buf.length;
      while (cap < live + chunk.length) cap *= 2;
      const nb = cap === this.buf.length ? this.buf : new Uint8Array(cap);
      nb.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = nb;
      this.end = live;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
    this.drain();
  }

  private drain(): void {
    const dv = new DataView(this.buf.buffer, this.buf.byteOffset);
    while (this.end - this.start >= 8) {
      const type = dv.getUint32(this.start, true);
      const len = dv.getUint32(this.start + 4, true);
      if (len < 12 || len > (64 << 20)) {
        throw new Error(`recorder stream: block at byte ${this.offset}: declared length ${len} is not a valid block length`);
      }
      if (this.end - this.start < len) break;
      const block = this.buf.slice(this.start, this.start + len);
      this.block(type, block);
      this.start += len;
      this.offset += len;
    }
  }

  private block(type: number, block: Uint8Array): void {
    if (type === SHB || !this.section || (this.inEvents && !isEventBlock(type))) {
      this.section = { id: ++this.sectionId, meta: [], backlog: [], backlogBytes: 0 };
      this.inEvents = false;
      this.onSection(this.section);
    }
    if (!isEventBlock(type)) {
      this.section.meta.push(block);
      return;
    }
    this.inEvents = true;
    const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const ev = 10 + (type === EVF_V2 || type === EVF_V2_LARGE ? 4 : 0);
    const ts = dv.getBigUint64(ev, true);
    const et = dv.getUint16(ev + 20, true);
    this.onEvent({ ts, type: et, block, section: this.section, state: ((EVENT_FLAGS[et] ?? 0) & STATE_FLAGS) !== 0, seq: this.seq++ });
  }
}

// Writes a loaded capture back out with only some events, the way `sysdig -r IN -w OUT FILTER` does:
// every section header and metadata block is copied byte for byte, matching events are copied as they
// are, internal events (procinfo and friends) are always kept, and — in "fat" mode (sysdig -F) — events
// that do not match but change state are kept as state-only (EVF) blocks, so readers still resolve fd
// and process names in the events that remain. Blocks are copied, never re-encoded, except for the
// EV -> EVF rewrite (the 4-byte flags field goes in after the cpu id).
import type { Capture } from '../capture.ts';
import {
  EVENT_FLAGS, EVENT_CATEGORIES, EF_MODIFIES_STATE, EC_INTERNAL, EV_BLOCK_TYPE, EV_BLOCK_TYPE_INT, EVF_BLOCK_TYPE,
  EV_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2_LARGE,
} from '../generated/schema.ts';
import { ByteSink } from './writer.ts';

const EVENT_BLOCKS = new Set([EV_BLOCK_TYPE, EV_BLOCK_TYPE_INT, EVF_BLOCK_TYPE, EV_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2,
  EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2_LARGE]);
/** EV block type -> its EVF twin. */
const TO_EVF: Record<number, number> = {
  [EV_BLOCK_TYPE]: EVF_BLOCK_TYPE, [EV_BLOCK_TYPE_INT]: EVF_BLOCK_TYPE, [EV_BLOCK_TYPE_V2]: EVF_BLOCK_TYPE_V2,
  [EV_BLOCK_TYPE_V2_LARGE]: EVF_BLOCK_TYPE_V2_LARGE,
};
const HAS_FLAGS = new Set([EVF_BLOCK_TYPE, EVF_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2_LARGE]);

export interface FilteredWriteOptions {
  /** Bit i set = event i is written (null: every event). */
  selection: Uint8Array | null;
  /** Keep non-matching state-changing events as state-only blocks (sysdig -F). */
  fat?: boolean;
  /** Called with each piece of output, in order. */
  sink: (bytes: Uint8Array) => void;
}

export interface FilteredWriteResult { events: number; stateOnly: number; metadataBlocks: number }

function categoryValue(type: number): number {
  return EVENT_CATEGORIES[type] ?? 0;
}

export function writeFiltered(cap: Capture, opts: FilteredWriteOptions): FilteredWriteResult {
  const ix = cap.index;
  const raw = ix.raw();
  const len = raw.length;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = ix.count;
  const out = new ByteSink(1 << 20);
  const res: FilteredWriteResult = { events: 0, stateOnly: 0, metadataBlocks: 0 };
  const flush = (force: boolean) => {
    if (out.len && (force || out.len > (8 << 20))) { opts.sink(out.buf.slice(0, out.len)); out.len = 0; }
  };
  let ev = 0;
  let o = 0;
  while (o + 12 <= len) {
    const type = view.getUint32(o, true);
    const blen = view.getUint32(o + 4, true);
    if (blen < 12 || o + blen > len) break; // what the walker reported as truncated or corrupt stays out
    const block = raw.subarray(o, o + blen);
    if (!EVENT_BLOCKS.has(type)) {
      out.bytes(block);
      res.metadataBlocks++;
    } else {
      while (ev < n && ix.block(ev).offset < o) ev++;
      if (ev < n && ix.block(ev).offset === o) {
        const t = ix.type(ev);
        const match = !opts.selection || (opts.selection[ev >> 3] & (1 << (ev & 7))) !== 0;
        const flags = EVENT_FLAGS[t] ?? 0;
        if (match || (categoryValue(t) & EC_INTERNAL)) {
          out.bytes(block);
          res.events++;
        } else if (opts.fat && (flags & EF_MODIFIES_STATE)) {
          if (HAS_FLAGS.has(type)) out.bytes(block);
          else writeStateOnly(out, view, o, type, blen);
          res.stateOnly++;
        }
        ev++;
      }
    }
    flush(false);
    o += blen;
  }
  flush(true);
  return res;
}

/** Rewrites an EV block as its EVF twin with flags = 1 (state only). */
function writeStateOnly(out: ByteSink, view: DataView, o: number, type: number, blen: number): void {
  const bodyLen = blen - 12; // cpuid + event (+ padding/options)
  const start = out.len;
  out.u32(TO_EVF[type]);
  out.u32(0);
  out.bytes(new Uint8Array(view.buffer, view.byteOffset + o + 8, 2)); // cpuid
  out.u32(1);
  out.bytes(new Uint8Array(view.buffer, view.byteOffset + o + 10, bodyLen - 2));
  while ((out.len - start) % 4 !== 0) out.u8(0);
  const total = out.len - start + 4;
  out.u32(total);
  out.setU32(start + 4, total);
}

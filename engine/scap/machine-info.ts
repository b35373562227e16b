// The machine info block (hostname, CPUs, memory, boot time) of a capture's first section: it comes
// after the section header and before the first event block.
import type { MachineInfo } from '../api.ts';
import {
  MI_BLOCK_TYPE, MI_BLOCK_TYPE_INT, EV_BLOCK_TYPE, EV_BLOCK_TYPE_INT, EVF_BLOCK_TYPE, EV_BLOCK_TYPE_V2,
  EVF_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2_LARGE,
} from '../generated/schema.ts';

/** Block types of event blocks: the machine info block comes before the first of them. */
const EVENT_BLOCK_TYPES = new Set([EV_BLOCK_TYPE, EV_BLOCK_TYPE_INT, EVF_BLOCK_TYPE, EV_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2,
  EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2_LARGE]);

/** Reads the block from the capture's first 64 blocks (`rawBytes` copies a range, `len` bytes in all). */
export function readMachineInfo(rawBytes: (start: number, length: number) => Uint8Array, len: number): MachineInfo | null {
  let o = 0;
  for (let k = 0; k < 64 && o + 12 <= len; k++) {
    const h = new DataView(rawBytes(o, 8).buffer);
    const type = h.getUint32(0, true);
    const blen = h.getUint32(4, true);
    if (blen < 12 || o + blen > len) return null;
    if ((type === MI_BLOCK_TYPE || type === MI_BLOCK_TYPE_INT) && blen >= 8 + 180) {
      const b = rawBytes(o + 8, 180);
      const v = new DataView(b.buffer);
      const host = b.subarray(20, 148);
      const nul = host.indexOf(0);
      return {
        hostname: new TextDecoder().decode(nul >= 0 ? host.subarray(0, nul) : host),
        numCpus: v.getUint32(0, true),
        memoryBytes: Number(v.getBigUint64(4, true)),
        bootTimeNs: v.getBigUint64(148, true).toString(),
      };
    }
    if (EVENT_BLOCK_TYPES.has(type)) return null;
    o += blen;
  }
  return null;
}

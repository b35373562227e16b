// The resumable block walker. The host appends decompressed bytes to the raw store and calls walk();
// the walker consumes every complete block, indexes events and hands metadata blocks to the state
// engine, then stops at the first incomplete block and resumes there on the next call. All work is
// bounded by the bytes present: every declared length is checked before use.
import { rawLen, rawHas, peekU16, peekU32, peekU64 } from '../core/raw';
import { diag, hex, SEV_ERROR, SEV_WARNING } from '../core/diagnostics';
import {
  addEvent, largeParams, EVF_FLAGS_FIELD, EVF_LARGE, EVF_OLD_HEADER, EVF_STATE_ONLY,
} from '../reader/events';
import {
  stateSectionStart, stateMachineInfo, stateProcessList, stateFdList, stateUserList, stateInterfaceList,
  stateEvent,
} from '../state/hooks';
import {
  EVENT_COUNT, EV_NPARAMS,
  SHB_BLOCK_TYPE, SHB_MAGIC, MI_BLOCK_TYPE, MI_BLOCK_TYPE_INT,
  PL_BLOCK_TYPE_V1, PL_BLOCK_TYPE_V1_INT, PL_BLOCK_TYPE_V2, PL_BLOCK_TYPE_V2_INT, PL_BLOCK_TYPE_V3,
  PL_BLOCK_TYPE_V3_INT, PL_BLOCK_TYPE_V4, PL_BLOCK_TYPE_V5, PL_BLOCK_TYPE_V6, PL_BLOCK_TYPE_V7,
  PL_BLOCK_TYPE_V8, PL_BLOCK_TYPE_V9, FDL_BLOCK_TYPE, FDL_BLOCK_TYPE_INT, FDL_BLOCK_TYPE_V2,
  EV_BLOCK_TYPE, EV_BLOCK_TYPE_INT, EV_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE, IL_BLOCK_TYPE,
  IL_BLOCK_TYPE_INT, IL_BLOCK_TYPE_V2, UL_BLOCK_TYPE, UL_BLOCK_TYPE_INT, UL_BLOCK_TYPE_V2,
  EVF_BLOCK_TYPE, EVF_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2_LARGE,
  PPME_NOTIFICATION_E, PPME_INFRASTRUCTURE_EVENT_E,
} from '../generated/schema';

const SHB_MAGIC_SWAPPED: u32 = 0x4D3C2B1A;
/** libscap reads non-LARGE event blocks into a 64 KiB buffer; a longer one is corrupt. */
const MAX_SMALL_EVENT_BLOCK: u32 = 65536 + 8;

const MODE_START: i32 = 0;    // nothing read yet: a section header must come first
const MODE_METADATA: i32 = 1; // after an SHB, before the first event
const MODE_EVENTS: i32 = 2;

let pos: u32 = 0;
let mode: i32 = MODE_START;
let fatal: bool = false;
let sections: u32 = 0;
let unknownBlocks: u32 = 0;
/** While resynchronising after garbage: where the scan for the next plausible block goes on. */
let resyncScan: u32 = 0;
let resyncing: bool = false;

export function walkerFatal(): bool { return fatal; }
export function walkerSections(): u32 { return sections; }

// What a block type is, as bits, looked up once per run of blocks of one type (a capture's events are
// nearly all in one event block type): the per-block tests below were chains of comparisons.
const BT_EVENT: u32 = 1;  // an event block
const BT_SMALL: u32 = 2;  // an event block limited to MAX_SMALL_EVENT_BLOCK bytes (not LARGE)
const BT_FLAGS: u32 = 4;  // EVF: 4 bytes of flags after the cpu id
const BT_OLD: u32 = 8;    // 22-byte event header without nparams
const BT_LARGE: u32 = 16; // LARGE block: unknown types' parameter lengths are u32
let btType: u32 = 0;
let btBits: u32 = 0; // (type 0 is no event block: its bits are 0)

@inline function typeBits(t: u32): u32 {
  if (t != btType) { btType = t; btBits = computeTypeBits(t); }
  return btBits;
}

function computeTypeBits(t: u32): u32 {
  let b: u32 = 0;
  if (isEventBlock(t)) b |= BT_EVENT;
  if (isSmallEventBlock(t)) b |= BT_SMALL;
  if (t == EVF_BLOCK_TYPE || t == EVF_BLOCK_TYPE_V2 || t == EVF_BLOCK_TYPE_V2_LARGE) b |= BT_FLAGS;
  if (t == EV_BLOCK_TYPE || t == EV_BLOCK_TYPE_INT || t == EVF_BLOCK_TYPE) b |= BT_OLD;
  if (t == EV_BLOCK_TYPE_V2_LARGE || t == EVF_BLOCK_TYPE_V2_LARGE) b |= BT_LARGE;
  return b;
}

function isEventBlock(t: u32): bool {
  return t == EV_BLOCK_TYPE_V2 || t == EV_BLOCK_TYPE_V2_LARGE || t == EVF_BLOCK_TYPE_V2 ||
    t == EVF_BLOCK_TYPE_V2_LARGE || t == EV_BLOCK_TYPE || t == EV_BLOCK_TYPE_INT || t == EVF_BLOCK_TYPE;
}

function isProcessList(t: u32): bool {
  return t == PL_BLOCK_TYPE_V1 || t == PL_BLOCK_TYPE_V1_INT || t == PL_BLOCK_TYPE_V2 ||
    t == PL_BLOCK_TYPE_V2_INT || t == PL_BLOCK_TYPE_V3 || t == PL_BLOCK_TYPE_V3_INT || t == PL_BLOCK_TYPE_V4 ||
    t == PL_BLOCK_TYPE_V5 || t == PL_BLOCK_TYPE_V6 || t == PL_BLOCK_TYPE_V7 || t == PL_BLOCK_TYPE_V8 ||
    t == PL_BLOCK_TYPE_V9;
}

function isKnownBlock(t: u32): bool {
  return t == SHB_BLOCK_TYPE || isEventBlock(t) || isProcessList(t) || t == MI_BLOCK_TYPE ||
    t == MI_BLOCK_TYPE_INT || t == FDL_BLOCK_TYPE || t == FDL_BLOCK_TYPE_INT || t == FDL_BLOCK_TYPE_V2 ||
    t == IL_BLOCK_TYPE || t == IL_BLOCK_TYPE_INT || t == IL_BLOCK_TYPE_V2 || t == UL_BLOCK_TYPE ||
    t == UL_BLOCK_TYPE_INT || t == UL_BLOCK_TYPE_V2;
}

/**
 * Consumes every complete block available. `final` = no more bytes will come (end of input): an
 * incomplete last block is then reported as truncation. Returns the number of bytes consumed so far.
 */
export function walk(final: bool): u32 {
  while (!fatal) {
    if (resyncing) {
      if (!resync(final)) break;
      continue;
    }
    const left = rawLen - pos;
    if (left < 8) {
      if (final && left > 0) {
        diag(SEV_WARNING, pos, `capture truncated: ${left} stray bytes at the end (an incomplete block header)`);
        pos = rawLen;
      }
      break;
    }
    const type = peekU32(pos);
    const len = peekU32(pos + 4);
    if (mode == MODE_START && type != SHB_BLOCK_TYPE) {
      fatal = true;
      diag(SEV_ERROR, pos, `not a .scap capture: expected a section header block (0x0a0d0d0a) at byte ${pos}, found block type ${hex(type)}`);
      break;
    }
    if (len < 12 || (len > MAX_SMALL_EVENT_BLOCK && (typeBits(type) & BT_SMALL) != 0)) {
      diag(SEV_ERROR, pos, `block at byte ${pos} (type ${hex(type)}): declared length ${len} is impossible; skipping garbage`);
      startResync();
      continue;
    }
    if (<u64>len > <u64>left) {
      if (!final) break; // wait for more bytes
      if (!isKnownBlock(type)) {
        diag(SEV_ERROR, pos, `no valid block at byte ${pos} (type ${hex(type)} declares ${len} bytes, ${left} remain); skipping garbage`);
        startResync();
        continue;
      }
      diag(SEV_WARNING, pos, `capture truncated: block at byte ${pos} (type ${hex(type)}) declares ${len} bytes but only ${left} remain`);
      pos = rawLen;
      break;
    }
    if (peekU32(pos + len - 4) != len) {
      if (!isKnownBlock(type)) {
        // An unknown type with a wrong trailer is not a block at all: garbage.
        diag(SEV_ERROR, pos, `no valid block at byte ${pos} (type ${hex(type)}, length ${len}, trailer mismatch); skipping garbage`);
        startResync();
        continue;
      }
      diag(SEV_WARNING, pos, `block at byte ${pos} (type ${hex(type)}): trailer ${peekU32(pos + len - 4)} does not match its length ${len}`);
    }
    if (!block(type, pos, len)) {
      if (fatal) break;
    }
    pos += len;
  }
  return pos;
}

function isSmallEventBlock(t: u32): bool {
  return t == EV_BLOCK_TYPE_V2 || t == EVF_BLOCK_TYPE_V2 || t == EV_BLOCK_TYPE || t == EV_BLOCK_TYPE_INT ||
    t == EVF_BLOCK_TYPE;
}

function startResync(): void {
  resyncing = true;
  resyncScan = pos + 4;
}

/**
 * Looks for the next plausible block after garbage: a known type at a 4-byte step whose length fits and
 * whose trailer matches. Returns false when more bytes are needed (or the input ended).
 */
function resync(final: bool): bool {
  while (<u64>resyncScan + 12 <= <u64>rawLen) {
    const t = peekU32(resyncScan);
    const l = peekU32(resyncScan + 4);
    if (isKnownBlock(t) && l >= 12 && (l & 3) == 0) {
      if (!rawHas(<u64>resyncScan, <u64>l)) {
        if (!final) return false; // maybe a block still arriving
      } else if (peekU32(resyncScan + l - 4) == l) {
        diag(SEV_WARNING, pos, `skipped ${resyncScan - pos} bytes of garbage from byte ${pos} to ${resyncScan}`);
        pos = resyncScan;
        resyncing = false;
        return true;
      }
    }
    resyncScan += 4;
  }
  if (final) {
    diag(SEV_ERROR, pos, `no valid block found after byte ${pos}: the rest of the capture (${rawLen - pos} bytes) is unreadable`);
    pos = rawLen;
    resyncing = false;
  }
  return false;
}

/** Handles one complete block. Returns false when the block was not usable. */
function block(type: u32, off: u32, len: u32): bool {
  const bits = typeBits(type);
  if (bits & BT_EVENT) return eventBlock(bits, off, len);
  if (type == SHB_BLOCK_TYPE) return sectionHeader(off, len);
  return metadataBlock(type, off, len);
}

/** A block other than a section header or an event (apart from block(), the per-event path, so that
 *  this one's warning strings cost nothing per event). */
function metadataBlock(type: u32, off: u32, len: u32): bool {
  const body = off + 8;
  const bodyLen = len - 12;
  if (mode == MODE_EVENTS && isKnownBlock(type)) {
    // libscap fails here; we apply the block anyway and say so.
    diag(SEV_WARNING, off, `metadata block (type ${hex(type)}) after the first event of the section, without a new section header`);
  }
  if (type == MI_BLOCK_TYPE || type == MI_BLOCK_TYPE_INT) stateMachineInfo(off, body, bodyLen);
  else if (isProcessList(type)) stateProcessList(type, off, body, bodyLen);
  else if (type == FDL_BLOCK_TYPE || type == FDL_BLOCK_TYPE_INT || type == FDL_BLOCK_TYPE_V2) stateFdList(type, off, body, bodyLen);
  else if (type == UL_BLOCK_TYPE || type == UL_BLOCK_TYPE_INT || type == UL_BLOCK_TYPE_V2) stateUserList(type, off, body, bodyLen);
  else if (type == IL_BLOCK_TYPE || type == IL_BLOCK_TYPE_INT || type == IL_BLOCK_TYPE_V2) stateInterfaceList(type, off, body, bodyLen);
  else {
    unknownBlocks++;
    if (unknownBlocks <= 10) diag(SEV_WARNING, off, `unknown block type ${hex(type)} (${len} bytes) skipped`);
    return false;
  }
  return true;
}

function sectionHeader(off: u32, len: u32): bool {
  if (len < 28) {
    diag(SEV_ERROR, off, `section header at byte ${off} is ${len} bytes long, less than the 28 it needs`);
    if (mode == MODE_START) fatal = true;
    return false;
  }
  const magic = peekU32(off + 8);
  if (magic == SHB_MAGIC_SWAPPED) {
    diag(SEV_ERROR, off, `section at byte ${off} was written on a big-endian host; byte-swapped sections are not supported`);
    fatal = true;
    return false;
  }
  if (magic != SHB_MAGIC) {
    diag(SEV_ERROR, off, `section header at byte ${off}: bad byte-order magic ${hex(magic)} (expected 0x1a2b3c4d)`);
    fatal = true;
    return false;
  }
  const major = peekU16(off + 12);
  if (major > 1) {
    diag(SEV_ERROR, off, `section header at byte ${off}: format version ${major}.${peekU16(off + 14)} is newer than this reader (1.x)`);
    fatal = true;
    return false;
  }
  sections++;
  mode = MODE_METADATA;
  stateSectionStart(off);
  return true;
}

/** An event block; `bits` are its type's BT_* bits. */
function eventBlock(bits: u32, off: u32, len: u32): bool {
  const hasFlags = (bits & BT_FLAGS) != 0;
  const old = (bits & BT_OLD) != 0;
  const largeBlock = (bits & BT_LARGE) != 0;
  const prefix: u32 = hasFlags ? 6 : 2;
  const hdr: u32 = old ? 22 : 26;
  const body = off + 8;
  const room = len - 12; // body bytes (event + padding/options)
  if (mode == MODE_METADATA) mode = MODE_EVENTS;
  if (room < prefix + hdr) return badEvent(off, BAD_SHORT_BLOCK, off, len, 0, 0);
  const ev = body + prefix;
  let evLen = peekU32(ev + 16);
  const evType = peekU16(ev + 20);
  if (old && (evType == PPME_NOTIFICATION_E || evType == PPME_INFRASTRUCTURE_EVENT_E) && evLen >= hdr + 3) evLen -= 3;
  if (evLen < hdr) return badEvent(off, BAD_SHORT_EVENT, ev, evLen, hdr, 0);
  if (evLen > room - prefix) return badEvent(off, BAD_LONG_EVENT, ev, evLen, room - prefix, 0);
  const wide = largeParams(evType, largeBlock);
  const width: u32 = wide ? 4 : 2;
  let nparams: u32 = 0;
  if (old) {
    const inferred = inferOldNParams(ev, evLen, evType);
    if (inferred < 0) return badEvent(off, BAD_OLD_LENGTHS, ev, evLen, 0, evType);
    nparams = <u32>inferred;
  } else {
    nparams = peekU32(ev + 22);
    if (nparams > 65535 || <u64>hdr + <u64>nparams * width > <u64>evLen) {
      return badEvent(off, BAD_NPARAMS, ev, evLen, nparams, evType);
    }
    let sum: u64 = <u64>hdr + <u64>nparams * width;
    const lens = ev + hdr;
    if (wide) {
      for (let k: u32 = 0; k < nparams; k++) sum += <u64>peekU32(lens + (k << 2));
    } else {
      // Four u16 lengths per u64 load, added in two 32-bit lanes (at most 16 Ki groups of 2 * 65535 per
      // lane: no carry into the other lane), then the rest one by one.
      let k: u32 = 0;
      let lanes: u64 = 0;
      for (; k + 4 <= nparams; k += 4) {
        const x = peekU64(lens + (k << 1));
        lanes += (x & 0x0000FFFF0000FFFF) + ((x >> 16) & 0x0000FFFF0000FFFF);
      }
      sum += (lanes & 0xFFFFFFFF) + (lanes >> 32);
      for (; k < nparams; k++) sum += <u64>peekU16(lens + (k << 1));
    }
    if (sum > <u64>evLen) {
      return badEvent(off, BAD_LENGTHS, ev, evLen, sum, evType);
    }
  }
  let flags: u8 = 0;
  if (hasFlags) {
    flags |= EVF_FLAGS_FIELD;
    if (peekU32(body + 2) & 1) flags |= EVF_STATE_ONLY;
  }
  if (old) flags |= EVF_OLD_HEADER;
  if (wide) flags |= EVF_LARGE;
  const index = addEvent(ev, evType, flags, <u16>nparams);
  stateEvent(index);
  return true;
}

/**
 * libscap's inference of the parameter count for old 22-byte headers (scap-format.md §3.5): the largest
 * candidate whose lengths add up to exactly `len`. end(c) grows strictly with c, so one upward pass in
 * O(c) finds the largest c with end(c) <= len; it must then be equal.
 */
function inferOldNParams(ev: u32, evLen: u32, evType: u16): i32 {
  let cand: i32 = <i32>evType < EVENT_COUNT ? <i32>unchecked(EV_NPARAMS[evType]) : 0x7FFFFFFF;
  let c: i32 = 0;
  let end: u64 = 22;
  while (c < cand) {
    if (end + 2 > <u64>evLen) break; // the next length field would run past the event
    const next = end + 2 + <u64>peekU16(ev + 22 + (<u32>c << 1));
    if (next > <u64>evLen) break;
    end = next;
    c++;
  }
  return end == <u64>evLen ? c : -1;
}

// A corrupt event is reported by kind and numbers: the message is built here, not in eventBlock, so the
// per-event path holds no managed strings (and no shadow-stack frame for them).
const BAD_SHORT_BLOCK = 0;
const BAD_SHORT_EVENT = 1;
const BAD_LONG_EVENT = 2;
const BAD_OLD_LENGTHS = 3;
const BAD_NPARAMS = 4;
const BAD_LENGTHS = 5;

function badEvent(off: u32, kind: i32, at: u32, evLen: u32, n: u64, evType: u32): bool {
  let message: string;
  if (kind == BAD_SHORT_BLOCK) message = `event block at byte ${at} is too short (${evLen} bytes) for an event header`;
  else if (kind == BAD_SHORT_EVENT) message = `event at byte ${at}: length ${evLen} is shorter than its ${n}-byte header`;
  else if (kind == BAD_LONG_EVENT) message = `event at byte ${at}: length ${evLen} exceeds its block (${n} bytes)`;
  else if (kind == BAD_OLD_LENGTHS) message = `event at byte ${at} (type ${evType}): parameter lengths do not add up to its length ${evLen}`;
  else if (kind == BAD_NPARAMS) message = `event at byte ${at} (type ${evType}): ${n} parameters do not fit in its length ${evLen}`;
  else message = `event at byte ${at} (type ${evType}): parameter lengths (${n} bytes in all) exceed its length ${evLen}`;
  diag(SEV_WARNING, off, message);
  return false;
}

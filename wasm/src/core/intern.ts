// String interning of UTF-8 byte slices. Every string the state engine keeps (process names, paths,
// fd names, user names, container ids) is stored once here and referred to by a small integer id.
// The id is the dictionary encoding the filter evaluator relies on: the same bytes always give the
// same id, so a string predicate is evaluated once per distinct id instead of once per event.
// Bytes live in fixed chunks that never move, so a pointer handed out (to the value buffer, to the
// host) stays valid for the life of the capture, even while more strings are interned.
import { rawPtr } from './raw';

const CHUNK: usize = 1 << 20;

let chunkPtr: usize = 0;
let chunkUsed: usize = 0;
let chunkCap: usize = 0;

// id -> bytes
let idPtr: usize = 0;   // usize per id
let idLen: usize = 0;   // u32 per id
let idHash: usize = 0;  // u32 per id
let count: i32 = 0;
let idCap: i32 = 0;

// open-addressing table of id+1 (0 = empty), power-of-two size
let slots: usize = 0;
let slotMask: u32 = 0;

let bytesHeld: usize = 0;

/** Id of the empty string (always 0). */
export const STR_EMPTY: i32 = 0;

// Eight bytes per step (the per-byte FNV-1a loop was a serial multiply per byte, and most interned
// strings are paths tens of bytes long), then murmur3's 64-bit finalizer so that the low bits the slot
// mask keeps depend on every byte. Unaligned u64 loads are fine in WebAssembly.
@inline function hashBytes(ptr: usize, len: u32): u32 {
  let h: u64 = 0x9E3779B97F4A7C15 ^ <u64>len;
  let p = ptr;
  const end = ptr + len;
  while (p + 8 <= end) {
    h = rotl<u64>((h ^ load<u64>(p)) * 0x87C37B91114253D5, 31);
    p += 8;
  }
  if (p < end) h = rotl<u64>((h ^ tailBytes(p, <u32>(end - p))) * 0x4CF5AD432745937F, 31);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCD;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53;
  h ^= h >> 33;
  return <u32>h;
}

/** The last 1 to 7 bytes of a string as a u64 (never reads past them). */
@inline function tailBytes(p: usize, n: u32): u64 {
  let w: u64 = 0;
  let k: u32 = 0;
  if (n & 4) { w = <u64>load<u32>(p); k = 4; }
  if (n & 2) { w |= <u64>load<u16>(p + k) << (<u64>k << 3); k += 2; }
  if (n & 1) w |= <u64>load<u8>(p + k) << (<u64>k << 3);
  return w;
}

/** Byte equality, eight bytes per step whatever the alignment (memory.compare goes byte by byte when
 *  the two pointers are not equally aligned, as a packed string and a scratch buffer usually are). */
function bytesEqual(a: usize, b: usize, len: u32): bool {
  let i: usize = 0;
  const n = <usize>len;
  while (i + 8 <= n) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
    i += 8;
  }
  while (i < n) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
    i++;
  }
  return true;
}

function storeBytes(ptr: usize, len: u32): usize {
  if (<usize>len > CHUNK >> 2) {
    // Large strings get their own block, never moved.
    const p = heap.alloc(max<usize>(<usize>len, 1));
    memory.copy(p, ptr, len);
    bytesHeld += len;
    return p;
  }
  if (chunkPtr == 0 || chunkUsed + <usize>len > chunkCap) {
    chunkPtr = heap.alloc(CHUNK);
    chunkUsed = 0;
    chunkCap = CHUNK;
    bytesHeld += CHUNK;
  }
  const p = chunkPtr + chunkUsed;
  memory.copy(p, ptr, len);
  chunkUsed += len;
  return p;
}

function growIds(): void {
  const cap = idCap == 0 ? 1024 : idCap * 2;
  idPtr = idPtr == 0 ? heap.alloc(<usize>cap << alignof<usize>()) : heap.realloc(idPtr, <usize>cap << alignof<usize>());
  idLen = idLen == 0 ? heap.alloc(<usize>cap << 2) : heap.realloc(idLen, <usize>cap << 2);
  idHash = idHash == 0 ? heap.alloc(<usize>cap << 2) : heap.realloc(idHash, <usize>cap << 2);
  idCap = cap;
}

function rehash(size: u32): void {
  if (slots != 0) heap.free(slots);
  slots = heap.alloc(<usize>size << 2);
  memory.fill(slots, 0, <usize>size << 2);
  slotMask = size - 1;
  for (let id = 0; id < count; id++) {
    let s = load<u32>(idHash + (<usize>id << 2)) & slotMask;
    while (load<u32>(slots + (<usize>s << 2)) != 0) s = (s + 1) & slotMask;
    store<u32>(slots + (<usize>s << 2), <u32>id + 1);
  }
}

function ensureInit(): void {
  if (slots == 0) {
    rehash(4096);
    insertNew(0, 0, hashBytes(0, 0));
  }
}

function insertNew(ptr: usize, len: u32, h: u32): i32 {
  if (count == idCap) growIds();
  const id = count++;
  store<usize>(idPtr + (<usize>id << alignof<usize>()), len == 0 ? 0 : storeBytes(ptr, len));
  store<u32>(idLen + (<usize>id << 2), len);
  store<u32>(idHash + (<usize>id << 2), h);
  if (<u32>count * 2 > slotMask + 1) {
    rehash((slotMask + 1) * 2);
  } else {
    let s = h & slotMask;
    while (load<u32>(slots + (<usize>s << 2)) != 0) s = (s + 1) & slotMask;
    store<u32>(slots + (<usize>s << 2), <u32>id + 1);
  }
  return id;
}

/** Id of bytes whose hash is `h` if already interned, else -1. */
function find(ptr: usize, len: u32, h: u32): i32 {
  let s = h & slotMask;
  while (true) {
    const v = load<u32>(slots + (<usize>s << 2));
    if (v == 0) return -1;
    const id = <i32>v - 1;
    if (load<u32>(idHash + (<usize>id << 2)) == h && load<u32>(idLen + (<usize>id << 2)) == len &&
      bytesEqual(load<usize>(idPtr + (<usize>id << alignof<usize>())), ptr, len)) return id;
    s = (s + 1) & slotMask;
  }
}

/** Id of the bytes [ptr, ptr+len); interns them (copying) when new. */
export function intern(ptr: usize, len: u32): i32 {
  ensureInit();
  if (len == 0) return STR_EMPTY;
  const h = hashBytes(ptr, len);
  const id = find(ptr, len, h);
  return id >= 0 ? id : insertNew(ptr, len, h);
}

/** Interns an AssemblyScript string literal as UTF-8 (for constants like "<NA>"; not for hot paths). */
export function internString(s: string): i32 {
  const buf = String.UTF8.encode(s);
  return intern(changetype<usize>(buf), <u32>buf.byteLength);
}

@inline export function strPtr(id: i32): usize {
  return load<usize>(idPtr + (<usize>id << alignof<usize>()));
}

@inline export function strLen(id: i32): u32 {
  return load<u32>(idLen + (<usize>id << 2));
}

export function internCount(): i32 {
  ensureInit();
  return count;
}

/** Bytes held by the table (budget). */
export function internBytes(): usize {
  return bytesHeld + <usize>idCap * (sizeof<usize>() + 8) + (<usize>(slotMask + 1) << 2);
}

/** True when string `id` equals the given bytes. */
export function strEquals(id: i32, ptr: usize, len: u32): bool {
  return strLen(id) == len && bytesEqual(strPtr(id), ptr, len);
}

/** Interns raw capture bytes [off, off+len), cut at the first NUL (metadata strings have none). */
export function internRaw(off: u32, len: u32): i32 {
  const p = rawPtr() + off;
  let n: u32 = 0;
  while (n < len && load<u8>(p + n) != 0) n++;
  return intern(p, n);
}

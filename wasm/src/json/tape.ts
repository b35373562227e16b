// The parsed form of one JSON document: a flat "tape" of nodes in document order, one per value, each
// with the exact byte range of its JSON text. Containers know where their subtree ends (`nodeNext`), so
// walking to a key or an index skips whole subtrees without recursion. Filled by json/scan.ts; read by
// json/nav.ts. Columns grow by doubling up to MAX_NODES, so a hostile payload cannot take unbounded memory.

// Node kinds and NO_KEY are read by the host too: generated from scripts/gen/boundary.json.
export { J_OBJECT, J_ARRAY, J_STRING, J_NUMBER, J_TRUE, J_FALSE, J_NULL, NO_KEY } from '../generated/boundary';

/** Node flags. */
export const JF_ESCAPED: u8 = 1;     // the string value contains backslash escapes
export const JF_KEY_ESCAPED: u8 = 2; // the member key contains backslash escapes

export const MAX_NODES: i32 = 1 << 24;

export let nodeCount: i32 = 0;
let cap: i32 = 0;
export let nodeKind = new StaticArray<u8>(0);
export let nodeFlags = new StaticArray<u8>(0);
/** Offset of the value's first byte (the quote of a string) relative to the document start. */
export let nodeStart = new StaticArray<u32>(0);
/** Offset just past the value's last byte. */
export let nodeEnd = new StaticArray<u32>(0);
/** Index of the first node after this node's subtree (its next sibling, if any). */
export let nodeNext = new StaticArray<u32>(0);
/** For object members: offset of the key's opening quote, else NO_KEY. The key ends at nodeKeyEnd. */
export let nodeKeyStart = new StaticArray<u32>(0);
export let nodeKeyEnd = new StaticArray<u32>(0);

/** Bumped on every reset, so a cache of "which document is on the tape" can tell it was replaced. */
export let tapeGeneration: u32 = 0;

export function tapeReset(): void {
  nodeCount = 0;
  tapeGeneration++;
}

function grow<T>(old: StaticArray<T>, n: i32): StaticArray<T> {
  const a = new StaticArray<T>(n);
  memory.copy(changetype<usize>(a), changetype<usize>(old), <usize>old.length << alignof<T>());
  return a;
}

/** Appends a node; returns its index or -1 when the tape is full. */
export function tapePush(kind: u8, flags: u8, start: u32, keyStart: u32, keyEnd: u32): i32 {
  if (nodeCount >= cap) {
    if (cap >= MAX_NODES) return -1;
    const n = cap == 0 ? 1024 : cap << 1;
    nodeKind = grow<u8>(nodeKind, n);
    nodeFlags = grow<u8>(nodeFlags, n);
    nodeStart = grow<u32>(nodeStart, n);
    nodeEnd = grow<u32>(nodeEnd, n);
    nodeNext = grow<u32>(nodeNext, n);
    nodeKeyStart = grow<u32>(nodeKeyStart, n);
    nodeKeyEnd = grow<u32>(nodeKeyEnd, n);
    cap = n;
  }
  const i = nodeCount++;
  unchecked(nodeKind[i] = kind);
  unchecked(nodeFlags[i] = flags);
  unchecked(nodeStart[i] = start);
  unchecked(nodeEnd[i] = start);
  unchecked(nodeNext[i] = <u32>(i + 1));
  unchecked(nodeKeyStart[i] = keyStart);
  unchecked(nodeKeyEnd[i] = keyEnd);
  return i;
}

// Entry points the block walker (wasm/src/reader/walker.ts) calls as it reads a capture in file order.
// The state engine implements them: metadata blocks seed the tables, every event may update them.
// Offsets are absolute positions in the raw capture (wasm/src/core/raw.ts).

/** A section header was read: every table (threads, fds, users, interfaces) starts empty. */
export function stateSectionStart(blockOff: u32): void {}

/** Machine info block body. */
export function stateMachineInfo(blockOff: u32, bodyOff: u32, bodyLen: u32): void {}

/** Process list block (any version; blockType tells which layout). */
export function stateProcessList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {}

/** Fd list block (V1 or V2). */
export function stateFdList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {}

/** User/group list block (V1 or V2). */
export function stateUserList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {}

/** Interface list block (V1 or V2). */
export function stateInterfaceList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {}

/** Event `ev` (file index) was indexed; apply it to state and record the state versions it sees. */
export function stateEvent(ev: u32): void {}

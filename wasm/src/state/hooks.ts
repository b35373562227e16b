// Entry points the block walker (wasm/src/load/walker.ts) calls as it reads a capture in file order.
// The state engine implements them: metadata blocks seed the tables, every event may update them.
// Offsets are absolute positions in the raw capture (wasm/src/core/raw.ts). Metadata versions are
// valid from the next event to be indexed.
import { eventCount } from '../reader/events';
import { beginSection } from './section';
import { threadsNewSection } from './threads';
import { fdsNewSection } from './fds';
import {
  parseProcessList, parseFdList, parseUserList, parseInterfaceList, parseMachineInfo, metadataReset,
} from './metadata';
import { applyEvent, applyNewSection } from './apply';

/** A section header was read: every table (threads, fds, users, interfaces) starts empty. */
export function stateSectionStart(blockOff: u32): void {
  beginSection(eventCount());
  threadsNewSection();
  fdsNewSection();
  // Users and groups are not reset: sysdig 0.29 keeps earlier sections' users (a later user list adds
  // to them and replaces entries with the same id), and captures from one host share them anyway.
  metadataReset();
  applyNewSection();
}

/** Machine info block body. */
export function stateMachineInfo(blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  parseMachineInfo(bodyOff, bodyLen);
}

/** Process list block (any version; blockType tells which layout). */
export function stateProcessList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  parseProcessList(blockType, blockOff, bodyOff, bodyLen, eventCount());
}

/** Fd list block (V1 or V2). */
export function stateFdList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  parseFdList(blockType, blockOff, bodyOff, bodyLen, eventCount());
}

/** User/group list block (V1 or V2). */
export function stateUserList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  parseUserList(blockType, blockOff, bodyOff, bodyLen, eventCount());
}

/** Interface list block (V1 or V2). */
export function stateInterfaceList(blockType: u32, blockOff: u32, bodyOff: u32, bodyLen: u32): void {
  parseInterfaceList(blockType, blockOff, bodyOff, bodyLen);
}

/** Event `ev` (file index) was indexed; apply it to state and record the state versions it sees. */
export function stateEvent(ev: u32): void {
  applyEvent(ev);
}

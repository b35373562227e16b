// Extractors for the syscall source's fields (evt, proc, thread, fd, fdlist, user, group, fs.path,
// container, k8s-from-labels). Values go to the value buffer with their byte ranges or state origins.
// Each family lives in its own module; this one only dispatches by field id.
import { SYSCALL_FIELD_COUNT } from '../generated/fields';
import { extractEvt } from './evt';
import { extractProc } from './proc';
import { extractFd } from './fd';
import { extractContainer } from './container';

export function isSyscallField(field: i32): bool {
  return field >= 0 && field < SYSCALL_FIELD_COUNT;
}

export function extractSyscallField(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): void {
  if (extractEvt(field, argNum, argPtr, argLen, ev)) return;
  if (extractProc(field, argNum, argPtr, argLen, ev)) return;
  if (extractFd(field, argNum, argPtr, argLen, ev)) return;
  extractContainer(field, argNum, argPtr, argLen, ev);
}

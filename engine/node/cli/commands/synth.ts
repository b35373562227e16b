// `scapula synth --events N -o FILE [--seed S]`: writes a large deterministic capture replaying the real
// sample captures under new thread ids (engine/node/scap/synth.ts), for benchmarks. sysdig reads it.
import { synthesize } from '../../scap/synth.ts';

export const summary = 'write a large deterministic capture replaying the samples (--events N -o FILE [--seed S])';

export async function run(args: string[]): Promise<number> {
  let events = 0, seed = 1, out = '', src: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--events' || a === '-n') events = Number(args[++i]);
    else if (a === '-o' || a === '--out') out = args[++i] ?? '';
    else if (a === '--seed') seed = Number(args[++i]);
    else if (a === '--from') src = args[++i];
    else { process.stderr.write(`scapula synth: unknown argument ${a}\n`); return 2; }
  }
  if (!Number.isInteger(events) || events <= 0 || !out || !Number.isInteger(seed)) {
    process.stderr.write('usage: scapula synth --events N -o FILE [--seed S] [--from DIR]\n');
    return 2;
  }
  const t0 = performance.now();
  const n = await synthesize({ events, seed, out, sourcesDir: src });
  process.stderr.write(`scapula synth: wrote ${n} events to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return 0;
}

// Read throughput against sysdig, measured in the same run on the same files: the live mixed recording
// of the bench corpus (bench/lib/corpus.ts; recorded once, as root) and then the synthetic capture
// (BENCH_READ_EVENTS events, default 2M, written by `scapula synth` from the real samples): events/s of
// `scapula read F -p %evt.num > /dev/null` and of `sysdig -r F -p %evt.num > /dev/null`, end to end
// (process start, decompression, walking, state, formatting, writing). Then where Scapula's time goes,
// measured in-process: load (ingest + walker + state) and format (evt.num lines into the output buffer).
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openCaptureFile } from '../engine/node/capture-file.ts';
import { haveSysdig, synthCapture } from './lib/synth-capture.ts';
import { liveRecording } from './lib/corpus.ts';
import { timeCmd, timeCmdCpu } from './lib/time-command.ts';

const EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 2_000_000);

/**
 * CLI start: a tiny capture read end to end by `scapula read`, `filter` and `stats` (median of 11 fresh
 * processes, wall and CPU time), beside a bare `node -e 0` and sysdig. The samples are gzip; the same
 * capture uncompressed shows what the gzip path costs. When NODE_EXTRA_CA_CERTS is set (as on the build
 * machine), Node 20 loads those certificates at every start before any JavaScript runs, so the figures
 * are given again without it.
 */
export function startup(): void {
  const tiny = 'samples/captures/cat_write.scap';
  const plain = join('bench', 'out', 'cat_write.plain.scap');
  mkdirSync(dirname(plain), { recursive: true });
  writeFileSync(plain, gunzipSync(readFileSync(tiny)));
  timeCmd('node', ['bin/scapula.mjs', 'read', tiny]); // (re)builds the CLI bundle if a source changed, then writes its code cache
  const med = (cmd: string[]) => {
    const runs = Array.from({ length: 11 }, () => timeCmdCpu(cmd[0], cmd.slice(1)));
    const mid = (xs: number[]) => xs.sort((a, b) => a - b)[5];
    return `${mid(runs.map((r) => r.ms)).toFixed(0)} ms (cpu ${mid(runs.map((r) => r.cpu)).toFixed(0)} ms)`;
  };
  const report = (label: string, pre: string[]) => {
    const node = [...pre, 'node'];
    const cli = (...args: string[]) => med([...node, 'bin/scapula.mjs', ...args]);
    let line = `read: CLI start${label}, median of 11: scapula read ${cli('read', tiny)}, filter ${cli('filter', 'proc.name=cat', tiny)}, ` +
      `stats ${cli('stats', tiny)} (goal < 100 ms); read of it uncompressed ${cli('read', plain)}; bare node -e 0 ${med([...node, '-e', '0'])}`;
    if (haveSysdig()) line += `; sysdig -r ${med([...pre, 'sysdig', '-r', tiny])}`;
    console.log(line);
  };
  report(` (${tiny}, 12 KB gzip)`, []);
  if (process.env.NODE_EXTRA_CA_CERTS) report(' without NODE_EXTRA_CA_CERTS (Node loads them at every start)', ['env', '-u', 'NODE_EXTRA_CA_CERTS']);
  // The command as installed (npx scapula, or bin/scapula.mjs run directly): its shebang drops that variable.
  console.log(`read: CLI start of the command as installed (bin/scapula.mjs run directly), median of 11: scapula read ${med(['bin/scapula.mjs', 'read', tiny])}, ` +
    `filter ${med(['bin/scapula.mjs', 'filter', 'proc.name=cat', tiny])} (goal < 100 ms)`);
}

export async function run(): Promise<void> {
  startup();
  const live = await liveRecording('mixed');
  if (live) {
    console.log(`read: live mixed recording ${live}`);
    await readBench(live);
  }
  const synth = await synthCapture(EVENTS, 'read');
  console.log(`read: synthetic capture ${synth}`);
  await readBench(synth);
}

async function readBench(file: string): Promise<void> {
  // Where the time goes (in-process, no process start-up): reading the file alone, then the load
  // (copy into the engine, block walker, event index, state), then formatting. Its event count is
  // the one the rates below use.
  const tr = performance.now();
  let fileBytes = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) fileBytes += (c as Buffer).length;
  const tRead = performance.now() - tr;
  const t0 = performance.now();
  const cap = await openCaptureFile(file);
  const tLoad = performance.now() - t0;
  const t1 = performance.now();
  let bytes = 0;
  for (const c of cap.formatChunks({ format: '%evt.num' })) bytes += c.length;
  const tFmt = performance.now() - t1;
  const events = cap.eventCount;
  console.log(`read: in-process: file read ${tRead.toFixed(0)} ms (${(fileBytes / 1e6).toFixed(0)} MB), load (ingest + walker + state) ${tLoad.toFixed(0)} ms, ` +
    `format ${tFmt.toFixed(0)} ms (${(bytes / 1e6).toFixed(0)} MB of text), ${events} events`);

  const best = (f: () => number, n: number) => Math.min(...Array.from({ length: n }, f));
  const ours = best(() => timeCmd('node', ['bin/scapula.mjs', 'read', file, '-p', '%evt.num']), 3);
  const oursRate = events / (ours / 1000);
  console.log(`read: scapula read -p %evt.num: ${(ours / 1000).toFixed(2)} s, ${(oursRate / 1e6).toFixed(2)} M events/s`);
  if (haveSysdig()) {
    const theirs = best(() => timeCmd('sysdig', ['-r', file, '-p', '%evt.num']), 1);
    const theirRate = events / (theirs / 1000);
    console.log(`read: sysdig -r -p %evt.num:        ${(theirs / 1000).toFixed(2)} s, ${(theirRate / 1e6).toFixed(2)} M events/s`);
    console.log(`read: ratio scapula/sysdig = ${(oursRate / theirRate).toFixed(2)}x (goal >= 1)`);
    // The default line (process names, fd names, all params) is the heavier, more realistic case.
    const oursDef = timeCmd('node', ['bin/scapula.mjs', 'read', file]);
    const theirsDef = timeCmd('sysdig', ['-r', file]);
    console.log(`read: default line: scapula ${(oursDef / 1000).toFixed(2)} s, sysdig ${(theirsDef / 1000).toFixed(2)} s, ratio ${(theirsDef / oursDef).toFixed(2)}x`);
  } else {
    console.log('read: sysdig not installed, no ratio');
  }
}

// State and field extraction, measured on the benchmarks' synthetic capture: events/s of
// `scapula read F -p <state fields>` against `sysdig -r F -p <same fields>` in the same run (both print
// process, thread, fd and user fields from their state engines), then the state engine's own share
// measured in-process (memory per event, versions, load time).
import { openCaptureFile } from '../engine/node/capture-file.ts';
import { haveSysdig, synthCapture } from './lib/synth-capture.ts';
import { timeCmd } from './lib/time-command.ts';

const EVENTS = Number(process.env.BENCH_STATE_EVENTS ?? process.env.BENCH_READ_EVENTS ?? 2_000_000);
const FMT = '%evt.num %proc.name %thread.tid %proc.pid %proc.pname %proc.cwd %fd.name %fd.type %user.name %proc.vmsize';

export async function run(): Promise<void> {
  const file = await synthCapture(EVENTS, 'state');
  const ours = Math.min(...[0, 1].map(() => timeCmd('node', ['bin/scapula.mjs', 'read', file, '-p', FMT])));
  console.log(`state: scapula read -p <10 state fields>: ${(ours / 1000).toFixed(2)} s, ${(EVENTS / ours / 1e3).toFixed(2)} M events/s`);
  if (haveSysdig()) {
    const theirs = timeCmd('sysdig', ['-r', file, '-p', FMT]);
    console.log(`state: sysdig -r -p <same fields>:        ${(theirs / 1000).toFixed(2)} s, ${(EVENTS / theirs / 1e3).toFixed(2)} M events/s`);
    console.log(`state: ratio scapula/sysdig = ${(theirs / ours).toFixed(2)}x (goal >= 1)`);
  } else {
    console.log('state: sysdig not installed, no ratio');
  }
  const c0 = process.cpuUsage();
  const cap = await openCaptureFile(file);
  const cpu = process.cpuUsage(c0);
  const st = cap.engineStats();
  const n = cap.eventCount;
  console.log(`state: load (ingest + walker + state) ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU for ${n} events`);
  console.log(`state: ${(st.state.bytes / n).toFixed(1)} B/event of state (per-event ${(st.state.perEventBytes / n).toFixed(1)}, ` +
    `threads ${(st.state.threadBytes / n).toFixed(1)}, fds ${(st.state.fdBytes / n).toFixed(1)}, strings ${(st.state.stringBytes / n).toFixed(1)}); ` +
    `${st.state.threadVersions} thread and ${st.state.fdVersions} fd versions, ${st.state.strings} distinct strings; ` +
    `engine memory ${(st.memoryBytes / 1e6).toFixed(0)} MB for ${(st.rawBytes / 1e6).toFixed(0)} MB of capture`);
}

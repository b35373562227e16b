// "Writes below a directory" on a capture written with the engine's scap writer (sysdig reads it too):
// a process opens /etc/cron.d/backdoor for writing and writes to it, with old-style (enter/exit) write
// events. Counts in both event models, and the legacy model against live sysdig for the same expanded
// conditions: the write enter events alert in the legacy model only (the converter stores them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../engine/capture.ts';
import { EVENT_NAMES, EVENT_DIRS, EVENT_PARAMS } from '../../engine/generated/schema.ts';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { P, ScapWriter } from '../../engine/scap/writer.ts';
import { detectOnCapture } from '../../engine/rules/capture-run.ts';
import { loadRules } from '../../engine/rules/loader.ts';
import { buildRuleset } from '../../engine/rules/ruleset.ts';
import { sysdigText } from '../../engine/rules/sysdig-text.ts';
import { haveSysdig, sysdigNums, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const code = (name: string, dir: 'enter' | 'exit', nparams: number) => {
  const c = EVENT_NAMES.findIndex((n, i) => n === name && EVENT_DIRS[i] === dir && EVENT_PARAMS[i].length === nparams);
  if (c < 0) throw new Error(`no ${name} ${dir} with ${nparams} params`);
  return c;
};

const O_WRONLY = 2, O_CREAT = 4, O_TRUNC = 256;

function writeCapture(path: string): void {
  const w = new ScapWriter();
  const t0 = 1_700_000_000_000_000_000n;
  w.shb().machineInfo({ numCpus: 1, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: 'scapula-test' });
  w.processList([
    { tid: 1n, pid: 1n, ptid: 0n, comm: 'systemd', exe: '/sbin/init', args: [], cwd: '/' },
    { tid: 300n, pid: 300n, ptid: 1n, comm: 'dropper', exe: '/tmp/dropper', args: [], cwd: '/tmp' },
  ]);
  let k = 0;
  const ev = (type: number, params: Uint8Array[]) => w.event({ ts: t0 + BigInt(++k) * 1000n, tid: 300n, cpu: 0, type, params });
  const flags = O_WRONLY | O_CREAT | O_TRUNC;
  ev(code('open', 'enter', 3), [P.str('/etc/cron.d/backdoor'), P.u32(flags), P.u32(0o644)]);
  ev(code('open', 'exit', 6), [P.i64(4), P.str('/etc/cron.d/backdoor'), P.u32(flags), P.u32(0o644), P.u32(0), P.u64(0)]);
  // Old-style write: fd and size on the enter event, result and data on the exit (2 params).
  for (const line of ['* * * * * root /tmp/x\n', 'MAILTO=""\n']) {
    ev(code('write', 'enter', 2), [P.i64(4), P.u32(line.length)]);
    ev(code('write', 'exit', 4), [P.i64(line.length), P.bytes(line)]); // 2 of the current 4 params: old layout
  }
  // A write elsewhere (must not alert).
  ev(code('write', 'enter', 2), [P.i64(1), P.u32(3)]);
  ev(code('write', 'exit', 4), [P.i64(3), P.bytes('ok\n')]);
  writeFileSync(path, w.result());
}

const RULES = `
- macro: etc_dir
  condition: fd.directory startswith /etc
- rule: open_for_write_below_etc
  desc: a file below /etc opened for writing
  condition: evt.type in (open, openat, openat2) and evt.is_open_write=true and etc_dir
  output: "File below /etc opened for writing (file=%fd.name proc=%proc.name flags=%evt.arg.flags)"
  priority: ERROR
- rule: write_below_etc
  desc: data written to a file below /etc
  condition: evt.type = write and etc_dir
  output: "Write below /etc (file=%fd.name size=%evt.arg.size)"
  priority: ERROR
`;

const hasSysdig = haveSysdig();

describe('writes below a directory (crafted capture)', () => {
  let cap: Capture;
  let file = '';
  const loaded = loadRules([{ name: 'writes.yaml', text: RULES }]);
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'scapula-writes-')), 'cron.scap');
    writeCapture(file);
    cap = await openCaptureFile(file);
  });
  const counts = (model: 'current' | 'legacy') =>
    Object.fromEntries(detectOnCapture(cap, buildRuleset(loaded.compiled!.rules), { model, matching: 'all' }).counts);

  it('counts in both event models: write enter events alert only in the legacy model', () => {
    expect(loaded.errors).toEqual([]);
    expect(counts('legacy')).toEqual({ open_for_write_below_etc: 1, write_below_etc: 4 });
    expect(counts('current')).toEqual({ open_for_write_below_etc: 1, write_below_etc: 2 });
  });

  it('alerts and matched events in both models equal the stored expectation', () => {
    const out: string[] = [];
    for (const model of ['legacy', 'current'] as const) {
      out.push(`== ${model}`, ...detectOnCapture(cap, buildRuleset(loaded.compiled!.rules), { model, matching: 'all' }).alerts
        .map((a) => `${a.event + 1} ${a.rule}: ${a.message}`));
    }
    goldens('rules-writes').text('cron.txt', out.join('\n') + '\n');
  });

  it.skipIf(!hasSysdig)(`the current model prints the merged size on the write exits (values as sysdig shows them on the enters) (${SYSDIG_WHY})`, () => {
    const res = detectOnCapture(cap, buildRuleset(loaded.compiled!.rules), { model: 'current' });
    const flags = sysdigOutput(['-r', file, '-p', '%evt.arg.flags', 'evt.type=open and evt.dir=<']).trim();
    const sizes = sysdigOutput(['-r', file, '-p', '%evt.arg.size', 'evt.type=write and evt.dir=> and fd.directory=/etc/cron.d'])
      .split('\n').filter(Boolean);
    expect(sizes).toEqual(['22', '10']);
    expect(res.alerts.map((a) => a.message)).toEqual([
      `File below /etc opened for writing (file=/etc/cron.d/backdoor proc=dropper flags=${flags})`,
      ...sizes.map((n) => `Write below /etc (file=/etc/cron.d/backdoor size=${n})`),
    ]);
  });

  it.skipIf(!hasSysdig)(`legacy detections equal sysdig on the expanded conditions (${SYSDIG_WHY})`, () => {
    for (const r of loaded.compiled!.rules) {
      const nums = sysdigNums(file, sysdigText(r.ast));
      const ours = detectOnCapture(cap, buildRuleset([r]), { model: 'legacy' }).alerts.map((a) => a.event + 1);
      expect({ rule: r.name, ours }).toEqual({ rule: r.name, ours: nums });
    }
  });
});

// Browser end-to-end: Export ▾ → displayed events as .scap. On a capture this file writes (a process
// opening a file, then reading and writing it), with a filter that keeps only the reads: the download is
// byte for byte what `scapula write -F` writes for the same filter, and sysdig reads it with the file
// names resolved (the open survives as a state-only event), exactly as it shows the reads of the original.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, applyFilter, type Session } from './harness.ts';
import { streamCapture } from './written-captures.ts';

const haveSysdig = spawnSync('sh', ['-c', 'command -v sysdig']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'scapula-export-scap-'));
const FORMAT = '%evt.type %evt.dir %fd.name %evt.rawres %evt.rawtime';

function sysdigLines(file: string, filter = ''): string[] {
  const r = spawnSync('sysdig', ['-r', file, '-p', FORMAT, ...(filter ? [filter] : [])], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) throw new Error(`sysdig: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

describe.skipIf(!haveChromium)('export the displayed events as .scap', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  it.skipIf(!haveSysdig)('is scapula write -F of the view, and sysdig reads it with the state it needs', async () => {
    const file = streamCapture(dir);
    const filter = 'evt.type = read and evt.dir = <';
    await dropFile(s.page, file, 'stream.scap');
    await waitLoaded(s.page);
    await applyFilter(s.page, filter);
    expect((await counts(s.page)).displayed).toBe(cliCount(file, filter));
    await s.page.locator('scap-app #tb-export').click();
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.locator('scap-app button[data-export="scap"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('stream-filtered.scap');
    const got = readFileSync((await download.path())!);
    const ref = join(dir, 'ref.scap');
    const w = cli(['write', file, '-o', ref, '-F', filter]);
    expect(w.status, w.stderr).toBe(0);
    expect(Buffer.compare(got, readFileSync(ref))).toBe(0);
    const out = join(dir, 'exported.scap');
    writeFileSync(out, got);
    const expected = sysdigLines(file, filter);
    expect(expected.length).toBe(3);
    // Every read names its file: without the open kept as state, sysdig would print an empty fd.name.
    expect(expected.every((l) => l.includes(' /tmp/stream.txt '))).toBe(true);
    expect(sysdigLines(out)).toEqual(expected);
    expect(await s.page.locator('scap-status-bar .msg').textContent()).toMatch(/Exported \d+ events \(\+ 2 state-only\) as \.scap/);
  });
});

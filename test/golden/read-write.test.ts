// `scapula write`: a filtered copy of a capture that sysdig reads back. With -F (state-only events kept),
// sysdig shows exactly the events `sysdig -r IN FILTER` shows, with the same fd and process names; with no
// filter the output is the decompressed input byte for byte; our reader and sysdig agree on the output. Each
// filtered copy, read back by us, equals its stored expectation (test/golden/expected/read-write/).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const dir = 'samples/captures';
const env = { ...process.env, TZ: 'UTC' };
const write = (...args: string[]) => spawnSync('node', ['bin/scapula.mjs', 'write', ...args], { encoding: 'utf8', env });
const sysdig = (...args: string[]) => sysdigOutput(args);
const FMT = '%evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %evt.args';

describe('scapula write', () => {
  it('no filter: the output is the decompressed input, byte for byte', () => {
    const tmp = mkdtempSync('/tmp/scapula-write-');
    for (const name of ['cat_write.scap', 'syscall.scap']) {
      expect(write(`${dir}/${name}`, '-o', `${tmp}/${name}`).status).toBe(0);
      expect(readFileSync(`${tmp}/${name}`).equals(gunzipSync(readFileSync(`${dir}/${name}`)))).toBe(true);
    }
  });

  const cases: [string, string][] = [
    ['cat_write.scap', 'evt.type in (read, mmap)'],
    ['cat_write.scap', 'fd.name contains /lib'],
    ['open-multiple-files.scap', 'evt.type=open and evt.dir=<'],
    ['connect_localhost.scap', 'evt.type=connect'],
    ['ping_sendto.scap', 'evt.dir=<'],
  ];

  it('with -F, each filtered copy reads back as stored', async () => {
    const tmp = mkdtempSync('/tmp/scapula-write-');
    const out: string[] = [];
    for (const [i, [name, flt]] of cases.entries()) {
      expect(write(`${dir}/${name}`, '-o', `${tmp}/${i}.scap`, '-F', flt).status).toBe(0);
      out.push(`== ${name} -F "${flt}"`, (await openCaptureFile(`${tmp}/${i}.scap`)).formatText({ format: FMT }));
    }
    goldens('read-write').text('filtered.txt', out.join('\n'));
  });

  describe.skipIf(!haveSysdig())(`read back by sysdig (${SYSDIG_WHY})`, () => {
    for (const [name, flt] of cases) {
      it(`${name} "${flt}" with -F: sysdig -r OUT shows what sysdig -r IN FILTER shows`, async () => {
        const tmp = mkdtempSync('/tmp/scapula-write-');
        const out = `${tmp}/out.scap`;
        const r = write(`${dir}/${name}`, '-o', out, '-F', flt);
        expect(r.status).toBe(0);
        expect(sysdig('-r', out, '-p', FMT)).toBe(sysdig('-r', `${dir}/${name}`, '-p', FMT, flt));
        // and our reader agrees with sysdig on the written file (the known <unknown> names aside)
        const ours = (await openCaptureFile(out)).formatText();
        const theirs = sysdig('-r', out);
        const o = ours.split('\n');
        expect(o).toEqual(theirs.split('\n').map((l, i) => l.replace(/ <unknown> $/, (m) => (/ [a-z0-9_]+ $/.test(o[i]) ? ' ' + o[i].trimEnd().split(' ').pop() + ' ' : m))));
      });
    }

    it('-z writes gzip that sysdig reads', () => {
      const tmp = mkdtempSync('/tmp/scapula-write-');
      expect(write(`${dir}/cat_write.scap`, '-o', `${tmp}/o.scap.gz`, '-z', '-F', 'evt.type=open').status).toBe(0);
      expect(readFileSync(`${tmp}/o.scap.gz`).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(sysdig('-r', `${tmp}/o.scap.gz`, '-p', FMT)).toBe(sysdig('-r', `${dir}/cat_write.scap`, '-p', FMT, 'evt.type=open'));
    });
  });
});

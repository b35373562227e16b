// Capture.fieldValues (the detail view's source): each value is the text sysdig prints for that field and
// carries the exact bytes it came from (event params) or the state origin. Checked against live sysdig where
// it is installed, and against a stored expectation (test/golden/expected/reader-fieldvalues/) everywhere.
import { describe, it, expect } from 'vitest';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { haveSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

describe('fieldValues: stored expectation', () => {
  it('evt.arg[0] / evt.arg[1] / fd.name / proc.name on every shown event: value, byte range, state origin', async () => {
    const cap = await openCaptureFile('samples/captures/cat_write.scap');
    const nums = cap.formatText({ format: '*%evt.num' }).split('\n').filter(Boolean).map(Number);
    expect(nums.length).toBe(85);
    const lines = nums.map((num) => [num, ...cap.fieldValues(num - 1, ['evt.arg[0]', 'evt.arg[1]', 'fd.name', 'proc.name'])
      .map((v) => `${v.field}=${JSON.stringify(v.value)}${v.range ? `@${v.range.start}+${v.range.length}` : ''}${v.origin ? ` ${JSON.stringify(v.origin)}` : ''}`)].join(' | '));
    goldens('reader-fieldvalues').text('cat_write.txt', lines.join('\n') + '\n');
  });
});

describe.skipIf(!haveSysdig())(`fieldValues equal sysdig (${SYSDIG_WHY})`, () => {
  it('evt.arg[0] / evt.arg[1] / fd.name / proc.name: sysdig\'s text, param byte ranges, state origins', async () => {
    const path = 'samples/captures/cat_write.scap';
    const cap = await openCaptureFile(path);
    const SEP = '\u001f';
    const out = sysdigOutput(['-r', path, '-p', `*%evt.num${SEP}%evt.arg[0]${SEP}%evt.arg[1]${SEP}%fd.name${SEP}%proc.name`]);
    let checked = 0;
    for (const line of out.split('\n').filter(Boolean)) {
      const [num, a0, a1, fdName, proc] = line.split(SEP);
      const i = Number(num) - 1;
      const vals = Object.fromEntries(cap.fieldValues(i, ['evt.arg[0]', 'evt.arg[1]', 'fd.name', 'proc.name']).map((v) => [v.field, v]));
      const ranges = cap.paramRanges(i);
      for (const [k, want] of [['evt.arg[0]', a0], ['evt.arg[1]', a1]] as const) {
        if (want === '<NA>') { expect(vals[k]).toBeUndefined(); continue; }
        expect(vals[k].value).toBe(want);
        const idx = Number(k[8]);
        expect(vals[k].range).toEqual({ start: ranges[idx][0], length: ranges[idx][1] });
      }
      if (fdName !== '<NA>') {
        expect(vals['fd.name'].value).toBe(fdName);
      }
      expect(vals['proc.name'].value).toBe(proc);
      checked++;
    }
    expect(checked).toBe(85);
  });
});

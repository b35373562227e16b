// Capture.fieldValues (the detail view's source): each value is the text sysdig prints for that field and
// carries the exact bytes it came from (event params) or the state origin. Checked against live sysdig.
import { describe, it, expect } from 'vitest';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { haveSysdig, sysdigOutput } from '../lib/sysdig.ts';

describe.skipIf(!haveSysdig())('fieldValues', () => {
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

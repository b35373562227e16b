// Where extracted values come from (the value-buffer contract, wasm/src/core/values.ts): values that
// are bytes of the event carry their exact byte range; state values name the process-list, fd-list or
// user-list block, or the event that set that piece of state. Checked on the synthetic scenario, whose
// layout the test knows.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { FIELD_IDS } from '../../engine/generated/fields.ts';
import { buildScenario } from '../golden/fields-scenario.ts';
import type { Capture } from '../../engine/capture.ts';

import { ORIGIN_NONE as O_EVENT, ORIGIN_PROCESS_LIST as O_PROCESS_LIST, ORIGIN_FD_LIST as O_FD_LIST, ORIGIN_USER_LIST as O_USER_LIST,
  ORIGIN_EVENT as O_STATE_EVENT, NO_RANGE } from '../../engine/generated/boundary.ts';

function value(cap: Capture, field: number, ev: number) {
  const v = cap.extractValues(field, ev)[0];
  if (!v) return null;
  return { origin: v.origin, ref: v.originRef, start: v.range?.start ?? NO_RANGE, rlen: v.range?.length ?? 0, text: v.text };
}

/** File index of the first event matching a -p line predicate. */
function find(cap: Capture, pred: (cols: string[]) => boolean): number {
  const lines = cap.formatText({ format: '*%evt.num|%evt.type|%evt.dir|%proc.name|%thread.tid' }).trimEnd().split('\n');
  for (const l of lines) { const c = l.split('|'); if (pred(c)) return Number(c[0]) - 1; }
  throw new Error('no such event');
}

describe('value origins and byte ranges', () => {
  it('process list, event that set the state, fd list, user list, event bytes', async () => {
    const path = `${mkdtempSync('/tmp/scapula-origins-')}/s.scap`;
    writeFileSync(path, buildScenario());
    const cap = await openCaptureFile(path);

    // bash (tid 100) comes from the process list block
    const bashEv = find(cap, (c) => c[4] === '100' && c[1] === 'write');
    const name = value(cap, FIELD_IDS.F_PROC_NAME, bashEv)!;
    expect(name.text).toBe('bash');
    expect(name.origin).toBe(O_PROCESS_LIST);
    // its fd 1 came from the fd list; its user from the user list
    const fd = value(cap, FIELD_IDS.F_FD_NAME, bashEv)!;
    expect([fd.text, fd.origin]).toEqual(['/dev/pts/0', O_FD_LIST]);
    const user = value(cap, FIELD_IDS.F_USER_NAME, bashEv)!;
    expect([user.text, user.origin]).toEqual(['alice', O_USER_LIST]);

    // cat's name was set by the execve exit event
    const execX = find(cap, (c) => c[1] === 'execve' && c[2] === '<');
    const catEv = find(cap, (c) => c[3] === 'cat' && c[1] === 'read');
    const catName = value(cap, FIELD_IDS.F_PROC_NAME, catEv)!;
    expect([catName.text, catName.origin, catName.ref]).toEqual(['cat', O_STATE_EVENT, execX]);
    // and its cwd by the chdir exit
    const chdirX = find(cap, (c) => c[1] === 'chdir' && c[2] === '<');
    const cwd = value(cap, FIELD_IDS.F_PROC_CWD, catEv + 1)!;
    expect([cwd.origin, cwd.ref]).toEqual([O_STATE_EVENT, chdirX]);

    // evt.rawres is the bytes of the exit's first parameter, inside the event
    const res = value(cap, FIELD_IDS.F_EVT_RAWRES, execX)!;
    expect(res.origin).toBe(O_EVENT);
    expect(res.rlen).toBe(8);
    expect(res.start).toBeGreaterThan(cap.index.offset(execX));
    expect(res.start + res.rlen).toBeLessThanOrEqual(cap.index.offset(execX) + cap.index.length(execX));
  });
});

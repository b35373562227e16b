// List fields with an index: for most, the index picks one item (`ka.req.pod.containers.image[0]`); for the
// role rules' verbs/resources/apiGroups/nonResourceURLs and the containers' host ports, the index picks an
// outer item whose value is itself a list, so `in`/`intersects` see every value, as printed (found by the
// differential suite: only the first value was compared).
import { describe, it, expect } from 'vitest';
import { openCaptureFile } from '../../engine/node/capture-file.ts';

describe('indexed list fields', () => {
  it('ka.req.role.rules.nonResourceURLs[1] intersects any of the printed values', async () => {
    const cap = await openCaptureFile('samples/k8s_audit/create_cluster_role_wildcard_resources.json');
    const printed = cap.formatText({ format: '%ka.req.role.rules.nonResourceURLs[1]' }).trim().split(',');
    expect(printed.length).toBeGreaterThan(2);
    const count = (f: string) => { const r = cap.filter(f); if (!r.ok) throw new Error(r.error.message); return r.count; };
    for (const v of printed) expect(count(`ka.req.role.rules.nonResourceURLs[1] intersects (${JSON.stringify(v)})`), v).toBe(1);
    expect(count(`ka.req.role.rules.nonResourceURLs[1] in (${printed.map((v) => JSON.stringify(v)).join(', ')})`)).toBe(1);
    expect(count('ka.req.role.rules.nonResourceURLs[1] intersects ("/nowhere")')).toBe(0);
    // a list field: = is refused, as without an index
    expect(cap.filter('ka.req.role.rules.nonResourceURLs[1] = /api').ok).toBe(false);
  });
});

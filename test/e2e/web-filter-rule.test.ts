// Browser end-to-end: Filter → Falco rule. From an applied filter, the dialog writes a rule skeleton
// (rule, desc, condition, output, priority, source) as YAML that `scapula rules validate` accepts; "Run in
// Alerts" runs it alone and the panel's alerts are exactly `scapula detect -r` with that YAML on the same
// file: a syscall capture written here (source syscall) and a Kubernetes audit log (source k8s_audit).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cli, cliCount, applyFilter, root, type Session } from './harness.ts';
import { streamCapture } from './written-captures.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-filter-rule-'));

describe.skipIf(!haveChromium)('filter to Falco rule', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  const cases = [
    { what: 'a syscall capture', file: () => streamCapture(dir), filter: 'evt.type = read and fd.name contains stream', name: 'Reads of the stream', source: 'syscall' },
    {
      what: 'a Kubernetes audit log',
      file: () => {
        const f = join(dir, 'audit.jsonl');
        writeFileSync(f, ['create_deployment.json', 'attach_pod.json', 'delete_secret.json', 'create_secret.json']
          .map((n) => readFileSync(join(root, 'samples', 'k8s_audit', n), 'utf8').trim() + '\n').join(''));
        return f;
      },
      filter: 'ka.verb = create', name: 'Creations', source: 'k8s_audit',
    },
  ];

  for (const c of cases) {
    it(`on ${c.what}: valid YAML, and the Alerts panel gives scapula detect's alerts`, async () => {
      const file = c.file();
      await dropFile(s.page, file, file.split('/').pop()!);
      await waitLoaded(s.page);
      await applyFilter(s.page, c.filter);
      expect((await counts(s.page)).displayed).toBe(cliCount(file, c.filter));
      await s.page.locator('scap-app #tb-rule').click();
      const dlg = s.page.locator('scap-rule-dialog dialog');
      await dlg.waitFor();
      await dlg.locator('input.name').fill(c.name);
      await dlg.locator('select.priority').selectOption('NOTICE');
      const yamlText = await dlg.locator('textarea.yaml').inputValue();
      const [rule] = parse(yamlText);
      expect(rule).toMatchObject({ rule: c.name, condition: c.filter, priority: 'NOTICE', source: c.source });
      expect(Object.keys(rule).sort()).toEqual(['condition', 'desc', 'output', 'priority', 'rule', 'source']);
      const rulesFile = join(dir, `${c.source}-rule.yaml`);
      writeFileSync(rulesFile, yamlText);
      const v = cli(['rules', 'validate', '-r', rulesFile]);
      expect(v.status, v.stdout + v.stderr).toBe(0);
      const d = cli(['detect', '-r', rulesFile, '--json', file]);
      expect(d.status, d.stderr).toBe(0);
      const alerts = d.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string; output: string });
      expect(alerts.length).toBeGreaterThan(0);
      await dlg.locator('button.run').click();
      const panel = s.page.locator('scap-alerts-panel');
      await panel.locator('#trial').waitFor();
      const count = panel.locator('.count', { hasText: c.name });
      await count.waitFor();
      expect(await count.locator('b').textContent()).toBe(String(alerts.length));
      await expect.poll(() => panel.locator('.alert').count()).toBe(alerts.length);
      const outputs = await panel.locator('.alert .o').allTextContents();
      // The CLI's line is "time: Priority output"; the panel shows the time in its own column.
      expect(alerts.map((a) => a.output).every((o, k) => o.endsWith(outputs[k]))).toBe(true);
      expect(outputs.every((o) => o.startsWith(`${c.name} (`))).toBe(true);
      await s.shot(`filter-rule-${c.source}`);
      await panel.locator('#trial button').click();
      await panel.locator('#trial').waitFor({ state: 'detached' });
      await s.page.locator('scap-app #tb-alerts').click();
    });
  }
});

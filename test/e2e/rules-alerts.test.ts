// The alerts panel in the built app (Chromium): a user rules file added through the rules dialog is
// loaded after the built-in ruleset, the rules run in the worker, the alert list matches
// `scapula detect` on the same files, selecting an alert selects its event, and Explain shows the
// condition tree evaluated on that event.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, sample, cli, root, foreignRequests, counts, type Session } from './harness.ts';

const USER_RULES = `
- macro: opened_by_something
  condition: evt.type=open and evt.dir=<
- rule: Open of a library
  desc: opens of shared libraries
  condition: opened_by_something and fd.name contains .so
  output: "library opened (file=%fd.name proc=%proc.name)"
  priority: NOTICE
  tags: [e2e]
`;

describe.skipIf(!haveChromium)('alerts panel in Chromium', () => {
  let s: Session;
  let rulesFile = '';
  beforeAll(async () => {
    rulesFile = join(mkdtempSync(join(tmpdir(), 'scapula-rules-')), 'user_rules.yaml');
    writeFileSync(rulesFile, USER_RULES);
    s = await startSession();
    await s.page.goto(s.url);
    await s.page.locator('scap-open-panel #open-file').waitFor();
  });
  afterAll(async () => { await s?.close(); });

  it('runs the built-in and a user rules file like scapula detect, and links alerts to events', async () => {
    const file = sample('cat_write.scap');
    await dropFile(s.page, file, 'cat_write.scap');
    await waitLoaded(s.page);
    await s.page.locator('#tb-alerts').click();
    await s.page.locator('scap-alerts-panel button', { hasText: 'Rules…' }).click();
    await s.page.locator('scap-rules-manager input[type=file]').setInputFiles(rulesFile);
    await s.page.locator('scap-rules-manager .rule', { hasText: 'Open of a library' }).waitFor();
    await s.page.locator('scap-rules-manager button.close').click();
    await s.page.locator('scap-alerts-panel button.run').click();
    await s.page.locator('scap-alerts-panel .status', { hasText: 'alerts' }).waitFor();

    const r = cli(['detect', '-r', join(root, 'samples', 'rules', 'falco_rules.yaml'), '-r', rulesFile, '--json', file]);
    expect(r.status, r.stderr).toBe(0);
    const expected = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const rows = await s.page.$$eval('scap-alerts-panel .alert', (els) => els.map((e) => ({
      rule: e.querySelector('.r')?.textContent ?? '', num: Number((e.querySelector('.n')?.textContent ?? '#0').slice(1)),
      output: e.querySelector('.o')?.textContent ?? '',
    })));
    expect(rows.map((x) => `${x.rule}|${x.output}`)).toEqual(expected.map((j) => `${j.rule}|${String(j.output).replace(/^\S+ \S+ /, '')}`));
    expect(rows.length, 'alerts to link (the user rule fires on cat_write)').toBeGreaterThan(0);

    await s.page.locator('scap-alerts-panel .alert').first().click();
    await s.page.locator(`scap-event-list .row.sel[data-num="${rows[0].num}"]`).waitFor();
    await s.page.locator('scap-alerts-panel button', { hasText: 'Explain' }).click();
    await s.page.locator('scap-explain-view .mark').first().waitFor();
    expect(await s.page.locator('scap-explain-view .mark').first().textContent()).toContain('true');
    expect(await s.page.locator('scap-explain-view .macro').count()).toBeGreaterThan(0);
    await s.shot('rules-01-explain');

    // The `rule` pseudo-field: the filter bar shows `rule = "..."` and the view holds exactly the alerting events.
    await s.page.locator('scap-alerts-panel button', { hasText: 'Filter to rule' }).click();
    await s.page.waitForFunction((n) => {
      const bar = document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar');
      return (bar?.shadowRoot?.textContent ?? '').includes(`Displayed: ${n} `);
    }, rows.filter((x) => x.rule === rows[0].rule).length);
    expect((await counts(s.page)).displayed).toBe(new Set(rows.filter((x) => x.rule === rows[0].rule).map((x) => x.num)).size);
    expect(await s.page.locator('scap-filter-bar input.expr').inputValue()).toBe(`rule = "${rows[0].rule}"`);
    // The rule column names the rule on the alerting rows.
    await s.page.locator('scap-alerts-panel button', { hasText: 'Rule column' }).click();
    await s.page.locator(`scap-event-list .row[data-num="${rows[0].num}"]`, { hasText: rows[0].rule }).waitFor();
    await s.shot('rules-02-filter-column');
    expect(foreignRequests(s)).toEqual([]);
  });

  it('keeps the user rules file and toggles across a reload; a disabled rule no longer alerts', async () => {
    await s.page.reload();
    await s.page.locator('scap-open-panel #open-file').waitFor();
    await dropFile(s.page, sample('cat_write.scap'), 'cat_write.scap');
    await waitLoaded(s.page);
    await s.page.locator('#tb-alerts').click();
    await s.page.locator('scap-alerts-panel button', { hasText: 'Rules…' }).click();
    await s.page.locator('scap-rules-manager .file', { hasText: 'user_rules.yaml' }).waitFor();
    const box = s.page.locator('scap-rules-manager .rule', { hasText: 'Open of a library' }).locator('input');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await s.page.locator('scap-rules-manager button.close').click();
    await s.page.locator('scap-alerts-panel button.run').click();
    await s.page.locator('scap-alerts-panel .status', { hasText: 'alerts' }).waitFor();
    expect(await s.page.locator('scap-alerts-panel .alert', { hasText: 'Open of a library' }).count()).toBe(0);
    const r = cli(['detect', '-r', join(root, 'samples', 'rules', 'falco_rules.yaml'), '-r', rulesFile, '-D', 'Open of a library', '--json', sample('cat_write.scap')]);
    expect(await s.page.locator('scap-alerts-panel .alert').count()).toBe(r.stdout.split('\n').filter(Boolean).length);

    // "Why not?": a rule explained on the event selected in the list.
    // Selected with Go to: a click on the row could land on another one (the list had just scrolled
    // under it in about half of the runs).
    await s.page.keyboard.press('Control+g');
    await s.page.locator('scap-goto-bar input').fill('141');
    await s.page.locator('scap-goto-bar input').press('Enter');
    await s.page.locator('scap-event-list .row.sel[data-num="141"]').waitFor();
    await s.page.locator('scap-alerts-panel .why input').fill('Read sensitive file untrusted');
    await s.page.locator('scap-alerts-panel .why button', { hasText: '#141' }).click();
    await s.page.locator('scap-explain-view .head', { hasText: 'does not match' }).waitFor();
    expect(await s.page.locator('scap-explain-view .mark.false').count()).toBeGreaterThan(0);
    // Its leaves agree with the CLI's explanation of the same event.
    const cliTree = cli(['rules', 'explain', 'Read sensitive file untrusted', sample('cat_write.scap'), '141']);
    expect(cliTree.stdout.split('\n')[0]).toBe("rule 'Read sensitive file untrusted' on event 141: does not match");
    await s.shot('rules-03-why-not');
  });

  it('runs the built-in Kubernetes audit rules over an audit log opened in the app, like scapula detect', async () => {
    const log = join(root, 'samples', 'k8s_audit', 'create_configmap_sensitive_values.json');
    await dropFile(s.page, log, 'create_configmap_sensitive_values.json');
    await waitLoaded(s.page);
    await s.page.locator('scap-alerts-panel button', { hasText: 'Rules…' }).click();
    await s.page.locator('scap-rules-manager .builtin', { hasText: 'Kubernetes audit' }).locator('input').check();
    await s.page.locator('scap-rules-manager .rule', { hasText: 'Create/Modify Configmap With Private Credentials' }).waitFor();
    await s.page.locator('scap-rules-manager button.close').click();
    await s.page.locator('scap-alerts-panel button.run').click();
    await s.page.locator('scap-alerts-panel .status', { hasText: 'alerts' }).waitFor();
    const r = cli(['detect', '-r', join(root, 'samples', 'rules', 'falco_rules.yaml'), '-r', join(root, 'samples', 'rules', 'k8s_audit_rules.yaml'),
      '-r', rulesFile, '-D', 'Open of a library', '--json', log]);
    const expected = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(expected.length).toBeGreaterThan(0);
    const rows = await s.page.$$eval('scap-alerts-panel .alert .r', (els) => els.map((e) => e.textContent ?? ''));
    expect(rows).toEqual(expected.map((j) => j.rule));
    await s.shot('rules-04-k8s-audit');
    // Export: the same Falco JSON lines the CLI prints (time, rule, priority, output_fields, tags, source).
    const [download] = await Promise.all([s.page.waitForEvent('download'),
      s.page.locator('scap-alerts-panel button', { hasText: 'Export JSON' }).click()]);
    const exported = readFileSync((await download.path())!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const strip = (j: Record<string, unknown>) => ({ ...j, hostname: '', output: '' });
    expect(exported.map(strip)).toEqual(expected.map(strip));
  });
});

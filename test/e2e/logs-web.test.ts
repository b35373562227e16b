// Raw logs in the browser: a Kubernetes audit log and a CloudTrail file dropped on the app open by
// content (no file-name rules), and clicking a ka.* / ct.* field highlights exactly the bytes of its
// value inside the raw JSON payload, in the hex view and in the formatted JSON view; ka.* filters give
// the CLI's counts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  haveChromium, startSession, dropFile, waitLoaded, counts, foreignRequests, root, applyFilter, cliCount, type Session,
} from './harness.ts';

const AUDIT = join(root, 'samples', 'k8s_audit', 'create_nginx_pod_privileged.json');
const CLOUDTRAIL = join(root, 'samples', 'cloudtrail_alice_start_instances.json');

async function hexHighlight(s: Session): Promise<{ offs: number[]; text: string }> {
  const hl = await s.page.$$eval('scap-hex-view .b.hl', (els) => els.map((e) => ({ off: Number(e.getAttribute('data-off')), hex: e.textContent ?? '' })));
  return { offs: hl.map((b) => b.off), text: Buffer.from(hl.map((b) => b.hex).join(''), 'hex').toString('utf8') };
}

async function selectField(s: Session, field: string): Promise<void> {
  await s.page.locator(`scap-detail-tree .node[data-field="${field}"]`).first().click();
  await s.page.locator('scap-hex-view .b.hl').first().waitFor();
}

describe.skipIf(!haveChromium)('raw logs in the web app', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession();
    await s.page.goto(s.url);
    await s.page.locator('scap-open-panel #open-file').waitFor();
  }, 300_000);
  afterAll(async () => { await s?.close(); });

  it('drop an audit log, select the event, click ka.user.name: the user name inside the raw JSON is highlighted', async () => {
    await dropFile(s.page, AUDIT, 'audit-log.txt');
    await waitLoaded(s.page);
    expect((await counts(s.page)).total).toBe(1);
    await s.page.locator('scap-event-list .row[data-num="1"]').click();
    await s.page.locator('scap-detail-tree .node[data-field="ka.user.name"]').waitFor();
    const user = JSON.parse(readFileSync(AUDIT, 'utf8')).user.username as string;
    expect(await s.page.locator('scap-detail-tree .node[data-field="ka.user.name"] .value').first().textContent()).toBe(user);

    await selectField(s, 'ka.user.name');
    const hex = await hexHighlight(s);
    expect(hex.text).toBe(JSON.stringify(user));
    hex.offs.forEach((o, i) => expect(o).toBe(hex.offs[0] + i));
    // The same bytes in the formatted JSON view, and it is the value of the "username" member.
    const marked = await s.page.locator('scap-json-view mark.hl').allTextContents();
    expect(marked).toEqual([JSON.stringify(user)]);
    const line = await s.page.locator('scap-json-view .ln', { has: s.page.locator('mark.hl') }).textContent();
    expect(line?.trim()).toBe(`"username": ${JSON.stringify(user)},`);
    await s.shot('logs-01-audit-user');
  });

  it('a sub-range value (image repository) is highlighted alone, and clicking a JSON value selects its field', async () => {
    await selectField(s, 'ka.req.pod.containers.image.repository');
    const hex = await hexHighlight(s);
    expect(hex.text).toBe('nginx');
    expect(await s.page.locator('scap-json-view mark.hl').allTextContents()).toEqual(['nginx']);
    // Click the "verb" value in the JSON view: ka.verb gets selected in the tree.
    await s.page.locator('scap-json-view .ln', { hasText: '"verb": "create"' }).locator('.v').click();
    expect(await s.page.locator('scap-detail-tree .node.sel').getAttribute('data-field')).toBe('ka.verb');
    expect((await hexHighlight(s)).text).toBe('"create"');
    // A nested value's JSON pointer goes through objects and arrays.
    await s.page.locator('scap-json-view .ln', { hasText: '"image": "nginx"' }).first().locator('.v').click({ button: 'right' });
    await s.page.locator('scap-context-menu').getByText('Prepare as filter', { exact: true }).click();
    expect(await s.page.locator('scap-filter-bar input.expr').inputValue()).toBe('json.value[/requestObject/spec/containers/0/image] = nginx');
    await s.page.locator('scap-filter-bar input.expr').fill('');
  });

  it('a multi-event audit log filters on ka.* fields like the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scapula-logs-e2e-'));
    const file = join(dir, 'audit.log');
    const lines = readdirSync(join(root, 'samples', 'k8s_audit')).sort()
      .flatMap((f) => readFileSync(join(root, 'samples', 'k8s_audit', f), 'utf8').split('\n'))
      .filter((l) => l.trim().startsWith('{"'));
    writeFileSync(file, lines.join('\n') + '\n');
    await dropFile(s.page, file, 'audit.log');
    await waitLoaded(s.page);
    expect((await counts(s.page)).total).toBe(cliCount(file));
    for (const expr of ['ka.verb=create and ka.target.resource=pods', 'ka.req.pod.containers.privileged intersects (true)', 'evt.source=k8s_audit and ka.user.name startswith system:']) {
      await applyFilter(s.page, expr);
      const want = cliCount(file, expr);
      expect(want, expr).toBeGreaterThan(0);
      expect((await counts(s.page)).displayed, expr).toBe(want);
    }
    await applyFilter(s.page, '');
    // Right click any value in the JSON view: filter on it by JSON pointer.
    await s.page.locator('scap-event-list .row[data-num="1"]').click();
    const verb = JSON.parse(lines[0]).verb as string;
    await s.page.locator('scap-json-view .ln', { hasText: `"verb": "${verb}"` }).locator('.v').click({ button: 'right' });
    await s.page.locator('scap-context-menu').getByText('Apply as filter', { exact: true }).click();
    const expr = `json.value[/verb] = ${verb}`;
    await s.page.waitForFunction((e) => {
      const sb = document.querySelector('scap-app')?.shadowRoot?.querySelector('scap-status-bar')?.shadowRoot;
      return sb?.querySelector('#count-displayed')?.getAttribute('data-filter') === e;
    }, expr, { timeout: 30_000 });
    expect((await counts(s.page)).displayed).toBe(cliCount(file, expr));
    await applyFilter(s.page, '');
  });

  it('log strings are shown as text, never as HTML (detail tree and JSON view)', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const dir = mkdtempSync(join(tmpdir(), 'scapula-logs-e2e-'));
    const file = join(dir, 'evil.log');
    const ev = JSON.parse(readFileSync(AUDIT, 'utf8'));
    ev.user.username = evil;
    ev.annotations = { [evil]: evil };
    writeFileSync(file, JSON.stringify(ev) + '\n');
    await dropFile(s.page, file, 'evil.log');
    await waitLoaded(s.page);
    await s.page.locator('scap-event-list .row[data-num="1"]').click();
    await selectField(s, 'ka.user.name');
    expect(await s.page.locator('scap-detail-tree .node[data-field="ka.user.name"] .value').first().textContent()).toBe(evil);
    expect(await s.page.locator('scap-json-view mark.hl').allTextContents()).toEqual([JSON.stringify(evil)]);
    const imgs = await s.page.evaluate(() => {
      const count = (root: Document | ShadowRoot): number => {
        let n = root.querySelectorAll('img').length;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) n += count(el.shadowRoot);
        return n;
      };
      return count(document);
    });
    expect(imgs).toBe(0);
    expect(await s.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('drop a CloudTrail file: ct.user highlights "Alice" in the record', async () => {
    await dropFile(s.page, CLOUDTRAIL, 'trail.json');
    await waitLoaded(s.page);
    expect((await counts(s.page)).total).toBe(1);
    // The Info column shows the plugin's summary, the same text the CLI prints for %evt.plugininfo.
    const summary = execFileSync(process.execPath, [join(root, 'bin', 'scapula.mjs'), 'read', CLOUDTRAIL, '-p', '%evt.plugininfo'],
      { encoding: 'utf8' }).trim();
    expect(summary).toMatch(/StartInstances/);
    expect((await s.page.locator('scap-event-list .row[data-num="1"] .c-info').textContent())?.trim()).toBe(summary);
    await s.page.locator('scap-event-list .row[data-num="1"]').click();
    await s.page.locator('scap-detail-tree .node[data-field="ct.user"]').waitFor();
    await selectField(s, 'ct.user');
    expect((await hexHighlight(s)).text).toBe('"Alice"');
    await selectField(s, 'ct.shortsrc');
    expect((await hexHighlight(s)).text).toBe('ec2');
    await s.shot('logs-02-cloudtrail');
    expect(foreignRequests(s)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});

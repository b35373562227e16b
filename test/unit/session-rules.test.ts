// Falco rules through the Session (the alerts panel's calls, made in Node) on a capture recorded here
// that reads /etc/shadow: the alerts equal `scapula detect --json`'s; with every match in the legacy
// model each rule alerts exactly on the events `scapula read` selects with the rule's expanded
// condition; the `rule` pseudo-field and column follow the alerts; Explain says why the rule fired.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertRow, RulesLoadReport } from '../../engine/api.ts';
import type { Session } from '../../engine/session/session.ts';
import { nodeOpen, oracleNums, record, scapula, workerOpen, ROOT } from './session-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'scapula-session-rules-'));
const rec = join(dir, 'rec.scap');
const RULES = join(ROOT, 'samples', 'rules', 'falco_rules.yaml');
let s: Session;
let report: RulesLoadReport;

beforeAll(async () => {
  record(rec, 'cat /etc/shadow > /dev/null; cat /etc/passwd > /dev/null; sleep 0.05');
  s = await nodeOpen(rec);
  report = await s.rulesLoad([{ name: 'falco_rules.yaml', text: readFileSync(RULES, 'utf8') }]);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function allAlerts(rule?: string): Promise<AlertRow[]> {
  const n = await s.rulesAlertCount(rule);
  const out: AlertRow[] = [];
  for (let k = 0; k < n; k += 5000) out.push(...(await s.rulesAlerts(k, 5000, rule)));
  return out;
}

describe('Session rules', () => {
  it("alert as scapula detect --json does (rule, priority, time, output)", async () => {
    expect(report.ok).toBe(true);
    const sum = await s.rulesRun({ model: 'current' });
    const cli = scapula(['detect', '--json', rec]);
    expect(cli.status).toBe(0);
    const want = cli.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string; priority: string; output: string; time: string });
    expect(want.some((a) => a.rule === 'Read sensitive file untrusted')).toBe(true);
    const got = await allAlerts();
    expect(sum.alerts).toBe(want.length);
    expect(got.map((a) => a.rule)).toEqual(want.map((a) => a.rule));
    expect(got.map((a) => a.priority)).toEqual(want.map((a) => a.priority));
    // the JSON time is the UTC ISO time of the event, to the nanosecond
    const iso = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().slice(0, 19) + '.' + (BigInt(ns) % 1_000_000_000n).toString().padStart(9, '0') + 'Z';
    expect(got.map((a) => iso(a.ts))).toEqual(want.map((a) => a.time));
    expect(got.map((a) => a.output)).toEqual(want.map((a) => a.output.replace(/^\S+: \S+ /, '')));
  });

  it("alert, with every match in the legacy model, exactly on each rule's condition's events", async () => {
    const sum = await s.rulesRun({ model: 'legacy', matching: 'all' });
    expect(sum.alerts).toBeGreaterThan(0);
    for (const [rule, count] of Object.entries(sum.counts)) {
      const info = report.rules.find((r) => r.name === rule)!;
      const want = oracleNums(rec, info.condition);
      const nums = (await allAlerts(rule)).map((a) => a.num);
      expect(nums, rule).toEqual(want);
      expect(count, rule).toBe(want.length);
    }
  });

  it('drive the rule pseudo-field, the rule column and Explain', async () => {
    await s.rulesRun({ model: 'current' });
    const alerts = await allAlerts();
    const nums = [...new Set(alerts.map((a) => a.num))].sort((a, b) => a - b);
    expect(await s.rulesAlertNums()).toEqual(nums);
    const r = await s.setFilter('rule exists');
    expect(r.ok).toBe(true);
    const rows = await s.rows(0, 10_000, ['rule', 'proc.name']);
    expect(rows.map((x) => x.num)).toEqual(nums);
    for (const row of rows) {
      expect(row.extra!.rule).toBe(alerts.filter((a) => a.num === row.num).map((a) => a.rule).join(', '));
      expect(row.extra!['proc.name']).toBe(row.proc);
    }
    const shadow = alerts.find((a) => a.rule === 'Read sensitive file untrusted')!;
    expect((await s.setFilter(`rule = "${shadow.rule}"`)).count).toBe(alerts.filter((a) => a.rule === shadow.rule).length);
    expect((await s.rulesExplain(shadow.id)).result).toBe('true');
    expect((await s.rulesExplainEvent(shadow.rule, shadow.index, 'current')).result).toBe('true');
    // an event of another process: the rule does not fire there
    const other = (await s.setFilter('proc.name != cat and evt.type = openat')).count;
    expect(other).toBeGreaterThan(0);
    const [row] = await s.rows(0, 1);
    expect((await s.rulesExplainEvent(shadow.rule, row.index, 'current')).result).not.toBe('true');
    await s.setFilter('');
  });

  it("rule before any run: no events in the app's Session, an unknown field in the CLI's until rules load", async () => {
    const web = await workerOpen(rec);
    const r = await web.setFilter('rule exists');
    expect(r.ok && r.count).toBe(0);
    expect(await web.setColoring(['rule exists'])).toEqual([null]);
    const cli = await nodeOpen(rec);
    const e = await cli.setFilter('rule exists');
    expect(e.ok).toBe(false);
    expect(e.error?.message).toMatch(/rule/);
    expect(scapula(['read', rec, 'rule exists']).status).toBe(2);
  });
});

// Plugin events (k8s audit, CloudTrail) print with sysdig's plugin line when no -p is given
// (`*%evt.num %evt.datetime.s [%evt.pluginname] %evt.plugininfo`, from sysdig's source: no plugin-capable
// oracle is installed); with -p the same format applies to every event, as in sysdig.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const run = (...args: string[]) => spawnSync('node', ['bin/scapula.mjs', 'read', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

describe('plugin event lines', () => {
  it('default: the plugin line, with the plugin name from the registry and the plugin\'s summary', () => {
    const r = run('samples/cloudtrail_alice_start_instances.json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^\d+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[cloudtrail\] \S/);
    // the time is the record's eventTime
    const rec = JSON.parse(readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8'));
    const t = (rec.Records?.[0] ?? rec).eventTime.replace('T', ' ').replace('Z', '');
    expect(lines[0]).toContain(t);
  });

  it('-p applies to plugin events too; -j keys follow the plugin line', () => {
    const p = run('samples/k8s_audit/create_configmap.json', '-p', '%evt.num %evt.type %evt.pluginname');
    expect(p.stdout.trim()).toMatch(/^1 pluginevent k8saudit$/m);
    const j = run('samples/cloudtrail_alice_start_instances.json', '-j');
    const o = JSON.parse(j.stdout.split('\n')[0]);
    expect(Object.keys(o)).toEqual(['evt.datetime.s', 'evt.num', 'evt.plugininfo', 'evt.pluginname']);
  });
});

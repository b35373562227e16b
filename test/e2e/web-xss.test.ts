// Browser end-to-end: capture strings are attacker-controlled. A real capture (written with the scap
// writer, read by the CLI) whose process names, paths, buffers and host name are HTML/script must show
// them as text everywhere (list, detail, hex, properties) and execute nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, dropFile, waitLoaded, counts, cliCount, cli, foreignRequests, type Session } from './harness.ts';
import { ScapWriter, P } from '../../engine/scap/writer.ts';
import { EVENT_NAMES, EVENT_DIRS, EVENT_PARAM_TYPES } from '../../engine/generated/schema.ts';

const PROC = '<img src=x onerror="window.__xss=1">';
const PATH = '/tmp/<script>window.__xss=2</script><b>x</b>.txt';
const DATA = '<svg onload="window.__xss=3"><iframe src="javascript:window.__xss=4">';
const HOST = '<marquee>host</marquee>';

function typeCode(name: string, dir: 'enter' | 'exit'): number {
  const i = EVENT_NAMES.findIndex((n, k) => n === name && EVENT_DIRS[k] === dir);
  if (i < 0) throw new Error(`no event ${name} ${dir}`);
  return i;
}

/** Encodes values by the schema's parameter types. */
function params(code: number, values: (string | number)[]): Uint8Array[] {
  return EVENT_PARAM_TYPES[code].map((t, k) => {
    const v = values[k] ?? 0;
    switch (t) {
      case 'PT_FSPATH': case 'PT_CHARBUF': case 'PT_FSRELPATH': return P.str(String(v));
      case 'PT_BYTEBUF': return P.bytes(String(v));
      case 'PT_FD': case 'PT_ERRNO': case 'PT_PID': case 'PT_INT64': return P.i64(Number(v));
      case 'PT_UINT64': return P.u64(Number(v));
      case 'PT_UINT16': return P.u16(Number(v));
      case 'PT_UINT8': return P.u8(Number(v));
      default: return P.u32(Number(v));
    }
  });
}

function hostileCapture(): string {
  const w = new ScapWriter();
  const t0 = 1_700_000_000_000_000_000n;
  w.shb().machineInfo({ numCpus: 2, memoryBytes: 1n << 30n, maxPid: 32768n, hostname: HOST })
    .processList([{ tid: 4242n, pid: 4242n, ptid: 1n, comm: PROC, exe: PROC, args: ['<i>arg</i>'], cwd: '/<u>cwd</u>/' }]);
  const oe = typeCode('open', 'enter'), ox = typeCode('open', 'exit');
  const we = typeCode('write', 'enter'), wx = typeCode('write', 'exit');
  w.event({ ts: t0, tid: 4242n, cpu: 0, type: oe, params: params(oe, [PATH, 1, 0]) });
  w.event({ ts: t0 + 1000n, tid: 4242n, cpu: 0, type: ox, params: params(ox, [3, PATH, 1, 0, 0, 0]) });
  w.event({ ts: t0 + 2000n, tid: 4242n, cpu: 1, type: we, params: params(we, [3, DATA.length]) });
  w.event({ ts: t0 + 3000n, tid: 4242n, cpu: 1, type: wx, params: params(wx, [DATA.length, DATA, 3, DATA.length]) });
  const file = join(mkdtempSync(join(tmpdir(), 'scapula-xss-')), 'hostile.scap');
  writeFileSync(file, w.result());
  return file;
}

describe.skipIf(!haveChromium)('hostile capture strings in Chromium', () => {
  let s: Session;
  let file: string;
  const dialogs: string[] = [];
  beforeAll(async () => {
    file = hostileCapture();
    s = await startSession();
    s.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await s.page.goto(s.url);
  });
  afterAll(async () => { await s?.close(); });

  it('the CLI reads the hostile capture', () => {
    expect(cliCount(file)).toBeGreaterThanOrEqual(4);
    expect(cli(['read', file, '-p', '%proc.name']).stdout).toContain(PROC);
  });

  it('renders process names, paths, buffers and host name as text and runs nothing', async () => {
    await dropFile(s.page, file, '<b>hostile</b>.scap');
    await waitLoaded(s.page);
    expect((await counts(s.page)).displayed).toBe(cliCount(file));
    await s.page.locator('scap-event-list .row[data-pos="1"][data-num]').waitFor();
    const procCells = await s.page.$$eval('scap-event-list .rows .row .c-proc', (els) => els.map((e) => e.textContent));
    expect(procCells).toContain(PROC);
    const info = await s.page.$$eval('scap-event-list .rows .row .c-info', (els) => els.map((e) => e.textContent).join('\n'));
    expect(info).toContain(PATH);
    // Detail of the open exit and the write exit, and the properties dialog.
    await s.page.locator('scap-event-list .row[data-pos="1"]').click();
    await s.page.locator('scap-detail-tree .node[data-field="proc.name"]').waitFor();
    expect(await s.page.locator('scap-detail-tree .node[data-field="proc.name"] .value').textContent()).toBe(PROC);
    expect(await s.page.locator('scap-detail-tree').evaluate((e) => e.shadowRoot!.textContent)).toContain(PATH);
    await s.page.locator('scap-event-list .row[data-pos="3"]').click();
    await s.page.locator('scap-detail-tree .node[data-field="evt.arg.data"]').click();
    // The followed stream shows the written HTML as text.
    await s.page.locator('scap-app #tb-follow').click();
    await s.page.locator('scap-stream-view pre.chunk').first().waitFor();
    expect(await s.page.locator('scap-stream-view pre.chunk').first().textContent()).toBe(DATA);
    await s.page.keyboard.press('Escape');
    await s.page.locator('scap-status-bar #properties').click();
    await s.shot('06-hostile-strings');
    const dangerous = await s.page.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (/^(IMG|SCRIPT|SVG|IFRAME|MARQUEE|B|I|U)$/i.test(el.tagName) && el.closest('head') === null) found.push(el.outerHTML.slice(0, 80));
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found;
    });
    expect(dangerous).toEqual([]);
    expect(await s.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await s.page.locator('scap-properties-dialog').evaluate((e) => e.shadowRoot!.textContent)).toContain(HOST);
    expect(s.requests.filter((u) => /\/x$|javascript:/.test(u))).toEqual([]);
    expect(foreignRequests(s)).toEqual([]);
  });
});

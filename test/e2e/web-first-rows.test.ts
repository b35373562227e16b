// Browser end-to-end: a live recording (made by the recorder during the test, plain .scap, ~15 MB: many
// walker steps) shows its first screenful of rows while it is still loading, and those rows, then the
// loaded capture's counts and last row, are the CLI's. Only the order of events is asserted (rows on
// screen while the progress bar is still up); how fast is measured by bench/web.ts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveChromium, startSession, waitLoaded, counts, cli, cliCount, type Session } from './harness.ts';
import { unavailable, buildRecorder } from '../recorder/harness.ts';

const why = !haveChromium ? 'no Chromium' : unavailable();
/** Rows compared with the CLI's lines. */
const FIRST = 15;

interface ShownRow { num: number; type: string; info: string }

/** The CLI's rows (number, type, info), as `scapula read` prints them. */
function cliRows(file: string): ShownRow[] {
  const r = cli(['read', file, '-p', '*%evt.num\t%evt.type\t%evt.info']);
  if (r.status !== 0) throw new Error(`scapula read failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const [num, type, ...info] = l.split('\t');
    return { num: Number(num), type, info: info.join('\t') };
  });
}

describe.skipIf(why !== null)(`first rows of a live recording while it loads, in Chromium (${why ?? 'root + BTF + Chromium'})`, () => {
  let s: Session;
  let file: string;
  beforeAll(async () => {
    buildRecorder();
    file = join(mkdtempSync(join(tmpdir(), 'scapula-first-rows-')), 'live.scap');
    const r = cli(['capture', '-q', '-w', file, '--', 'sh', '-c', 'for i in 1 2 3 4; do find /usr/lib /usr/share -maxdepth 3 > /dev/null; done']);
    if (r.status !== 0) throw new Error(`capture failed (${r.status}): ${r.stderr}`);
    s = await startSession();
    await s.page.goto(s.url);
  }, 120_000);
  afterAll(async () => { await s?.close(); });

  it('shows the CLI\'s first rows before the load ends, then the CLI\'s count and last row', { timeout: 120_000 }, async () => {
    // Several walker steps (the first after 64 KiB, then up to 1 MiB each): room for rows before the end.
    expect(statSync(file).size).toBeGreaterThan(8 << 20);
    // In the page, at the first frame with rows on screen: is the progress bar still up, and which rows are they.
    await s.page.evaluate(`(() => {
      window.__firstFrame = null;
      function look() {
        const app = document.querySelector('scap-app').shadowRoot;
        const list = app.querySelector('scap-event-list');
        const rows = list && list.shadowRoot ? [...list.shadowRoot.querySelectorAll('.rows .row[data-num]')] : [];
        if (rows.length >= ${FIRST}) {
          window.__firstFrame = {
            loading: !!app.querySelector('scap-load-progress'),
            rows: rows.slice(0, ${FIRST}).map((e) => ({
              num: Number(e.getAttribute('data-num')),
              type: e.querySelector('.c-type')?.textContent ?? '',
              info: e.querySelector('.c-info')?.textContent ?? '',
            })),
          };
          return;
        }
        requestAnimationFrame(look);
      }
      requestAnimationFrame(look);
    })()`);
    await s.page.locator('scap-open-panel input[type=file]').setInputFiles(file);
    await waitLoaded(s.page);
    const first = await s.page.evaluate('window.__firstFrame') as { loading: boolean; rows: ShownRow[] } | null;
    expect(first, 'a screenful of rows was shown').not.toBeNull();
    expect(first!.loading, 'the first rows were on screen while the capture was still loading').toBe(true);
    const want = cliRows(file);
    expect(first!.rows).toEqual(want.slice(0, FIRST));
    // Loaded: the CLI's count, and the last row is the CLI's last line.
    expect((await counts(s.page)).displayed).toBe(cliCount(file));
    await s.page.locator('scap-event-list .viewport').focus();
    await s.page.keyboard.press('End');
    const last = s.page.locator(`scap-event-list .row.sel[data-pos="${want.length - 1}"][data-num]`);
    await last.waitFor();
    expect({
      num: Number(await last.getAttribute('data-num')),
      type: await last.locator('.c-type').textContent(),
      info: await last.locator('.c-info').textContent(),
    }).toEqual(want[want.length - 1]);
  });
});

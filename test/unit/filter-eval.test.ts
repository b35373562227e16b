// The evaluator on real captures, for what the sysdig corpus cannot check (newer syntax) and for the
// engine API: transformers (tolower/toupper/basename/len/b64, concat/join/getopt with the doc's §7
// examples), modifiers, val(), evt.around, the fast paths (event-type tables, index columns, per-thread
// memo) agreeing with the general path, masked runs, and Capture.filter / selection for the CLI.
// Expected event numbers come from the capture cheat-sheet of shared/docs/filter-language.md §15.
import { describe, it, expect, beforeAll } from 'vitest';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import type { Capture } from '../../engine/capture.ts';
import { compileFilter, indicesToBitset } from '../../engine/filter/index.ts';
import { selectEvents } from '../../engine/filter/select.ts';

let cat: Capture;
beforeAll(async () => { cat = await openCaptureFile('samples/captures/cat_write.scap'); });

function nums(expr: string, cap = cat): number[] {
  const r = cap.filter(expr);
  if (!r.ok) throw new Error(`${expr}: ${r.error.message}`);
  return Array.from(r.indices, (i) => i + 1);
}
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('filter evaluator', () => {
  it('single-field transformers', () => {
    expect(nums('toupper(proc.name) = CAT and evt.type=execve')).toEqual([131]);
    expect(nums('tolower(toupper(proc.name)) = cat and evt.type=execve')).toEqual([131]);
    expect(nums('basename(fd.name) = null and evt.dir=<')).toEqual([197, 199, 205, 209]);
    expect(nums('len(fd.name) = 9 and evt.type=open and evt.dir=<')).toEqual([197]);
    expect(nums('len(fd.name) > 29 and evt.type=open and evt.dir=<')).toEqual([151, 187]);
    // b64() decodes (padding optional): "cat" is valid base64, paths with '.' or '-' are not (missing)
    expect(nums('b64(proc.name) exists and evt.num < 133')).toEqual([131, 132]);
    expect(nums('b64(fd.name) exists and evt.type = open and evt.dir = <')).toEqual([]);
    expect(nums('proc.name = tolower(proc.name) and evt.num < 133')).toEqual([131, 132]);
  });

  it('concat, join and getopt (doc §7)', () => {
    expect(nums('concat(proc.name, "-", fd.filename) = cat-null')).toEqual([197, 198, 199, 204, 205, 208, 209]);
    expect(nums('join("|", (proc.name, fd.name)) = "cat|/dev/null"')).toEqual([197, 198, 199, 204, 205, 208, 209]);
    expect(nums('join(",", (proc.name, proc.pid, "x")) = "cat,20072,x" and evt.num = 131')).toEqual([131]);
    expect(nums('join(",", ()) = "" and evt.num = 131')).toEqual([131]);
    expect(nums('getopt(("-p","8080","x"), "p:")[p] = 8080 and evt.num = 131')).toEqual([131]);
    expect(nums('getopt(("-p8080"), "p:")[p] = 8080 and evt.num = 131')).toEqual([131]);
    expect(nums('getopt(("-x","-n"), "n") intersects ("?", "n") and evt.num = 131')).toEqual([131]);
    expect(nums('getopt(("-nt","v"), "nt") in (n, t) and evt.num = 131')).toEqual([131]);
    expect(nums('getopt(("a","-n"), "n") intersects (n) and evt.num = 131')).toEqual([]); // stops at a non-option
    expect(nums('getopt(("--", "-n"), "n") intersects (n) and evt.num = 131')).toEqual([]); // stops at --
    expect(nums('getopt(("-n"), "n")[x] exists and evt.num = 131')).toEqual([]); // absent option: missing
    expect(nums('concat(proc.name, "x") = catx and evt.type = execve')).toEqual([131]);
    expect(nums('concat(proc.name, fd.name) exists and evt.type = execve')).toEqual([]); // an argument is missing
  });

  it('modifiers (N13-N17)', () => {
    expect(nums('proc.name == oneof (cat, bash) and evt.type=execve')).toEqual([131]);
    expect(nums('fd.name startswith anyof (/usr, /dev) and evt.type=open and evt.dir=<')).toEqual([187, 197]);
    expect(nums('fd.name contains allof (lib, so) and evt.type=open and evt.dir=<')).toEqual([151]);
    expect(nums('fd.name contains oneof (lib, so) and evt.type=open and evt.dir=<')).toEqual([141, 187]);
    expect(nums('fd.name != allof (/dev/null, /etc/ld.so.cache) and evt.type=open and evt.dir=<')).toEqual([151, 187]);
    expect(nums('fd.name == anyof () and evt.dir=<')).toEqual([]);
  });

  it('field-to-field, evt.around, regex, iglob, bytes', () => {
    expect(nums('fd.num = val(evt.rawres) and evt.type=open')).toEqual([141, 151, 187, 197]);
    expect(nums('evt.around[1470327477881730713] = 0')).toEqual([131]);
    expect(nums('fd.name regex ".*\\\\.so\\\\.[0-9]+" and evt.dir=<')).toEqual([151, 153, 155, 165]);
    expect(nums('fd.name regex null')).toEqual([]);
    expect(nums('fd.name iglob "/DEV/*"')).toEqual([197, 198, 199, 204, 205, 208, 209]);
    expect(nums('evt.buffer bcontains 454c46')).toEqual([153]);
    expect(nums('evt.buffer bstartswith 7f454c46')).toEqual([153]);
  });

  it('ordered string comparisons are byte order (strcmp), with fields, transformers and the value cache', () => {
    const named = nums('fd.name exists');
    for (const p of ['', '/dev/null', '/etc', '/lib/x86_64-linux-gnu/libc.so.6', '/usr', '\u00e9']) {
      const q = JSON.stringify(p);
      const lt = nums(`fd.name < ${q}`), ge = nums(`fd.name >= ${q}`), eq = nums(`fd.name = ${q}`);
      // < and >= split the events that have a name; <= is < or =, > is >= without =
      expect([...lt, ...ge].sort((a, b) => a - b), p).toEqual(named);
      expect(lt.filter((n) => ge.includes(n)), p).toEqual([]);
      expect(nums(`fd.name <= ${q}`), p).toEqual([...lt, ...eq].sort((a, b) => a - b));
      expect(nums(`fd.name > ${q}`), p).toEqual(ge.filter((n) => !eq.includes(n)));
    }
    expect(nums('fd.name < ""')).toEqual([]);
    expect(nums('fd.name < "\u00e9"')).toEqual(named); // 0xc3 sorts after every ASCII byte
    // "" names (195 211 213) sort first; a path is greater than its directory (a proper prefix)
    expect(nums('fd.name <= /etc and evt.dir=<')).toEqual([195, 197, 199, 205, 209, 211, 213]);
    expect(nums('toupper(fd.name) < /E and evt.dir=<')).toEqual([195, 197, 199, 205, 209, 211, 213]);
    expect(nums('fd.name > val(fd.directory) and evt.dir=<')).toEqual([141, 143, 147, 151, 153, 155, 165, 187, 189, 193, 197, 199, 205, 209]);
  });

  it('fast paths agree with the general path', () => {
    // event-type tables vs the same check through the extractor (a transformer forces the general path)
    for (const [fast, slow] of [
      ['evt.type = open', 'tolower(evt.type) = open'], ['evt.type in (open, close)', 'tolower(evt.type) in (open, close)'],
      ['evt.dir = <', 'tolower(evt.dir) = <'], ['evt.type glob "fstat"', 'tolower(evt.type) glob "fstat"'], ['syscall.type glob "*stat*"', 'tolower(syscall.type) glob "*stat*"'],
      ['proc.name = cat', 'tolower(proc.name) = cat'], ['proc.pid = 20072', 'proc.pid = val(proc.pid) and proc.pid = 20072'],
      ['evt.num > 200', 'evt.num > 200 and evt.num = val(evt.num)'], ['evt.cpu = 0', 'evt.cpu = val(evt.cpu) and evt.cpu = 0'],
    ]) {
      expect(nums(fast), fast).toEqual(nums(slow));
    }
    expect(nums('evt.type=open and evt.dir=<')).toEqual([141, 151, 187, 197]);
    expect(nums('thread.tid = 20072 and evt.num < 133')).toEqual([131, 132]);
  });

  it('re-filtering the same string field (value cache) gives the same answers', () => {
    const first = nums('fd.name startswith /dev');
    expect(nums('fd.name contains null')).toEqual([197, 198, 199, 204, 205, 208, 209]);
    expect(nums('fd.name startswith /dev')).toEqual(first);
    expect(nums('fd.name = ""')).toEqual([195, 211, 213]);
    expect(nums('not fd.name exists and evt.type in (open, read, mmap)')).toEqual(
      [136, 137, 140, 144, 145, 150, 156, 157, 160, 161, 162, 163, 166, 167, 168, 169, 170, 171, 186, 190, 191, 196, 202, 203]);
  });

  it('masked runs only consider the mask', () => {
    const c = compileFilter('evt.type = open');
    if (!c.ok) throw new Error(c.error.message);
    const all = cat.runPlan(c.plan.plan);
    const mask = indicesToBitset(all.slice(0, 2), cat.eventCount);
    expect(Array.from(cat.runPlanMasked(c.plan.plan, mask))).toEqual(Array.from(all.slice(0, 2)));
  });

  it('the API: Capture.filter, errors, CLI selection', () => {
    const ok = cat.filter('evt.type = open and evt.dir = <');
    expect(ok.ok && ok.count).toBe(4);
    expect('error' in ok).toBe(false);
    const bad = cat.filter('evt.type = open and proc.nmae = cat');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toEqual({ pos: 20, line: 1, col: 21, message: "unknown field 'proc.nmae' (did you mean 'proc.name'?)" });
    const sel = selectEvents(cat, 'evt.num in (131, 140)');
    expect(sel.length).toBe((cat.eventCount + 7) >> 3);
    expect((sel[130 >> 3] >> (130 & 7)) & 1).toBe(1);
    expect((sel[139 >> 3] >> (139 & 7)) & 1).toBe(1);
    expect(sel.reduce((a, b) => a + b.toString(2).split('1').length - 1, 0)).toBe(2);
    expect(() => selectEvents(cat, 'evt.num = 0x83')).toThrow('1:11: 0x83 is not a valid number');
    expect(nums('evt.num < -1')).toEqual(range(131, 215));
  });
});

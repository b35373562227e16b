// `scapula read` on every sample capture: the default line, -j JSON, -n counting, -p formats with and without
// the leading `*`, and broad -p formats of process/thread/fd/user/evt fields. Each output is compared with its
// stored expectation (test/golden/expected/read-sysdig/, see test/lib/golden.ts) on every machine, and with
// the real sysdig (Debian's 0.29.3), live, where it is installed. The same output must come out when the
// capture arrives in 7-byte chunks. The only accepted differences from sysdig come from sysdig 0.29.3 being
// older (see KNOWN DIFFERENCES).
//
// KNOWN DIFFERENCES (sysdig 0.29.3 is older):
// 1. Generic `syscall` events whose PPM_SC code sysdig 0.29.3's table does not name: it prints
//    `<unknown>` as evt.type (cat_write.scap: fadvise64, native id 221); we print the name from the
//    current libs table. Checked: where sysdig says `<unknown>`, we print a real syscall name.
// Seen on current captures (our recorder, checked by hand: 19,860 of 20,807 sysdig lines identical, the rest
// explained here), not in the samples:
// 2. Event types newer than sysdig 0.29.3's table (code >= 336: newfstatat, statx, getxattr, ...): sysdig skips
//    them without numbering them; we show and number them, so evt.num differs after the first one.
// 3. Parameters appended since (exit events that carry the enter params, `read` exit = res, data, fd, size):
//    sysdig prints those its table knows, we print all of them.
// 4. Parameters renamed or retyped since (execve `pgid` -> `vpgid`, `loginuid` INT32 -> UID `-1(<NONE>)`)
//    and generic syscalls renamed (`sigreturn` -> `rt_sigreturn`): we follow the current schema.
// 5. Empty (zero-length) parameters: sysdig 0.29.3 reads past them (`name=-100`, garbage fd lists); we print
//    `<NA>` / `NULL` as current libs do.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openCaptureFile, nodeEngine } from '../../engine/node/capture-file.ts';
import { Capture } from '../../engine/capture.ts';
import { haveSysdig, sysdig as runSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';
import { goldens } from '../lib/golden.ts';

const dir = 'samples/captures';
const samples = readdirSync(dir).filter((f) => f.endsWith('.scap')).sort();

const live = haveSysdig();

function sysdig(args: string[]): string {
  return sysdigOutput(args);
}

/** Applies the known-difference rules to one pair of lines; returns sysdig's line as we should print it. */
function expectedLine(sys: string, ours: string): string {
  // 1. `<unknown>` generic syscall names: accept the real name we print at the same position.
  if (!sys.includes('<unknown>')) return sys;
  const s = sys.split(' ');
  const o = ours.split(' ');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<unknown>' && o[i] && /^[a-z0-9_]+$/.test(o[i])) s[i] = o[i];
  }
  return s.join(' ');
}

function compareLines(sysOut: string, ourOut: string): void {
  const s = sysOut.split('\n');
  const o = ourOut.split('\n');
  expect(o.length).toBe(s.length);
  const want = s.map((line, i) => expectedLine(line, o[i] ?? ''));
  // Compare as whole text so a failure shows the first differing lines in context.
  expect(o.join('\n')).toBe(want.join('\n'));
}

async function* inPieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function loadInPieces(path: string, size: number): Promise<Capture> {
  const file = readFileSync(path);
  return Capture.load(await nodeEngine(), inPieces(file, size));
}

const BROAD = '*%evt.num %evt.type %evt.dir %evt.cpu %evt.rawtime %evt.reltime %evt.datetime %evt.time.s ' +
  '[%evt.arg[0]] [%evt.arg.fd] [%evt.res] %evt.failed | %proc.name %proc.pid %proc.ppid %proc.exe [%proc.cmdline] ' +
  '[%proc.args] %proc.cwd %proc.pname %proc.vpid | %thread.tid %thread.vtid | %fd.num %fd.type %fd.typechar [%fd.name] ' +
  '[%fd.directory] [%fd.filename] %fd.l4proto | %user.uid %user.name %group.gid %group.name';

// More state fields: latency, lineage, sockets, user details, containers.
const BROAD2 = '*%evt.num %evt.latency %evt.is_io %evt.rawres %syscall.type %evt.buflen | %proc.exepath %proc.aname[2] ' +
  '%proc.apid[2] %proc.pcmdline %proc.loginshellid %thread.ismain %proc.nthreads %proc.nchilds | %fd.cip %fd.sip %fd.cport ' +
  '%fd.sport %fd.lip %fd.rip %fd.lport %fd.rport %fd.sockfamily %fd.is_server %fd.uid %fd.containername | %user.homedir ' +
  '%user.shell %user.loginuid %container.id %container.name';

// Format-string syntax corners: adjacent fields, literals around them, widths, a field followed by '.',
// dotted arguments, escapes.
const SYNTAX = ['%evt.num%evt.cpu', 'x%evt.num y', '%12proc.name|%3evt.cpu|%4evt.dir|', '*%evt.arg.fd:%evt.arg.name',
  '%proc.name.%thread.tid|%evt.num.', '\\t%evt.num\\\\%evt.cpu'];

const FORMATS = [
  '%evt.num %evt.type %evt.args',
  '%evt.num %proc.name %fd.name',
  '*%evt.num %5evt.cpu| %evt.arg[1] %evt.reltime %evt.datetime %evt.time.s %evt.rawtime.s %evt.rawtime.ns',
];

/** One output of a mode: how sysdig is asked for it, and ours. */
interface Output { label: string; sysArgs: string[]; ours: string; json?: boolean }
/** One way of reading a capture, stored as test/golden/expected/read-sysdig/<capture>/<id>. */
interface Mode { id: string; title: string; outputs: (cap: Capture, path: string) => Output[] }

const BUFFER_FLAGS = { '-A': 'ascii', '-x': 'hex', '-X': 'hexascii', '-b': 'base64' } as const;

const MODES: Mode[] = [
  { id: 'default.txt', title: 'default line', outputs: (c, p) => [{ label: 'default', sysArgs: ['-r', p], ours: c.formatText() }] },
  // sysdig -v adds capture statistics on stderr only
  { id: 'verbose.txt', title: '-v (buffers in full)', outputs: (c, p) => [{ label: '-v', sysArgs: ['-r', p, '-v'], ours: c.formatText({ verbose: true }) }] },
  { id: 'time-styles.txt', title: '-t a, r, d, D time styles', outputs: (c, p) => (['a', 'r', 'd', 'D'] as const)
    .map((t) => ({ label: `-t${t}`, sysArgs: ['-r', p, `-t${t}`], ours: c.formatText({ timeStyle: t }) })) },
  { id: 'buffers.txt', title: '-A, -x, -X, -b byte-buffer formats', outputs: (c, p) => Object.entries(BUFFER_FLAGS)
    .map(([flag, bufferFormat]) => ({ label: flag, sysArgs: ['-r', p, flag], ours: c.formatText({ bufferFormat }) })) },
  ...Object.entries(BUFFER_FLAGS).map(([flag, bufferFormat]): Mode => ({ id: `buffers${flag}.jsonl`, title: `${flag} -j`,
    outputs: (c, p) => [{ label: `${flag} -j`, sysArgs: ['-r', p, flag, '-j'], ours: c.formatText({ bufferFormat, json: true }), json: true }] })),
  { id: 'json.jsonl', title: '-j', outputs: (c, p) => [{ label: '-j', sysArgs: ['-r', p, '-j'], ours: c.formatText({ json: true }), json: true }] },
  { id: 'count.txt', title: '-n counts hidden internal events like sysdig', outputs: (c, p) => [1, 50, 140, 400]
    .map((n) => ({ label: `-n ${n}`, sysArgs: ['-r', p, '-n', String(n)], ours: c.formatText({ maxCount: n }) })) },
  ...FORMATS.map((fmt, i): Mode => ({ id: `format-${i + 1}.txt`, title: `-p "${fmt}"`,
    outputs: (c, p) => [{ label: fmt, sysArgs: ['-r', p, '-p', fmt], ours: c.formatText({ format: fmt }) }] })),
  { id: 'broad.txt', title: 'broad -p of evt/proc/thread/fd/user/group fields',
    outputs: (c, p) => [{ label: 'broad', sysArgs: ['-r', p, '-p', BROAD], ours: c.formatText({ format: BROAD }) }] },
  { id: 'broad2.txt', title: 'broad -p of latency/lineage/socket/user/container fields',
    outputs: (c, p) => [{ label: 'broad2', sysArgs: ['-r', p, '-p', BROAD2], ours: c.formatText({ format: BROAD2 }) }] },
];

/** Several outputs in one stored file, each under a `== label` line. */
function sections(outs: Output[]): string {
  return outs.length === 1 ? outs[0].ours : outs.map((o) => `== ${o.label}\n${o.ours}`).join('');
}

/** Our -j output equals sysdig's, the known `<unknown>` names aside. */
function compareJson(sysOut: string, ourOut: string): void {
  const s = sysOut.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const o = ourOut.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  expect(o.length).toBe(s.length);
  for (let i = 0; i < s.length; i++) {
    if (s[i]['evt.type'] === '<unknown>' && /^[a-z0-9_]+$/.test(o[i]?.['evt.type'])) s[i]['evt.type'] = o[i]['evt.type'];
  }
  expect(o).toEqual(s);
}

function compareWithSysdig(outs: Output[]): void {
  for (const o of outs) {
    if (o.json) compareJson(sysdig(o.sysArgs), o.ours);
    else compareLines(sysdig(o.sysArgs), o.ours);
  }
}

const stored = goldens('read-sysdig');
const opened = new Map<string, Promise<Capture>>();
/** Each sample is loaded once per file: formatting does not change the capture. */
const open = (path: string) => opened.get(path) ?? opened.set(path, openCaptureFile(path)).get(path)!;

describe('scapula read: stored expectations, and equal to sysdig -r where sysdig is installed', () => {
  for (const name of samples) {
    const path = `${dir}/${name}`;
    const base = name.replace(/\.scap$/, '');

    for (const mode of MODES) {
      it(`${name}: ${mode.title} equals the stored expectation`, async () => {
        stored.text(`${base}/${mode.id}`, sections(mode.outputs(await open(path), path)));
      });
      it.skipIf(!live)(`${name}: ${mode.title} equals sysdig (${SYSDIG_WHY})`, async () => {
        compareWithSysdig(mode.outputs(await open(path), path));
      });
    }

    it(`${name}: a capture fed in 7-byte chunks reads like the whole file`, async () => {
      const chunked = await loadInPieces(path, 7);
      expect(chunked.formatText()).toBe((await open(path)).formatText());
      expect(chunked.formatText({ format: BROAD })).toBe((await open(path)).formatText({ format: BROAD }));
    });
  }
});

describe('format syntax', () => {
  const path = `${dir}/cat_write.scap`;
  for (const [i, fmt] of SYNTAX.entries()) {
    it(`-p "${fmt}" equals the stored expectation`, async () => {
      stored.text(`syntax/${i + 1}.txt`, `${fmt}\n${(await open(path)).formatText({ format: fmt })}`);
    });
    it.skipIf(!live)(`-p "${fmt}" equals sysdig (${SYSDIG_WHY})`, async () => {
      compareLines(sysdig(['-r', path, '-p', fmt]), (await open(path)).formatText({ format: fmt }));
    });
  }
});

describe('concatenated captures (several sections)', () => {
  // Two gzip members back to back, and the same decompressed: numbering goes on across sections, state and
  // evt.reltime restart at each section header.
  const fmt = '*%evt.num %evt.reltime %evt.type %proc.name %evt.args';
  const tmp = mkdtempSync('/tmp/scapula-concat-');
  beforeAll(() => {
    const a = readFileSync(`${dir}/cat_write.scap`), b = readFileSync(`${dir}/syscall.scap`);
    writeFileSync(`${tmp}/gz.scap`, Buffer.concat([a, b]));
    writeFileSync(`${tmp}/raw.scap`, Buffer.concat([gunzipSync(a), gunzipSync(b)]));
    return () => rmSync(tmp, { recursive: true, force: true });
  });
  const read = async (f: string) => {
    const cap = await openCaptureFile(`${tmp}/${f}`);
    expect(cap.summary().sections).toBe(2);
    return [cap.formatText(), cap.formatText({ format: fmt })];
  };

  it('gzip members and raw sections read alike, as stored', async () => {
    const [text, formatted] = await read('gz.scap');
    expect(await read('raw.scap')).toEqual([text, formatted]);
    stored.text('concatenated/default.txt', text);
    stored.text('concatenated/format.txt', formatted);
  });
  it.skipIf(!live)(`gzip members and raw sections read like sysdig reads them (${SYSDIG_WHY})`, async () => {
    for (const f of ['gz.scap', 'raw.scap']) {
      const [text, formatted] = await read(f);
      compareLines(sysdig(['-r', `${tmp}/${f}`]), text);
      compareLines(sysdig(['-r', `${tmp}/${f}`, '-p', fmt]), formatted);
    }
  });
});

describe('scapula read CLI', () => {
  const path = `${dir}/cat_write.scap`;
  const env = { ...process.env, TZ: 'UTC' };
  const FILTERS = [['evt.type=open', 0], ['fd.name contains /etc and evt.dir=<', 0], ['evt.type in (mmap, brk)', 5]] as const;
  const cli = (extra: string[]) => {
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', path, ...extra], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const nArgs = (n: number) => (n ? ['-n', String(n)] : []);

  it('prints what the library prints, exit 0', async () => {
    expect(cli([])).toBe((await open(path)).formatText());
  });
  it.skipIf(!live)(`prints what sysdig prints (${SYSDIG_WHY})`, () => {
    compareLines(sysdig(['-r', path]), cli([]));
  });

  it('FILTER argument and -n with a filter (counts matches): stored expectation', () => {
    stored.text('cli/filters.txt', FILTERS.map(([flt, n]) => `== ${flt} ${nArgs(n).join(' ')}\n${cli([flt, ...nArgs(n)])}`).join(''));
  });
  it.skipIf(!live)(`FILTER argument and -n with a filter (counts matches) like sysdig (${SYSDIG_WHY})`, () => {
    for (const [flt, n] of FILTERS) compareLines(sysdig(['-r', path, ...nArgs(n), flt]), cli([flt, ...nArgs(n)]));
  });

  it('a file that is not a capture: clear message with the byte offset, exit 2', () => {
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', 'package.json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/byte 0/);
  });

  it('a bad -p format: message, exit 2', () => {
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', `${dir}/empty.scap`, '-p', '%no.such.field'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such field/);
  });
});

describe('truncated capture', () => {
  let tmp = '';
  const readCut = () => spawnSync('node', ['bin/scapula.mjs', 'read', `${tmp}/cut.scap`], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  beforeAll(() => {
    const raw = gunzipSync(readFileSync(`${dir}/cat_write.scap`));
    tmp = mkdtempSync('/tmp/scapula-read-');
    writeFileSync(`${tmp}/cut.scap`, raw.subarray(0, raw.length - 7));
    return () => rmSync(tmp, { recursive: true, force: true });
  });

  it('prints every complete event, warns with the byte offset, exit 0', async () => {
    const r = readCut();
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning at byte \d+/);
    const full = (await openCaptureFile(`${dir}/cat_write.scap`)).formatText().split('\n').filter(Boolean);
    const got = r.stdout.split('\n').filter(Boolean);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(full.slice(0, got.length));
  });

  it.skipIf(!live)(`sysdig prints the same complete events, then fails with "Is the file truncated?" (${SYSDIG_WHY})`, () => {
    const scapulaOut = readCut().stdout;
    expect(scapulaOut).not.toBe('');
    const s = runSysdig(['-r', `${tmp}/cut.scap`]);
    expect(s.stderr + s.stdout).toMatch(/truncated/);
    compareLines(s.stdout.replace(/\n$/, ''), scapulaOut.replace(/\n$/, ''));
  });
});

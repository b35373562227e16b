// `scapula read` against the real sysdig (Debian's 0.29.3), live, on every sample capture: the default
// line, -j JSON, -n counting, -p formats with and without the leading `*`, and a broad -p format of
// process/thread/fd/user/evt fields. The same output must come out when the capture arrives in 7-byte
// chunks. The only accepted differences come from sysdig 0.29.3 being older (see KNOWN DIFFERENCES).
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
import { openCaptureFile, nodeEngine } from '../../engine/node.ts';
import { Capture } from '../../engine/capture.ts';
import { haveSysdig, sysdig as runSysdig, sysdigOutput, SYSDIG_WHY } from '../lib/sysdig.ts';

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

describe.skipIf(!live)('scapula read equals sysdig -r', () => {
  for (const name of samples) {
    const path = `${dir}/${name}`;

    it(`${name}: default line`, async () => {
      const cap = await openCaptureFile(path);
      compareLines(sysdig(['-r', path]), cap.formatText());
    });

    it(`${name}: default line, capture fed in 7-byte chunks`, async () => {
      const cap = await loadInPieces(path, 7);
      compareLines(sysdig(['-r', path]), cap.formatText());
    });

    it(`${name}: -v (buffers in full)`, async () => {
      const cap = await openCaptureFile(path);
      // sysdig -v adds capture statistics on stderr only
      compareLines(sysdig(['-r', path, '-v']), cap.formatText({ verbose: true }));
    });

    it(`${name}: -t a, r, d, D time styles`, async () => {
      const cap = await openCaptureFile(path);
      for (const t of ['a', 'r', 'd', 'D'] as const) compareLines(sysdig(['-r', path, `-t${t}`]), cap.formatText({ timeStyle: t }));
    });

    it(`${name}: -A, -x, -X, -b byte-buffer formats (also with -j)`, async () => {
      const cap = await openCaptureFile(path);
      const opts = { '-A': 'ascii', '-x': 'hex', '-X': 'hexascii', '-b': 'base64' } as const;
      for (const [flag, bufferFormat] of Object.entries(opts)) {
        compareLines(sysdig(['-r', path, flag]), cap.formatText({ bufferFormat }));
        const s = sysdig(['-r', path, flag, '-j']).split('\n').filter(Boolean).map((l) => JSON.parse(l));
        const o = cap.formatText({ bufferFormat, json: true }).split('\n').filter(Boolean).map((l) => JSON.parse(l));
        for (let i = 0; i < s.length; i++) {
          if (s[i]['evt.type'] === '<unknown>' && /^[a-z0-9_]+$/.test(o[i]?.['evt.type'])) s[i]['evt.type'] = o[i]['evt.type'];
        }
        expect(o).toEqual(s);
      }
    });

    it(`${name}: -j`, async () => {
      const cap = await openCaptureFile(path);
      const s = sysdig(['-r', path, '-j']).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const o = cap.formatText({ json: true }).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      expect(o.length).toBe(s.length);
      for (let i = 0; i < s.length; i++) {
        if (s[i]['evt.type'] === '<unknown>' && /^[a-z0-9_]+$/.test(o[i]['evt.type'])) s[i]['evt.type'] = o[i]['evt.type'];
      }
      expect(o).toEqual(s);
    });

    it(`${name}: -n counts hidden internal events like sysdig`, async () => {
      const cap = await openCaptureFile(path);
      for (const n of [1, 50, 140, 400]) compareLines(sysdig(['-r', path, '-n', String(n)]), cap.formatText({ maxCount: n }));
    });

    for (const fmt of FORMATS) {
      it(`${name}: -p "${fmt}"`, async () => {
        const cap = await openCaptureFile(path);
        compareLines(sysdig(['-r', path, '-p', fmt]), cap.formatText({ format: fmt }));
      });
    }

    it(`${name}: broad -p of evt/proc/thread/fd/user/group fields`, async () => {
      const cap = await openCaptureFile(path);
      compareLines(sysdig(['-r', path, '-p', BROAD]), cap.formatText({ format: BROAD }));
    });

    it(`${name}: broad -p of latency/lineage/socket/user/container fields`, async () => {
      const cap = await openCaptureFile(path);
      compareLines(sysdig(['-r', path, '-p', BROAD2]), cap.formatText({ format: BROAD2 }));
    });
  }
});

describe.skipIf(!live)('format syntax', () => {
  for (const fmt of SYNTAX) {
    it(`-p "${fmt}"`, async () => {
      const path = `${dir}/cat_write.scap`;
      const cap = await openCaptureFile(path);
      compareLines(sysdig(['-r', path, '-p', fmt]), cap.formatText({ format: fmt }));
    });
  }
});

describe.skipIf(!live)('concatenated captures (several sections)', () => {
  // Two gzip members back to back, and the same decompressed: numbering goes on across sections, state and
  // evt.reltime restart at each section header.
  const fmt = '*%evt.num %evt.reltime %evt.type %proc.name %evt.args';
  it('gzip members and raw sections read like sysdig reads them', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const tmp = mkdtempSync('/tmp/scapula-concat-');
    const a = readFileSync(`${dir}/cat_write.scap`), b = readFileSync(`${dir}/syscall.scap`);
    writeFileSync(`${tmp}/gz.scap`, Buffer.concat([a, b]));
    writeFileSync(`${tmp}/raw.scap`, Buffer.concat([gunzipSync(a), gunzipSync(b)]));
    for (const f of ['gz.scap', 'raw.scap']) {
      const cap = await openCaptureFile(`${tmp}/${f}`);
      expect(cap.summary().sections).toBe(2);
      compareLines(sysdig(['-r', `${tmp}/${f}`]), cap.formatText());
      compareLines(sysdig(['-r', `${tmp}/${f}`, '-p', fmt]), cap.formatText({ format: fmt }));
    }
  });
});

describe.skipIf(!live)('scapula read CLI', () => {
  it('prints what sysdig prints, exit 0', () => {
    const path = `${dir}/cat_write.scap`;
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', path], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(r.status).toBe(0);
    compareLines(sysdig(['-r', path]), r.stdout);
  });

  it('FILTER argument and -n with a filter (counts matches) like sysdig', () => {
    const path = `${dir}/cat_write.scap`;
    for (const [flt, n] of [['evt.type=open', 0], ['fd.name contains /etc and evt.dir=<', 0], ['evt.type in (mmap, brk)', 5]] as const) {
      const extra = n ? ['-n', String(n)] : [];
      const r = spawnSync('node', ['bin/scapula.mjs', 'read', path, flt, ...extra], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
      expect(r.status).toBe(0);
      compareLines(sysdig(['-r', path, ...extra, flt]), r.stdout);
    }
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
  let tmp = '', scapulaOut = '';
  beforeAll(() => {
    const raw = gunzipSync(readFileSync(`${dir}/cat_write.scap`));
    tmp = mkdtempSync('/tmp/scapula-read-');
    writeFileSync(`${tmp}/cut.scap`, raw.subarray(0, raw.length - 7));
    return () => rmSync(tmp, { recursive: true, force: true });
  });

  it('prints every complete event, warns with the byte offset, exit 0', async () => {
    const r = spawnSync('node', ['bin/scapula.mjs', 'read', `${tmp}/cut.scap`], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning at byte \d+/);
    const full = (await openCaptureFile(`${dir}/cat_write.scap`)).formatText().split('\n').filter(Boolean);
    const got = r.stdout.split('\n').filter(Boolean);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(full.slice(0, got.length));
    scapulaOut = r.stdout;
  });

  it.skipIf(!live)(`sysdig prints the same complete events, then fails with "Is the file truncated?" (${SYSDIG_WHY})`, () => {
    expect(scapulaOut).not.toBe('');
    const s = runSysdig(['-r', `${tmp}/cut.scap`]);
    expect(s.stderr + s.stdout).toMatch(/truncated/);
    compareLines(s.stdout.replace(/\n$/, ''), scapulaOut.replace(/\n$/, ''));
  });
});

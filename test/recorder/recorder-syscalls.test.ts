// The syscalls the issue lists beyond the basic workload (fs changes, namespaces, mount, ptrace,
// credentials, memfd, prctl, bpf, dup/pipe/socketpair...) are recorded with their dedicated event
// types and exactly the schema's parameters; `scapula read` renders their key parameters. The
// workload is test/recorder/syscalls.sh; what it did is known from its arguments (dir, tag).
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable, buildRecorder, record, scapulaRead, walkCapture, root, type Walk } from './harness.ts';

const why = unavailable();
const havePython = spawnSync('sh', ['-c', 'command -v python3'], { stdio: 'ignore' }).status === 0;

describe.skipIf(why !== null)(`recorder: the listed syscalls (${why ?? 'root + BTF'})`, () => {
  let dir = '', cap = '', w: Walk, text = '';
  const tag = `sc${process.pid}`;
  beforeAll(() => {
    buildRecorder();
    dir = mkdtempSync(join(tmpdir(), 'scapula-sc-'));
    cap = join(dir, 'sc.scap');
    const r = record(['-q', '-w', cap, '--', 'sh', join(root, 'test', 'recorder', 'syscalls.sh'), dir, tag]);
    expect(r.code, r.stderr).toBe(0);
    w = walkCapture(cap);
    text = scapulaRead([cap, '-p', '%evt.type %evt.args']).stdout;
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('every event has the schema parameter count, in well-formed blocks', () => {
    expect(w.errors).toEqual([]);
  });

  it('uses the dedicated enter/exit event types', () => {
    const have = new Set(w.events.map((e) => e.name));
    const want = ['mkdir', 'fchmodat', 'fchownat', 'renameat2', 'symlinkat', 'linkat', 'unlinkat', 'rmdir', 'chdir', 'mount',
      'umount2', 'unshare', 'setns', 'ptrace', 'capset', 'bpf', 'kill', 'execve', 'procexit', 'openat', 'close'];
    expect(want.filter((n) => !have.has(n))).toEqual([]);
  });

  it.skipIf(!havePython)('uses the dedicated event types of the calls the python3 part makes (needs python3)', () => {
    const have = new Set(w.events.map((e) => e.name));
    const want = ['memfd_create', 'prctl', 'socketpair', 'dup', 'dup2', 'pipe2', 'mprotect', 'setuid', 'setgid', 'fchdir'];
    expect(want.filter((n) => !have.has(n))).toEqual([]);
  });

  it('renders the key parameters', () => {
    expect(text).toMatch(new RegExp(`renameat2 res=0 olddirfd=-100\\(AT_FDCWD\\) oldpath=f-${tag}\\(${dir}/f-${tag}\\) newdirfd=-100\\(AT_FDCWD\\) newpath=g-${tag}`));
    expect(text).toMatch(new RegExp(`symlinkat res=0 target=g-${tag} linkdirfd=-100\\(AT_FDCWD\\) linkpath=s-${tag}`));
    expect(text).toMatch(new RegExp(`linkat res=0 olddir=-100\\(AT_FDCWD\\) oldpath=g-${tag}`));
    expect(text).toMatch(new RegExp(`mount res=0 dev=none-${tag} dir=${dir} type=tmpfs`));
    expect(text).toMatch(new RegExp(`umount2 res=0 name=${dir}`));
    expect(text).toMatch(/unshare res=0 flags=\d+\(CLONE_NEWNS\)/);
    expect(text).toMatch(new RegExp(`fchmodat res=0 dirfd=-100\\(AT_FDCWD\\) filename=dir-${tag}.* mode=0700`));
  });

  it.skipIf(!havePython)('renders the key parameters of the python3 part (needs python3)', () => {
    expect(text).toContain(`name=memfd-${tag}`);
    expect(text).toMatch(new RegExp(`prctl res=0 option=15\\(PR_SET_NAME\\) arg2_str=pn-${tag.slice(0, 10)}`));
    // fcntl commands are written as libs' PPM_FCNTL_* values (F_GETFD is 1 in Linux but F_DUPFD in the
    // table), and the fd F_DUPFD makes is tracked as a pipe too.
    expect(text).toMatch(/fcntl res=60\(<p>[^)]*\) fd=\d+\(<p>[^)]*\) cmd=1\(F_DUPFD\) arg=3C/);
    expect(text).toMatch(/fcntl res=\d+(\([^)]*\))? fd=\d+\(<p>[^)]*\) cmd=4\(F_GETFL\)/);
  });
});

describe.skipIf(why !== null)(`recorder: ia32 system calls (${why ?? 'root + BTF'})`, () => {
  it('int $0x80 calls are mapped to the x86_64 events, with their arguments from ebx/ecx/edx', () => {
    buildRecorder();
    const dir = mkdtempSync(join(tmpdir(), 'scapula-ia32-'));
    try {
      const bin = join(dir, 'ia32');
      const cc = spawnSync('cc', ['-O1', '-no-pie', '-o', bin, join(root, 'test', 'recorder', 'ia32.c')], { encoding: 'utf8' });
      expect(cc.status, cc.stderr).toBe(0);
      const target = join(dir, 'out.txt');
      const cap = join(dir, 'ia32.scap');
      const r = record(['-q', '-w', cap, '--', bin, target]);
      expect(r.code, r.stderr).toBe(0);
      const w = walkCapture(cap);
      expect(w.errors).toEqual([]);
      const text = scapulaRead([cap, '-p', '%evt.type %evt.args']).stdout;
      expect(text).toMatch(new RegExp(`open fd=(\\d+)\\(<f>${target}\\) name=${target} flags=\\d+\\(O_TRUNC\\|O_CREAT\\|O_WRONLY\\|O_F_CREATED\\) mode=0644`));
      expect(text).toMatch(/write res=12 data=ia32-payload fd=\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

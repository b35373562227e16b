// Seeded random workloads for the differential suite's live recordings. The generator (this file)
// picks a random sequence of steps with random parameters; the steps themselves are small Python
// functions (Python reaches dup3, fcntl, bytes paths, IPv6 and unix sockets and threads directly) run
// by `python3 SCRIPT WORKDIR`. Every step is harmless: it works under WORKDIR, uses loopback only,
// and its failures (refused connects, missing files, bad fds) are the point. Each step catches its own
// errors so one failing step never hides the rest of the workload.
import { Rng } from './rng.ts';

const PRELUDE = String.raw`
import os, sys, socket, threading, subprocess, fcntl, errno, time
W = os.fsencode(sys.argv[1])
os.chdir(W)
def step(f):
    def run(*a):
        try: f(*a)
        except Exception as e: sys.stderr.write('step %s: %r\n' % (f.__name__, e))
    return run

@step
def files(n, size, name):
    for i in range(n):
        p = b'%s-%d.txt' % (name, i)
        with open(p, 'wb') as fh: fh.write(b'x' * size + b'\n')
        with open(p, 'rb') as fh: fh.read()
        os.stat(p)
        if i % 2: os.unlink(p)

@step
def redirect(kind, target):
    fd = os.open(b'redir-%d.txt' % target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if kind == 'dup2': nfd = os.dup2(fd, target)
    elif kind == 'dup3': nfd = os.dup2(fd, target, inheritable=False)
    elif kind == 'dup': nfd = os.dup(fd)
    elif kind == 'dupfd': nfd = fcntl.fcntl(fd, fcntl.F_DUPFD, target)
    else: nfd = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, target)
    os.write(nfd, b'redirected %d\n' % nfd)
    fcntl.fcntl(nfd, fcntl.F_GETFL)
    os.close(fd); os.close(nfd)

@step
def stdout_redirect(target):
    saved = os.dup(1)
    fd = os.open(b'stdout-%d.txt' % target, os.O_WRONLY | os.O_CREAT, 0o644)
    os.dup2(fd, 1); os.write(1, b'to a file\n'); os.dup2(saved, 1)
    os.close(fd); os.close(saved)

@step
def pipes(n, flags):
    for i in range(n):
        r, w = os.pipe2(os.O_CLOEXEC) if flags else os.pipe()
        os.write(w, b'pipe data %d' % i); os.read(r, 100)
        os.close(w); os.read(r, 100); os.close(r)

@step
def fd_reuse(n):
    for i in range(n):
        a = os.open(b'reuse-a-%d' % i, os.O_RDWR | os.O_CREAT, 0o600)
        os.write(a, b'a'); os.close(a)
        b = os.open(b'reuse-b-%d' % i, os.O_RDWR | os.O_CREAT, 0o600)
        os.write(b, b'bb'); os.lseek(b, 0, 0); os.read(b, 2); os.close(b)

@step
def tcp(fam, nmsg):
    host = '127.0.0.1' if fam == 4 else '::1'
    s = socket.socket(socket.AF_INET if fam == 4 else socket.AF_INET6, socket.SOCK_STREAM)
    s.bind((host, 0)); s.listen(4); port = s.getsockname()[1]
    c = socket.socket(s.family, socket.SOCK_STREAM); c.connect((host, port))
    a, _ = s.accept()
    for i in range(nmsg):
        c.sendall(b'hello %d' % i); a.recv(100); a.send(b'ack'); c.recv(10)
    c.shutdown(socket.SHUT_WR); a.recv(10)
    a.close(); c.close(); s.close()

@step
def udp(fam, nmsg):
    host = '127.0.0.1' if fam == 4 else '::1'
    r = socket.socket(socket.AF_INET if fam == 4 else socket.AF_INET6, socket.SOCK_DGRAM)
    r.bind((host, 0)); addr = r.getsockname()
    s = socket.socket(r.family, socket.SOCK_DGRAM)
    for i in range(nmsg):
        s.sendto(b'dgram %d' % i, addr); r.recvfrom(100)
    s.connect(addr); s.send(b'connected'); r.recv(100)
    s.close(); r.close()

@step
def unix(kind, abstract):
    name = (b'\0scapula-diff-%d' % os.getpid()) if abstract else b'u.sock'
    t = socket.SOCK_STREAM if kind == 'stream' else socket.SOCK_DGRAM
    s = socket.socket(socket.AF_UNIX, t); s.bind(name)
    if t == socket.SOCK_STREAM:
        s.listen(1); c = socket.socket(socket.AF_UNIX, t); c.connect(name); a, _ = s.accept()
        c.send(b'unix'); a.recv(10); a.close(); c.close()
    else:
        c = socket.socket(socket.AF_UNIX, t); c.sendto(b'unix dgram', name); s.recv(100); c.close()
    s.close()
    if not abstract: os.unlink(name)
    x, y = socket.socketpair(); x.send(b'pair'); y.recv(4); x.close(); y.close()

@step
def refused(fam, port):
    host = '127.0.0.1' if fam == 4 else '::1'
    c = socket.socket(socket.AF_INET if fam == 4 else socket.AF_INET6, socket.SOCK_STREAM)
    try: c.connect((host, port))
    except OSError: pass
    c.close()

@step
def failing(n):
    for i in range(n):
        for f in (lambda: os.open(b'missing-%d' % i, os.O_RDONLY),
                  lambda: os.open(b'.', os.O_WRONLY),
                  lambda: os.read(987 + i, 1),
                  lambda: os.rmdir(b'/'),
                  lambda: os.mkdir(b'.'),
                  lambda: os.rename(b'missing-src', b'dst'),
                  lambda: os.chdir(b'missing-dir')):
            try: f()
            except OSError: pass

@step
def tree(depth, width):
    cmd = 'cat /etc/hostname | sort | head -1 > /dev/null; ls . | wc -l > /dev/null'
    for d in range(depth):
        cmd = 'sh -c %s' % repr(cmd + '; true %d' % d).replace('"', '')
    for w in range(width):
        pid = os.fork()
        if pid == 0:
            try: os.execv('/bin/sh', ['sh', '-c', cmd])
            finally: os._exit(127)
        os.waitpid(pid, 0)
    subprocess.run(['/bin/echo', 'arg with space', '-p', '80'], stdout=subprocess.DEVNULL)
    subprocess.run(['/bin/sh', '-c', 'exit 3'])

@step
def threads(n, ops):
    def work(k):
        for i in range(ops):
            p = b'thread-%d-%d' % (k, i)
            with open(p, 'wb') as fh: fh.write(b't')
            os.unlink(p)
        r, w = os.pipe(); os.write(w, b'x'); os.read(r, 1); os.close(r); os.close(w)
    ts = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for t in ts: t.start()
    for t in ts: t.join()

@step
def renames(n):
    for i in range(n):
        a, b, c = b'ren-a-%d' % i, b'ren-b-%d' % i, b'ren-c-%d' % i
        open(a, 'wb').close(); os.rename(a, b); os.replace(b, c)
        os.link(c, a); os.symlink(c, b); os.readlink(b)
        os.unlink(a); os.unlink(b); os.unlink(c)

@step
def chdirs(depth):
    os.makedirs(b'd/' * depth + b'leaf', exist_ok=True)
    for i in range(depth): os.chdir(b'd')
    open(b'leaf/rel.txt', 'wb').write(b'relative')
    open(b'../up.txt', 'wb').write(b'up')
    dfd = os.open(b'leaf', os.O_RDONLY | os.O_DIRECTORY)
    fd = os.open(b'at.txt', os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=dfd); os.close(fd)
    os.fchdir(dfd); open(b'at.txt', 'rb').read(); os.close(dfd)
    os.chdir(W)

@step
def long_paths(seglen, nseg):
    p = b'/'.join([b'L' * seglen] * nseg)
    os.makedirs(p, exist_ok=True)
    f = p + b'/' + b'F' * min(seglen, 200) + b'.txt'
    open(f, 'wb').write(b'long')
    open(f, 'rb').read()

@step
def odd_names(raw):
    name = bytes(raw)
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b'odd'); os.close(fd)
    os.rename(name, name + b'.moved'); open(name + b'.moved', 'rb').read()
`;

const PORTS = [1, 9, 7, 13, 79, 4, 2];

/** A Python program for one recording: the fixed steps above, then seeded random calls to them. */
export function workloadProgram(rng: Rng): { script: string; steps: string[] } {
  const calls: string[] = [];
  const n = rng.int(14, 24);
  for (let i = 0; i < n; i++) {
    const kind = rng.int(0, 15);
    switch (kind) {
      case 0: calls.push(`files(${rng.int(1, 6)}, ${rng.int(0, 300)}, b'f${rng.int(0, 999)} ${rng.pick(['plain', 'with space', 'caf\\xc3\\xa9', 'a=b,c'])}')`); break;
      case 1: calls.push(`redirect('${rng.pick(['dup2', 'dup3', 'dup', 'dupfd', 'dupfd_cloexec'])}', ${rng.pick([rng.int(3, 60), rng.int(1000, 4000)])})`); break;
      case 2: calls.push(`stdout_redirect(${rng.int(0, 99)})`); break;
      case 3: calls.push(`pipes(${rng.int(1, 5)}, ${rng.int(0, 1)})`); break;
      case 4: calls.push(`fd_reuse(${rng.int(1, 6)})`); break;
      case 5: calls.push(`tcp(${rng.pick([4, 6])}, ${rng.int(1, 5)})`); break;
      case 6: calls.push(`udp(${rng.pick([4, 6])}, ${rng.int(1, 5)})`); break;
      case 7: calls.push(`unix('${rng.pick(['stream', 'dgram'])}', ${rng.pick(['True', 'False'])})`); break;
      case 8: calls.push(`refused(${rng.pick([4, 6])}, ${rng.pick(PORTS)})`); break;
      case 9: calls.push(`failing(${rng.int(1, 3)})`); break;
      case 10: calls.push(`tree(${rng.int(0, 3)}, ${rng.int(1, 3)})`); break;
      case 11: calls.push(`threads(${rng.int(2, 5)}, ${rng.int(1, 5)})`); break;
      case 12: calls.push(`renames(${rng.int(1, 4)})`); break;
      case 13: calls.push(`chdirs(${rng.int(1, 6)})`); break;
      case 14: calls.push(`long_paths(${rng.int(50, 250)}, ${rng.int(2, 12)})`); break;
      default: {
        const raw = Array.from({ length: rng.int(3, 12) }, () => rng.chance(0.4) ? rng.int(0x80, 0xff) : rng.int(0x61, 0x7a));
        calls.push(`odd_names([${raw.join(', ')}])`);
      }
    }
  }
  // Every recording has a non-UTF-8 name and a UTF-8 one (the directed checks of oracle (a) need them).
  const raw = Array.from({ length: 6 }, (_, i) => (i % 2 ? rng.int(0x80, 0xff) : rng.int(0x61, 0x7a)));
  calls.push(`odd_names([${raw.join(', ')}])`, `files(1, 10, b'utf8-caf\\xc3\\xa9-${rng.int(0, 999)}')`);
  return { script: PRELUDE + '\n' + calls.join('\n') + '\n', steps: calls };
}

// A known workload for the recorder tests: every action carries the unique tag given as argv[2],
// so the tests can find exactly these events in a capture. Actions, in order: a file created and
// written; /bin/echo exec'ed with known args; a TCP connect/accept on loopback with a payload each
// way; a unix socket connection; a shell pipeline (pipe + two children). Prints the TCP port and
// the paths it used as one JSON line on stdout.
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tag = process.argv[2] ?? 'untagged';
const dir = mkdtempSync(join(tmpdir(), `scapula-wl-${tag}-`));
const file = join(dir, `file-${tag}.txt`);
writeFileSync(file, `marker-${tag}\n`);
readFileSync(file);
spawnSync('/bin/echo', [`arg-${tag}`, 'second'], { stdio: 'ignore' });

function exchange(listenArgs, connectArgs, payload) {
  return new Promise((resolve, reject) => {
    const server = createServer((sock) => {
      sock.on('data', () => { sock.end(`reply-${tag}`); });
    });
    server.on('error', reject);
    server.listen(...listenArgs, () => {
      const addr = server.address();
      const c = connect(typeof addr === 'string' ? addr : { host: '127.0.0.1', port: addr.port }, () => c.write(payload));
      c.on('data', () => c.end());
      c.on('close', () => server.close(() => resolve(addr)));
      c.on('error', reject);
    });
  });
}

const tcp = await exchange([0, '127.0.0.1'], null, `tcp-${tag}`);
const sockPath = join(dir, `sock-${tag}`);
await exchange([sockPath], null, `unix-${tag}`);
spawnSync('/bin/sh', ['-c', `echo pipe-${tag} | /bin/cat > /dev/null`], { stdio: 'ignore' });
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ tag, file, port: tcp.port, sockPath, pid: process.pid }) + '\n');

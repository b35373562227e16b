// Network workload recorded for the bench corpus (bench/lib/corpus.ts): an HTTP server and client on
// loopback in one Node process, ROUNDS rounds of CONCURRENCY requests each on a fresh TCP connection
// (connect/accept/read/write/close per request, Node's epoll loop around them), plus UDP datagrams to
// a local socket. argv: [requests] (default 4000).
import { createServer, request } from 'node:http';
import { createSocket } from 'node:dgram';

const REQUESTS = Math.max(1, Number(process.argv[2] ?? 4000));
const CONCURRENCY = 8;
const body = 'x'.repeat(2048);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end(body));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();

function get(i) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/item/${i}`, agent: false, method: 'POST' }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(`request ${i}`);
  });
}

const udpIn = createSocket('udp4');
await new Promise((r) => udpIn.bind(0, '127.0.0.1', r));
const udpOut = createSocket('udp4');
for (let done = 0; done < REQUESTS; done += CONCURRENCY) {
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, REQUESTS - done) }, (_, k) => get(done + k)));
  await new Promise((r) => udpOut.send(`datagram ${done}`, udpIn.address().port, '127.0.0.1', r));
}
udpOut.close();
udpIn.close();
server.close();

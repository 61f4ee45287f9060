// Sample HTTP service for the agent-overhead benchmark: a plain Node server whose /work endpoint
// does a fixed, small amount of CPU work per request (hashing), so the service's CPU grows with the
// request rate and probes in its context show up as a CPU delta. No dependencies: runs as
// `node server.js` here and in the container image (Dockerfile beside it).
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
// Hash rounds per request; 200 rounds of SHA-256 over 1 KiB is roughly 0.1–0.3 ms of CPU.
const rounds = Number(process.env.WORK_ROUNDS ?? 200);
const payload = Buffer.alloc(1024, 7);

function work() {
  let h = payload;
  for (let i = 0; i < rounds; i++) {
    h = crypto.createHash('sha256').update(h).digest();
  }
  return h.toString('hex');
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  if (req.url === '/work' || req.url === '/') {
    const body = JSON.stringify({ digest: work() });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404);
  res.end();
});

server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  const addr = server.address();
  // The harness and tests read this line to learn the port when PORT=0.
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : port}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}

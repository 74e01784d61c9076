// Raw WebSocket baseline of W4: plain `ws` connections, no protocol and no GraphQL. On
// POST /broadcast {"frame": "…", "count": n} it answers 202 and then sends `frame` n times to
// every open connection, one event after another (the event loop turns between events, as a
// server that receives its events does). Each event's frame is encoded once and the same
// buffer goes to every connection (the broadcast idiom of the ws README).
//
//   node test/bench/ws-broadcast-server.mjs
//
// Listens on PORT (default: any free port) on 127.0.0.1; WebSocket connections on any path;
// GET /readyz answers 200 and the URL is printed as
// {"url":"http://127.0.0.1:<port>","msg":"ws broadcast baseline is listening"} once it listens.
import http from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WebSocketServer } from 'ws';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
let broadcasting = Promise.resolve();

async function broadcast(frame, count) {
  for (let i = 0; i < count; i++) {
    const data = Buffer.from(frame, 'utf8');
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(data);
    await nextTurn();
  }
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    send(res, 200, JSON.stringify({ status: 'ready', connections: wss.clients.size }));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    send(res, 404, JSON.stringify({ error: 'POST /broadcast only' }));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let frame;
    let count;
    try {
      ({ frame, count } = JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      send(res, 400, JSON.stringify({ error: 'The body is not JSON.' }));
      return;
    }
    if (typeof frame !== 'string' || !Number.isInteger(count) || count < 1) {
      send(res, 400, JSON.stringify({ error: '{ "frame": string, "count": integer ≥ 1 } expected' }));
      return;
    }
    send(res, 202, JSON.stringify({ connections: wss.clients.size }));
    broadcasting = broadcasting.then(() => broadcast(frame, count));
  });
});

server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, msg: 'ws broadcast baseline is listening' }));
});

function stop() {
  for (const client of wss.clients) client.terminate();
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

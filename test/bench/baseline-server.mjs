// Raw-SQL baseline of W1: plain node:http + pg on 127.0.0.1. Every POST /graphql is answered
// with ONE statement (w1-baseline.sql) that builds the whole response JSON in PostgreSQL;
// only `variables.regionId` and `variables.first` of the body are read.
//
//   DATABASE_URL=postgres://… node test/bench/baseline-server.mjs
//
// Listens on PORT (default: any free port); GET /readyz answers 200 and the URL is printed
// as {"url":"http://127.0.0.1:<port>","msg":"baseline is listening"} once it listens.
import fs from 'node:fs';
import http from 'node:http';
import pg from 'pg';

const sql = fs.readFileSync(new URL('./w1-baseline.sql', import.meta.url), 'utf8');
// The response as text straight from PostgreSQL: no parse and re-serialisation in Node.
const statement = `select data::text as data from (${sql}) w1`;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
});

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function errorBody(message) {
  return JSON.stringify({ errors: [{ message }] });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    send(res, 200, JSON.stringify({ status: 'ready' }));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/graphql') {
    send(res, 404, errorBody('POST /graphql only'));
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 1_000_000) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    let regionId;
    let first;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      regionId = body?.variables?.regionId;
      first = body?.variables?.first ?? 20;
    } catch {
      send(res, 400, errorBody('The body is not JSON.'));
      return;
    }
    if (typeof regionId !== 'string' || !Number.isInteger(first) || first < 1 || first > 100) {
      send(res, 400, errorBody('variables.regionId (ID) and variables.first (1–100) are required.'));
      return;
    }
    pool.query({ name: 'w1', text: statement, values: [regionId, first] }).then(
      (result) => send(res, 200, `{"data":${result.rows[0].data}}`),
      (error) => send(res, 500, errorBody(String(error?.message ?? error))),
    );
  });
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, msg: 'baseline is listening' }));
});

function stop() {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * One of the two application servers of the fidelity benchmark: `GET /item/<id>` reads the item
 * through Redis (cache-aside) and, on a miss, from PostgreSQL. The cache is preloaded with a fixed
 * share of the keys and not filled on a miss, so its hit ratio stays what the benchmark set.
 * Usage: node service.js <port> <redis port> <postgres port>
 */
import http from 'node:http';
import pg from 'pg';
import { Redis } from './resp.js';

const [port, redisPort, pgPort] = process.argv.slice(2).map(Number) as [number, number, number];
const redis = await Redis.connect(redisPort);
const pool = new pg.Pool({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'postgres', max: 4 });

const server = http.createServer((req, res) => {
  const id = Number(req.url?.slice('/item/'.length));
  const answer = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (!Number.isInteger(id)) return answer(404, 'no such item\n');
  redis
    .get(`item:${id}`)
    .then(async (cached) => {
      if (cached !== null) return answer(200, cached);
      const { rows } = await pool.query<{ payload: string }>('SELECT payload FROM items WHERE id = $1', [id]);
      answer(200, rows[0]?.payload ?? '');
    })
    .catch((error: unknown) => answer(500, `${String(error)}\n`));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  redis.close();
  void pool.end().finally(() => process.exit(0));
});

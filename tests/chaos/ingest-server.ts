/**
 * One "app process" for the chaos test: the webhook route's core (`handleStripeWebhook`) on a
 * plain Node HTTP server, on the process database (DATABASE_URL). Prints `{"port":…}` once
 * it listens. The route file itself only adds `getDb()` around the same call.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getDb } from '@/db/client';
import { handleStripeWebhook } from '@/lib/billing/webhooks/ingest';

const db = await getDb();
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handleStripeWebhook(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers, body: Buffer.concat(chunks) }), { db });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
  });
});
// Node closes a keep-alive connection idle for 5 s; on a starved machine the test's clients can
// pause that long, then reuse the closed socket ("other side closed"). Real senders retry; the
// test counts every answer, so the server keeps idle connections open instead.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

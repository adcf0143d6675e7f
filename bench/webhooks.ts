/**
 * `npm run bench:webhooks` — throughput and latency of the webhook route under concurrent
 * signed deliveries, against a production build (`next build` first).
 *
 * 1. Prepares real purchase flows in this process: a fresh PGlite under .data/bench, the
 *    offline sandbox (in-process), checkout sessions created by the app's own code and paid
 *    through the hosted Checkout form. The sandbox's events for each flow
 *    (checkout.session.completed, payment_intent.succeeded, charge.succeeded) are kept.
 * 2. Starts `next start` on that database and posts the events, signed as Stripe does, from
 *    BENCH_CLIENTS concurrent clients: batch A once each, batch B twice each (duplicates).
 * 3. Stops the server and checks the effects: one enrollment, one succeeded payment and one
 *    receipt per flow, every event processed once.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Stripe from 'stripe';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const DATA_DIR = '.data/bench';
const SECRET = 'whsec_bursar_bench_secret';
const EVENT_TYPES = ['checkout.session.completed', 'payment_intent.succeeded', 'charge.succeeded'];

rmSync(DATA_DIR, { recursive: true, force: true });
Object.assign(process.env, { DATA_DIR, PGLITE_DIR: `${DATA_DIR}/pglite`, STRIPE_WEBHOOK_SECRET: SECRET, APP_URL: `http://127.0.0.1:${PORT}` });

const { default: StripeClient } = await import('stripe');
const { startSandbox } = await import('../sandbox/server');
const { getDb, closeDb } = await import('../db/client');
const { seedCourse, seedUser } = await import('../db/seed/factories');
const { setStripeForTests, STRIPE_API_VERSION } = await import('../lib/stripe/client');
const { createCheckoutSession } = await import('../lib/billing/checkout');
const { payHostedCheckout } = await import('../tests/support/billing-harness');
const schema = await import('../db/schema');
const { eq, and } = await import('drizzle-orm');

const sandbox = await startSandbox({ port: 0, dataDir: null });
const stripe = new StripeClient('sk_test_bench', { apiVersion: STRIPE_API_VERSION, host: '127.0.0.1', port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
setStripeForTests(stripe);

console.log(`preparing ${2 * FLOWS} purchase flows…`);
const db = await getDb();
const { course } = await seedCourse(db);
const sessionIds: string[] = [];
for (let i = 0; i < 2 * FLOWS; i++) {
  const user = await seedUser(db);
  const { url, sessionId } = await createCheckoutSession(db, { id: user.id, email: user.email, name: user.name }, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
  await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
  sessionIds.push(sessionId);
}
const events: Stripe.Event[] = [];
for await (const event of stripe.events.list({ limit: 100 })) if (EVENT_TYPES.includes(event.type)) events.push(event);
await closeDb();

// Split flows into batch A and B by the session/payment intent each event belongs to.
const batchBSessions = new Set(sessionIds.slice(FLOWS));
const sessions = await Promise.all(sessionIds.slice(FLOWS).map((id) => stripe.checkout.sessions.retrieve(id)));
const batchBIntents = new Set(sessions.map((s) => String(s.payment_intent)));
const inBatchB = (e: Stripe.Event) => {
  const object = e.data.object as { id: string; payment_intent?: unknown };
  return batchBSessions.has(object.id) || batchBIntents.has(object.id) || batchBIntents.has(String(object.payment_intent));
};
const batchA = events.filter((e) => !inBatchB(e));
const batchB = events.filter(inBatchB);

console.log(`starting next start on :${PORT}…`);
const server = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
  env: { ...process.env, NODE_ENV: 'production', BURSAR_DEMO_MODE: '1', STRIPE_SANDBOX_PORT: String(sandbox.port) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 120) throw new Error('next start did not come up');
  await new Promise((r) => setTimeout(r, 500));
}

async function post(event: Stripe.Event): Promise<{ ms: number; status: number }> {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  const started = performance.now();
  const response = await fetch(`${base}/api/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

async function run(label: string, queue: Stripe.Event[]) {
  const results: { ms: number; status: number }[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < queue.length) {
        const event = queue[next++];
        if (event) results.push(await post(event));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(1);
  const statuses = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  console.log(`${label}: ${results.length} deliveries in ${seconds.toFixed(2)} s = ${(results.length / seconds).toFixed(1)} events/s; p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; statuses ${JSON.stringify(statuses)}`);
}

// Warm the route up (module load, JIT) with requests that fail verification and write nothing.
for (let i = 0; i < 10; i++) {
  await fetch(`${base}/api/webhooks/stripe`, { method: 'POST', body: '{}', headers: { 'stripe-signature': 't=1,v1=00' } }).then((r) => r.arrayBuffer());
}

// Oldest first, as Stripe would mostly deliver them.
batchA.reverse();
batchB.reverse();
await run(`unique events (${CLIENTS} clients)`, batchA);
const doubled = batchB.flatMap((e) => [e, e]);
await run(`every event twice (${CLIENTS} clients)`, doubled);

server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
const check = await getDb();
const count = (table: Parameters<typeof check.$count>[0], where?: Parameters<typeof check.$count>[1]) => check.$count(table, where);
const enrollmentsCount = await count(schema.enrollments, eq(schema.enrollments.status, 'active'));
const paymentsCount = await count(schema.payments, eq(schema.payments.status, 'succeeded'));
const receipts = await count(schema.outbox, eq(schema.outbox.template, 'purchase-receipt'));
const processed = await count(schema.stripeEvents, and(eq(schema.stripeEvents.status, 'processed')));
const expected = { enrollments: 2 * FLOWS, payments: 2 * FLOWS, receipts: 2 * FLOWS, events: events.length };
const actual = { enrollments: enrollmentsCount, payments: paymentsCount, receipts, events: processed };
const ok = JSON.stringify(expected) === JSON.stringify(actual);
console.log(`effects: ${JSON.stringify(actual)} expected ${JSON.stringify(expected)} → ${ok ? 'OK' : 'MISMATCH'}`);
await closeDb();
await sandbox.close();
process.exit(ok ? 0 : 1);

/**
 * `npm run bench:webhooks` — the webhook pipeline on a production build (`next build`, then
 * `next start`), on PostgreSQL and on PGlite in one run, beside a reference measured in the
 * same minutes. Issue 9 "Done when" asks exactly for these numbers:
 *
 * 1. **Ingest** — signed, unique events posted by 32 concurrent clients to
 *    `/api/webhooks/stripe` (workers off, so only the request is measured), alternating round
 *    by round with the same bodies posted to a trivial route handler in a throwaway Next.js
 *    app (`bench/webhooks/servers.ts`): events/s, p50, p99 and the ratio.
 * 2. **Processing** — real purchase flows (checkout sessions created by the app's code, paid
 *    through the sandbox's hosted Checkout), their handled events delivered at a sustained
 *    rate (200/s) by an open-loop client while the app's workers run, with the sandbox adding
 *    150 ms to every API call (its `latency` fault): processing throughput, lag (received →
 *    processed) p50/p99, Stripe calls per event and the peak requests per second the sandbox
 *    saw (its request meter) against the app's request budget.
 * 3. **Duplicates** — every event delivered once more: each answers 200 duplicate, and the
 *    sandbox sees no request at all.
 * 4. **Effects** — one enrollment, one succeeded payment and one receipt per flow; every
 *    event processed, none failed or dead.
 *
 * Configuration (environment): BENCH_DB=postgres,pglite; BENCH_DATABASE_URL (a server the
 * bench may create `<db>_ingest` and `<db>_flows` databases on; default DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/bursar_bench); BENCH_RATE=200; BENCH_SECONDS=15;
 * BENCH_CLIENTS=32; BENCH_INGEST_REQUESTS=1500 (per round and target); BENCH_ROUNDS=3;
 * BENCH_INGEST_RATE=200 (the open-loop ingest latency: requests/s offered to each route, at most
 * half of what the slower route served in the closed loop);
 * BENCH_LATENCY_MS=150; BENCH_STRIPE_BUDGET=80 (requests/s in all and per endpoint, for the app and
 * the workers together: a live account allows 100/s); BENCH_WORKERS=1;
 * BENCH_PORT=3200 (the app); BENCH_REFERENCE_PORT (the reference; default BENCH_PORT + 1); BENCH_BUILD=1 rebuilds the app first;
 * BENCH_PROFILE_DIR makes the app (sustained phase) and the workers write V8 CPU profiles there.
 * Results also go to .data/bench/webhooks.json.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { closedLoop, openLoop, percentile, summarize, timedPost, type LatencySummary, type LoadResult } from './webhooks/load';
import { buildTrivialApp, cpuSecondsOf, cpuSecondsOfTree, run, type RunningServer, startNext, startWorker } from './webhooks/servers';

const ROOT = process.cwd();
const loadBefore = loadavg()[0]!;
const DBS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',').map((s) => s.trim()) as ('postgres' | 'pglite')[];
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bursar_bench';
// Creating and dropping the bench's databases, and reading the server's statistics, go through
// the server's maintenance database: PG_URL's own database need not exist (a fresh machine).
const ADMIN_URL = (() => {
  const url = new URL(PG_URL);
  url.pathname = '/postgres';
  return url.toString();
})();
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const INGEST_REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INGEST_RATE = Number(process.env.BENCH_INGEST_RATE ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);
const BUDGET = Number(process.env.BENCH_STRIPE_BUDGET ?? 80);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const REFERENCE_PORT = Number(process.env.BENCH_REFERENCE_PORT ?? PORT + 1);
// PostgreSQL: the app only ingests and BENCH_WORKERS `npm run worker` processes process (the
// deployment docs/webhooks.md recommends); PGlite is one process, so its workers run in it.
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PREP_CONCURRENCY = 8;
const DATA_DIR = path.join(ROOT, '.data', 'bench');
const SECRET = 'whsec_bursar_bench_secret';
const METRICS_TOKEN = 'bench-metrics-token-0123456789';

// The bench process itself uses the app's modules (checkout, seeds) on databases it opens
// explicitly; it never uses the process-wide database.
delete process.env.DATABASE_URL;
Object.assign(process.env, { DATA_DIR: path.join(DATA_DIR, 'bench-process'), STRIPE_WEBHOOK_SECRET: SECRET });

const { default: postgres } = await import('postgres');
const { sql, eq, inArray } = await import('drizzle-orm');
const { startSandbox } = await import('@bursar/stripe-sandbox');
const { openDatabase } = await import('../db/client');
const { rowsOf } = await import('../db/rows');
const { seedCourse, seedUser } = await import('../db/seed/factories');
const { setStripeForTests, createSandboxClient } = await import('../lib/stripe/client');
const { createCheckoutSession } = await import('../lib/billing/checkout');
const { stripeEventHandlers } = await import('../lib/billing/webhooks/dispatch');
const { payHostedCheckout } = await import('../tests/support/billing-harness');
const schema = await import('../db/schema');

type Target = 'postgres' | 'pglite';
type Result = {
  db: Target;
  trivial: LatencySummary;
  ingest: LatencySummary;
  /** The same two routes at a fixed offered rate (open loop, below both capacities): latency without the clients' own queue. */
  atRate: { rate: number; trivial: LatencySummary; ingest: LatencySummary };
  sustained: {
    flows: number;
    events: number;
    offeredPerSecond: number;
    ingest: LatencySummary;
    processedPerSecond: number;
    lagP50: number;
    lagP99: number;
    lagMax: number;
    stripeRequests: number;
    callsPerEvent: number;
    peakPerSecond: number;
    byEndpoint: Record<string, number>;
    /** Stripe requests each process says it sent (its own counters), beside the sandbox's meter. */
    byProcess: Record<string, { total: number; peakPerSecond: number | null; byEndpoint: Record<string, number> }>;
    /** Lane batches: how many, and how many named the PaymentIntent without its Checkout session (each costs the intent a read of its own). */
    batches: { total: number; withoutSession: number; eventsPerBatch: number };
    /** CPU milliseconds per event while the events were delivered and processed, by process. */
    cpuMsPerEvent: { app: number; workers: number; database: number; bench: number };
    /** PostgreSQL transactions (commits and rollbacks, statements outside one included) per event. */
    transactionsPerEvent: number | null;
  };
  duplicates: { deliveries: number; allDuplicate: boolean; statuses: Record<string, number>; stripeRequests: number; byEndpoint: Record<string, number> };
  effects: { ok: boolean; actual: Record<string, number>; expected: Record<string, number> };
};

// ---------------------------------------------------------------------------------------------
// Set-up: the app's build, the reference app, the sandbox.

if (process.env.BENCH_BUILD === '1' || !existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  console.log('building the app (next build)…');
  await run(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], ROOT, { NODE_ENV: 'production' });
}
const trivialDir = await buildTrivialApp(ROOT);
rmSync(path.join(DATA_DIR, 'runs'), { recursive: true, force: true });
mkdirSync(path.join(DATA_DIR, 'runs'), { recursive: true });

const sandbox = await startSandbox({ port: 0, dataDir: null });
const sandboxUrl = `http://127.0.0.1:${sandbox.port}`;
const stripe = createSandboxClient(sandbox.port, { timeout: 30_000 });
setStripeForTests(stripe);
const control = async (route: string, body?: unknown) => {
  const response = await fetch(`${sandboxUrl}/_sandbox${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`sandbox ${route}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};
type Meter = { total: number; peakPerSecond: number; byEndpoint: Record<string, number> };

/** CPU seconds so far of the app, the workers, the database's backends, and this process (the sandbox, the clients). */
type Usage = { app: number; workers: number; backends: Map<number, number>; bench: number; transactions: number | null };
async function usage(app: RunningServer, workers: RunningServer[], databaseUrl: string | undefined): Promise<Usage> {
  const backends = new Map<number, number>();
  let transactions: number | null = null;
  if (databaseUrl) {
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 });
    const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    for (const { pid } of pids) backends.set(pid, cpuSecondsOf([pid]));
    const [stats] = await admin<{ n: string }[]>`select xact_commit + xact_rollback as n from pg_stat_database where datname = ${name}`;
    transactions = Number(stats?.n ?? 0);
    await admin.end();
  }
  const own = process.cpuUsage();
  return { app: cpuSecondsOfTree(app.pid), workers: workers.reduce((sum, w) => sum + cpuSecondsOfTree(w.pid), 0), backends, bench: (own.user + own.system) / 1e6, transactions };
}

const reference = await startNext(ROOT, trivialDir, REFERENCE_PORT, {}, 'reference app');
const sign = (payload: string) => ({
  'content-type': 'application/json',
  'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
});

// ---------------------------------------------------------------------------------------------
// Databases: PostgreSQL gets two fresh databases per run, PGlite two fresh directories.

function pgUrlFor(suffix: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${url.pathname.slice(1) || 'bursar_bench'}_${suffix}`;
  return url.toString();
}

async function freshDatabase(target: Target, purpose: 'ingest' | 'flows'): Promise<{ env: Record<string, string>; config: { databaseUrl?: string; pgliteDir: string } }> {
  const dataDir = path.join(DATA_DIR, 'runs', `${target}-${purpose}`);
  mkdirSync(dataDir, { recursive: true });
  if (target === 'pglite') {
    const pgliteDir = path.join(dataDir, 'pglite');
    return { env: { DATA_DIR: dataDir, PGLITE_DIR: pgliteDir }, config: { pgliteDir } };
  }
  const url = pgUrlFor(purpose);
  const admin = postgres(ADMIN_URL, { onnotice: () => {}, max: 1 });
  const name = new URL(url).pathname.slice(1);
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return { env: { DATA_DIR: dataDir, DATABASE_URL: url }, config: { databaseUrl: url, pgliteDir: path.join(dataDir, 'unused') } };
}

function appEnv(db: Record<string, string>, jobs: boolean): Record<string, string> {
  return {
    ...db,
    BURSAR_DEMO_MODE: '1',
    APP_URL: `http://127.0.0.1:${PORT}`,
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_SANDBOX_PORT: String(sandbox.port),
    // The deployment's budget: on PostgreSQL the app and the workers take from one (lib/stripe/budget.ts).
    STRIPE_REQUEST_BUDGET: String(BUDGET),
    STRIPE_ENDPOINT_BUDGET: String(BUDGET),
    JOBS_IN_PROCESS: jobs ? '1' : '0',
    // The bench reads each app process's own Stripe request counter from /api/metrics.
    METRICS_TOKEN,
  };
}

// ---------------------------------------------------------------------------------------------
// Purchase flows, made by the app's own code against the sandbox.

async function prepareFlows(target: Target, config: { databaseUrl?: string; pgliteDir: string }, flows: number): Promise<Stripe.Event[]> {
  const handle = await openDatabase(config);
  const before = new Set<string>();
  for await (const event of stripe.events.list({ limit: 100 })) before.add(event.id);
  const { course } = await seedCourse(handle.db);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PREP_CONCURRENCY }, async () => {
      while (next < flows) {
        next++;
        const user = await seedUser(handle.db);
        const { url } = await createCheckoutSession(handle.db, { id: user.id, email: user.email, name: user.name }, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
        const paid = await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
        if (paid.status !== 303 && paid.status !== 302) throw new Error(`hosted checkout answered ${paid.status}`);
      }
    }),
  );
  await handle.close();
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) {
    if (!before.has(event.id) && Object.hasOwn(stripeEventHandlers, event.type)) events.push(event);
  }
  events.reverse(); // oldest first, as Stripe mostly delivers them
  console.log(`  ${target}: ${flows} purchase flows prepared in ${((Date.now() - started) / 1000).toFixed(1)} s → ${events.length} handled events`);
  return events;
}

/** Unique events shaped like real ones (ids and lanes rewritten) for the ingest rounds. */
function ingestBodies(templates: Stripe.Event[], count: number, tag: string): string[] {
  const kinds = templates.slice(0, 3);
  return Array.from({ length: count }, (_, i) => {
    const copy = structuredClone(kinds[i % kinds.length]) as Stripe.Event & { data: { object: Record<string, unknown> } };
    const lane = `pi_${tag}${Math.floor(i / kinds.length)}`;
    copy.id = `evt_${tag}${i}`;
    copy.created = Math.floor(Date.now() / 1000);
    if (copy.data.object.object === 'payment_intent') copy.data.object.id = lane;
    else copy.data.object.payment_intent = lane;
    return JSON.stringify(copy);
  });
}

// ---------------------------------------------------------------------------------------------

/** The Stripe requests an app process counted itself (`bursar_stripe_requests_total` on /api/metrics; since it started). */
async function stripeRequestsOfApp(url: string): Promise<{ total: number; peakPerSecond: null; byEndpoint: Record<string, number> }> {
  const text = await (await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const byEndpoint: Record<string, number> = {};
  let total = 0;
  for (const match of text.matchAll(/^bursar_stripe_requests_total\{endpoint="([^"]*)",status="([^"]*)"\} (\d+)/gm)) {
    byEndpoint[`${match[1]} ${match[2]}`] = Number(match[3]);
    total += Number(match[3]);
  }
  return { total, peakPerSecond: null, byEndpoint };
}

async function waitForBacklog(app: RunningServer, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const health = (await (await fetch(`${app.url}/api/health`)).json()) as { webhooks?: { waiting: number; retrying: number } };
      if (health.webhooks && health.webhooks.waiting === 0 && health.webhooks.retrying === 0) return true;
    } catch {
      /* busy; ask again */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function benchTarget(target: Target): Promise<Result> {
  console.log(`\n== ${target} ==`);
  const flows = Math.ceil((RATE * SECONDS) / 3);
  const flowsDb = await freshDatabase(target, 'flows');
  const events = await prepareFlows(target, flowsDb.config, flows);

  // 1. Ingest beside the reference, workers off, on a database of its own.
  const ingestDb = await freshDatabase(target, 'ingest');
  const app = await startNext(ROOT, ROOT, PORT, appEnv(ingestDb.env, false), `${target} app (ingest)`);
  const templates = ['checkout.session.completed', 'payment_intent.succeeded', 'charge.succeeded'].map((type) => events.find((e) => e.type === type)!);
  const warm = ingestBodies(templates, 300, 'warm');
  const postTo = (url: string, bodies: string[]) => (i: number) => timedPost(url, bodies[i]!, sign(bodies[i]!));
  await closedLoop(warm.length, CLIENTS, postTo(`${app.url}/api/webhooks/stripe`, warm));
  await closedLoop(warm.length, CLIENTS, postTo(`${reference.url}/api/ping`, warm));
  const trivialRuns: LoadResult[] = [];
  const ingestRuns: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bodies = ingestBodies(templates, INGEST_REQUESTS, `r${round}x`);
    trivialRuns.push(await closedLoop(bodies.length, CLIENTS, postTo(`${reference.url}/api/ping`, bodies)));
    ingestRuns.push(await closedLoop(bodies.length, CLIENTS, postTo(`${app.url}/api/webhooks/stripe`, bodies)));
  }
  // Closed loop, 32 clients always waiting: the latency is mostly the clients' own queue
  // (Little's law: 32 in flight ÷ the rate served), for the reference route too. The same
  // bodies again at a fixed rate both routes can serve, alternating, measure what one request
  // costs when it does not wait behind 31 others. The rate is BENCH_INGEST_RATE, or half of
  // what the slower route served in the closed loop if that is less (a busy machine).
  const rate = Math.max(10, Math.floor(Math.min(INGEST_RATE, summarize(trivialRuns).perSecond / 2, summarize(ingestRuns).perSecond / 2)));
  const trivialAtRate: LoadResult[] = [];
  const ingestAtRate: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    const bodies = ingestBodies(templates, Math.min(INGEST_REQUESTS, rate * 5), `o${round}x`);
    trivialAtRate.push(await openLoop(bodies.length, rate, postTo(`${reference.url}/api/ping`, bodies)));
    ingestAtRate.push(await openLoop(bodies.length, rate, postTo(`${app.url}/api/webhooks/stripe`, bodies)));
  }
  await app.stop();
  const trivial = summarize(trivialRuns);
  const ingest = summarize(ingestRuns);
  const atRate = { rate, trivial: summarize(trivialAtRate), ingest: summarize(ingestAtRate) };
  console.log(`  reference route: ${trivial.perSecond.toFixed(0)} req/s, p50 ${trivial.p50.toFixed(1)} ms, p99 ${trivial.p99.toFixed(1)} ms`);
  console.log(`  webhook ingest:  ${ingest.perSecond.toFixed(0)} events/s, p50 ${ingest.p50.toFixed(1)} ms, p99 ${ingest.p99.toFixed(1)} ms, statuses ${JSON.stringify(ingest.statuses)}`);
  console.log(`  at ${rate}/s offered: reference p50 ${atRate.trivial.p50.toFixed(1)} ms p99 ${atRate.trivial.p99.toFixed(1)} ms; webhook ingest p50 ${atRate.ingest.p50.toFixed(1)} ms p99 ${atRate.ingest.p99.toFixed(1)} ms, statuses ${JSON.stringify(atRate.ingest.statuses)}`);

  // 2. Sustained delivery with the workers on and every Stripe call 150 ms slower.
  await control('/faults/clear', {});
  await control('/faults', { path: '/v1/', kind: 'latency', latency_ms: LATENCY_MS });
  const separate = target === 'postgres' && WORKERS > 0;
  // BENCH_PROFILE_DIR: the app and the workers write V8 CPU profiles there (open them in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : [];
  const processing = await startNext(ROOT, ROOT, PORT, appEnv(flowsDb.env, !separate), `${target} app (processing)`, profile);
  const workers = separate ? Array.from({ length: WORKERS }, (_, i) => startWorker(ROOT, appEnv(flowsDb.env, true), `worker ${i + 1}`, profile)) : [];
  await closedLoop(20, 4, (i) => timedPost(`${processing.url}/api/webhooks/stripe`, '{}', { 'stripe-signature': `t=${i},v1=00` }));
  await Promise.all(workers.map((w) => w.ready));
  await control('/requests/reset', {});
  const usageBefore = await usage(processing, workers, flowsDb.config.databaseUrl);
  const bodies = events.map((e) => JSON.stringify(e));
  const sustained = await openLoop(bodies.length, RATE, (i) => timedPost(`${processing.url}/api/webhooks/stripe`, bodies[i]!, sign(bodies[i]!)));
  const sustainedSummary = summarize([sustained]);
  const errors = [...new Set(sustained.samples.filter((x) => x.status !== 200).map((x) => `${x.status} ${x.body ?? ''}`.slice(0, 120)))].slice(0, 3);
  console.log(`  sustained delivery: statuses ${JSON.stringify(sustainedSummary.statuses)}, p50 ${sustainedSummary.p50.toFixed(0)} ms, p99 ${sustainedSummary.p99.toFixed(0)} ms${errors.length ? `; ${errors.join(' | ')}` : ''}`);
  // Stripe retries a delivery that got no 2xx; so does the bench, before it counts anything.
  let failed = sustained.samples.map((x, i) => (x.status === 200 ? -1 : i)).filter((i) => i >= 0);
  for (let pass = 0; failed.length > 0 && pass < 5; pass++) {
    const retried = await closedLoop(failed.length, 8, (k) => timedPost(`${processing.url}/api/webhooks/stripe`, bodies[failed[k]!]!, sign(bodies[failed[k]!]!)));
    failed = failed.filter((_, k) => retried.samples[k]?.status !== 200);
  }
  const drained = await waitForBacklog(processing, 120_000);
  const meter = (await control('/requests')) as unknown as Meter;
  await new Promise((r) => setTimeout(r, 1_000)); // backends report their transaction counts when idle
  const usageAfter = await usage(processing, workers, flowsDb.config.databaseUrl);
  const perEvent = (seconds: number) => (1000 * seconds) / events.length;
  const cpuMsPerEvent = {
    app: perEvent(usageAfter.app - usageBefore.app),
    workers: perEvent(usageAfter.workers - usageBefore.workers),
    database: perEvent([...usageAfter.backends].reduce((sum, [pid, cpu]) => sum + cpu - (usageBefore.backends.get(pid) ?? 0), 0)),
    bench: perEvent(usageAfter.bench - usageBefore.bench),
  };
  const transactionsPerEvent = usageAfter.transactions === null || usageBefore.transactions === null ? null : (usageAfter.transactions - usageBefore.transactions) / events.length;
  if (!drained) console.log('  the backlog did not drain within 120 s');

  // 3. Every event once more: duplicates only.
  await control('/requests/reset', {});
  const again = await closedLoop(bodies.length, CLIENTS, (i) => timedPost(`${processing.url}/api/webhooks/stripe`, bodies[i]!, sign(bodies[i]!), true));
  await new Promise((r) => setTimeout(r, 2_000)); // longer than coalescing plus a worker tick
  const duplicateMeter = (await control('/requests')) as unknown as Meter;
  const appRequests = await stripeRequestsOfApp(processing.url);
  await processing.stop();
  await Promise.all(workers.map((w) => w.stop()));
  const byProcess: Result['sustained']['byProcess'] = { app: appRequests };
  workers.forEach((w, i) => {
    const own = w.stripeRequests();
    if (own) byProcess[`worker ${i + 1}`] = own;
  });
  await control('/faults/clear', {});
  const allDuplicate = again.samples.every((s) => s.status === 200 && (JSON.parse(s.body ?? '{}') as { duplicate?: boolean }).duplicate === true);

  // 4. Lag and effects, read from the database.
  const handle = await openDatabase(flowsDb.config);
  const ids = events.map((e) => e.id);
  const rows = rowsOf<{ status: string; received: string | number; processed: string | number | null }>(
    await handle.db.execute(sql`select status, extract(epoch from received_at) * 1000 as received, extract(epoch from processed_at) * 1000 as processed
      from stripe_events where id in ${ids}`),
  );
  const lags = rows.filter((r) => r.processed !== null).map((r) => Number(r.processed) - Number(r.received));
  // A lane's batch commits its events together: one processed_at per batch.
  const [batchRow] = rowsOf<{ total: string | number; without_session: string | number }>(
    await handle.db.execute(sql`select count(*) as total, count(*) filter (where not has_session and has_intent) as without_session from (
        select lane, processed_at, bool_or(type like 'checkout.session.%') as has_session,
               bool_or(type like 'payment_intent.%' or type like 'charge.%') as has_intent
        from stripe_events where id in ${ids} and processed_at is not null group by lane, processed_at) b`),
  );
  const batches = { total: Number(batchRow?.total ?? 0), withoutSession: Number(batchRow?.without_session ?? 0), eventsPerBatch: lags.length / Math.max(1, Number(batchRow?.total ?? 0)) };
  const firstReceived = Math.min(...rows.map((r) => Number(r.received)));
  const lastProcessed = Math.max(...rows.filter((r) => r.processed !== null).map((r) => Number(r.processed)));
  const count = (table: Parameters<typeof handle.db.$count>[0], where?: Parameters<typeof handle.db.$count>[1]) => handle.db.$count(table, where);
  const actual = {
    enrollments: await count(schema.enrollments, eq(schema.enrollments.status, 'active')),
    payments: await count(schema.payments, eq(schema.payments.status, 'succeeded')),
    receipts: await count(schema.outbox, eq(schema.outbox.template, 'purchase-receipt')),
    processed: rows.filter((r) => r.status === 'processed').length,
    failedOrDead: await count(schema.stripeEvents, inArray(schema.stripeEvents.status, ['failed', 'dead'])),
    rows: await count(schema.stripeEvents, inArray(schema.stripeEvents.id, ids)),
  };
  await handle.close();
  const expected = { enrollments: flows, payments: flows, receipts: flows, processed: events.length, failedOrDead: 0, rows: events.length };

  const result: Result = {
    db: target,
    trivial,
    ingest,
    atRate,
    sustained: {
      flows,
      events: events.length,
      offeredPerSecond: events.length / sustained.sendSeconds,
      ingest: summarize([sustained]),
      processedPerSecond: lags.length / ((lastProcessed - firstReceived) / 1000),
      lagP50: percentile(lags, 0.5),
      lagP99: percentile(lags, 0.99),
      lagMax: Math.max(...lags),
      stripeRequests: meter.total,
      callsPerEvent: meter.total / events.length,
      peakPerSecond: meter.peakPerSecond,
      byEndpoint: meter.byEndpoint,
      byProcess,
      batches,
      cpuMsPerEvent,
      transactionsPerEvent,
    },
    duplicates: { deliveries: again.samples.length, allDuplicate, statuses: summarize([again]).statuses, stripeRequests: duplicateMeter.total, byEndpoint: duplicateMeter.byEndpoint },
    effects: { ok: JSON.stringify(actual) === JSON.stringify(expected), actual, expected },
  };
  const s = result.sustained;
  console.log(`  sustained ${s.offeredPerSecond.toFixed(0)} events/s: processed ${s.processedPerSecond.toFixed(0)}/s, lag p50 ${(s.lagP50 / 1000).toFixed(2)} s p99 ${(s.lagP99 / 1000).toFixed(2)} s; ${s.stripeRequests} Stripe requests (${s.callsPerEvent.toFixed(2)}/event, peak ${s.peakPerSecond}/s) ${JSON.stringify(s.byEndpoint)}`);
  for (const [name, own] of Object.entries(s.byProcess)) console.log(`  ${name} says it sent ${own.total} Stripe requests${own.peakPerSecond === null ? '' : ` (its own peak ${own.peakPerSecond}/s)`} ${JSON.stringify(own.byEndpoint)}`);
  console.log(`  lane batches: ${s.batches.total} (${s.batches.eventsPerBatch.toFixed(2)} events each), ${s.batches.withoutSession} named a PaymentIntent without its Checkout session`);
  const c = s.cpuMsPerEvent;
  console.log(`  CPU per event: app ${c.app.toFixed(1)} ms, workers ${c.workers.toFixed(1)} ms, database ${c.database.toFixed(1)} ms, bench+sandbox ${c.bench.toFixed(1)} ms; transactions per event ${s.transactionsPerEvent?.toFixed(1) ?? 'n/a'}`);
  console.log(`  duplicates: ${result.duplicates.deliveries} deliveries, statuses ${JSON.stringify(result.duplicates.statuses)}, all answered duplicate: ${allDuplicate}, Stripe requests: ${result.duplicates.stripeRequests} ${JSON.stringify(result.duplicates.byEndpoint)}`);
  console.log(`  effects: ${JSON.stringify(actual)} ${result.effects.ok ? 'OK' : `MISMATCH, expected ${JSON.stringify(expected)}`}`);
  return result;
}

const results: Result[] = [];
try {
  for (const target of DBS) results.push(await benchTarget(target));
} finally {
  await reference.stop();
  await sandbox.close();
}

// ---------------------------------------------------------------------------------------------
// The table.

const ms = (n: number) => `${n.toFixed(1)} ms`;
const sec = (n: number) => `${(n / 1000).toFixed(2)} s`;
const rows: [string, (r: Result) => string][] = [
  [`reference route, ${CLIENTS} clients`, (r) => `${r.trivial.perSecond.toFixed(0)} req/s · p50 ${ms(r.trivial.p50)} · p99 ${ms(r.trivial.p99)}`],
  [`webhook ingest, ${CLIENTS} clients`, (r) => `${r.ingest.perSecond.toFixed(0)} events/s · p50 ${ms(r.ingest.p50)} · p99 ${ms(r.ingest.p99)}`],
  ['ingest ÷ reference', (r) => `${((100 * r.ingest.perSecond) / r.trivial.perSecond).toFixed(0)} %`],
  ['at a fixed rate (open loop): reference · ingest', (r) => `${r.atRate.rate}/s: p50 ${ms(r.atRate.trivial.p50)} p99 ${ms(r.atRate.trivial.p99)} · p50 ${ms(r.atRate.ingest.p50)} p99 ${ms(r.atRate.ingest.p99)}`],
  ['sustained delivery (offered)', (r) => `${r.sustained.events} events at ${r.sustained.offeredPerSecond.toFixed(0)}/s · ingest p99 ${ms(r.sustained.ingest.p99)}`],
  ['processing throughput', (r) => `${r.sustained.processedPerSecond.toFixed(0)} events/s`],
  ['lag p50 / p99 / max', (r) => `${sec(r.sustained.lagP50)} / ${sec(r.sustained.lagP99)} / ${sec(r.sustained.lagMax)}`],
  [`Stripe calls per event (+${LATENCY_MS} ms each)`, (r) => `${r.sustained.callsPerEvent.toFixed(2)} (${r.sustained.stripeRequests} requests)`],
  ['Stripe requests by kind', (r) => Object.entries(r.sustained.byEndpoint).map(([endpoint, n]) => `${endpoint.replace(/^GET \/v1\//, '')} ${n}`).join(' · ')],
  ['Stripe requests by process (own count, since start)', (r) => Object.entries(r.sustained.byProcess).map(([name, own]) => `${name} ${own.total}`).join(' · ')],
  ['lane batches · without the session (own intent read)', (r) => `${r.sustained.batches.total} · ${r.sustained.batches.withoutSession}`],
  ['CPU ms per event: app / workers / database', (r) => { const c = r.sustained.cpuMsPerEvent; return r.db === 'postgres' ? `${c.app.toFixed(1)} / ${c.workers.toFixed(1)} / ${c.database.toFixed(1)}` : `${c.app.toFixed(1)} (one process)`; }],
  ['database transactions per event', (r) => (r.sustained.transactionsPerEvent === null ? 'n/a' : r.sustained.transactionsPerEvent.toFixed(1))],
  [`peak Stripe requests/s (budget ${BUDGET})`, (r) => `${r.sustained.peakPerSecond}`],
  ['duplicate deliveries → Stripe calls', (r) => `${r.duplicates.deliveries} → ${r.duplicates.stripeRequests}${r.duplicates.allDuplicate ? '' : ' (not all answered duplicate!)'}`],
  ['effects (enrollments, payments, receipts)', (r) => (r.effects.ok ? `OK (${r.sustained.flows} each)` : `MISMATCH ${JSON.stringify(r.effects.actual)}`)],
];
const header = ['', ...results.map((r) => (r.db === 'postgres' ? 'PostgreSQL' : 'PGlite'))];
const table = [header, ...rows.map(([label, cell]) => [label, ...results.map(cell)])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(`\nbench:webhooks — ${new Date().toISOString()}, ${RATE} events/s for ${SECONDS} s, Stripe +${LATENCY_MS} ms per call; ${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
for (const [i, row] of table.entries()) {
  console.log(`| ${row.map((cell, j) => cell.padEnd(widths[j]!)).join(' | ')} |`);
  if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
}

const checks: [string, boolean][] = [];
for (const r of results) {
  const name = r.db === 'postgres' ? 'PostgreSQL' : 'PGlite';
  if (r.db === 'postgres') {
    checks.push([`${name}: ingest ≥ 60 % of the reference route`, r.ingest.perSecond >= 0.6 * r.trivial.perSecond]);
    checks.push([`${name}: ingest p99 ≤ 100 ms (${CLIENTS} clients, closed loop)`, r.ingest.p99 <= 100]);
    checks.push([`${name}: ingest p99 ≤ 100 ms at ${r.atRate.rate}/s offered (open loop)`, r.atRate.ingest.p99 <= 100]);
    checks.push([`${name}: lag p99 ≤ 5 s at ${RATE} events/s`, r.sustained.lagP99 <= 5000]);
    checks.push([`${name}: never over the request budget`, r.sustained.peakPerSecond <= BUDGET]);
  }
  checks.push([`${name}: duplicates cost no Stripe call`, r.duplicates.stripeRequests === 0 && r.duplicates.allDuplicate]);
  checks.push([`${name}: effects exactly once`, r.effects.ok]);
}
console.log('');
for (const [label, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${label}`);
writeFileSync(path.join(DATA_DIR, 'webhooks.json'), JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, loadAverage: [loadBefore, loadavg()[0]], rate: RATE, seconds: SECONDS, clients: CLIENTS, latencyMs: LATENCY_MS, budget: BUDGET, results, checks }, null, 2));
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);

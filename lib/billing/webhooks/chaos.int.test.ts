/**
 * Chaos: the webhook pipeline as deployed — two app processes ingesting, two `npm run worker`
 * processes draining, one PostgreSQL — fed thousands of real events, each delivered one to
 * three times, shuffled, while the sandbox fails Stripe reads (so handlers fail and lanes
 * retry) and one worker is killed with SIGKILL while it holds lanes. The ledger it ends with
 * must equal the one a clean, sequential, single-delivery run ends with, row for row.
 *
 * PostgreSQL only (set DATABASE_URL): PGlite is one process. The databases are copies of one
 * prepared database (`CREATE DATABASE … TEMPLATE`), so both runs start from the same rows.
 * 300 purchases make about 2,000 events and 4,000 deliveries; it takes a minute or two on an idle
 * machine (CHAOS_FLOWS=100 runs a third of it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, readDbEnv } from '@/db/client';
import { seedCourse, seedUser } from '@/db/seed/factories';
import { createCheckoutSession } from '@/lib/billing/checkout';
import { runDueQueuedJobs } from '@/lib/jobs/queue';
import { createSandboxClient, setStripeForTests } from '@/lib/stripe/client';
import { signTestPayload } from '@/lib/stripe/webhooks';
import { startSandbox } from '@bursar/stripe-sandbox';
import { payHostedCheckout } from '@/tests/support/billing-harness';
import { handleStripeWebhook } from './ingest';
import { drainWebhookLanes } from './worker';

const databaseUrl = readDbEnv().databaseUrl;
// CHAOS_FLOWS makes a smaller run (a quicker check on a busy machine); 300 by default.
const FLOWS = Number(process.env.CHAOS_FLOWS ?? 300);
const SECRET = 'whsec_chaos_test_secret';
const ROOT = process.cwd();

/** A small seeded generator, so a failing run can be repeated. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function urlFor(name: string): string {
  const url = new URL(databaseUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The rows that make the ledger, with ids of rows created while processing replaced by business keys. */
async function ledger(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const q = async (text: string) => (await sql.unsafe(text)).map((row) => JSON.stringify(row)).sort();
    return {
      payments: await q(`select p.stripe_payment_intent_id, p.stripe_charge_id, p.user_id, p.course_id, p.amount, p.amount_refunded, p.currency, p.status,
          p.card_last4, p.fee, p.net, cs.stripe_checkout_session_id from payments p left join checkout_sessions cs on cs.id = p.checkout_session_id`),
      enrollments: await q(`select e.user_id, e.course_id, e.source, e.status, e.revoke_reason, p.stripe_payment_intent_id
          from enrollments e left join payments p on p.id = e.payment_id`),
      refunds: await q(`select r.stripe_refund_id, r.amount, r.status, p.stripe_payment_intent_id from refunds r left join payments p on p.id = r.payment_id`),
      disputes: await q(`select d.stripe_dispute_id, d.stripe_charge_id, d.amount, d.status, p.stripe_payment_intent_id from disputes d left join payments p on p.id = d.payment_id`),
      sessions: await q(`select stripe_checkout_session_id, status, payment_status, stripe_payment_intent_id, fulfilled_at is not null as fulfilled from checkout_sessions`),
      customers: await q(`select stripe_customer_id, user_id from customers`),
      // Email: one outbox row per business key (delivery status and timing aside).
      outbox: await q(`select template, dedupe_key, recipient, user_id from outbox`),
      jobs: await q(`select name, dedupe_key from jobs`),
      // Audit rows name the entity by its business key; which event wrote one depends on batching.
      audit: await q(`select a.action, a.entity_type,
          coalesce((select p.stripe_payment_intent_id from payments p where p.id::text = a.entity_id),
                   (select r.stripe_refund_id from refunds r where r.id::text = a.entity_id),
                   (select d.stripe_dispute_id from disputes d where d.id::text = a.entity_id),
                   (select e.user_id || '/' || e.course_id from enrollments e where e.id::text = a.entity_id),
                   a.entity_id) as entity
          from audit_log a`),
      events: await q(`select id, status from stripe_events`),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

type Child = { process: ChildProcess; stderr: () => string };

function spawnTs(script: string, env: Record<string, string>): Child {
  // `node --import tsx`, not the tsx binary: one process, so SIGKILL reaches the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  return { process: child, stderr: () => stderr };
}

async function stop(child: Child) {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!databaseUrl)('webhook chaos (PostgreSQL only: set DATABASE_URL; skipped on PGlite, which is one process)', () => {
  const names = { base: '', chaos: '', clean: '' };
  const children: Child[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    await Promise.all(children.map(stop));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('two app processes and two workers, duplicates, shuffling, failures and a kill -9 end with the ledger of a clean sequential run', { timeout: 600_000 }, async () => {
    // 1. A prepared database and the sandbox's events for it.
    const admin = postgres(databaseUrl as string, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end({ timeout: 5 }));
    const prefix = `bursar_chaos_${Date.now().toString(36)}`;
    Object.assign(names, { base: `${prefix}_base`, chaos: `${prefix}_run`, clean: `${prefix}_clean` });
    for (const name of Object.values(names)) cleanups.push(() => admin.unsafe(`drop database if exists "${name}" with (force)`));
    await admin.unsafe(`create database "${names.base}"`);

    const sandbox = await startSandbox({ port: 0, dataDir: null, refundSettleMs: 20, disputeOpenMs: 20 });
    cleanups.push(() => sandbox.close());
    const stripe = createSandboxClient(sandbox.port, { timeout: 30_000 });
    setStripeForTests(stripe);
    cleanups.push(async () => setStripeForTests(undefined));
    const control = (route: string, body: unknown) =>
      fetch(`${sandbox.url}/_sandbox${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
        if (!r.ok) throw new Error(`sandbox ${route}: ${r.status} ${await r.text()}`);
        return r.json() as Promise<Record<string, unknown>>;
      });

    const base = await openDatabase({ databaseUrl: urlFor(names.base), pgliteDir: 'unused' });
    const courses = [(await seedCourse(base.db)).course, (await seedCourse(base.db)).course, (await seedCourse(base.db)).course];
    const intents: string[] = new Array(FLOWS);
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < FLOWS) {
          const i = next++;
          const user = await seedUser(base.db);
          const course = courses[i % courses.length]!;
          const { url, sessionId } = await createCheckoutSession(base.db, { id: user.id, email: user.email, name: user.name }, { kind: 'course', courseSlug: course.slug, currency: 'usd', attemptId: randomUUID() });
          // Every tenth buyer's first card is declined (payment_intent.payment_failed), then paid.
          if (i % 10 === 1) await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000000002' });
          await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
          intents[i] = String((await stripe.checkout.sessions.retrieve(sessionId)).payment_intent);
        }
      }),
    );
    await base.close();
    // Refunds from the dashboard (full and partial) and disputes (lost and won).
    for (let i = 0; i < FLOWS; i++) {
      const intent = await stripe.paymentIntents.retrieve(intents[i]!);
      if (i % 5 === 0) await stripe.refunds.create({ payment_intent: intent.id });
      if (i % 5 === 2) await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
      if (i % 10 === 3) await control(`/charges/${String(intent.latest_charge)}/dispute`, { reason: 'fraudulent' });
    }
    await new Promise((r) => setTimeout(r, 200));
    await sandbox.idle();
    let disputesClosed = 0;
    for await (const dispute of stripe.disputes.list({ limit: 100 })) {
      await control(`/disputes/${dispute.id}/close`, { outcome: disputesClosed++ % 2 === 0 ? 'lost' : 'won' });
    }
    await new Promise((r) => setTimeout(r, 200));
    await sandbox.idle();
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
    events.reverse();
    expect(events.length).toBeGreaterThan(5 * FLOWS);

    await admin.unsafe(`create database "${names.chaos}" template "${names.base}"`);
    await admin.unsafe(`create database "${names.clean}" template "${names.base}"`);

    // 2. The clean run: every event once, in order, processed one lane at a time.
    const clean = await openDatabase({ databaseUrl: urlFor(names.clean), pgliteDir: 'unused' });
    cleanups.push(() => clean.close());
    for (const event of events) {
      const body = JSON.stringify(event);
      const response = await handleStripeWebhook(
        new Request('http://127.0.0.1/api/webhooks/stripe', { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': signTestPayload(body, SECRET) } }),
        { db: clean.db, webhookSecret: SECRET, coalesceMs: 0 },
      );
      expect(response.status).toBe(200);
    }
    for (;;) {
      const drained = await drainWebhookLanes(clean.db, { workerId: 'clean', concurrency: 1, budgetMs: 600_000 });
      const jobs = await runDueQueuedJobs(clean.db, { workerId: 'clean' });
      if (drained.lanes === 0 && jobs.claimed === 0) break;
    }
    await clean.close();
    cleanups.pop();

    // 3. The chaos run.
    const chaosUrl = urlFor(names.chaos);
    const processEnv = {
      DATABASE_URL: chaosUrl,
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_SANDBOX_HOST: '127.0.0.1',
      STRIPE_SANDBOX_PORT: String(sandbox.port),
      STRIPE_REQUEST_BUDGET: '500',
      STRIPE_ENDPOINT_BUDGET: '500',
      WEBHOOK_LEASE_SECONDS: '3',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_COALESCE_MS: '50',
      WEBHOOK_CONCURRENCY: '8',
    };
    const apps = await Promise.all(
      [0, 1].map(async () => {
        const child = spawnTs('tests/chaos/ingest-server.ts', processEnv);
        children.push(child);
        const line = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.process.stdout! }).once('line', resolve);
          child.process.once('exit', (code) => reject(new Error(`app process exited ${code}: ${child.stderr()}`)));
        });
        return `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/api/webhooks/stripe`;
      }),
    );
    const startWorker = () => {
      const child = spawnTs(path.join('scripts', 'worker.ts'), processEnv);
      children.push(child);
      return child;
    };
    // Ready once a worker says it runs its jobs: on a busy machine loading its modules takes
    // long enough that the kill below could otherwise look for leases before it has any.
    const ready = (child: Child) =>
      new Promise<void>((resolve, reject) => {
        createInterface({ input: child.process.stdout! }).on('line', (line) => {
          if (/^worker .*: running /.test(line)) resolve();
        });
        child.process.once('exit', (code) => reject(new Error(`worker exited ${code}: ${child.stderr()}`)));
      });
    const victim = startWorker();
    const second = startWorker();
    await Promise.all([ready(victim), ready(second)]);

    // Every Stripe read is slower (batches stay in flight), and some fail outright: the SDK
    // retries twice, so a run of three failures fails the handler and its lane retries.
    await control('/faults', { path: '/v1/', kind: 'latency', latency_ms: 25 });
    for (const prefix of ['/v1/checkout/sessions', '/v1/payment_intents', '/v1/charges']) await control('/faults', { path: prefix, kind: 'error', count: 45 });

    const rand = random(9);
    const deliveries = events.flatMap((event) => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => JSON.stringify(event)));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const statuses: number[] = [];
    let sent = 0;
    let killedHolding = -1;
    const killer = (async () => {
      await waitFor(async () => sent > deliveries.length / 3, 300_000, 'a third of the deliveries');
      const sql = postgres(chaosUrl, { max: 1, onnotice: () => {} });
      try {
        await waitFor(
          async () => {
            const [row] = await sql`select count(*)::int as n from stripe_event_lanes where leased_by like ${`%:${victim.process.pid}/%`} and leased_until > now()`;
            killedHolding = row?.n ?? 0;
            return killedHolding > 0;
          },
          60_000,
          'the victim worker to hold a lane',
        );
        victim.process.kill('SIGKILL');
      } finally {
        await sql.end({ timeout: 5 });
      }
      startWorker();
    })();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < deliveries.length) {
          const body = deliveries[sent++]!;
          const response = await fetch(apps[Math.floor(rand() * apps.length)]!, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'stripe-signature': signTestPayload(body, SECRET) },
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
      }),
    );
    await killer;
    expect(deliveries.length).toBeGreaterThan(10 * FLOWS);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(killedHolding).toBeGreaterThan(0);
    expect(victim.process.signalCode).toBe('SIGKILL');

    const sql = postgres(chaosUrl, { max: 1, onnotice: () => {} });
    try {
      await waitFor(
        async () => {
          const [row] = await sql`select
              (select count(*)::int from stripe_events where status in ('received', 'failed')) as waiting,
              (select count(*)::int from stripe_event_lanes) as lanes,
              (select count(*)::int from jobs where status in ('pending', 'running')) as jobs`;
          return row?.waiting === 0 && row?.lanes === 0 && row?.jobs === 0;
        },
        240_000,
        'the chaos run to drain',
      );
      const [retried] = await sql`select count(*)::int as n from stripe_events where attempts > 1`;
      // The injected failures did fail handlers (their events were retried) …
      expect(retried?.n).toBeGreaterThan(0);
    } finally {
      await sql.end({ timeout: 5 });
    }
    await Promise.all(children.map(stop));

    // 4. … and yet the ledger is exactly the clean run's: no doubled enrollment, email, refund or audit row.
    const [chaosLedger, cleanLedger] = [await ledger(chaosUrl), await ledger(urlFor(names.clean))];
    expect(chaosLedger.events.filter((e) => !e.includes('"processed"') && !e.includes('"ignored"'))).toEqual([]);
    expect(cleanLedger.enrollments.length).toBeGreaterThan(FLOWS / 2);
    expect(cleanLedger.refunds.length).toBeGreaterThan(FLOWS / 5);
    for (const key of Object.keys(cleanLedger) as (keyof typeof cleanLedger)[]) {
      expect(chaosLedger[key], `${key} differ from the clean run`).toEqual(cleanLedger[key]);
    }
  });
});

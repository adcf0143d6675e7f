import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { enqueueJob } from '@/db/queries/jobs';
import { jobs, payments } from '@/db/schema';
import { runJob } from '@/lib/jobs/run-job';
import { countRequest } from '@/lib/stripe/call-stats';
import { payHostedCheckout, setupSandbox, startCoursePurchase } from '@/tests/support/billing-harness';
import { setupTestDb } from '@/tests/support/test-db';
import { eventually, settleDeliveries, setupWebhookReceiver } from '@/tests/support/webhook-harness';
import { handleMetricsRequest } from './metrics-endpoint';

const handle = setupTestDb();
const getStripe = setupSandbox();
// The queued-job counters test runs the queue itself: the receiver's loop leaves it alone (on
// PostgreSQL it runs beside the test and would claim the test's jobs first). Nothing else
// here enqueues a job.
setupWebhookReceiver(handle, getStripe, { queuedJobs: false });

const TOKEN = 'metrics-token-for-tests-0123';

async function scrape(): Promise<string> {
  const response = await handleMetricsRequest(new Request('http://localhost/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }), {
    token: TOKEN,
    production: true,
    db: async () => handle().db,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The sample `name{labels}` in Prometheus text; labels must match exactly (order aside). 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('/api/metrics', () => {
  it('answers 401 without the token, 503 in production with no token configured, and is open in development', async () => {
    const db = async () => handle().db;
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const response = await handleMetricsRequest(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }), { token: TOKEN, production: true, db });
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid metrics token.' } });
    }
    const off = await handleMetricsRequest(new Request('http://localhost/api/metrics'), { token: undefined, production: true, db });
    expect(off.status).toBe(503);
    expect(await off.json()).toMatchObject({ error: { code: 'metrics_disabled' } });
    const dev = await handleMetricsRequest(new Request('http://localhost/api/metrics'), { token: undefined, production: false, db });
    expect(dev.status).toBe(200);
    expect(await dev.text()).toContain('# TYPE bursar_webhook_events_received_total counter');
  });

  it('after a purchase, the webhook, payment, Stripe and job counters moved and the backlog gauges read zero', async () => {
    const { db } = handle();
    const before = await scrape();
    const { user, url } = await startCoursePurchase(db);
    await payHostedCheckout(url, { method: 'card', cardNumber: '4242424242424242' });
    await eventually(async () => (await db.select().from(payments).where(eq(payments.userId, user.id)))[0]?.status === 'succeeded');
    await settleDeliveries(getStripe().sandbox);
    await runJob('deliver-notifications', { db });
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

    expect(moved('bursar_webhook_events_received_total', { type: 'checkout.session.completed' })).toBe(1);
    expect(moved('bursar_webhook_events_received_total', { type: 'payment_intent.succeeded' })).toBe(1);
    expect(moved('bursar_webhook_events_processed_total', { type: 'payment_intent.succeeded' })).toBe(1);
    expect(moved('bursar_webhook_requests_total', { outcome: 'recorded' })).toBeGreaterThanOrEqual(2);
    expect(moved('bursar_payments_total', { outcome: 'succeeded', decline_code: '' })).toBe(1);
    expect(moved('bursar_webhook_event_latency_seconds_count')).toBeGreaterThanOrEqual(2);
    // Lag from Stripe's `created`: observed once per processed event, like the latency.
    expect(moved('bursar_webhook_event_lag_seconds_count')).toBe(moved('bursar_webhook_event_latency_seconds_count'));
    expect(moved('bursar_webhook_event_lag_seconds_bucket', { le: '+Inf' })).toBe(moved('bursar_webhook_event_lag_seconds_count'));
    expect(moved('bursar_stripe_operations_total', { operation: 'checkout.create', outcome: 'ok' })).toBe(1);
    expect(moved('bursar_job_runs_total', { job: 'deliver-notifications', outcome: 'ok' })).toBe(1);
    expect(moved('bursar_job_items_total', { job: 'deliver-notifications', result: 'sent' })).toBe(1);
    expect(sample(after, 'bursar_webhook_backlog_events', { state: 'waiting' })).toBe(0);
    expect(sample(after, 'bursar_webhook_lag_seconds')).toBe(0);
    expect(sample(after, 'bursar_outbox_messages', { status: 'pending' })).toBe(0);
    expect(after).toContain('bursar_process_cpu_seconds_total');
  });

  it('mirrors the Stripe door\'s request counts, 429s included', async () => {
    // The tests' Stripe client has no budgeted HTTP client, so count as that client would.
    const before = await scrape();
    countRequest('GET /v1/subscriptions/{id}', 429);
    countRequest('GET /v1/subscriptions/{id}', 200);
    const after = await scrape();
    for (const status of ['429', '200']) {
      expect(sample(after, 'bursar_stripe_requests_total', { endpoint: 'GET /v1/subscriptions/{id}', status }) - sample(before, 'bursar_stripe_requests_total', { endpoint: 'GET /v1/subscriptions/{id}', status })).toBe(1);
    }
  });

  it('counts a declined payment with its decline code', async () => {
    const { db } = handle();
    const before = await scrape();
    const { url } = await startCoursePurchase(db);
    // Declined with insufficient_funds: Checkout stays open, the intent reports the failure.
    await payHostedCheckout(url, { method: 'card', cardNumber: '4000000000009995' });
    await settleDeliveries(getStripe().sandbox);
    const after = await scrape();
    expect(sample(after, 'bursar_payments_total', { outcome: 'failed', decline_code: 'insufficient_funds' }) - sample(before, 'bursar_payments_total', { outcome: 'failed', decline_code: 'insufficient_funds' })).toBe(1);
  });

  it('counts queued jobs claimed, succeeded, failed and dead per job, and reads the queue depth per state', async () => {
    const { db } = handle();
    // The refund of a duplicate payment that is gone succeeds with nothing to do; a job without
    // a runner fails (retried later); one on its last attempt fails for good (dead).
    const ok = 'refund-duplicate-payment';
    const broken = `no-runner-${randomUUID().slice(0, 8)}`;
    const later = `later-${randomUUID().slice(0, 8)}`;
    await enqueueJob(db, { name: ok, payload: { paymentId: randomUUID(), keptPaymentId: null }, dedupeKey: `metrics:${randomUUID()}` });
    await enqueueJob(db, { name: broken, payload: {}, dedupeKey: `metrics:${randomUUID()}` });
    await db.insert(jobs).values({ name: broken, payload: {}, dedupeKey: `metrics:${randomUUID()}`, attempts: 7 });
    await enqueueJob(db, { name: later, payload: {}, dedupeKey: `metrics:${randomUUID()}`, runAt: new Date(Date.now() + 3_600_000) });

    const before = await scrape();
    expect(sample(before, 'bursar_queued_jobs', { name: broken, state: 'due' })).toBe(2);
    expect(sample(before, 'bursar_queued_jobs', { name: later, state: 'scheduled' })).toBe(1);
    expect(sample(before, 'bursar_queued_jobs_oldest_due_seconds')).toBeGreaterThanOrEqual(0);

    const run = await runJob('run-queued-jobs', { db });
    expect(run.result).toMatchObject({ claimed: 3, succeeded: 1, retrying: 1, failed: 1 });
    const after = await scrape();
    const moved = (labels: Record<string, string>) => sample(after, 'bursar_queued_jobs_total', labels) - sample(before, 'bursar_queued_jobs_total', labels);
    expect(moved({ name: ok, outcome: 'claimed' })).toBe(1);
    expect(moved({ name: ok, outcome: 'succeeded' })).toBe(1);
    expect(moved({ name: broken, outcome: 'claimed' })).toBe(2);
    expect(moved({ name: broken, outcome: 'failed' })).toBe(1);
    expect(moved({ name: broken, outcome: 'dead' })).toBe(1);
    expect(moved({ name: broken, outcome: 'succeeded' })).toBe(0);
    // The retried one waits its backoff (scheduled), the dead one is parked (failed); nothing is due.
    expect(sample(after, 'bursar_queued_jobs', { name: broken, state: 'due' })).toBe(0);
    expect(after).not.toContain(`bursar_queued_jobs{name="${broken}",state="due"}`);
    expect(sample(after, 'bursar_queued_jobs', { name: broken, state: 'scheduled' })).toBe(1);
    expect(sample(after, 'bursar_queued_jobs', { name: broken, state: 'failed' })).toBe(1);
    expect(sample(after, 'bursar_queued_jobs', { name: later, state: 'scheduled' })).toBe(1);
    expect(sample(after, 'bursar_queued_jobs_oldest_due_seconds')).toBe(0);
  });
});

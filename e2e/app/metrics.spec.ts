import { buyCourse, expect, signInThroughMailbox, test, uniqueEmail } from './fixtures';

// `curl /api/metrics` after a purchase, against the production build: the counters moved.
// The token is the one scripts/e2e-server.ts configures (METRICS_TOKEN).
const TOKEN = 'e2e-metrics-token-0123456789';

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

test('a purchase moves the webhook, payment, Stripe, job and lag metrics; no token, no metrics', async ({ page, request }) => {
  expect((await request.get('/api/metrics')).status()).toBe(401);
  expect((await request.get('/api/metrics', { headers: { authorization: 'Bearer not-the-token-0123456789' } })).status()).toBe(401);
  const scrape = async () => {
    const response = await request.get('/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  await signInThroughMailbox(page, uniqueEmail('metrics'));
  const before = await scrape();
  await buyCourse(page, 'web-performance-measure-then-fix');

  // The in-process worker processes the purchase's events and sends the receipt shortly after.
  await expect(async () => {
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('bursar_webhook_events_received_total', { type: 'payment_intent.succeeded' })).toBeGreaterThanOrEqual(1);
    expect(moved('bursar_webhook_events_processed_total', { type: 'checkout.session.completed' })).toBeGreaterThanOrEqual(1);
    expect(moved('bursar_payments_total', { outcome: 'succeeded', decline_code: '' })).toBeGreaterThanOrEqual(1);
    expect(moved('bursar_stripe_operations_total', { operation: 'checkout.create', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('bursar_webhook_event_lag_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(moved('bursar_job_runs_total', { job: 'process-webhooks', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('bursar_job_items_total', { job: 'deliver-notifications', result: 'sent' })).toBeGreaterThanOrEqual(1);
    // Drained: nothing waits, and the database gauges say so.
    expect(sample(after, 'bursar_webhook_backlog_events', { state: 'waiting' })).toBe(0);
    expect(sample(after, 'bursar_webhook_backlog_events', { state: 'dead' })).toBe(0);
    expect(sample(after, 'bursar_queued_jobs_oldest_due_seconds')).toBe(0);
  }).toPass({ timeout: 30_000 });
});

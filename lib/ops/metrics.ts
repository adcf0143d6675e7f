import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { getStripeCallStats } from '@/lib/stripe/call-stats';

/**
 * Bursar's Prometheus metrics (docs/operations.md lists them). Two kinds:
 *
 * - Counters and histograms of what *this process* did (webhook events it received or
 *   processed, Stripe calls, job runs). Each process (app instances, `npm run worker`) keeps
 *   its own; Prometheus sums them across the targets it scrapes.
 * - Gauges read from the database at scrape time (webhook backlog and lag, outbox backlog,
 *   open reconciliation differences): the same for every process, so they hold whichever
 *   process did the work. Alert on `max()` of them, not `sum()`.
 *
 * One registry per process, on globalThis so a dev reload never registers a metric twice.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bursar_' });
  const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

  // Stripe: mirrored from lib/stripe/call-stats.ts (the one door counts every request).
  const stripeRequests = new Counter({
    name: 'bursar_stripe_requests_total',
    help: 'HTTP requests sent to Stripe by this process (every attempt, retries included), by endpoint and HTTP status (429 = rate limited; "error" = no answer).',
    labelNames: ['endpoint', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, count] of getStripeCallStats().requests) {
        const at = key.lastIndexOf(' ');
        this.inc({ endpoint: key.slice(0, at), status: key.slice(at + 1) }, count);
      }
    },
  });
  const stripeOperations = new Counter({
    name: 'bursar_stripe_operations_total',
    help: 'Named Stripe operations (lib/stripe) by outcome: ok, card_declined, rate_limited, unavailable, not_found, …',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, count] of getStripeCallStats().operations) {
        const at = key.lastIndexOf(' ');
        this.inc({ operation: key.slice(0, at), outcome: key.slice(at + 1) }, count);
      }
    },
  });

  return {
    registry,
    stripeRequests,
    stripeOperations,
    webhookRequests: new Counter({
      name: 'bursar_webhook_requests_total',
      help: 'Requests to the webhook route by outcome: recorded, duplicate, refused (bad signature or body), error (not recorded, Stripe retries).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookReceived: new Counter({
      name: 'bursar_webhook_events_received_total',
      help: 'Stripe events recorded (first delivery only), by type.',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    webhookProcessed: new Counter({
      name: 'bursar_webhook_events_processed_total',
      help: 'Stripe events processed, by type.',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    webhookFailed: new Counter({
      name: 'bursar_webhook_events_failed_total',
      help: 'Failed attempts at processing a Stripe event, by type; final="true" when the event went to the dead letter.',
      labelNames: ['type', 'final'] as const,
      registers: [registry],
    }),
    webhookLatency: new Histogram({
      name: 'bursar_webhook_event_latency_seconds',
      help: 'From an event being recorded to its effects being committed.',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    webhookLag: new Histogram({
      name: 'bursar_webhook_event_lag_seconds',
      help: "From Stripe creating an event (its `created`) to its effects being committed here: Stripe's delivery delay and retries, the backlog and the processing.",
      buckets: latencyBuckets,
      registers: [registry],
    }),
    webhookBatchDuration: new Histogram({
      name: 'bursar_webhook_batch_duration_seconds',
      help: 'Processing one lane batch: the Stripe reads, then the transaction.',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    payments: new Counter({
      name: 'bursar_payments_total',
      help: 'Payment outcomes processed from Stripe events (succeeded, failed, canceled, requires_action, processing), with the decline code of failures.',
      labelNames: ['outcome', 'decline_code'] as const,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'bursar_job_runs_total',
      help: 'Job runs by job and outcome (ok, error).',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'bursar_job_duration_seconds',
      help: 'Duration of job runs, by job.',
      labelNames: ['job'] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    jobItems: new Counter({
      name: 'bursar_job_items_total',
      help: "What job runs reported, by job and count name (deliver-notifications: sent, retrying, failed; process-webhooks: processed, failed, dead; …).",
      labelNames: ['job', 'result'] as const,
      registers: [registry],
    }),
    queuedJobs: new Counter({
      name: 'bursar_queued_jobs_total',
      help: 'Queued one-off jobs (the jobs table) by job name and outcome: claimed, succeeded, failed (an attempt failed, retried later), dead (failed for good, parked for an admin).',
      labelNames: ['name', 'outcome'] as const,
      registers: [registry],
    }),
    reconciliationDifferences: new Counter({
      name: 'bursar_reconciliation_differences_total',
      help: 'Differences found by reconciliation runs, by issue.',
      labelNames: ['issue'] as const,
      registers: [registry],
    }),
    // Database-derived, set at scrape time (see ./scrape.ts).
    webhookBacklog: new Gauge({
      name: 'bursar_webhook_backlog_events',
      help: 'Stripe events not yet processed, by state: waiting, retrying, dead (from the database).',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    webhookLagNow: new Gauge({
      name: 'bursar_webhook_lag_seconds',
      help: 'Age of the oldest unprocessed Stripe event, 0 when none waits (from the database).',
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'bursar_outbox_messages',
      help: 'Outbox messages by status: pending (due or waiting a retry), failed (parked for an admin) (from the database).',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    outboxOldestPending: new Gauge({
      name: 'bursar_outbox_oldest_pending_seconds',
      help: 'Age of the oldest pending outbox message, 0 when none (from the database).',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'bursar_queued_jobs',
      help: 'Queued jobs not finished, by job name and state: due, scheduled (a later retry), running, failed (from the database).',
      labelNames: ['name', 'state'] as const,
      registers: [registry],
    }),
    queueOldestDue: new Gauge({
      name: 'bursar_queued_jobs_oldest_due_seconds',
      help: 'How long the oldest due queued job has waited to be claimed, 0 when none (from the database).',
      registers: [registry],
    }),
    reconciliationOpen: new Gauge({
      name: 'bursar_reconciliation_open_differences',
      help: 'Reconciliation differences still open (from the database).',
      registers: [registry],
    }),
    reconciliationLastSuccess: new Gauge({
      name: 'bursar_reconciliation_last_success_timestamp_seconds',
      help: 'When the last reconciliation run finished successfully (Unix time), 0 when never (from the database).',
      registers: [registry],
    }),
  };
}

export type BursarMetrics = ReturnType<typeof createMetrics>;

const store = globalThis as unknown as { bursarMetrics?: BursarMetrics };

export function getMetrics(): BursarMetrics {
  store.bursarMetrics ??= createMetrics();
  return store.bursarMetrics;
}

const PAYMENT_OUTCOMES: Record<string, string> = {
  'payment_intent.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.canceled': 'canceled',
  'payment_intent.requires_action': 'requires_action',
  'payment_intent.processing': 'processing',
};

type ProcessedEvent = { type: string; receivedAt: Date; stripeCreatedAt?: Date; object: unknown };

function declineCodeOf(object: unknown): string {
  const error = (object as { last_payment_error?: { decline_code?: unknown; code?: unknown } | null } | null)?.last_payment_error;
  const code = error?.decline_code ?? error?.code;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : '';
}

/** Events whose effects just committed: counted once each (an event id is processed once). */
export function observeProcessedEvents(events: ProcessedEvent[], now = Date.now()): void {
  const m = getMetrics();
  for (const event of events) {
    m.webhookProcessed.inc({ type: event.type });
    m.webhookLatency.observe(Math.max(0, (now - event.receivedAt.getTime()) / 1000));
    // Stripe's clock, not ours: a little skew must not record a negative lag.
    if (event.stripeCreatedAt) m.webhookLag.observe(Math.max(0, (now - event.stripeCreatedAt.getTime()) / 1000));
    const outcome = PAYMENT_OUTCOMES[event.type];
    if (outcome) m.payments.inc({ outcome, decline_code: outcome === 'failed' ? declineCodeOf(event.object) || 'unknown' : '' });
  }
}

/** A batch that failed: each event's attempt, and those that went to the dead letter. */
export function observeFailedEvents(types: string[], deadTypes: string[]): void {
  const m = getMetrics();
  for (const type of types) m.webhookFailed.inc({ type, final: 'false' });
  for (const type of deadTypes) m.webhookFailed.inc({ type, final: 'true' });
}

/** One job run: its outcome, duration and the counts it reported. */
export function observeJobRun(job: string, outcome: 'ok' | 'error', durationMs: number, result: Record<string, number> = {}): void {
  const m = getMetrics();
  m.jobRuns.inc({ job, outcome });
  m.jobDuration.observe({ job }, durationMs / 1000);
  for (const [key, count] of Object.entries(result)) if (count > 0) m.jobItems.inc({ job, result: key }, count);
}

export type QueuedJobOutcome = 'claimed' | 'succeeded' | 'failed' | 'dead';

/** One queued job's step (lib/jobs/queue.ts): claimed, then succeeded, failed (retried later) or dead. */
export function observeQueuedJob(name: string, outcome: QueuedJobOutcome): void {
  getMetrics().queuedJobs.inc({ name, outcome });
}

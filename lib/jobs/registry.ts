import type { Database } from '@/db/client';
import { sendAlertDigest, watchWebhooks } from '@/lib/alerts/alerts';
import { runJanitor } from '@/lib/billing/reconciliation/janitor';
import { runReconcileJob } from '@/lib/billing/reconciliation/job';
import { drainWebhookLanes } from '@/lib/billing/webhooks/worker';
import { remindExpiringCards } from '@/lib/notifications/card-expiry';
import { deliverDueNotifications } from '@/lib/notifications/worker';
import { runDueQueuedJobs } from './queue';

export type JobContext = { db: Database; workerId: string; now?: Date };
/** Counts an operator can read in a log line or a cron response ("sent: 3, retrying: 1"). */
export type JobResult = Record<string, number>;

export type JobDefinition = {
  description: string;
  /** Pause between runs in the in-process loop and `npm run worker`. */
  intervalMs: number;
  run: (context: JobContext) => Promise<JobResult>;
};

const DELIVERY_BATCH = 50;
// One cron call or loop tick drains its queue, but stops after this long so a platform's
// request timeout (often 10–60 s) never cuts work off midway.
const BUDGET_MS = 20_000;

async function deliverNotifications({ db, workerId, now }: JobContext): Promise<JobResult> {
  const total = { batches: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, unconfirmed: 0 };
  const started = Date.now();
  for (;;) {
    const report = await deliverDueNotifications(db, { limit: DELIVERY_BATCH, workerId, now });
    total.batches += 1;
    for (const key of ['claimed', 'sent', 'retrying', 'failed', 'unconfirmed'] as const) total[key] += report[key];
    if (report.claimed < DELIVERY_BATCH || Date.now() - started > BUDGET_MS) return total;
  }
}

async function runQueuedJobs({ db, workerId }: JobContext): Promise<JobResult> {
  const total = { claimed: 0, succeeded: 0, retrying: 0, failed: 0 };
  const started = Date.now();
  for (;;) {
    const report = await runDueQueuedJobs(db, { workerId });
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += report[key];
    if (report.claimed === 0 || Date.now() - started > BUDGET_MS) return total;
  }
}

/**
 * Every job Bursar runs, by the name used in `/api/cron/<name>`, logs and the worker. The
 * in-process loop, `npm run worker` and the cron route all run these.
 */
export const jobRegistry = {
  'process-webhooks': {
    description: 'Process received Stripe events, lane by lane: re-read Stripe, then apply every effect in one transaction.',
    intervalMs: 200,
    run: ({ db, workerId }) => drainWebhookLanes(db, { workerId, budgetMs: BUDGET_MS }),
  },
  'deliver-notifications': {
    description: 'Render and send due outbox messages (email, SMS) with retries.',
    intervalMs: 2_000,
    run: deliverNotifications,
  },
  'run-queued-jobs': {
    description: 'One-off work queued by the billing core (refunding a duplicate payment, ending a duplicate subscription).',
    intervalMs: 2_000,
    run: runQueuedJobs,
  },
  reconcile: {
    description: "Compare Stripe's balance transactions with the ledger: yesterday's, once a day, and runs an admin queued.",
    intervalMs: 10_000,
    run: ({ db, now }) => runReconcileJob(db, { now }),
  },
  janitor: {
    description: 'Re-check with Stripe payments stuck in flight and Checkout sessions open past their expiry.',
    intervalMs: 5 * 60_000,
    run: ({ db, now }) => runJanitor(db, { now }),
  },
  'card-expiry-reminders': {
    description: 'Email subscribers whose default card expires before their next renewal (once per card and renewal).',
    intervalMs: 24 * 60 * 60_000,
    run: ({ db }) => remindExpiringCards(db),
  },
  'admin-alerts': {
    description: 'Alert the admins about dead-lettered or lagging webhooks, and send the daily digest of alerts (ADMIN_ALERT_EMAILS=digest).',
    intervalMs: 60_000,
    run: async ({ db, now }) => {
      const at = now ?? new Date();
      const { raised } = await watchWebhooks(db, at);
      const { digested } = await sendAlertDigest(db, at);
      return { raised, digested };
    },
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobRegistry;
export const jobNames = Object.keys(jobRegistry) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobRegistry, name);
}

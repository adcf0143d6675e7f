import type { Database } from '@/db/client';
import { deliverDueNotifications } from '@/lib/notifications/worker';

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
// One cron call or loop tick drains the queue in batches, but stops after this long so a
// platform's request timeout (often 10–60 s) never cuts a batch off mid-send.
const DELIVERY_BUDGET_MS = 20_000;

async function deliverNotifications({ db, workerId, now }: JobContext): Promise<JobResult> {
  const total = { batches: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, unconfirmed: 0 };
  const started = Date.now();
  for (;;) {
    const report = await deliverDueNotifications(db, { limit: DELIVERY_BATCH, workerId, now });
    total.batches += 1;
    for (const key of ['claimed', 'sent', 'retrying', 'failed', 'unconfirmed'] as const) total[key] += report[key];
    if (report.claimed < DELIVERY_BATCH || Date.now() - started > DELIVERY_BUDGET_MS) return total;
  }
}

/**
 * Every job Bursar runs, by the name used in `/api/cron/<name>`, logs and the worker.
 * Dunning steps (`dunning`) and Stripe reconciliation (`reconciliation`) join here as
 * entries of the same shape; the in-process loop, `npm run worker` and the cron route pick
 * them up without further changes.
 */
export const jobRegistry = {
  'deliver-notifications': {
    description: 'Render and send due outbox messages (email, SMS) with retries.',
    intervalMs: 5_000,
    run: deliverNotifications,
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobRegistry;
export const jobNames = Object.keys(jobRegistry) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobRegistry, name);
}

import type { Database } from '@/db/client';
import { claimDueJobs, completeJob, failJob, type JobRow } from '@/db/queries/jobs';
import { refundDuplicatePayment, cancelDuplicateSubscription } from '@/lib/billing/duplicates';
import { StripeFailure } from '@/lib/stripe/errors';
import { logger } from '@/lib/log';
import { observeQueuedJob } from '@/lib/ops/metrics';

/** One-off work queued in the `jobs` table, by name. Each runner is idempotent end to end. */
const runners: Record<string, (db: Database, payload: Record<string, unknown>) => Promise<string>> = {
  'refund-duplicate-payment': refundDuplicatePayment,
  'cancel-duplicate-subscription': cancelDuplicateSubscription,
};

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 120;
const retryDelayMs = (attempt: number) => Math.min(60 * 60_000, 10_000 * 2 ** (attempt - 1));

export type QueueReport = { claimed: number; succeeded: number; retrying: number; failed: number };

/**
 * Runs due queued jobs: claim (committed), run outside any transaction, record the outcome
 * fenced by the claim. A runner that fails is retried with backoff, then parked as failed
 * with its error for an admin to see; a refusal from Stripe is not retried.
 */
export async function runDueQueuedJobs(db: Database, options: { workerId: string; limit?: number }): Promise<QueueReport> {
  const claimed = await claimDueJobs(db, { limit: options.limit ?? 10, workerId: options.workerId, leaseSeconds: LEASE_SECONDS });
  const report: QueueReport = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 };
  for (const job of claimed) {
    observeQueuedJob(job.name, 'claimed');
    const outcome = await runOne(db, job);
    observeQueuedJob(job.name, outcome === 'succeeded' ? 'succeeded' : outcome === 'retrying' ? 'failed' : 'dead');
    report[outcome] += 1;
  }
  return report;
}

async function runOne(db: Database, job: JobRow): Promise<'succeeded' | 'retrying' | 'failed'> {
  const runner = runners[job.name];
  try {
    if (!runner) throw new Error(`no runner for job "${job.name}"`);
    await runner(db, job.payload);
    await completeJob(db, job);
    return 'succeeded';
  } catch (error) {
    const refused = error instanceof StripeFailure && !error.transient;
    const retry = !refused && job.attempts < MAX_ATTEMPTS;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await failJob(db, job, { error: message, retryAt: retry ? new Date(Date.now() + retryDelayMs(job.attempts)) : null });
    if (!retry) logger.error({ jobId: job.id, job: job.name, error: message }, `queued job ${job.name} failed for good`);
    return retry ? 'retrying' : 'failed';
  }
}

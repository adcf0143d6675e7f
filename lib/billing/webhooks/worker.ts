import type { Database } from '@/db/client';
import { claimDueLanes } from '@/db/queries/stripe-events';
import { env } from '@/lib/env';
import { type LaneProcessingOptions, processClaimedLane } from './process-lane';

export type DrainOptions = LaneProcessingOptions & {
  workerId: string;
  /** Lanes processed at once (each waits mostly on Stripe). */
  concurrency?: number;
  leaseSeconds?: number;
  /** Stop claiming after this long (a cron request's time limit); in-flight lanes finish. */
  budgetMs?: number;
};

export type DrainReport = { lanes: number; processed: number; failed: number; dead: number; reads: number };

/**
 * Processes due webhook lanes until none is left (or the time budget is spent), `concurrency`
 * at a time. Each slot claims one lane, processes it, and claims the next; any number of
 * workers, on any number of machines, drain one Postgres side by side (SKIP LOCKED leases).
 */
export async function drainWebhookLanes(db: Database, options: DrainOptions): Promise<DrainReport> {
  const report: DrainReport = { lanes: 0, processed: 0, failed: 0, dead: 0, reads: 0 };
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const leaseSeconds = options.leaseSeconds ?? env.WEBHOOK_LEASE_SECONDS;
  const slot = async () => {
    while (Date.now() - started < budgetMs) {
      const [claim] = await claimDueLanes(db, { limit: 1, workerId: options.workerId, leaseSeconds });
      if (!claim) return;
      const result = await processClaimedLane(db, claim, options);
      report.lanes += 1;
      report.processed += result.processed;
      report.failed += result.failed;
      report.dead += result.dead;
      report.reads += result.reads;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? env.WEBHOOK_CONCURRENCY }, slot));
  return report;
}

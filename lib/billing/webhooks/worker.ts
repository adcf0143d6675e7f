import type { Database } from '@/db/client';
import { type ClaimedLane, claimDueLanes } from '@/db/queries/stripe-events';
import { env } from '@/lib/env';
import { type LaneProcessingOptions, type LaneResult, processClaimedLane } from './process-lane';

export type DrainOptions = LaneProcessingOptions & {
  workerId: string;
  /** Lanes processed at once (each waits mostly on Stripe; the request budget paces the reads). */
  concurrency?: number;
  /** Events in one lane's batch (a burst for one object); 1 after a failure, to isolate it. */
  batchSize?: number;
  leaseSeconds?: number;
  /** Stop claiming after this long (a cron request's time limit); in-flight lanes finish. */
  budgetMs?: number;
};

export type DrainReport = { lanes: number; processed: number; failed: number; dead: number; reads: number; claims: number };

export const DEFAULT_BATCH_SIZE = 50;

/**
 * Processes due webhook lanes until none is left (or the time budget is spent), up to
 * `concurrency` at a time. One claim statement takes as many due lanes as there are free
 * slots, with their events and read tickets; whenever a lane finishes, the free slots are
 * filled again. Lanes wait mostly on Stripe (reads happen before each lane's transaction),
 * so they overlap; the deployment's request budget keeps the reads under Stripe's limits. Any
 * number of workers, on any number of machines, drain one Postgres side by side (SKIP LOCKED
 * leases).
 */
export async function drainWebhookLanes(db: Database, options: DrainOptions): Promise<DrainReport> {
  const report: DrainReport = { lanes: 0, processed: 0, failed: 0, dead: 0, reads: 0, claims: 0 };
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const leaseSeconds = options.leaseSeconds ?? env.WEBHOOK_LEASE_SECONDS;
  const concurrency = options.concurrency ?? env.WEBHOOK_CONCURRENCY;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const inFlight = new Set<Promise<void>>();
  const tally = (result: LaneResult) => {
    report.lanes += 1;
    report.processed += result.processed;
    report.failed += result.failed;
    report.dead += result.dead;
    report.reads += result.reads;
  };
  const start = (claim: ClaimedLane) => {
    const run: Promise<void> = processClaimedLane(db, claim, options)
      .then(tally)
      .finally(() => inFlight.delete(run));
    run.catch(() => {}); // observed by the race or the final allSettled; never an unhandled rejection
    inFlight.add(run);
  };
  try {
    // `more`: the last claim filled every free slot, so more lanes may be due right now.
    let more = true;
    while (Date.now() - started < budgetMs) {
      const free = concurrency - inFlight.size;
      if (free > 0 && more) {
        const claims = await claimDueLanes(db, { limit: free, workerId: options.workerId, leaseSeconds, batchSize });
        report.claims += 1;
        claims.forEach(start);
        more = claims.length === free;
      }
      if (inFlight.size === 0) {
        if (!more) break;
        continue;
      }
      if (!more || inFlight.size >= concurrency) {
        // Wait for a lane to finish; then its slot (and any lane that became due) is claimed.
        await Promise.race(inFlight);
        more = true;
      }
    }
  } finally {
    // In-flight lanes always finish (their leases would otherwise delay their events).
    const settled = await Promise.allSettled([...inFlight]);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return report;
}

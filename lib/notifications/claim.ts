import type { Database } from '@/db/client';
import { claimDueOutboxMessages, type ClaimedOutboxMessage } from '@/db/queries/outbox';
import { MAX_DELIVERY_ATTEMPTS } from './retry-policy';

export type ClaimedMessage = ClaimedOutboxMessage;

/**
 * Claims up to `limit` due messages for one worker and commits at once, so the slow part
 * (rendering, the provider call) holds no row lock and no transaction.
 *
 * Due means `pending` with next_attempt_at <= now, or `sending` whose lease ran out (a worker
 * died mid-send). FOR UPDATE SKIP LOCKED lets any number of workers claim concurrently without
 * waiting on, or double-claiming, each other's rows. A claimed row becomes `sending`, its
 * next_attempt_at becomes the lease expiry, and attempts is incremented: the new attempt count
 * doubles as a fencing token, so a worker whose lease expired cannot overwrite the outcome of
 * the worker that took over (writes go through `heldClaim` in db/queries/outbox.ts).
 */
export async function claimDueMessages(
  db: Database,
  params: { limit: number; now: Date; leaseUntil: Date; workerId: string },
): Promise<ClaimedMessage[]> {
  return claimDueOutboxMessages(db, {
    limit: params.limit,
    // Postgres keeps microseconds, a JS Date only milliseconds: a row enqueued (at now()) earlier
    // in the same millisecond as `now` would otherwise look up to 1 ms in the future.
    dueBefore: new Date(params.now.getTime() + 1),
    leaseUntil: params.leaseUntil,
    // A lease that ran out on the last allowed attempt: a message that keeps killing its
    // worker must not be retried forever.
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
    exhaustedError: `No outcome after ${MAX_DELIVERY_ATTEMPTS} attempts: the worker's lease expired mid-send.`,
    // Leave a trace when taking over an expired lease; it is what an admin needs to see if the
    // message later fails.
    takeOverNote: `Lease expired; taken over by ${params.workerId}.`,
  });
}

import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outbox } from '@/db/schema';
import { MAX_DELIVERY_ATTEMPTS } from './retry-policy';

export type ClaimedMessage = Pick<typeof outbox.$inferSelect, 'id' | 'channel' | 'template' | 'recipient' | 'data' | 'dedupeKey' | 'attempts'>;

/**
 * Claims up to `limit` due messages for one worker and commits at once, so the slow part
 * (rendering, the provider call) holds no row lock and no transaction.
 *
 * Due means `pending` with next_attempt_at <= now, or `sending` whose lease ran out (a worker
 * died mid-send). FOR UPDATE SKIP LOCKED lets any number of workers claim concurrently without
 * waiting on, or double-claiming, each other's rows. A claimed row becomes `sending`, its
 * next_attempt_at becomes the lease expiry, and attempts is incremented: the new attempt count
 * doubles as a fencing token, so a worker whose lease expired cannot overwrite the outcome of
 * the worker that took over.
 */
export async function claimDueMessages(
  db: Database,
  params: { limit: number; now: Date; leaseUntil: Date; workerId: string },
): Promise<ClaimedMessage[]> {
  // Postgres keeps microseconds, a JS Date only milliseconds: a row enqueued (at now()) earlier
  // in the same millisecond as `now` would otherwise look up to 1 ms in the future.
  const dueBefore = new Date(params.now.getTime() + 1);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), lt(outbox.nextAttemptAt, dueBefore)))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(params.limit)
      .for('update', { skipLocked: true });

    // A lease that ran out on the last allowed attempt: a message that keeps killing its
    // worker must not be retried forever.
    const exhausted = due.filter((row) => row.attempts >= MAX_DELIVERY_ATTEMPTS).map((row) => row.id);
    if (exhausted.length > 0) {
      await tx
        .update(outbox)
        .set({ status: 'failed', lastError: `No outcome after ${MAX_DELIVERY_ATTEMPTS} attempts: the worker's lease expired mid-send.` })
        .where(inArray(outbox.id, exhausted));
    }
    const claimable = due.filter((row) => row.attempts < MAX_DELIVERY_ATTEMPTS).map((row) => row.id);
    if (claimable.length === 0) return [];
    return tx
      .update(outbox)
      .set({
        status: 'sending',
        attempts: sql`${outbox.attempts} + 1`,
        nextAttemptAt: params.leaseUntil,
        // Leave a trace when taking over an expired lease; it is what an admin needs to see
        // if the message later fails.
        lastError: sql`case when ${outbox.status} = 'sending' then ${`Lease expired; taken over by ${params.workerId}.`} else ${outbox.lastError} end`,
      })
      .where(and(inArray(outbox.id, claimable), inArray(outbox.status, ['pending', 'sending'])))
      .returning({
        id: outbox.id,
        channel: outbox.channel,
        template: outbox.template,
        recipient: outbox.recipient,
        data: outbox.data,
        dedupeKey: outbox.dedupeKey,
        attempts: outbox.attempts,
      });
  });
}

/** Fences a write to the worker that still holds the claim (see claimDueMessages). */
export function heldClaim(message: Pick<ClaimedMessage, 'id' | 'attempts'>) {
  return and(eq(outbox.id, message.id), eq(outbox.status, 'sending'), eq(outbox.attempts, message.attempts));
}

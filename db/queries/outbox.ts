import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { outbox } from '../schema';
import type { MessageChannel } from '../schema/enums';

// The notification outbox: enqueue (in the caller's transaction), claim with a lease, record
// the outcome fenced by the claim. The policy (how many attempts, what the lease is, the
// retry delays) lives in lib/notifications; these functions only run the statements.

export type NewOutboxMessage = {
  template: string;
  channel: MessageChannel;
  recipient: string;
  userId: string | null;
  dedupeKey: string;
  data: Record<string, unknown>;
};

/** Inserts a message due now; a second insert with the same dedupe key is a no-op. */
export async function insertOutboxMessage(db: Database, message: NewOutboxMessage): Promise<{ enqueued: boolean }> {
  const rows = await db
    .insert(outbox)
    .values({ ...message, nextAttemptAt: sql`now()` })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return { enqueued: rows.length > 0 };
}

export type ClaimedOutboxMessage = Pick<typeof outbox.$inferSelect, 'id' | 'channel' | 'template' | 'recipient' | 'data' | 'dedupeKey' | 'attempts'>;

/**
 * Claims up to `limit` due messages for one worker in its own transaction, which commits at
 * once. Due: `pending` or `sending` with next_attempt_at before `dueBefore`. FOR UPDATE SKIP
 * LOCKED lets concurrent workers claim without waiting on or double-claiming each other's
 * rows. Rows already at `maxAttempts` are parked as `failed` with `exhaustedError`; the
 * others become `sending` with next_attempt_at = `leaseUntil` and attempts + 1 (the fence).
 * Taking over a `sending` row (an expired lease) leaves `takeOverNote` in last_error.
 */
export async function claimDueOutboxMessages(
  db: Database,
  params: { limit: number; dueBefore: Date; leaseUntil: Date; maxAttempts: number; exhaustedError: string; takeOverNote: string },
): Promise<ClaimedOutboxMessage[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id, status: outbox.status, attempts: outbox.attempts })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), lt(outbox.nextAttemptAt, params.dueBefore)))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(params.limit)
      .for('update', { skipLocked: true });

    const exhausted = due.filter((row) => row.attempts >= params.maxAttempts).map((row) => row.id);
    if (exhausted.length > 0) {
      await tx.update(outbox).set({ status: 'failed', lastError: params.exhaustedError }).where(inArray(outbox.id, exhausted));
    }
    const claimable = due.filter((row) => row.attempts < params.maxAttempts).map((row) => row.id);
    if (claimable.length === 0) return [];
    return tx
      .update(outbox)
      .set({
        status: 'sending',
        attempts: sql`${outbox.attempts} + 1`,
        nextAttemptAt: params.leaseUntil,
        lastError: sql`case when ${outbox.status} = 'sending' then ${params.takeOverNote} else ${outbox.lastError} end`,
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

export type OutboxClaim = Pick<ClaimedOutboxMessage, 'id' | 'attempts'>;

/** Fences a write to the worker that still holds the claim (see claimDueOutboxMessages). */
export function heldClaim(claim: OutboxClaim) {
  return and(eq(outbox.id, claim.id), eq(outbox.status, 'sending'), eq(outbox.attempts, claim.attempts));
}

/** Records a send; a claim that was taken over meanwhile changes nothing. */
export async function markOutboxSent(db: Database, claim: OutboxClaim, providerMessageId: string): Promise<void> {
  await db.update(outbox).set({ status: 'sent', providerMessageId, sentAt: new Date() }).where(heldClaim(claim));
}

/** Gives up on a message that must never be sent (the recipient opted out); kept with the reason. */
export async function markOutboxCanceled(db: Database, claim: OutboxClaim, reason: string): Promise<void> {
  await db.update(outbox).set({ status: 'canceled', lastError: reason }).where(heldClaim(claim));
}

/** Records a failed attempt: parked as `failed`, or back to `pending` at `nextAttemptAt`. */
export async function markOutboxAttemptFailed(
  db: Database,
  claim: OutboxClaim,
  outcome: { parked: true; lastError: string } | { parked: false; lastError: string; nextAttemptAt: Date },
): Promise<void> {
  await db
    .update(outbox)
    .set(outcome.parked ? { status: 'failed', lastError: outcome.lastError } : { status: 'pending', lastError: outcome.lastError, nextAttemptAt: outcome.nextAttemptAt })
    .where(heldClaim(claim));
}

/** Puts a `failed` message back in the queue with a fresh set of attempts; false when it is not failed (or unknown). */
export async function requeueFailedOutboxMessage(db: Database, id: string, now: Date): Promise<boolean> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
    .returning({ id: outbox.id });
  return row !== undefined;
}

export async function outboxMessageExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, id)).limit(1);
  return row !== undefined;
}

export type OutboxBacklog = { pending: number; failed: number; oldestPendingSeconds: number | null };

/** Messages waiting (due or backing off) and parked as failed; both counts use an index. */
export async function readOutboxBacklog(db: Database): Promise<OutboxBacklog> {
  const [row] = await db
    .select({
      pending: sql<string>`count(*) filter (where ${outbox.status} = 'pending')`,
      failed: sql<string>`count(*) filter (where ${outbox.status} = 'failed')`,
      oldest: sql<string | null>`extract(epoch from now() - min(${outbox.createdAt}) filter (where ${outbox.status} = 'pending'))`,
    })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'failed']));
  return { pending: Number(row?.pending ?? 0), failed: Number(row?.failed ?? 0), oldestPendingSeconds: row?.oldest == null ? null : Number(row.oldest) };
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
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
 * Claims up to `limit` due messages for one worker, in one statement that commits at once. Due:
 * `pending` or `sending` with next_attempt_at before `dueBefore`, oldest first. FOR UPDATE SKIP
 * LOCKED lets concurrent workers claim without waiting on or double-claiming each other's
 * rows. Rows already at `maxAttempts` are parked as `failed` with `exhaustedError`; the
 * others become `sending` with next_attempt_at = `leaseUntil` and attempts + 1 (the fence).
 * Taking over a `sending` row (an expired lease) leaves `takeOverNote` in last_error.
 * One round trip instead of a transaction of a select and one or two updates (`exhausted`
 * runs although nothing reads it: every data-modifying WITH runs to completion).
 */
export async function claimDueOutboxMessages(
  db: Database,
  params: { limit: number; dueBefore: Date; leaseUntil: Date; maxAttempts: number; exhaustedError: string; takeOverNote: string },
): Promise<ClaimedOutboxMessage[]> {
  type Row = { id: string; channel: ClaimedOutboxMessage['channel']; template: string; recipient: string; data: unknown; dedupe_key: string; attempts: number };
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with due as (
        select id, attempts, next_attempt_at from ${outbox}
        where status in ('pending', 'sending') and next_attempt_at < ${params.dueBefore.toISOString()}::timestamptz
        order by next_attempt_at
        limit ${params.limit}
        for update skip locked
      ), exhausted as (
        update ${outbox} as o set status = 'failed', last_error = ${params.exhaustedError}, updated_at = now()
        from due where o.id = due.id and due.attempts >= ${params.maxAttempts}
        returning o.id
      ), claimed as (
        update ${outbox} as o
        set status = 'sending', attempts = o.attempts + 1, next_attempt_at = ${params.leaseUntil.toISOString()}::timestamptz,
            last_error = case when o.status = 'sending' then ${params.takeOverNote} else o.last_error end, updated_at = now()
        from due where o.id = due.id and due.attempts < ${params.maxAttempts}
        returning o.id, o.channel, o.template, o.recipient, o.data, o.dedupe_key, o.attempts, due.next_attempt_at
      )
      select id, channel, template, recipient, data, dedupe_key, attempts from claimed
      order by next_attempt_at, id`),
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    template: r.template,
    recipient: r.recipient,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as ClaimedOutboxMessage['data'],
    dedupeKey: r.dedupe_key,
    attempts: Number(r.attempts),
  }));
}

export type OutboxClaim = Pick<ClaimedOutboxMessage, 'id' | 'attempts'>;

/** Fences a write to the worker that still holds the claim (see claimDueOutboxMessages). */
export function heldClaim(claim: OutboxClaim) {
  return and(eq(outbox.id, claim.id), eq(outbox.status, 'sending'), eq(outbox.attempts, claim.attempts));
}

/**
 * Records several sends in one statement, each at its own time; a claim that was taken over
 * meanwhile changes nothing (the fence of `heldClaim`, row by row).
 */
export async function markOutboxSentMany(db: Database, sends: { claim: OutboxClaim; providerMessageId: string; sentAt: Date }[]): Promise<void> {
  if (sends.length === 0) return;
  const json = JSON.stringify(sends.map((s) => ({ id: s.claim.id, attempts: s.claim.attempts, provider_message_id: s.providerMessageId, sent_at: s.sentAt.toISOString() })));
  await db.execute(sql`
    update ${outbox} as o
    set status = 'sent', provider_message_id = s.provider_message_id, sent_at = s.sent_at, updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as s(id uuid, attempts integer, provider_message_id text, sent_at timestamptz)
    where o.id = s.id and o.status = 'sending' and o.attempts = s.attempts`);
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

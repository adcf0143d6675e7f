import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSequence, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, oneOf, tz, updatedAt } from './columns';
import {
  type AuditActorType,
  auditActorTypes,
  type JobStatus,
  jobStatuses,
  type MessageChannel,
  messageChannels,
  type OutboxStatus,
  outboxStatuses,
  type StripeEventStatus,
  stripeEventStatuses,
} from './enums';

export const stripeEvents = pgTable(
  'stripe_events',
  {
    // Stripe's event id as the key: recording an event is an insert that a duplicate
    // delivery cannot repeat (ON CONFLICT DO NOTHING), on any number of app instances.
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    objectId: text('object_id'),
    // The Stripe object whose state the event is about (a PaymentIntent for its charge,
    // refund and dispute events; a subscription for its invoices): events of one lane are
    // processed in order, one batch at a time. Null for types we do not handle.
    lane: text('lane'),
    apiVersion: text('api_version'),
    livemode: boolean('livemode').notNull().default(false),
    stripeCreatedAt: tz('stripe_created_at').notNull(),
    receivedAt: tz('received_at').notNull().defaultNow(),
    processedAt: tz('processed_at'),
    status: text('status').$type<StripeEventStatus>().notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    // The handler's one-line account of what it did (or why the event was stale or ignored).
    result: text('result'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    check('stripe_events_status_check', oneOf(t.status, stripeEventStatuses)),
    index('stripe_events_received_idx').on(t.receivedAt, t.id),
    index('stripe_events_status_received_idx').on(t.status, t.receivedAt),
    index('stripe_events_object_idx').on(t.objectId, t.stripeCreatedAt),
    index('stripe_events_type_received_idx').on(t.type, t.receivedAt),
    // What workers read: a lane's waiting events in order, and the oldest waiting one (lag).
    index('stripe_events_lane_pending_idx')
      .on(t.lane, t.stripeCreatedAt, t.receivedAt)
      .where(sql`${t.status} in ('received', 'failed')`),
    index('stripe_events_pending_received_idx').on(t.receivedAt).where(sql`${t.status} in ('received', 'failed')`),
    check('stripe_events_attempts_check', sql`${t.attempts} >= 0`),
  ],
);

/**
 * The work queue of webhook processing: one row per lane with events waiting. Ingest upserts
 * it in the statement that records the event; a worker claims due rows with FOR UPDATE SKIP
 * LOCKED and takes a lease, so a lane is processed by one worker at a time, in order. A worker
 * killed mid-batch loses its lease when `leased_until` passes; `lease_token` fences a worker
 * that comes back late, so it cannot commit over the one that took over.
 */
export const stripeEventLanes = pgTable(
  'stripe_event_lanes',
  {
    lane: text('lane').primaryKey(),
    // Not before: ingest sets it a little ahead so a burst for one object coalesces.
    nextRunAt: tz('next_run_at').notNull().defaultNow(),
    leaseToken: bigint('lease_token', { mode: 'number' }).notNull().default(0),
    leasedBy: text('leased_by'),
    leasedUntil: tz('leased_until'),
    // Consecutive failed batches, for the backoff; reset by a successful one.
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('stripe_event_lanes_due_idx').on(t.nextRunAt)],
);

/**
 * The Stripe request budget every process shares (lib/stripe/budget.ts, SharedRequestBudget):
 * one row per request to Stripe, from the moment it may start (`granted_at`) until a second
 * after its answer (`ended_at`). Granted by `stripe_request_grant()` under an advisory lock
 * (migration 0021, UNLOGGED: a window of the last second, worthless after a crash).
 */
export const stripeRequestSlots = pgTable('stripe_request_slots', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  endpoint: text('endpoint').notNull(),
  grantedAt: tz('granted_at').notNull(),
  endedAt: tz('ended_at'),
});

/**
 * Tickets for reads from Stripe: a worker (or the success page) takes one before it reads,
 * and mirrored rows keep the ticket of the read they were written from (`synced_version`).
 * A write carrying an older ticket than the row's is a stale read and changes nothing.
 */
export const stripeReadSeq = pgSequence('stripe_read_seq');

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').$type<MessageChannel>().notNull(),
    template: text('template').notNull(),
    recipient: text('recipient').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    // Business key (`receipt:<payment_intent>`, `dunning:<invoice>:<attempt>`): enqueueing the
    // same notice twice is a no-op, so a replayed webhook never sends a second email.
    dedupeKey: text('dedupe_key').notNull().unique(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    sentAt: tz('sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('outbox_channel_check', oneOf(t.channel, messageChannels)),
    check('outbox_status_check', oneOf(t.status, outboxStatuses)),
    // Workers claim due rows with FOR UPDATE SKIP LOCKED; this keeps that scan short.
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_created_idx').on(t.createdAt, t.id),
    index('outbox_status_created_idx').on(t.status, t.createdAt),
  ],
);

// Scheduled work the outbox does not cover (dunning steps, reconciliation, cleanup).
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').unique(),
    status: text('status').$type<JobStatus>().notNull().default('pending'),
    runAt: tz('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lockedAt: tz('locked_at'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    finishedAt: tz('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('jobs_status_check', oneOf(t.status, jobStatuses)),
    index('jobs_due_idx').on(t.runAt).where(sql`${t.status} = 'pending'`),
  ],
);

// Append-only: a trigger (migration 0001_audit_log_append_only) rejects UPDATE, DELETE and
// TRUNCATE. No foreign keys on purpose: a cascading FK action would be an UPDATE/DELETE.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorType: text('actor_type').$type<AuditActorType>().notNull(),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    stripeEventId: text('stripe_event_id'),
    requestId: text('request_id'),
    // Optional business key, so a replayed event writes its audit row at most once.
    dedupeKey: text('dedupe_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [
    check('audit_log_actor_type_check', oneOf(t.actorType, auditActorTypes)),
    index('audit_log_created_idx').on(t.createdAt, t.id),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.createdAt),
    index('audit_log_actor_idx').on(t.actorUserId, t.createdAt),
  ],
);

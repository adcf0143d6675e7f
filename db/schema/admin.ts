import { sql } from 'drizzle-orm';
import { bigint, check, index, inet, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, oneOf, tz, updatedAt } from './columns';
import { type AccessLogEvent, accessLogEvents } from './enums';
import { disputes } from './refunds';

// What the admin dashboard keeps beside the Stripe mirror: notes on learners, the access log
// (dispute evidence: when the learner used what they paid for) and dispute evidence drafts.

/** Notes an admin writes on a learner. Append-only by convention: a correction is a new note. */
export const adminNotes = pgTable(
  'admin_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('admin_notes_body_check', sql`length(${t.body}) between 1 and 4000`),
    index('admin_notes_user_created_idx').on(t.userId, t.createdAt),
  ],
);

/**
 * Sign-ins (and later other access events), kept for dispute evidence: Stripe's
 * `access_activity_log` asks for when and from where the customer used the service.
 * Lesson opens and completions live in `lesson_progress`.
 */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').$type<AccessLogEvent>().notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    check('access_log_event_check', oneOf(t.event, accessLogEvents)),
    index('access_log_user_created_idx').on(t.userId, t.createdAt),
  ],
);

/** Stripe's evidence fields Bursar fills in (text fields only; files are not uploaded). */
export type DisputeEvidenceFields = Partial<Record<string, string>>;

/**
 * The admin's evidence for one dispute: compiled from what Bursar knows, edited, saved as a
 * draft, then submitted to Stripe. One row per dispute.
 */
export const disputeEvidence = pgTable('dispute_evidence', {
  disputeId: uuid('dispute_id')
    .primaryKey()
    .references(() => disputes.id, { onDelete: 'cascade' }),
  fields: jsonb('fields').$type<DisputeEvidenceFields>().notNull().default({}),
  updatedByUserId: text('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  submittedAt: tz('submitted_at'),
  submittedByUserId: text('submitted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

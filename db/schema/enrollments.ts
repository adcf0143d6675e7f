import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { payments } from './billing';
import { courses, lessons } from './catalog';
import { createdAt, oneOf, tz, updatedAt } from './columns';
import {
  type EnrollmentSource,
  type EnrollmentStatus,
  enrollmentSources,
  enrollmentStatuses,
} from './enums';
import { subscriptions } from './subscriptions';

// Entitlements: Bursar, not Stripe, is the source of truth here (DESIGN.md, principle 1).

export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'restrict' }),
    source: text('source').$type<EnrollmentSource>().notNull(),
    status: text('status').$type<EnrollmentStatus>().notNull().default('active'),
    paymentId: uuid('payment_id'),
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id, {
      onDelete: 'restrict',
    }),
    grantedByUserId: text('granted_by_user_id').references(() => users.id),
    grantedAt: tz('granted_at').notNull().defaultNow(),
    // Why access was given (an admin's note for grants); revokeReason says why it was taken.
    grantReason: text('grant_reason'),
    // A comp grant may end: after this moment it no longer opens the course (access rule).
    expiresAt: tz('expires_at'),
    revokedAt: tz('revoked_at'),
    revokeReason: text('revoke_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The business key that makes fulfillment idempotent: a replayed checkout event or a
    // success-page race upserts the same row instead of enrolling twice.
    unique('enrollments_user_course_source_uq').on(t.userId, t.courseId, t.source),
    check('enrollments_source_check', oneOf(t.source, enrollmentSources)),
    check('enrollments_status_check', oneOf(t.status, enrollmentStatuses)),
    check(
      'enrollments_revoked_check',
      sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`,
    ),
    index('enrollments_course_idx').on(t.courseId),
    // The paying learner and the enrolled learner are the same person (MATCH SIMPLE: only
    // checked when payment_id is set).
    foreignKey({ name: 'enrollments_payment_user_fk', columns: [t.paymentId, t.userId], foreignColumns: [payments.id, payments.userId] }).onDelete('restrict'),
    check('enrollments_expiry_grant_check', sql`${t.expiresAt} is null or ${t.source} = 'grant'`),
    check('enrollments_source_refs_check', sql`(${t.source} = 'grant' or ${t.grantedByUserId} is null) and (${t.source} = 'purchase' or ${t.paymentId} is null)`),
  ],
);

export const lessonProgress = pgTable(
  'lesson_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    // Denormalised so "progress in this course" needs no join through lessons.
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    lastViewedAt: tz('last_viewed_at').notNull().defaultNow(),
    completedAt: tz('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('lesson_progress_user_lesson_uq').on(t.userId, t.lessonId),
    index('lesson_progress_user_course_idx').on(t.userId, t.courseId),
  ],
);

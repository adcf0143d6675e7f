import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { enrollments } from '../schema';
import type { EnrollmentSource } from '../schema/enums';

export type RevokeReason = 'refunded' | 'dispute_lost' | 'subscription_ended' | 'admin' | 'account_deleted';

export type GrantParams = {
  userId: string;
  courseId: string;
  source: EnrollmentSource;
  paymentId?: string | null;
  subscriptionId?: string | null;
  grantedByUserId?: string | null;
  grantReason?: string | null;
};

/**
 * The upsert of a grant (here and in fulfillment's grantPurchaseUnlessOwnedElsewhere): the one
 * row per (user, course, source) is re-activated, keeping the payment or subscription it had
 * when the new grant names none.
 */
export function reactivation() {
  return {
    target: [enrollments.userId, enrollments.courseId, enrollments.source],
    set: {
      status: 'active' as const,
      revokedAt: null,
      revokeReason: null,
      paymentId: sql`coalesce(excluded.payment_id, ${enrollments.paymentId})`,
      subscriptionId: sql`coalesce(excluded.subscription_id, ${enrollments.subscriptionId})`,
      updatedAt: sql`now()`,
    },
  };
}

/** What a grant returns: the row's id, and whether this statement inserted it (xmax = 0 only for a fresh row, Postgres and PGlite alike). */
export function grantedRow() {
  return { id: enrollments.id, created: sql<boolean>`(xmax = 0)` };
}

/**
 * Gives access, idempotently: one row per (user, course, source), so a replayed checkout
 * event or a success-page race re-activates the same row instead of enrolling twice.
 * `created` is true only for the call that inserted the row (for one-time side effects).
 */
export async function grantEnrollment(db: Database, params: GrantParams): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(enrollments)
    .values({ ...params, status: 'active' })
    .onConflictDoUpdate(reactivation())
    .returning(grantedRow());
  if (!row) throw new Error('grantEnrollment: upsert returned no row');
  return row;
}

/**
 * Takes access away (keeps the row for the audit trail). Revoking twice changes nothing.
 * With `paymentId`, only the enrollment that payment bought is revoked: refunding a second,
 * duplicate payment must not take away what the first one paid for.
 */
export async function revokeEnrollment(
  db: Database,
  params: { userId: string; courseId: string; source: EnrollmentSource; reason: RevokeReason; paymentId?: string },
): Promise<{ revoked: boolean }> {
  const rows = await db
    .update(enrollments)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokeReason: params.reason, updatedAt: sql`now()` })
    .where(
      and(
        eq(enrollments.userId, params.userId),
        eq(enrollments.courseId, params.courseId),
        eq(enrollments.source, params.source),
        eq(enrollments.status, 'active'),
        params.paymentId ? eq(enrollments.paymentId, params.paymentId) : undefined,
      ),
    )
    .returning({ id: enrollments.id });
  return { revoked: rows.length > 0 };
}

/**
 * Gives back a purchase enrollment that a refund revoked, when that refund failed afterwards
 * (Stripe's 5126 card: a refund succeeds, then fails): only `refunded` revocations of this
 * payment, never an admin's or a lost dispute's.
 */
export async function reinstateRefundedEnrollment(db: Database, params: { userId: string; courseId: string; paymentId: string }): Promise<{ reinstated: boolean }> {
  const rows = await db
    .update(enrollments)
    .set({ status: 'active', revokedAt: null, revokeReason: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(enrollments.userId, params.userId),
        eq(enrollments.courseId, params.courseId),
        eq(enrollments.source, 'purchase'),
        eq(enrollments.status, 'revoked'),
        eq(enrollments.revokeReason, 'refunded'),
        eq(enrollments.paymentId, params.paymentId),
      ),
    )
    .returning({ id: enrollments.id });
  return { reinstated: rows.length > 0 };
}

export async function findEnrollmentsForAccess(db: Database, userId: string, courseId: string) {
  return db
    .select({ source: enrollments.source, status: enrollments.status, revokeReason: enrollments.revokeReason, expiresAt: enrollments.expiresAt })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId)));
}

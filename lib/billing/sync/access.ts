import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { appendStripeAudit } from '@/db/queries/billing';
import { payments, refunds } from '@/db/schema';
import { type RevokeReason, revokeEnrollment } from '../enrollments';

export type PurchaseAccessVerdict = { revoked: boolean; reason: RevokeReason | null; accessKept: boolean };

/**
 * Applies the access rules that take a purchase away (DESIGN.md "Access rules"): a lost
 * dispute, or refunds that have returned the whole amount unless one asked to keep access.
 * Called after every change that could trigger them — and after fulfillment, because events
 * can arrive newest first and `grantEnrollment` re-activates a revoked row: a refund applied
 * before `checkout.session.completed` (or before a success-page reload) must not be undone by
 * the grant that follows it. `eventId` is null outside the webhook pipeline.
 */
export async function enforcePurchaseAccess(db: Database, paymentId: string, ctx: { eventId: string | null }): Promise<PurchaseAccessVerdict> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) return { revoked: false, reason: null, accessKept: true };
  const rows = await db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
  const settled = rows.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);
  const keep = rows.some((r) => !r.revokeAccess);
  const reason: RevokeReason | null = payment.status === 'charged_back' ? 'dispute_lost' : settled >= payment.amount && !keep ? 'refunded' : null;
  if (!reason) return { revoked: false, reason: null, accessKept: true };
  if (!payment.userId || !payment.courseId) return { revoked: false, reason, accessKept: false };
  const { revoked } = await revokeEnrollment(db, { userId: payment.userId, courseId: payment.courseId, source: 'purchase', reason });
  if (revoked) {
    await appendStripeAudit(db, {
      stripeEventId: ctx.eventId,
      action: 'enrollment.revoked',
      entityType: 'enrollment',
      entityId: `${payment.userId}:${payment.courseId}`,
      data: { reason, paymentId },
    });
  }
  return { revoked, reason, accessKept: false };
}

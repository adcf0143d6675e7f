import type { Database } from '@/db/client';
import { type RevokeReason, reinstateRefundedEnrollment, revokeEnrollment } from '@/db/queries/enrollments';
import { findPaymentById, type PaymentRow } from '@/db/queries/payments';
import { listRefundsOfPayment } from '@/db/queries/refunds';
import { auditStripeChange } from './audit';

export type PurchaseAccessVerdict = { revoked: boolean; reason: RevokeReason | null; accessKept: boolean };

/** What a caller already holds, so the rules need not read it again. */
export type PurchaseAccessFacts = {
  /** The payments row as it stands in this transaction (locked by the caller). */
  payment?: PaymentRow;
  /** The payment was inserted by this transaction: no refund can refer to it yet. */
  noRefunds?: boolean;
  /** The caller has just (re)granted this payment's enrollment: nothing revoked is left to reinstate. */
  justGranted?: boolean;
};

/**
 * Applies the access rules that take a purchase away (DESIGN.md "Access rules"): a lost
 * dispute, or refunds that have returned the whole amount unless one asked to keep access.
 * Called after every change that could trigger them — and after fulfillment, because events
 * can arrive newest first and a grant re-activates a revoked row: a refund applied before
 * `checkout.session.completed` (or before a success-page reload) must not be undone by the
 * grant that follows it. Only the enrollment this payment bought is touched. Database only.
 */
export async function enforcePurchaseAccess(
  db: Database,
  paymentId: string,
  ctx: { eventId: string | null },
  known: PurchaseAccessFacts = {},
): Promise<PurchaseAccessVerdict> {
  const payment = known.payment ?? (await findPaymentById(db, paymentId));
  if (!payment) return { revoked: false, reason: null, accessKept: true };
  const rows = known.noRefunds ? [] : await listRefundsOfPayment(db, paymentId);
  const settled = rows.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);
  const keep = rows.some((r) => !r.revokeAccess);
  const reason: RevokeReason | null = payment.status === 'charged_back' ? 'dispute_lost' : settled >= payment.amount && !keep ? 'refunded' : null;
  if (!reason) {
    // A refund that had revoked access failed afterwards: the money is back with us, so is access.
    if (!known.justGranted && payment.userId && payment.courseId && payment.status === 'succeeded') {
      const { reinstated } = await reinstateRefundedEnrollment(db, { userId: payment.userId, courseId: payment.courseId, paymentId });
      if (reinstated) {
        await auditStripeChange(db, ctx, {
          action: 'enrollment.reinstated',
          entityType: 'enrollment',
          entityId: `${payment.userId}:${payment.courseId}`,
          data: { reason: 'refund_failed', paymentId },
        });
      }
    }
    return { revoked: false, reason: null, accessKept: true };
  }
  if (!payment.userId || !payment.courseId) return { revoked: false, reason, accessKept: false };
  const { revoked } = await revokeEnrollment(db, { userId: payment.userId, courseId: payment.courseId, source: 'purchase', reason, paymentId });
  if (revoked) {
    await auditStripeChange(db, ctx, {
      action: 'enrollment.revoked',
      entityType: 'enrollment',
      entityId: `${payment.userId}:${payment.courseId}`,
      data: { reason, paymentId },
    });
  }
  return { revoked, reason, accessKept: false };
}

import { z } from 'zod';
import type { Database } from '@/db/client';
import { findAdminPayment, lockPayment, lockPurchaseEnrollment, recordAdminRefund, sumStandingRefunds } from '@/db/queries/admin-payments';
import { revokeEnrollmentByAdmin } from '@/db/queries/admin-learners';
import { appendAudit } from '@/db/queries/audit';
import { ActionRefusal } from '@/lib/actions/refusal';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { StripeFailure } from '@/lib/stripe/errors';
import { createRefund } from '@/lib/stripe/payments';
import { planRefund, refundReasonSchema } from './refund-plan';
import { type AdminActor, adminText, attemptId, parseAdminInput, rowId } from './validation';
import { logger } from '@/lib/log';

export const refundInput = z.object({
  paymentId: rowId,
  amount: z.string({ error: 'Enter the amount to refund.' }).trim().min(1, { error: 'Enter the amount to refund.' }).max(32),
  reason: refundReasonSchema,
  access: z.enum(['keep', 'revoke'], { error: 'Choose whether the learner keeps access.' }),
  note: z.union([z.literal(''), adminText('a note', 1, 500)]).optional(),
  attemptId,
});

/** What the refund form's review step shows, computed from the payment as it is now. */
export async function previewRefund(db: Database, paymentId: string, request: { amount: string; access?: 'keep' | 'revoke' | 'default' }) {
  const detail = await findAdminPayment(db, paymentId);
  if (!detail) return { ok: false as const, error: 'That payment could not be found.' };
  const standing = await sumStandingRefunds(db, paymentId);
  return planRefund(factsOf(detail, standing), request);
}

function factsOf(detail: NonNullable<Awaited<ReturnType<typeof findAdminPayment>>>, standingRefunds: number) {
  const p = detail.payment;
  return {
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    standingRefunds,
    learnerEmail: detail.learner?.email ?? null,
    productTitle: detail.course?.title ?? (p.stripeInvoiceId ? 'All-Access' : p.description),
    methodLabel: paymentMethodLabel({ type: p.paymentMethodType, brand: p.cardBrand, last4: p.cardLast4 }),
    hasEnrollment: detail.enrollments.some((e) => e.source === 'purchase' && e.status === 'active'),
  };
}

/**
 * Refunds (part of) a payment at Stripe. The idempotency key comes from the admin's intent (the
 * form's attempt id, fixed when the confirmation rendered), so a double submit or a retried
 * request refunds once. Stripe first, outside any transaction; then, in one transaction, the
 * refund row (who asked), the access choice and the audit row. The refund's outcome (succeeded
 * or failed), the learner's email and a full refund's revocation arrive through the webhook
 * path like any refund made in Stripe's dashboard.
 */
export async function refundPayment(db: Database, admin: AdminActor, input: unknown) {
  const params = parseAdminInput(refundInput, input);
  const detail = await findAdminPayment(db, params.paymentId);
  if (!detail) throw new ActionRefusal('That payment could not be found.');
  const payment = detail.payment;
  const idempotencyKey = `refund:${payment.id}:${params.attemptId}`;
  const standing = await sumStandingRefunds(db, payment.id);
  const alreadyMade = detail.refunds.find((r) => r.idempotencyKey === idempotencyKey);
  if (alreadyMade) return { stripeRefundId: alreadyMade.stripeRefundId, status: alreadyMade.status, amount: alreadyMade.amount, currency: alreadyMade.currency, repeated: true };
  const plan = planRefund(factsOf(detail, standing), { amount: params.amount, access: params.access });
  if (!plan.ok) throw new ActionRefusal(plan.error);

  let refund;
  try {
    refund = await createRefund(
      {
        paymentIntentId: payment.stripePaymentIntentId,
        amount: plan.amount,
        reason: params.reason,
        metadata: { keep_access: String(plan.keepAccess), bursar_admin: admin.id, bursar_request: params.attemptId },
      },
      idempotencyKey,
    );
  } catch (error) {
    if (error instanceof StripeFailure) {
      logger.warn({ paymentId: payment.id, kind: error.kind, stripeCode: error.details.stripeCode }, 'admin refund: Stripe did not refund; nothing changed');
      throw new ActionRefusal(`Stripe did not refund: ${error.userMessage} Nothing was changed.`);
    }
    throw error;
  }

  return db.transaction(async (tx) => {
    await lockPayment(tx, payment.id);
    const status = refund.status === 'succeeded' || refund.status === 'failed' || refund.status === 'canceled' || refund.status === 'requires_action' ? refund.status : 'pending';
    await recordAdminRefund(tx, {
      stripeRefundId: refund.id,
      paymentId: payment.id,
      amount: refund.amount,
      currency: refund.currency,
      status,
      reason: refund.reason ?? params.reason,
      failureReason: refund.failure_reason ?? null,
      revokeAccess: !plan.keepAccess,
      requestedByUserId: admin.id,
      idempotencyKey,
    });
    // A partial refund keeps access unless the admin said otherwise; then it ends now. (A full
    // refund's revocation waits for Stripe's confirmation, in the webhook path.)
    let revokedEnrollmentId: string | null = null;
    if (!plan.full && !plan.keepAccess) {
      const enrollment = await lockPurchaseEnrollment(tx, payment.id);
      if (enrollment?.status === 'active') {
        await revokeEnrollmentByAdmin(tx, enrollment.id);
        revokedEnrollmentId = enrollment.id;
      }
    }
    await appendAudit(tx, {
      actorType: 'admin',
      actorUserId: admin.id,
      action: 'refund.requested',
      entityType: 'payment',
      entityId: payment.id,
      dedupeKey: `admin-refund:${params.attemptId}`,
      data: {
        stripeRefundId: refund.id,
        amount: plan.amount,
        currency: plan.currency,
        full: plan.full,
        reason: params.reason,
        note: params.note || null,
        keepAccess: plan.keepAccess,
        revokedEnrollmentId,
        before: { status: payment.status, amountRefunded: payment.amountRefunded },
        after: { refundStatus: status, refundedWhenSettled: payment.amountRefunded + plan.amount },
      },
    });
    return { stripeRefundId: refund.id, status, amount: plan.amount, currency: plan.currency, repeated: false };
  });
}

import { z } from 'zod';
import type { Database } from '@/db/client';
import type Stripe from 'stripe';
import { type AdminPaymentDetail, findAdminPayment, lockPayment, lockPurchaseEnrollment, recordAdminRefund, sumStandingRefunds } from '@/db/queries/admin-payments';
import { revokeEnrollmentByAdmin } from '@/db/queries/admin-learners';
import { appendAudit } from '@/db/queries/audit';
import { findCreditNoteByIdempotencyKey, recordAdminCreditNote, sumPostPaymentCredit } from '@/db/queries/credit-notes';
import { findInvoiceByStripeId } from '@/db/queries/subscriptions';
import { ActionRefusal } from '@/lib/actions/refusal';
import { paymentMethodLabel } from '@/lib/billing/payment-method-label';
import { creditNoteMirror } from '@/lib/billing/sync/credit-notes';
import { idOf } from '@/lib/billing/sync/ids';
import { createInvoiceRefundCreditNote } from '@/lib/stripe/credit-notes';
import { StripeFailure } from '@/lib/stripe/errors';
import { createRefund } from '@/lib/stripe/payments';
import { type PaymentFacts, planRefund, type RefundReason, refundReasonSchema } from './refund-plan';
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
  return planRefund(await refundFacts(db, detail), request);
}

/**
 * The facts a refund is planned from (the confirmation and the action use the same): what is
 * already refunded, and for a subscription payment its invoice and what is left to credit on it.
 */
export async function refundFacts(db: Database, detail: AdminPaymentDetail): Promise<PaymentFacts> {
  const p = detail.payment;
  const [standingRefunds, invoice] = await Promise.all([sumStandingRefunds(db, p.id), p.stripeInvoiceId ? invoiceFacts(db, p.stripeInvoiceId) : Promise.resolve(null)]);
  return {
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    standingRefunds,
    learnerEmail: detail.learner?.email ?? null,
    productTitle: detail.course?.title ?? (p.stripeInvoiceId ? 'All-Access' : p.description),
    methodLabel: paymentMethodLabel({ type: p.paymentMethodType, brand: p.cardBrand, last4: p.cardLast4 }),
    hasEnrollment: detail.enrollments.some((e) => e.source === 'purchase' && e.status === 'active'),
    invoice,
  };
}

async function invoiceFacts(db: Database, stripeInvoiceId: string): Promise<NonNullable<PaymentFacts['invoice']>> {
  const [row, credited] = await Promise.all([findInvoiceByStripeId(db, stripeInvoiceId), sumPostPaymentCredit(db, stripeInvoiceId)]);
  // As Stripe counts it: a paid invoice can be credited up to what was paid, less earlier post-payment notes.
  return { stripeInvoiceId, number: row?.number ?? null, creditable: row ? Math.max(0, row.amountPaid - credited) : null };
}

/** A refund reason as a credit note's (Stripe's credit notes have no "requested by the customer"). */
function creditNoteReason(reason: RefundReason): { reason?: Stripe.CreditNoteCreateParams.Reason; memo?: string } {
  if (reason === 'duplicate' || reason === 'fraudulent') return { reason };
  return { memo: 'Refunded at the learner\'s request.' };
}

export type AdminRefundResult = { stripeRefundId: string | null; stripeCreditNoteId: string | null; creditNoteNumber: string | null; status: string; amount: number; currency: string; repeated: boolean };

/**
 * Refunds (part of) a payment at Stripe: a course bought once with a refund of its charge; a
 * subscription payment with a credit note on the invoice it paid (`refund_amount`), so the
 * invoice shows the credit and Stripe's records agree — the credit note makes the refund.
 *
 * The idempotency key comes from the admin's intent (the form's attempt id, fixed when the
 * confirmation rendered): `refund:<payment>:<attempt>` or `credit-note:<payment>:<attempt>`, so
 * a double submit or a retried request refunds once. Stripe first, outside any transaction;
 * then, in one transaction, the refund row (who asked), the credit note row, the access choice
 * and the audit row. The refund's outcome (succeeded or failed), the learner's email and a full
 * refund's revocation arrive through the webhook path like any refund made in Stripe's dashboard.
 */
export async function refundPayment(db: Database, admin: AdminActor, input: unknown): Promise<AdminRefundResult> {
  const params = parseAdminInput(refundInput, input);
  const detail = await findAdminPayment(db, params.paymentId);
  if (!detail) throw new ActionRefusal('That payment could not be found.');
  const payment = detail.payment;
  const viaCreditNote = payment.stripeInvoiceId !== null;
  const idempotencyKey = `${viaCreditNote ? 'credit-note' : 'refund'}:${payment.id}:${params.attemptId}`;
  const alreadyMade = detail.refunds.find((r) => r.idempotencyKey === idempotencyKey);
  const alreadyNoted = viaCreditNote ? await findCreditNoteByIdempotencyKey(db, idempotencyKey) : null;
  if (alreadyNoted) {
    return { stripeRefundId: alreadyNoted.stripeRefundId, stripeCreditNoteId: alreadyNoted.stripeCreditNoteId, creditNoteNumber: alreadyNoted.number, status: alreadyMade?.status ?? 'pending', amount: alreadyNoted.refundAmount, currency: alreadyNoted.currency, repeated: true };
  }
  if (alreadyMade) return { stripeRefundId: alreadyMade.stripeRefundId, stripeCreditNoteId: null, creditNoteNumber: null, status: alreadyMade.status, amount: alreadyMade.amount, currency: alreadyMade.currency, repeated: true };
  const plan = planRefund(await refundFacts(db, detail), { amount: params.amount, access: params.access });
  if (!plan.ok) throw new ActionRefusal(plan.error);
  const metadata = { keep_access: String(plan.keepAccess), bursar_admin: admin.id, bursar_request: params.attemptId };

  let refund: { id: string; amount: number; currency: string; status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'; reason: string | null; failureReason: string | null } | null;
  let note: Stripe.CreditNote | null = null;
  try {
    if (plan.creditNoteOn) {
      note = await createInvoiceRefundCreditNote({ invoiceId: plan.creditNoteOn, amount: plan.amount, ...creditNoteReason(params.reason), metadata }, idempotencyKey);
      const refundId = idOf(note.refunds[0]?.refund);
      // The refund's own status arrives with its webhook; until then it is on its way.
      refund = refundId ? { id: refundId, amount: note.refunds[0]!.amount_refunded, currency: note.currency, status: 'pending', reason: params.reason, failureReason: null } : null;
    } else {
      const made = await createRefund({ paymentIntentId: payment.stripePaymentIntentId, amount: plan.amount, reason: params.reason, metadata }, idempotencyKey);
      const status = made.status === 'succeeded' || made.status === 'failed' || made.status === 'canceled' || made.status === 'requires_action' ? made.status : 'pending';
      refund = { id: made.id, amount: made.amount, currency: made.currency, status, reason: made.reason ?? params.reason, failureReason: made.failure_reason ?? null };
    }
  } catch (error) {
    if (error instanceof StripeFailure) {
      logger.warn({ paymentId: payment.id, viaCreditNote, kind: error.kind, stripeCode: error.details.stripeCode }, 'admin refund: Stripe did not refund; nothing changed');
      throw new ActionRefusal(`Stripe did not refund: ${error.userMessage} Nothing was changed.`);
    }
    throw error;
  }

  return db.transaction(async (tx) => {
    await lockPayment(tx, payment.id);
    const status = refund?.status ?? 'pending';
    if (note) await recordAdminCreditNote(tx, { ...creditNoteMirror(note, payment.userId), requestedByUserId: admin.id, idempotencyKey });
    if (refund) {
      await recordAdminRefund(tx, {
        stripeRefundId: refund.id,
        paymentId: payment.id,
        amount: refund.amount,
        currency: refund.currency,
        status,
        reason: refund.reason,
        failureReason: refund.failureReason,
        revokeAccess: !plan.keepAccess,
        requestedByUserId: admin.id,
        idempotencyKey,
      });
    }
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
        stripeRefundId: refund?.id ?? null,
        ...(note ? { stripeCreditNoteId: note.id, creditNoteNumber: note.number, stripeInvoiceId: plan.creditNoteOn } : {}),
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
    return { stripeRefundId: refund?.id ?? null, stripeCreditNoteId: note?.id ?? null, creditNoteNumber: note?.number ?? null, status, amount: plan.amount, currency: plan.currency, repeated: false };
  });
}

import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCourseSummary } from '@/db/queries/catalog';
import type { PaymentRow } from '@/db/queries/payments';
import { findRefundByStripeId, upsertRefundMirror } from '@/db/queries/refunds';
import { findLearnerContact } from '@/db/queries/users';
import { refundStatuses, type RefundStatus } from '@/db/schema/enums';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { refundIssued } from '@/lib/notifications/payloads';
import { paymentMethodLabel } from '../payment-method-label';
import { enforcePurchaseAccess } from './access';
import { auditStripeChange } from './audit';
import type { SyncContext } from './context';
import { fromUnix } from './ids';
import { applyPayment, readPayment } from './payments';
import type { StripeSnapshotReader } from './reader';

/** Metadata Bursar puts on refunds it makes itself for a duplicate payment (its own notice). */
export const DUPLICATE_REFUND_REASON = 'duplicate_purchase';

export type RefundsSnapshot = { intent: Stripe.PaymentIntent; charge: Stripe.Charge; refunds: Stripe.Refund[]; stripeCheckoutSessionId: string | null };

export async function readRefunds(db: Database, reader: StripeSnapshotReader, target: { paymentIntentId: string; chargeId: string }): Promise<RefundsSnapshot> {
  const [payment, charge, refunds] = await Promise.all([
    readPayment(db, reader, target.paymentIntentId),
    reader.chargeOf(target.paymentIntentId, target.chargeId),
    reader.refundsOfCharge(target.chargeId),
  ]);
  return { intent: payment.intent, charge, refunds, stripeCheckoutSessionId: payment.stripeCheckoutSessionId };
}

/**
 * Converges a charge's refunds: the payment (refunded total and status), one refunds row per
 * Stripe refund, and the effects of a refund that has settled — the learner's notice
 * (`refund:<id>`), the audit row, and, once the whole amount is back, the purchase
 * enrollment revoked unless a refund asked to keep access (`keep_access=true`).
 */
export async function applyRefunds(db: Database, snapshot: RefundsSnapshot, ctx: SyncContext): Promise<string> {
  const synced = await applyPayment(db, { intent: { ...snapshot.intent, latest_charge: snapshot.charge }, stripeCheckoutSessionId: snapshot.stripeCheckoutSessionId }, ctx);
  const payment = synced.row;
  const settledNow: Stripe.Refund[] = [];
  for (const refund of snapshot.refunds) {
    if (await applyRefund(db, payment, refund, ctx)) settledNow.push(refund);
  }
  const access = await enforcePurchaseAccess(db, payment.id, ctx);
  for (const refund of settledNow) await notifyRefund(db, payment, refund, access.accessKept);
  return `payment ${payment.id} ${synced.status}, refunded ${payment.amountRefunded}/${payment.amount} ${payment.currency}, ${snapshot.refunds.length} refund(s)${access.revoked ? ', access revoked' : ''}`;
}

function asRefundStatus(status: string | null): RefundStatus {
  return refundStatuses.find((s) => s === status) ?? 'pending';
}

/** Upserts one refund; true when this call saw it settle (so its notice goes out once). */
async function applyRefund(db: Database, payment: PaymentRow, refund: Stripe.Refund, ctx: SyncContext): Promise<boolean> {
  const before = await findRefundByStripeId(db, refund.id);
  if (before && before.syncedVersion > ctx.version) return false;
  const status = asRefundStatus(refund.status);
  await upsertRefundMirror(
    db,
    {
      stripeRefundId: refund.id,
      paymentId: payment.id,
      amount: refund.amount,
      currency: refund.currency,
      status,
      reason: refund.reason ?? null,
      failureReason: refund.failure_reason ?? null,
      // Keeping access is the admin's choice, recorded on the refund's metadata.
      revokeAccess: refund.metadata?.keep_access !== 'true',
    },
    { version: ctx.version, eventCreatedAt: ctx.eventCreatedAt },
  );
  if (before?.status === status) return false;
  await auditStripeChange(db, ctx, {
    action: `refund.${status}`,
    entityType: 'refund',
    entityId: refund.id,
    key: refund.id,
    data: { paymentId: payment.id, amount: refund.amount, currency: refund.currency, from: before?.status ?? null },
  });
  return status === 'succeeded';
}

async function notifyRefund(db: Database, payment: PaymentRow, refund: Stripe.Refund, accessKept: boolean) {
  // A duplicate payment's refund has its own notice, sent by the job that made it.
  if (!payment.userId || refund.metadata?.bursar_reason === DUPLICATE_REFUND_REASON) return;
  const learner = await findLearnerContact(db, payment.userId);
  if (!learner) return;
  const course = payment.courseId ? await findCourseSummary(db, payment.courseId) : null;
  await enqueueNotification(
    db,
    refundIssued(
      learner,
      { stripeRefundId: refund.id, amount: refund.amount, currency: refund.currency, refundedAt: fromUnix(refund.created) ?? new Date() },
      { id: payment.id, methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }) },
      course?.title ?? payment.description ?? 'Your purchase',
      accessKept,
    ),
  );
}

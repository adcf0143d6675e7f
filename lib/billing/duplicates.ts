import { z } from 'zod';
import type { Database } from '@/db/client';
import { findCourseSummary, findPlanName } from '@/db/queries/catalog';
import { findPaymentById, findPaymentByIntentId } from '@/db/queries/payments';
import { findSubscriptionById } from '@/db/queries/subscriptions';
import { findLearnerContact } from '@/db/queries/users';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { duplicatePaymentRefunded } from '@/lib/notifications/payloads';
import { createRefund } from '@/lib/stripe/payments';
import { cancelSubscriptionNow, listSubscriptionInvoices, retrieveSubscription } from '@/lib/stripe/subscriptions';
import { StripeFailure } from '@/lib/stripe/errors';
import { paymentMethodLabel } from './payment-method-label';
import { auditStripeChange } from './sync/audit';
import { paymentIntentOfInvoice } from './sync/invoices';
import { DUPLICATE_REFUND_REASON } from './sync/refunds';

// The webhook path's answer to a double charge (two Checkout tabs both paid): the second
// payment for a course the learner owns, or a second live All-Access subscription, is
// refunded (and the subscription ended) automatically. Queued once by business key in the
// transaction that noticed it; every Stripe call carries a key derived from the duplicate,
// so a retried job refunds once; the learner's notice and the audit row are keyed too.

const refundPayload = z.object({ paymentId: z.uuid(), keptPaymentId: z.uuid().nullable() });
const cancelPayload = z.object({ subscriptionId: z.uuid() });

const metadata = { bursar_reason: DUPLICATE_REFUND_REASON };

export async function refundDuplicatePayment(db: Database, raw: Record<string, unknown>): Promise<string> {
  const { paymentId, keptPaymentId } = refundPayload.parse(raw);
  const payment = await findPaymentById(db, paymentId);
  if (!payment) return `payment ${paymentId} is gone; nothing to refund`;
  const remaining = payment.amount - payment.amountRefunded;
  if (remaining > 0) {
    await createRefund({ paymentIntentId: payment.stripePaymentIntentId, reason: 'duplicate', metadata }, `duplicate-refund:${payment.stripePaymentIntentId}`);
  }
  await db.transaction(async (tx) => {
    await auditStripeChange(tx, { eventId: null }, {
      action: 'payment.duplicate_refunded',
      entityType: 'payment',
      entityId: payment.id,
      data: { userId: payment.userId, keptPaymentId, amount: remaining, currency: payment.currency },
    });
    const learner = payment.userId ? await findLearnerContact(tx, payment.userId) : null;
    if (!learner) return;
    const course = payment.courseId ? await findCourseSummary(tx, payment.courseId) : null;
    await enqueueNotification(
      tx,
      duplicatePaymentRefunded(learner, {
        kind: 'purchase',
        duplicateKey: payment.stripePaymentIntentId,
        itemTitle: course?.title ?? payment.description ?? 'Your purchase',
        amount: payment.amount,
        currency: payment.currency,
        refundedPaymentId: payment.id,
        keptPaymentId,
        methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }),
      }),
    );
  });
  return `refunded duplicate payment ${payment.id}`;
}

export async function cancelDuplicateSubscription(db: Database, raw: Record<string, unknown>): Promise<string> {
  const { subscriptionId } = cancelPayload.parse(raw);
  const row = await findSubscriptionById(db, subscriptionId);
  if (!row) return `subscription ${subscriptionId} is gone; nothing to cancel`;
  try {
    await cancelSubscriptionNow(row.stripeSubscriptionId, `duplicate-subscription:${row.stripeSubscriptionId}:cancel`);
  } catch (error) {
    // Already ended (by this job's earlier attempt, the learner, or Stripe): that is what we
    // wanted. Stripe answers a second cancel with resource_missing ("already canceled").
    const refused = error instanceof StripeFailure && (error.kind === 'invalid_request' || error.kind === 'not_found');
    const current = refused ? await retrieveSubscription(row.stripeSubscriptionId) : null;
    if (current?.status !== 'canceled') throw error;
  }
  let refunded = 0;
  let currency = 'usd';
  let refundedIntent: string | null = null;
  for (const invoice of await listSubscriptionInvoices(row.stripeSubscriptionId)) {
    const intentId = paymentIntentOfInvoice(invoice);
    if (!intentId || invoice.amount_paid <= 0) continue;
    await createRefund({ paymentIntentId: intentId, reason: 'duplicate', metadata }, `duplicate-subscription-refund:${intentId}`);
    refunded += invoice.amount_paid;
    currency = invoice.currency;
    refundedIntent ??= intentId;
  }
  await db.transaction(async (tx) => {
    await auditStripeChange(tx, { eventId: null }, {
      action: 'subscription.duplicate_canceled',
      entityType: 'subscription',
      entityId: row.stripeSubscriptionId,
      data: { userId: row.userId, originalSubscriptionId: row.duplicateOfId, refunded, currency },
    });
    const learner = await findLearnerContact(tx, row.userId);
    const payment = refundedIntent ? await findPaymentByIntentId(tx, refundedIntent) : null;
    if (!learner) return;
    // The refunded payment's own events may not be processed yet: try again shortly (the
    // Stripe calls above replay their first answers under the same keys).
    if (!payment && refundedIntent) throw new Error(`payment ${refundedIntent} is not mirrored yet`);
    if (!payment) return;
    await enqueueNotification(
      tx,
      duplicatePaymentRefunded(learner, {
        kind: 'subscription',
        duplicateKey: row.stripeSubscriptionId,
        itemTitle: (row.planId ? await findPlanName(tx, row.planId) : null) ?? 'All-Access',
        amount: refunded,
        currency,
        refundedPaymentId: payment.id,
        keptPaymentId: null,
        methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }),
      }),
    );
  });
  return `canceled duplicate subscription ${row.stripeSubscriptionId}, refunded ${refunded} ${currency}`;
}

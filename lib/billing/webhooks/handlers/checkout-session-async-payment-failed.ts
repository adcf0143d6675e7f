import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { findCheckoutSessionByStripeId, findCourseSlug, findPaymentByIntentId } from '@/db/queries/billing';
import { env } from '@/lib/env';
import { enqueueNotification } from '@/lib/notifications/outbox';
import type { SyncContext } from '../../sync/context';
import { idOf } from '../../sync/ids';
import { syncPaymentIntent } from '../../sync/payments';
import { loadRecipient } from '../notify';


/** The bank debit failed: the payment is failed, no access, and the buyer is told how to retry. */
export async function handleCheckoutSessionAsyncPaymentFailed(
  tx: Database,
  event: Stripe.CheckoutSessionAsyncPaymentFailedEvent,
  ctx: SyncContext,
): Promise<string> {
  const session = event.data.object;
  const intentId = idOf(session.payment_intent);
  const local = await findCheckoutSessionByStripeId(tx, session.id);
  if (!intentId || !local) return `checkout ${session.id}: async payment failed (not ours or no intent); nothing to do`;
  const synced = await syncPaymentIntent(tx, intentId, { eventCreatedAt: ctx.eventCreatedAt, userId: local.userId, courseId: local.courseId, checkoutSessionId: local.id });
  const payment = await findPaymentByIntentId(tx, intentId);
  const recipient = await loadRecipient(tx, local.userId, { courseId: local.courseId, planId: local.planId });
  if (recipient && payment) {
    const slug = local.courseId ? await findCourseSlug(tx, local.courseId) : null;
    await enqueueNotification(tx, {
      template: 'bank-payment-failed',
      recipient: recipient.email,
      userId: recipient.userId,
      dedupeKey: `bank-failed:${intentId}`,
      data: {
        learnerName: recipient.name,
        itemTitle: recipient.itemTitle,
        amount: payment.amount,
        currency: payment.currency,
        reason: payment.failureMessage,
        retryUrl: slug ? `${env.APP_URL}/courses/${slug}` : `${env.APP_URL}/pricing`,
      },
    });
  }
  return `checkout ${session.id}: bank payment failed; payment ${synced.paymentId} ${synced.status}`;
}

import type Stripe from 'stripe';
import { findCheckoutBuyerAndItem, findCheckoutSessionByStripeId } from '@/db/queries/checkout-sessions';
import { findPaymentByIntentId } from '@/db/queries/payments';
import { enqueueNotification } from '@/lib/notifications/outbox';
import { bankPaymentFailed } from '@/lib/notifications/payloads';
import { paymentMethodLabel } from '../../payment-method-label';
import { checkoutTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A bank debit failed days after the order. The session and its payment converge (failed);
 * the learner is told once (`bank-failed:<intent>`) with a way back to buy again.
 */
export const handleCheckoutSessionAsyncPaymentFailed: WebhookHandler<Stripe.CheckoutSessionAsyncPaymentFailedEvent> = {
  targets: (event) => checkoutTarget(event.data.object.id),
  async after(tx, event) {
    const local = await findCheckoutSessionByStripeId(tx, event.data.object.id);
    const payment = local?.stripePaymentIntentId ? await findPaymentByIntentId(tx, local.stripePaymentIntentId) : null;
    if (!local || !payment || payment.status !== 'failed') return 'not ours, or not failed at Stripe; no notice';
    const buyer = await findCheckoutBuyerAndItem(tx, local.id);
    await enqueueNotification(
      tx,
      bankPaymentFailed(
        { userId: local.userId, email: buyer.email, name: buyer.name },
        { ...payment, methodLabel: paymentMethodLabel({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }) },
        buyer.courseTitle ?? buyer.planName ?? 'Your purchase',
        buyer.courseSlug ? `/courses/${buyer.courseSlug}` : '/pricing',
      ),
    );
    return 'bank payment failed; notice enqueued';
  },
};

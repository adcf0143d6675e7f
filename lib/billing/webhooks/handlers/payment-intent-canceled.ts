import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The intent will never be paid.
 */
export const handlePaymentIntentCanceled: WebhookHandler<Stripe.PaymentIntentCanceledEvent> = {
  targets: (event) => paymentTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * An attempt was declined; the payment records why (Checkout lets the buyer retry).
 */
export const handlePaymentIntentPaymentFailed: WebhookHandler<Stripe.PaymentIntentPaymentFailedEvent> = {
  targets: (event) => paymentTarget(event.data.object.id),
};

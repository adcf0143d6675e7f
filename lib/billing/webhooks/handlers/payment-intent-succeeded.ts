import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The money is in: the payment becomes succeeded with brand/last4, fee and net.
 */
export const handlePaymentIntentSucceeded: WebhookHandler<Stripe.PaymentIntentSucceededEvent> = {
  targets: (event) => paymentTarget(event.data.object.id),
};

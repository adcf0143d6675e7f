import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The bank asks for 3-D Secure; the payment waits for the buyer.
 */
export const handlePaymentIntentRequiresAction: WebhookHandler<Stripe.PaymentIntentRequiresActionEvent> = {
  targets: (event) => paymentTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A charge went through: its payment is re-read with the charge and balance transaction.
 */
export const handleChargeSucceeded: WebhookHandler<Stripe.ChargeSucceededEvent> = {
  targets: (event) => paymentTarget(event.data.object.payment_intent),
};

import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A charge changed (typically its balance transaction arrived): the payment is re-read for fee
 * and net.
 */
export const handleChargeUpdated: WebhookHandler<Stripe.ChargeUpdatedEvent> = {
  targets: (event) => paymentTarget(event.data.object.payment_intent),
};

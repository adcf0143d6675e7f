import type Stripe from 'stripe';
import { refundsTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A full or partial refund on the charge: the payment and its refunds converge.
 */
export const handleChargeRefunded: WebhookHandler<Stripe.ChargeRefundedEvent> = {
  targets: (event) => refundsTarget(event.data.object.payment_intent, event.data.object.id),
};

import type Stripe from 'stripe';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Stripe took the disputed amount from the balance.
 */
export const handleChargeDisputeFundsWithdrawn: WebhookHandler<Stripe.ChargeDisputeFundsWithdrawnEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
};

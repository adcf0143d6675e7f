import type Stripe from 'stripe';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The dispute is decided: won restores the payment, lost revokes the purchase.
 */
export const handleChargeDisputeClosed: WebhookHandler<Stripe.ChargeDisputeClosedEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
};

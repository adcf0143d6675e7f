import type Stripe from 'stripe';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The disputed amount came back (a won dispute).
 */
export const handleChargeDisputeFundsReinstated: WebhookHandler<Stripe.ChargeDisputeFundsReinstatedEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
};

import type Stripe from 'stripe';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A dispute changed (evidence submitted, status moved).
 */
export const handleChargeDisputeUpdated: WebhookHandler<Stripe.ChargeDisputeUpdatedEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
};

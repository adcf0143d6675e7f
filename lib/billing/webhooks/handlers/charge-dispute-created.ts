import type Stripe from 'stripe';
import { disputeTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A chargeback or inquiry was opened: the dispute and its payment converge.
 */
export const handleChargeDisputeCreated: WebhookHandler<Stripe.ChargeDisputeCreatedEvent> = {
  targets: (event) => disputeTarget(event.data.object.id, event.data.object.payment_intent),
};

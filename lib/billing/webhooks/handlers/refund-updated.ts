import type Stripe from 'stripe';
import { refundsTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A refund moved (pending → succeeded, or canceled): the charge's refunds converge.
 */
export const handleRefundUpdated: WebhookHandler<Stripe.RefundUpdatedEvent> = {
  targets: (event) => refundsTarget(event.data.object.payment_intent, event.data.object.charge),
};

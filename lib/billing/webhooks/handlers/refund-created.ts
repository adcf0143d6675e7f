import type Stripe from 'stripe';
import { refundsTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A refund was made (here or in the Stripe dashboard): the charge's refunds converge.
 */
export const handleRefundCreated: WebhookHandler<Stripe.RefundCreatedEvent> = {
  targets: (event) => refundsTarget(event.data.object.payment_intent, event.data.object.charge),
};

import type Stripe from 'stripe';
import { refundsTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A refund failed: the amount is back on the charge and access follows.
 */
export const handleRefundFailed: WebhookHandler<Stripe.RefundFailedEvent> = {
  targets: (event) => refundsTarget(event.data.object.payment_intent, event.data.object.charge),
};

import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Billing resumed.
 */
export const handleCustomerSubscriptionResumed: WebhookHandler<Stripe.CustomerSubscriptionResumedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

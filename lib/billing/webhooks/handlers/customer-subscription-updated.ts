import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Status, price, period or cancellation changed.
 */
export const handleCustomerSubscriptionUpdated: WebhookHandler<Stripe.CustomerSubscriptionUpdatedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

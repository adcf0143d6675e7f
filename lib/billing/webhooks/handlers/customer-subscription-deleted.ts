import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The subscription ended; All-Access ends with it.
 */
export const handleCustomerSubscriptionDeleted: WebhookHandler<Stripe.CustomerSubscriptionDeletedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

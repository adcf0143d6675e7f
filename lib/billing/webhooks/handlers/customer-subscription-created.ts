import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A subscription exists: it is mirrored (All-Access follows from its status); a second live one
 * for the same learner is canceled and refunded.
 */
export const handleCustomerSubscriptionCreated: WebhookHandler<Stripe.CustomerSubscriptionCreatedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The trial ends in three days.
 */
export const handleCustomerSubscriptionTrialWillEnd: WebhookHandler<Stripe.CustomerSubscriptionTrialWillEndEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { subscriptionTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Billing is paused; so is access.
 */
export const handleCustomerSubscriptionPaused: WebhookHandler<Stripe.CustomerSubscriptionPausedEvent> = {
  targets: (event) => subscriptionTarget(event.data.object.id),
};

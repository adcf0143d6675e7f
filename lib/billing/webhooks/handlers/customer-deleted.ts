import type Stripe from 'stripe';
import { customerTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Stripe says the customer is gone: re-read (a forged event meets a live customer and changes
 * nothing); our row stays, marked deleted.
 */
export const handleCustomerDeleted: WebhookHandler<Stripe.CustomerDeletedEvent> = {
  targets: (event) => customerTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { customerTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Email or default payment method changed.
 */
export const handleCustomerUpdated: WebhookHandler<Stripe.CustomerUpdatedEvent> = {
  targets: (event) => customerTarget(event.data.object.id),
};

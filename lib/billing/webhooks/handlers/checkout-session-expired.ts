import type Stripe from 'stripe';
import { checkoutTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Nobody paid in time. The session is re-read: only what Stripe says is expired is marked
 * expired, so a forged event cannot close an open or completed session.
 */
export const handleCheckoutSessionExpired: WebhookHandler<Stripe.CheckoutSessionExpiredEvent> = {
  targets: (event) => checkoutTarget(event.data.object.id),
};

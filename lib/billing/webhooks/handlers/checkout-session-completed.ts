import type Stripe from 'stripe';
import { checkoutTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The buyer finished Checkout. Fulfillment (shared with the success page) re-reads the session
 * and grants access only when Stripe says it is paid; a bank debit completes the session unpaid.
 */
export const handleCheckoutSessionCompleted: WebhookHandler<Stripe.CheckoutSessionCompletedEvent> = {
  targets: (event) => checkoutTarget(event.data.object.id),
};

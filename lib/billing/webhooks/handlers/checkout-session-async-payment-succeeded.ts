import type Stripe from 'stripe';
import { checkoutTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A delayed payment (bank debit) settled: fulfillment now finds the session paid and grants
 * access.
 */
export const handleCheckoutSessionAsyncPaymentSucceeded: WebhookHandler<Stripe.CheckoutSessionAsyncPaymentSucceededEvent> = {
  targets: (event) => checkoutTarget(event.data.object.id),
};

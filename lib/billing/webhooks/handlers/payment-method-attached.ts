import type Stripe from 'stripe';
import { paymentMethodTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A card or bank account was saved for the customer.
 */
export const handlePaymentMethodAttached: WebhookHandler<Stripe.PaymentMethodAttachedEvent> = {
  targets: (event) => paymentMethodTarget(event.data.object.id),
};

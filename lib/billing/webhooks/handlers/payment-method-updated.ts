import type Stripe from 'stripe';
import { paymentMethodTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Expiry or billing details changed.
 */
export const handlePaymentMethodUpdated: WebhookHandler<Stripe.PaymentMethodUpdatedEvent> = {
  targets: (event) => paymentMethodTarget(event.data.object.id),
};

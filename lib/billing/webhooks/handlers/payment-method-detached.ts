import type Stripe from 'stripe';
import { paymentMethodTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A saved method was removed; its row is kept, marked detached.
 */
export const handlePaymentMethodDetached: WebhookHandler<Stripe.PaymentMethodDetachedEvent> = {
  targets: (event) => paymentMethodTarget(event.data.object.id),
};

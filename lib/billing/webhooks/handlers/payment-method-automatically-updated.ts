import type Stripe from 'stripe';
import { paymentMethodTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * The card network updated a card (new expiry or number).
 */
export const handlePaymentMethodAutomaticallyUpdated: WebhookHandler<Stripe.PaymentMethodAutomaticallyUpdatedEvent> = {
  targets: (event) => paymentMethodTarget(event.data.object.id),
};

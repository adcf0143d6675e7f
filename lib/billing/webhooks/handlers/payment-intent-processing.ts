import type Stripe from 'stripe';
import { paymentTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A delayed method was submitted; the payment shows as processing.
 */
export const handlePaymentIntentProcessing: WebhookHandler<Stripe.PaymentIntentProcessingEvent> = {
  targets: (event) => paymentTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * A renewal needs 3-D Secure: the invoice shows what to do.
 */
export const handleInvoicePaymentActionRequired: WebhookHandler<Stripe.InvoicePaymentActionRequiredEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
};

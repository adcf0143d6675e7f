import type Stripe from 'stripe';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * Stripe gave up collecting the invoice.
 */
export const handleInvoiceMarkedUncollectible: WebhookHandler<Stripe.InvoiceMarkedUncollectibleEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
};

import type Stripe from 'stripe';
import { invoiceTarget } from '../target-of';
import type { WebhookHandler } from '../types';

/**
 * An invoice is final (numbered, with its hosted page).
 */
export const handleInvoiceFinalized: WebhookHandler<Stripe.InvoiceFinalizedEvent> = {
  targets: (event) => invoiceTarget(event.data.object.id),
};

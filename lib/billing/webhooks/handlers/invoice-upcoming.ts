import type Stripe from 'stripe';
import { idOf } from '../../sync/ids';
import type { WebhookHandler } from '../types';

/**
 * A renewal is coming. The upcoming invoice is a preview with no id to re-read; nothing
 * changes locally yet (renewal reminders are sent from here once they exist).
 */
export const handleInvoiceUpcoming: WebhookHandler<Stripe.InvoiceUpcomingEvent> = {
  targets: () => [],
  async after(_tx, event) {
    const invoice = event.data.object;
    return `upcoming invoice for ${idOf(invoice.customer) ?? 'unknown customer'}: ${invoice.amount_due} ${invoice.currency}`;
  },
};

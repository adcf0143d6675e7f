import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { idOf } from '../../sync/ids';

/**
 * A preview of the next renewal. It has no id and is not a real invoice yet, so nothing is
 * stored; the renewal reminder belongs to the notifications work.
 */
export async function handleInvoiceUpcoming(_tx: Database, event: Stripe.InvoiceUpcomingEvent): Promise<string> {
  const invoice = event.data.object;
  return `upcoming invoice for ${idOf(invoice.customer) ?? 'unknown customer'}: ${invoice.amount_due} ${invoice.currency}`;
}

import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncInvoice } from '../../sync/invoices';

/** The renewal needs the customer (3-D Secure); the hosted invoice page lets them act. */
export async function handleInvoicePaymentActionRequired(tx: Database, event: Stripe.InvoicePaymentActionRequiredEvent, ctx: SyncContext): Promise<string> {
  const synced = await syncInvoice(tx, event.data.object.id, ctx);
  return `invoice ${synced.invoice.id} ${synced.invoice.status} (attempt ${synced.invoice.attempt_count})`;
}

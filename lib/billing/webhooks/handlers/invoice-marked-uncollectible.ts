import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncInvoice } from '../../sync/invoices';

/** Stripe gave up collecting it. */
export async function handleInvoiceMarkedUncollectible(tx: Database, event: Stripe.InvoiceMarkedUncollectibleEvent, ctx: SyncContext): Promise<string> {
  const synced = await syncInvoice(tx, event.data.object.id, ctx);
  return `invoice ${synced.invoice.id} ${synced.invoice.status} (attempt ${synced.invoice.attempt_count})`;
}

import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncInvoice } from '../../sync/invoices';

/** The invoice has its number, hosted URL and PDF. */
export async function handleInvoiceFinalized(tx: Database, event: Stripe.InvoiceFinalizedEvent, ctx: SyncContext): Promise<string> {
  const synced = await syncInvoice(tx, event.data.object.id, ctx);
  return `invoice ${synced.invoice.id} ${synced.invoice.status} (attempt ${synced.invoice.attempt_count})`;
}

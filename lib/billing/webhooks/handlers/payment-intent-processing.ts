import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncPaymentIntent } from '../../sync/payments';

/** A bank debit was submitted; the payment waits for settlement. Re-reads the intent, so a late event cannot move the payment backwards. */
export async function handlePaymentIntentProcessing(tx: Database, event: Stripe.PaymentIntentProcessingEvent, ctx: SyncContext): Promise<string> {
  const synced = await syncPaymentIntent(tx, event.data.object.id, { eventCreatedAt: ctx.eventCreatedAt });
  return `payment ${synced.paymentId} ${synced.status}${synced.stale ? ' (stale event, unchanged)' : synced.changed ? '' : ' (unchanged)'}`;
}

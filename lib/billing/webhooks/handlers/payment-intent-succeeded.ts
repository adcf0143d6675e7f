import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import type { SyncContext } from '../../sync/context';
import { syncPaymentIntent } from '../../sync/payments';

/** The money is in: the payment row becomes succeeded with brand/last4, fee and net. Re-reads the intent, so a late event cannot move the payment backwards. */
export async function handlePaymentIntentSucceeded(tx: Database, event: Stripe.PaymentIntentSucceededEvent, ctx: SyncContext): Promise<string> {
  const synced = await syncPaymentIntent(tx, event.data.object.id, { eventCreatedAt: ctx.eventCreatedAt });
  return `payment ${synced.paymentId} ${synced.status}${synced.stale ? ' (stale event, unchanged)' : synced.changed ? '' : ' (unchanged)'}`;
}

import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { fulfillCheckout } from '../../fulfillment';
import type { SyncContext } from '../../sync/context';

/** A delayed payment (bank debit) settled: fulfill now, through the same idempotent path. */
export async function handleCheckoutSessionAsyncPaymentSucceeded(
  tx: Database,
  event: Stripe.CheckoutSessionAsyncPaymentSucceededEvent,
  ctx: SyncContext,
): Promise<string> {
  const result = await fulfillCheckout(tx, event.data.object.id, { eventId: ctx.eventId });
  return `checkout ${event.data.object.id} (async payment succeeded): ${result.status}`;
}

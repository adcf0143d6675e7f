import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { fulfillCheckout } from '../../fulfillment';
import type { SyncContext } from '../../sync/context';

/**
 * The buyer finished Checkout. Fulfillment is the one idempotent path shared with the success
 * page: it re-reads the session and grants access only when Stripe says it is paid (a bank
 * debit completes the session unpaid; `async_payment_succeeded` settles it later).
 */
export async function handleCheckoutSessionCompleted(tx: Database, event: Stripe.CheckoutSessionCompletedEvent, ctx: SyncContext): Promise<string> {
  const result = await fulfillCheckout(tx, event.data.object.id, { eventId: ctx.eventId });
  return `checkout ${event.data.object.id}: ${result.status}`;
}

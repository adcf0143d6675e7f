import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { fulfillCheckout } from '../../fulfillment';

/** A delayed payment (bank debit) settled: fulfill now, through the same idempotent path. */
export async function handleCheckoutSessionAsyncPaymentSucceeded(tx: Database, event: Stripe.CheckoutSessionAsyncPaymentSucceededEvent): Promise<string> {
  const result = await fulfillCheckout(tx, event.data.object.id);
  return `checkout ${event.data.object.id} (async payment succeeded): ${result.status}`;
}

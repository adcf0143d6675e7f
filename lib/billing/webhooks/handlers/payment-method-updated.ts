import type Stripe from 'stripe';
import type { Database } from '@/db/client';
import { getStripe } from '@/lib/stripe/client';
import { upsertPaymentMethod } from '../../sync/payment-methods';

/** Expiry or billing details changed. Re-read: attach and detach events can arrive in either order. */
export async function handlePaymentMethodUpdated(tx: Database, event: Stripe.PaymentMethodUpdatedEvent): Promise<string> {
  const pm = await getStripe().paymentMethods.retrieve(event.data.object.id);
  return upsertPaymentMethod(tx, pm);
}
